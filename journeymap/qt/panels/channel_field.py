"""The channel field: free text, with the usual channels a click away in a
menu with their icons, offered as you type, and the icon of the channel
shown in the field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QMenu, QWidget

from journeymap.model.channels import USUAL_CHANNELS, channel_icon

from ..icons import icon
from ..map_menus import menu_text


class ChannelField(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Web, App, Email… or your own")
        self.setAccessibleName("Channel")
        self.menu = QMenu(self)
        self.known: list[str] = []
        # Where the journey's own channels come from; asked when the field is
        # about to be used, not on every edit (it reads every card).
        self.known_source: Callable[[], Iterable[str]] | None = None
        self.set_known([])
        self.pick = self.addAction(icon("list-ordered"), QLineEdit.ActionPosition.TrailingPosition)
        self.pick.setToolTip("Usual channels")
        self.pick.triggered.connect(self._show_menu)
        self._shown = self.addAction(icon("globe"), QLineEdit.ActionPosition.LeadingPosition)
        self._shown.setVisible(False)
        self.textChanged.connect(self._show_icon)

    def set_known(self, channels: Iterable[str]) -> None:
        """Channels this journey already uses ("Helpdesk", "Product"): offered
        too, after the usual ones, so a map keeps to its own words."""
        usual = {name.casefold() for name, _, _ in USUAL_CHANNELS}
        known = sorted({c.strip() for c in channels if c.strip() and c.strip().casefold() not in usual},
                       key=str.casefold)
        if known == self.known and self.menu.actions():
            return
        self.known = known
        completer = QCompleter([name for name, _, _ in USUAL_CHANNELS] + known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.menu.clear()
        for name, icon_name, _ in USUAL_CHANNELS:
            self.menu.addAction(icon(icon_name), name, partial(self.choose, name))
        if known:
            self.menu.addSection("In this journey")
            for name in known:
                shown = channel_icon(name)
                act = self.menu.addAction(menu_text(name), partial(self.choose, name))
                if shown is not None:
                    act.setIcon(icon(shown))

    def choose(self, name: str) -> None:
        """A channel from the menu: set, and committed as if typed."""
        self.setText(name)
        self.editingFinished.emit()

    def refresh_known(self) -> None:
        if self.known_source is not None:
            self.set_known(self.known_source())

    def focusInEvent(self, event) -> None:
        self.refresh_known()  # for the completer
        super().focusInEvent(event)

    def _show_menu(self) -> None:
        self.refresh_known()
        self.menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    def _show_icon(self, text: str) -> None:
        name = channel_icon(text)
        self._shown.setVisible(name is not None)
        if name is not None:
            self._shown.setIcon(icon(name))

    def shown_icon(self) -> str | None:
        """Which channel icon the field shows (for tests and accessibility)."""
        return channel_icon(self.text()) if self._shown.isVisible() else None
