"""The import wizard: pick the sheet, check the detected layout and column
mapping (dropdowns to change it), read the validation report, confirm.
Nothing changes until Import is pressed, and then as one undo step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHeaderView, QLabel,
                               QPlainTextEdit, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWizard, QWizardPage)

from journeymap.io.importing import ImportError_, ImportOptions, ImportPlan, build_plan
from journeymap.io.importing.cells import cell_text
from journeymap.io.importing.columns import ROLE_ALIASES, find_header, metric_lookup
from journeymap.io.importing.reader import Workbook, column_letter

from ..document import JourneyDocument

LAYOUT_NAMES = {"auto": "Detect automatically", "wide": "Scorecard: a row per touchpoint, a column per metric",
                "long": "Long table: touchpoint, metric, value", "responses": "Raw survey responses"}


class ImportWizard(QWizard):
    def __init__(self, document: JourneyDocument, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.path = Path(path)
        self.plan: ImportPlan | None = None
        self.error: str | None = None
        self.mapping: dict[str, str] = {}
        self.setWindowTitle(f"Import {self.path.name}")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Import")
        self.resize(860, 620)
        self.workbook = Workbook(self.path)  # raises ImportError_ for a hostile or broken file
        self.source_page = _SourcePage(self)
        self.columns_page = _ColumnsPage(self)
        self.report_page = _ReportPage(self)
        for page in (self.source_page, self.columns_page, self.report_page):
            self.addPage(page)

    def options(self) -> ImportOptions:
        return ImportOptions(sheet=self.source_page.sheet.currentText() or None,
                             layout=self.source_page.layout.currentData(),
                             create_missing=self.source_page.create.isChecked(),
                             mapping=dict(self.mapping))

    def replan(self) -> None:
        try:
            self.plan = build_plan(self.document.journey, self.path, self.options())
            self.error = None
        except ImportError_ as exc:
            self.plan, self.error = None, str(exc)

    def accept(self) -> None:
        if self.plan is None or not self.document.apply_import(self.plan):
            return
        super().accept()


class _SourcePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Where is the data?")
        self.setSubTitle(f"{wizard.path.name}: choose the sheet and how its rows are laid out.")
        self.sheet = QComboBox()
        self.sheet.addItems(wizard.workbook.sheet_names)
        self.layout = QComboBox()
        for key, text in LAYOUT_NAMES.items():
            self.layout.addItem(text, key)
        self.create = QCheckBox("Create phases and touchpoints that the map does not have yet")
        form = QFormLayout(self)
        form.addRow("Sheet", self.sheet)
        form.addRow("Layout", self.layout)
        form.addRow("", self.create)
        self.sheet.currentIndexChanged.connect(self._reset_mapping)
        self.layout.currentIndexChanged.connect(self._reset_mapping)

    def _reset_mapping(self) -> None:
        self.w.mapping.clear()

    def initializePage(self) -> None:
        # Default to the first sheet that looks like data.
        self.w.replan()
        if self.w.plan is not None:
            self.sheet.blockSignals(True)
            self.sheet.setCurrentText(self.w.plan.sheet)
            self.sheet.blockSignals(False)


class _ColumnsPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("What is in each column?")
        self.setSubTitle("Check the detected meaning of each column; change it with the dropdown.")
        self.detected = QLabel()
        self.detected.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Column", "Used as", "First values"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.detected)
        layout.addWidget(self.error)
        layout.addWidget(self.table)

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        w = self.w
        w.replan()
        self.error.setText(w.error or "")
        self.error.setVisible(bool(w.error))
        self.table.setRowCount(0)
        if w.plan is None:
            self.detected.setText("")
            self.completeChanged.emit()
            return
        plan = w.plan
        self.detected.setText(f"Sheet '{plan.sheet}', detected layout: <b>{LAYOUT_NAMES[plan.layout]}</b>")
        data = w.workbook.read(plan.sheet)
        header = find_header(w.document.journey, data.rows, metric_lookup(w.document.journey)) or 0
        headers = [cell_text(v) for v in data.rows[header]] if data.rows else []
        choices = [("— not used —", "ignore")] + [(role.capitalize(), role) for role in ROLE_ALIASES] + \
                  [(f"Metric: {m.name}", f"metric:{m.id}") for m in w.document.journey.metrics]
        for col, title in enumerate(headers):
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = QTableWidgetItem(f"{column_letter(data.first_col + col)}: {title}")
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, name)
            combo = QComboBox()
            for text, key in choices:
                combo.addItem(text, key)
            current = plan.mapping.get(str(col), "ignore")
            if plan.layout == "responses" and title in plan.columns and plan.columns[title].startswith("answers"):
                combo.insertItem(1, plan.columns[title], "answers")
                current = "answers"
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.activated.connect(lambda _i, c=col, box=combo: self._changed(c, box))
            self.table.setCellWidget(row, 1, combo)
            samples = [cell_text(r[col]) for r in data.rows[header + 1: header + 6] if col < len(r)]
            example = QTableWidgetItem(", ".join(s for s in samples if s))
            example.setFlags(example.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 2, example)
        self.table.resizeColumnsToContents()
        self.completeChanged.emit()

    def _changed(self, col: int, combo: QComboBox) -> None:
        key = combo.currentData()
        if key == "answers":
            self.w.mapping.pop(str(col), None)
        else:
            self.w.mapping[str(col)] = key
        self.refresh()

    def isComplete(self) -> bool:
        return self.w.plan is not None


class _ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Check before importing")
        self.setSubTitle("Nothing has changed yet. Import applies everything below as one step (Ctrl+Z undoes it).")
        self.counts = QLabel()
        f = self.counts.font()
        f.setWeight(QFont.Weight.DemiBold)
        self.counts.setFont(f)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.text)

    def initializePage(self) -> None:
        self.w.replan()
        plan = self.w.plan
        if plan is None:
            self.counts.setText(self.w.error or "")
            self.text.setPlainText("")
        else:
            self.counts.setText(f"{plan.rows_used} of {plan.rows_read} rows used · {len(plan.skipped)} cells "
                                f"skipped · {len(plan.changes)} values change · {len(plan.new_touchpoints)} "
                                "touchpoints created")
            self.text.setPlainText("\n".join(plan.summary_lines(limit=500)))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.plan is not None and bool(self.w.plan.measurements)
