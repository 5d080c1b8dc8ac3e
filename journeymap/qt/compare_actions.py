"""Compare with… in the main window: another saved version of the map, or
an earlier period of its data, marked on the map and listed in the Changes
panel (what got worse first, by owner)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from journeymap.io.journey_file import JourneyFileError, load

from .file_actions import FILE_FILTER, last_folder
from .map_menus import menu_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QMainWindow

    from .canvas.scene import JourneyScene
    from .document import JourneyDocument
    from .panels.compare_panel import ComparePanel
    _WindowBase = QMainWindow
else:
    _WindowBase = object


class CompareActions(_WindowBase):
    """Mixed into MainWindow (which holds compare_panel and its dock)."""

    if TYPE_CHECKING:
        document: JourneyDocument
        scene: JourneyScene
        compare_panel: ComparePanel
        docks: dict[str, QDockWidget]

    def compare_with_file(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Compare with another version",
                                                    last_folder(self.document.path), FILE_FILTER)
            if not chosen:
                return
            path = Path(chosen)
        try:
            other = load(path)
        except JourneyFileError as exc:
            QMessageBox.warning(self, "Cannot compare", str(exc))
            return
        self.compare_panel.compare_with_journey(other, path.name)
        self._show_comparison()

    def compare_with_period(self, period: str) -> None:
        self.compare_panel.compare_with_period(period)
        self._show_comparison()

    def fill_compare_period_menu(self, menu: QMenu) -> None:
        """The periods before the one the map shows."""
        menu.clear()
        shown = self.scene.cards.period
        periods = self.document.journey.periods()
        earlier = periods[:periods.index(shown)] if shown in periods else []
        for period in reversed(earlier):
            menu.addAction(menu_text(period), partial(self.compare_with_period, period))
        if not earlier:
            action = menu.addAction("No earlier period in the data" if shown else "The data has no periods")
            action.setEnabled(False)

    def _show_comparison(self) -> None:
        self.compare_panel.recompute(self.document.journey, self.scene.cards)
        dock = self.docks["compare"]
        dock.show()
        dock.raise_()

    def _refresh_comparison(self) -> None:
        """After an edit or a new filter: the marks follow the map."""
        if self.compare_panel.active:
            self.compare_panel.recompute(self.document.journey, self.scene.cards)
