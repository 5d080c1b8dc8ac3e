"""The import wizard: pick the sheet, check the detected layout and column
mapping (dropdowns to change it), read the validation report, confirm.
Nothing changes until Import is pressed, and then as one undo step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from journeymap.io.importing import ImportError_, ImportOptions, ImportPlan, SqlQuery, read_source
from journeymap.io.importing.cells import cell_text
from journeymap.io.importing.columns import ROLE_ALIASES, metric_lookup
from journeymap.io.importing.isolation import ReadCancelled
from journeymap.io.importing.reader import column_letter
from journeymap.model.wording import how_many

from ..document import JourneyDocument
from ..panels.fields import FocusComboBox
from .reading import ReadingProgress

# Roles whose name alone would not say what the column holds.
ROLE_LABELS = {"sd": "Spread (standard deviation)"}
LAYOUT_NAMES = {"auto": "Detect automatically", "wide": "Scorecard: a row per touchpoint, a column per metric",
                "long": "Long table: touchpoint, metric, value", "responses": "Raw survey responses",
                "steps": "A list of steps (phases and touchpoints, no numbers)"}
DATE_ORDERS = {"": "Tell from the dates", "dmy": "Day/month/year (31/01/2026)",
               "mdy": "Month/day/year (01/31/2026)", "ymd": "Year/month/day (2026-01-31, 2026/01/31)"}
DECIMALS = {"": "Tell from the numbers", ",": "Decimal comma (4,5)", ".": "Decimal point (4.5)"}


class _Choice(FocusComboBox):
    """A dropdown in a table row that the mouse wheel scrolls past instead of
    changing it: scrolling the column table must never remap a column."""


def _for_window(text: str) -> str:
    """The CLI's way out, as the window says it."""
    return text.replace("(--map, or the wizard's column table)", "(in the table below: 'Answers: …' and a touchpoint)")


