"""Find in the main window: Ctrl+F to the toolbar's find box, Enter for the
next card whose name or any text on it holds what was typed (wrapping), and
a list of names to complete from, rebuilt only when it is next typed in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter

from journeymap.model.entities import Touchpoint

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit, QMainWindow

    from .canvas.scene import JourneyScene
    from .canvas.view import JourneyView
    from .document import JourneyDocument
    _WindowBase = QMainWindow
else:
    _WindowBase = object


class FindActions(_WindowBase):
    """Mixed into MainWindow (which holds the find box, the scene and the view)."""

    if TYPE_CHECKING:
        document: JourneyDocument
        scene: JourneyScene
        view: JourneyView
        find_box: QLineEdit

    def _refresh_find_names(self) -> None:
        if not getattr(self, "_names_stale", True):
            return
        self._names_stale = False
        names = [tp.name for tp in self.document.journey.touchpoints]
        completer = QCompleter(names, self.find_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(lambda _: self.find_next())
        self.find_box.setCompleter(completer)
        if self.find_box.text():  # typed before the list was current: show it now
            completer.setCompletionPrefix(self.find_box.text())
            completer.complete()

    def focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self) -> None:
        """Select the next touchpoint whose name, description, channel,
        owner, pain points, opportunities or notes contain the text (wraps);
        the status bar says where it was found when not in the name."""
        text = self.find_box.text().strip().casefold()
        if not text:
            return
        found = [(tp.id, where) for tp in self.document.journey.touchpoints
                 for where in [_where_found(tp, text)] if where is not None]
        if not found:
            self.statusBar().showMessage(f"No touchpoint matches “{self.find_box.text()}”", 4000)
            return
        matches = [tp_id for tp_id, _ in found]
        current = self.scene.selected_touchpoints()
        start = matches.index(current[-1]) + 1 if current and current[-1] in matches else 0
        tp_id, where = found[start % len(found)]
        self.scene.select_touchpoints([tp_id])
        self.view.centerOn(self.scene.card_items[tp_id])
        if where != "name":
            name = self.document.journey.touchpoint(tp_id).name
            self.statusBar().showMessage(f"“{self.find_box.text()}” found in the {where} of {name} "
                                         f"({start % len(found) + 1} of {len(found)})", 6000)


# Where Find looks, in the order it reports a match.
FIND_FIELDS = (("name", "name"), ("description", "description"), ("channel", "channel"), ("owner", "owner"),
               ("pain_points", "pain points"), ("opportunities", "opportunities"), ("notes", "notes"))


def _where_found(tp: Touchpoint, text: str) -> str | None:
    """Which field of the card holds `text` (case-folded), if any."""
    for field, words in FIND_FIELDS:
        value = getattr(tp, field)
        values = value if isinstance(value, tuple) else (value,)
        if any(text in v.casefold() for v in values):
            return words
    return None
