"""Driver analysis in the app: read respondent-level answers, show each
touchpoint's correlation with the loyalty outcomes and its relative
importance, and use the importance in the ranking (one undo step)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from journeymap.analysis.drivers import IMPORTANCE_METHOD, DriverResult, importance_by_touchpoint, run_drivers
from journeymap.io.importing.respondents import read_respondents

from ..document import JourneyDocument
from .reading import ReadingProgress

COLUMNS = ("Touchpoint", "Outcome", "n", "Pearson r (95% CI)", "Spearman ρ", "Importance", "Warnings")


def _r(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


class DriversDialog(QDialog):
    def __init__(self, document: JourneyDocument, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(f"Driver analysis: {Path(path).name}")
        self.resize(980, 560)
        # Raises ImportError_ for a file that cannot be used; the caller says so.
        with ReadingProgress(parent, Path(path).name) as waiter:
            frame, tp_cols, self.outcomes, notes = read_respondents(document.journey, path, waiter=waiter)
        analysis = run_drivers(frame, tp_cols, self.outcomes)
        self.results: list[DriverResult] = analysis.results
        self.notes = notes + analysis.notes
        names = {tp.id: tp.name for tp in document.journey.touchpoints}
        self.intro = intro = QLabel(f"{len(frame)} respondents, {len(tp_cols)} touchpoints, outcomes: "
                       f"{', '.join(self.outcomes)}.\n{IMPORTANCE_METHOD}"
                       + "".join(f"\nNote: {note}" for note in self.notes))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.results), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        rows = sorted(self.results, key=lambda r: (self.outcomes.index(r.outcome), -(r.importance or 0)))
        for i, r in enumerate(rows):
            ci = "" if r.pearson.ci_low is None else f" [{_r(r.pearson.ci_low)}, {_r(r.pearson.ci_high)}]"
            cells = (names.get(r.touchpoint, r.touchpoint), r.outcome, str(r.pearson.n), _r(r.pearson.r) + ci,
                     _r(r.spearman.r), "–" if r.importance is None else f"{r.importance:.0%}", "; ".join(r.warnings))
            for c, text in enumerate(cells):
                self.table.setItem(i, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.outcome = QComboBox()
        self.outcome.addItems(self.outcomes)
        self.use = QPushButton("Use this importance in the ranking")
        self.use.clicked.connect(self.apply_importance)
        row = QHBoxLayout()
        row.addWidget(QLabel("Importance for"))
        row.addWidget(self.outcome, 1)
        row.addWidget(self.use)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def apply_importance(self) -> bool:
        outcome = self.outcome.currentText()
        done = self.document.set_importance(importance_by_touchpoint(self.results, outcome), outcome)
        if done:
            self.accept()
        return done
