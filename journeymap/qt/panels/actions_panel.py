"""Actions: what the team will do about the map, listed and filtered; a
click shows an action's touchpoints on the map, a double click edits it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journeymap.model.actions import LEVELS, STATUSES, Action
from journeymap.model.journey import Journey

from ..document import JourneyDocument

COLUMNS = ("Action", "Status", "Impact", "Effort", "Owner", "Due", "Touchpoints")
OPEN = "open"  # the status filter's default: what is still to do
TITLE_WIDTH = 220


class ActionDialog(QDialog):
    """One action's fields; its touchpoints ticked in a list."""

    def __init__(self, journey: Journey, action: Action | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit action" if action else "New action")
        action = action or Action(id="", title="")
        self.title = QLineEdit(action.title)
        self.title.setPlaceholderText("What will be done, e.g. Answer chats within 2 minutes")
        self.description = QPlainTextEdit(action.description)
        self.description.setTabChangesFocus(True)
        self.owner = QLineEdit(action.owner)
        self.status = QComboBox()
        self.status.addItems(list(STATUSES))
        self.status.setCurrentText(action.status)
        self.impact = QComboBox()
        self.impact.addItems(list(LEVELS))
        self.impact.setCurrentText(action.impact)
        self.effort = QComboBox()
        self.effort.addItems(list(LEVELS))
        self.effort.setCurrentText(action.effort)
        self.has_due = QCheckBox("Due by")
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.has_due.setChecked(bool(action.due))
        self.due.setDate(QDate.fromString(action.due, "yyyy-MM-dd") if action.due else
                         QDate.currentDate().addDays(30))
        self.due.setEnabled(bool(action.due))
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        self.touchpoints = QListWidget()
        for tp in journey.touchpoints:
            item = QListWidgetItem(f"{tp.name} ({journey.phase(tp.phase).name})")
            item.setData(Qt.ItemDataRole.UserRole, tp.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tp.id in action.touchpoints else Qt.CheckState.Unchecked)
            self.touchpoints.addItem(item)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Description", self.description)
        form.addRow("Owner", self.owner)
        form.addRow("Status", self.status)
        form.addRow("Impact", self.impact)
        form.addRow("Effort", self.effort)
        form.addRow("Due", due_row)
        form.addRow("Touchpoints", self.touchpoints)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.title.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        self.ok.setEnabled(bool(action.title.strip()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 560)

    def fields(self) -> dict[str, object]:
        linked = tuple(self.touchpoints.item(i).data(Qt.ItemDataRole.UserRole)
                       for i in range(self.touchpoints.count())
                       if self.touchpoints.item(i).checkState() == Qt.CheckState.Checked)
        return {"title": self.title.text().strip(), "description": self.description.toPlainText().strip(),
                "owner": self.owner.text().strip(), "status": self.status.currentText(),
                "impact": self.impact.currentText(), "effort": self.effort.currentText(),
                "due": self.due.date().toString("yyyy-MM-dd") if self.has_due.isChecked() else "",
                "touchpoints": linked}


class ActionsPanel(QWidget):
    touchpoints_activated = Signal(list)  # the action's cards, to select on the map
    message = Signal(str)  # for the status bar

    def __init__(self, document: JourneyDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        self.status_filter.addItem("Open actions", OPEN)
        self.status_filter.addItem("All actions", None)
        for status in STATUSES:  # as the table and the dialog write them
            self.status_filter.addItem(f"Only {status}", status)
        self.owner_filter = QComboBox()
        self.owner_filter.setAccessibleName("Filter by owner")
        for combo in (self.status_filter, self.owner_filter):
            combo.currentIndexChanged.connect(self.reload)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The title keeps a readable width (stretched, it was squeezed to
        # "Cut e…" in a narrow dock); the rest scrolls sideways.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, TITLE_WIDTH)
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.edit_selected())
        self.add_button = QPushButton("New action…")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.owner_filter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.ids: list[str] = []
        self.reload()

    def shown_actions(self) -> list[Action]:
        status, owner = self.status_filter.currentData(), self.owner_filter.currentData()
        return [a for a in self.document.journey.actions
                if (status is None or (a.is_open if status == OPEN else a.status == status))
                and (owner is None or a.owner == owner)]

    def reload(self) -> None:
        journey = self.document.journey
        owners = sorted({a.owner for a in journey.actions if a.owner}, key=str.casefold)
        current = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItem("All owners", None)
        for owner in owners:
            self.owner_filter.addItem(owner, owner)
        self.owner_filter.setCurrentIndex(max(0, self.owner_filter.findData(current)))
        self.owner_filter.blockSignals(False)
        selected = self.selected_id()
        actions = self.shown_actions()
        self.ids = [a.id for a in actions]
        self.table.blockSignals(True)
        self.table.setRowCount(len(actions))
        today = dt.date.today().isoformat()
        for r, a in enumerate(actions):
            names = ", ".join(journey.touchpoint(t).name for t in a.touchpoints)
            due = a.due + (" (overdue)" if a.due and a.due < today and a.is_open else "")
            for c, text in enumerate((a.title, a.status, a.impact, a.effort, a.owner, due, names)):
                item = QTableWidgetItem(text)
                if c == 0 and a.description:
                    item.setToolTip(a.description)
                self.table.setItem(r, c, item)
        if selected in self.ids:
            self.table.selectRow(self.ids.index(selected))
        self.table.blockSignals(False)
        self._update_buttons()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.ids[rows[0].row()] if rows and rows[0].row() < len(self.ids) else None

    def select_action(self, action_id: str) -> None:
        if action_id not in self.ids:  # a filter hides it: show all
            self.status_filter.setCurrentIndex(self.status_filter.findData(None))
            self.owner_filter.setCurrentIndex(0)
        if action_id in self.ids:
            self.table.selectRow(self.ids.index(action_id))

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _on_selected(self) -> None:
        self._update_buttons()
        action_id = self.selected_id()
        if action_id is not None:
            self.touchpoints_activated.emit(list(self.document.journey.action(action_id).touchpoints))

    def add(self, touchpoints: tuple[str, ...] = ()) -> str | None:
        dialog = ActionDialog(self.document.journey, Action(id="", title="", touchpoints=touchpoints), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        fields = dialog.fields()
        title = str(fields.pop("title"))
        linked = fields.pop("touchpoints")
        assert isinstance(linked, tuple)
        action_id = self.document.add_action(title, linked, **fields)
        if action_id is not None:
            self.reload()
            self.select_action(action_id)
        return action_id

    def edit_selected(self) -> None:
        action_id = self.selected_id()
        if action_id is None:
            return
        dialog = ActionDialog(self.document.journey, self.document.journey.action(action_id), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.document.update_action(action_id, **dialog.fields())

    def delete_selected(self) -> None:
        action_id = self.selected_id()
        if action_id is not None:
            title = self.document.journey.action(action_id).title
            if self.document.delete_action(action_id):
                self.message.emit(f"Deleted action '{title}' (Edit > Undo brings it back)")
