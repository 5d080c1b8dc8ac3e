"""Connect to…: pick the card to connect the selected one to by typing part
of its name (or its phase), without the mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from journeymap.model.journey import Journey


class ConnectDialog(QDialog):
    def __init__(self, journey: Journey, source: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to")
        self.setMinimumWidth(420)
        name = journey.touchpoint(source).name
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type part of a touchpoint's name or phase")
        self.search.setAccessibleName("Find the touchpoint to connect to")
        self.list = QListWidget()
        for tp in journey.touchpoints:
            if tp.id == source or journey.has_connection(source, tp.id):
                continue  # itself, or already connected
            item = QListWidgetItem(f"{tp.name}  ·  {journey.phase(tp.phase).name}")
            item.setData(Qt.ItemDataRole.UserRole, tp.id)
            self.list.addItem(item)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Connect “{name}” to:"))
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self._filter("")

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = not all(w in item.text().casefold() for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)  # Enter takes the best match
        else:
            self.list.setCurrentRow(-1)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else item.data(Qt.ItemDataRole.UserRole)

    def keyPressEvent(self, event) -> None:
        # Up and Down move in the list while typing in the search field.
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.list.keyPressEvent(event)
            return
        super().keyPressEvent(event)