class ImportWizard(QWizard):
    def __init__(self, document: JourneyDocument, where: Path | SqlQuery, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.where = where if isinstance(where, SqlQuery) else Path(where)
        # what the wizard calls the source: the file's name, or "query on <URL without password>"
        self.name = self.where.shown if isinstance(self.where, SqlQuery) else self.where.name
        self.plan: ImportPlan | None = None
        self.error: str | None = None
        self.cancelled = False  # the last read was cancelled by the user
        self.mapping: dict[str, str] = {}
        self._planned_version: int | None = None
        self.setWindowTitle(f"Import {self.name}")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Import")
        self.resize(860, 620)
        # Raises ImportError_ for a hostile or broken file (ReadCancelled when
        # the user cancels the read); the file is read in a child process.
        with ReadingProgress(parent, self.name) as waiter:
            self.source = read_source(self.where, document.journey, waiter)
        self.source_page = _SourcePage(self)
        self.columns_page = _ColumnsPage(self)
        self.report_page = _ReportPage(self)
        for page in (self.source_page, self.columns_page, self.report_page):
            self.addPage(page)
        # The first plan is made now, with progress over the window: Cancel
        # there means no wizard at all, not a wizard opening on an error.
        self.replan()
        if self.cancelled:
            self.source.close()
            raise ReadCancelled(self.error or f"{self.name}: reading was cancelled; nothing was changed")

    def choices(self) -> ImportOptions:
        page = self.source_page
        return ImportOptions(sheet=page.sheet.currentText() or None, layout=page.layout_choice.currentData(),
                             create_missing=page.create_missing.isChecked(), mapping=dict(self.mapping),
                             date_order=page.dates.currentData() or None, decimal=page.decimal.currentData() or None)

    def replan(self) -> None:
        """The plan for the current choices: the file was read once (self.source),
        and it plans each distinct set of choices once, so going back and forth
        between pages or mappings costs nothing."""
        self._forget_stale_plans()
        self.cancelled = False
        try:
            with self._reading():
                self.plan, self.error = self.source.plan(self.document.journey, self.choices()), None
        except ReadCancelled as exc:
            self.plan, self.error, self.cancelled = None, str(exc), True
        except ImportError_ as exc:
            self.plan, self.error = None, str(exc)
        except Exception as exc:  # the error boundary: said on the page, never a traceback
            self.plan, self.error = None, f"{self.name}: cannot be read ({type(exc).__name__}: {str(exc)[:200]})"

    def columns(self):
        """The sheet and what its columns were taken for (also when no plan can
        be made from them: the table shows them so they can be mapped)."""
        self._forget_stale_plans()
        with self._reading():
            return self.source.columns(self.document.journey, self.choices())

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """A choice that needs a sheet not read yet reads it: with progress and Cancel."""
        # (While the wizard is being made, the progress shows over the window.)
        with ReadingProgress(self if self.isVisible() else self.parentWidget(), self.name) as waiter:
            self.source.waiter = waiter
            try:
                yield
            finally:
                self.source.waiter = None

    def done(self, result: int) -> None:
        self.source.close()  # the reading process ends with the wizard
        super().done(result)

    def _forget_stale_plans(self) -> None:
        """Plans were made against the journey as it was; an edit made while the
        wizard is open (it is not modal to the map's undo) makes them stale."""
        version = self.document.journey.version
        if version != self._planned_version:
            self.source.forget_plans()
            self._planned_version = version

    def accept(self) -> None:
        if self.plan is None or not self.document.apply_import(self.plan):
            return
        super().accept()


class _SourcePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Where is the data?")
        one_table = wizard.source.kind in ("csv", "parquet", "sql")
        self.setSubTitle(f"{wizard.name}: {'how' if one_table else 'choose the sheet and how'} its rows are "
                         "laid out.")
        self.sheet = QComboBox()
        self.sheet.addItems(wizard.source.sheet_names)
        self.layout_choice = QComboBox()
        for key, text in LAYOUT_NAMES.items():
            self.layout_choice.addItem(text, key)
        self.create_missing = QCheckBox("Create phases and touchpoints that the map does not have yet")
        self.dates = QComboBox()
        for key, text in DATE_ORDERS.items():
            self.dates.addItem(text, key)
        self.decimal = QComboBox()
        for key, text in DECIMALS.items():
            self.decimal.addItem(text, key)
        form = QFormLayout(self)
        if wizard.source.kind in ("csv", "parquet", "sql"):
            # A text file holds one table: no sheet to choose.
            self.sheet.setParent(self)
            self.sheet.hide()
        else:
            form.addRow("Sheet", self.sheet)
        form.addRow("Layout", self.layout_choice)
        form.addRow("Dates", self.dates)
        form.addRow("Numbers", self.decimal)
        form.addRow("", self.create_missing)
        self.sheet.currentIndexChanged.connect(self._reset_mapping)
        self.layout_choice.currentIndexChanged.connect(self._reset_mapping)

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
    """Each column with what it is used as; a column of answers also names
    its touchpoint. How the file was read (layout, dates, numbers, columns
    read by their wording) is stated above the table."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("What is in each column?")
        self.setSubTitle("Check the detected meaning of each column; change it with the dropdowns. "
                         "A column of answers needs its touchpoint.")
        self.detected = QLabel()
        self.detected.setWordWrap(True)
        self.detected.setTextFormat(Qt.TextFormat.RichText)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Column", "Used as", "Touchpoint", "First values"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.detected)
        layout.addWidget(self.error)
        layout.addWidget(self.table)

    def initializePage(self) -> None:
        self.refresh()

    def _choices(self) -> list[tuple[str, str]]:
        journey = self.w.document.journey
        metrics = list(journey.metrics)
        own = {m.id for m in metrics}
        metrics += [m for m in metric_lookup(journey).values() if m.id not in own and m not in metrics]
        roles = [(ROLE_LABELS.get(role, role.capitalize()), role) for role in ROLE_ALIASES]
        return ([("— not used —", "ignore"), *roles]
                + [(f"Metric: {m.name}", f"metric:{m.id}") for m in metrics]
                + [(f"Answers: {m.name}", f"answers::{m.id}") for m in metrics])

    def refresh(self) -> None:
        w = self.w
        w.replan()
        self.error.setText(w.error or "")
        self.error.setVisible(bool(w.error))
        self.table.setRowCount(0)
        plan = w.plan
        if plan is not None:
            where = "Layout" if w.source.kind in ("csv", "parquet", "sql") else f"Sheet '{escape(plan.sheet)}', layout"
            lines = [f"{where}: <b>{LAYOUT_NAMES[plan.layout]}</b>"]
            lines += [escape(d) for d in plan.decisions[:8]]
            lines += [f"<span style='color:#8a5300'>Not used: {escape(_for_window(u))}</span>"
                      for u in plan.unmapped[:6]]
            self.detected.setText("<br>".join(lines))
        else:
            # No plan yet: still show the columns, so the user can map them.
            self.detected.setText("")
        if plan is not None and plan.column_map is None:  # a plan with no column table (a list of steps)
            self.completeChanged.emit()
            return
        try:
            data, cmap = w.columns()  # the sheet's first rows, as the plan read them
        except ImportError_:
            self.completeChanged.emit()
            return
        headers = [c.label for c in cmap.block.columns]
        choices = self._choices()
        touchpoints = [(tp.name, tp.id) for tp in w.document.journey.touchpoints]
        encoded = cmap.encode()
        for col, title in enumerate(headers):
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = QTableWidgetItem(f"{column_letter(data.first_col + col)}: {title}")
            name.setToolTip(title)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, name)
            combo = _Choice()
            for text, key in choices:
                if key.startswith(("metric:", "answers::")) and combo.count() and \
                        not combo.itemData(combo.count() - 1).startswith(key.split(":", 1)[0]):
                    combo.insertSeparator(combo.count())  # roles | a metric per row | answers for a touchpoint
                combo.addItem(text, key)
                if key.startswith("metric:"):
                    combo.setItemData(combo.count() - 1, "A value or an answer per row, for the row's touchpoint",
                                      Qt.ItemDataRole.ToolTipRole)
                elif key.startswith("answers::"):
                    combo.setItemData(combo.count() - 1, "Every answer in this column is about one touchpoint: "
                                      "choose it in the Touchpoint column", Qt.ItemDataRole.ToolTipRole)
            current = encoded.get(str(col), "ignore")
            tp_id = ""
            if current.startswith("answers:"):
                _, tp_id, metric_id = current.split(":", 2)
                current = f"answers::{metric_id}"
            combo.setCurrentIndex(max(0, combo.findData(current)))
            tp_box = _Choice()
            tp_box.addItem("—", "")
            for tp_name, key in touchpoints:
                tp_box.addItem(tp_name, key)
            tp_box.setCurrentIndex(max(0, tp_box.findData(tp_id)))
            tp_box.setEnabled(current.startswith("answers::"))
            combo.activated.connect(lambda _i, c=col, box=combo, tb=tp_box: self._changed(c, box, tb))
            tp_box.activated.connect(lambda _i, c=col, box=combo, tb=tp_box: self._changed(c, box, tb))
            self.table.setCellWidget(row, 1, combo)
            self.table.setCellWidget(row, 2, tp_box)
            samples = [cell_text(r[col]) for r in data.rows[cmap.data_start: cmap.data_start + 5] if col < len(r)]
            example = QTableWidgetItem(", ".join(s for s in samples if s))
            example.setFlags(example.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 3, example)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 320))
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 220))
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 180))
        self.completeChanged.emit()

    def _changed(self, col: int, combo: QComboBox, tp_box: QComboBox) -> None:
        key = combo.currentData()
        if key.startswith("answers::"):
            tp_box.setEnabled(True)
            if not tp_box.currentData():
                return  # waits for the touchpoint
            key = f"answers:{tp_box.currentData()}:{key.split('::', 1)[1]}"
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
            self.counts.setText(f"{plan.rows_used:,} of {how_many(plan.rows_read, 'row')} used · "
                                f"{how_many(plan.cells_skipped, 'cell')} skipped · "
                                f"{how_many(len(plan.changes), 'value')} to change · "
                                f"{how_many(len(plan.new_touchpoints), 'touchpoint')} created")
            self.text.setPlainText(_for_window("\n".join(plan.summary_lines(limit=500))))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self.w.plan
        return plan is not None and bool(plan.measurements or plan.new_touchpoints)
