"""The map's menus and keyboard moves: a card's, a connection's, a phase's
or lane's and an empty cell's right-click menu, moving the selected cards
to another cell, Connect to… and a connection's label. A mixin of
MainWindow (like FileActions), which provides what is declared here."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QMenu

from journeymap.model.entities import Touchpoint

from .document import JourneyDocument
from .panels.research_section import STATE_CHOICES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from .canvas.scene import JourneyScene
    _WindowBase = QMainWindow
else:
    _WindowBase = object


def menu_text(name: str) -> str:
    """A user's name as a menu item shows it: "&" is Qt's shortcut marker
    ("Purchase & onboard" showed as "Purchase _onboard")."""
    return name.replace("&", "&&")


class MapMenus(_WindowBase):
    if TYPE_CHECKING:
        document: JourneyDocument
        scene: JourneyScene
        actions_: dict[str, QAction]

        def start_rename(self, kind: str, item_id: str) -> None: ...
        def confirm_delete(self, kind: str, item_id: str) -> None: ...
        def _add_phase(self, index: int | None) -> None: ...
        def _add_lane(self, index: int | None) -> None: ...
        def create_action(self, tp_id: str, opportunity: str = "") -> None: ...
        def open_linked(self, tp_id: str) -> None: ...

    def _context_menu(self, kind: str, item_id: str, screen_pos) -> None:
        self.build_context_menu(kind, item_id).exec(screen_pos)

    def build_context_menu(self, kind: str, item_id: str) -> QMenu:
        menu = QMenu(self)
        a = self.actions_
        if kind == "touchpoint":
            self._card_menu(menu, item_id)
        elif kind == "connection":
            source, target = item_id.split(">")
            menu.addAction("Edit Label…", lambda: self._edit_connection_label(source, target))
            menu.addAction("Delete Connection", lambda: self.document.delete_connection(source, target))
        elif kind in ("phase", "lane"):
            self._axis_menu(menu, kind, item_id)
        elif kind == "cell":
            phase, lane = item_id.split("|")
            menu.addAction("Add Touchpoint Here", lambda: self._add_in_cell(phase, lane))
            menu.addAction(a["paste"])
        return menu

    def _card_menu(self, menu: QMenu, tp_id: str) -> None:
        """A card's menu: editing, connecting and moving without the mouse
        tour through the inspector."""
        a = self.actions_
        j = self.document.journey
        tp = j.touchpoint(tp_id)
        if tp_id not in self.scene.selected_touchpoints():
            self.scene.select_touchpoints([tp_id])
        menu.addActions([a["rename"], a["cut"], a["copy"], a["paste"], a["duplicate"]])
        menu.addSeparator()
        menu.addAction(a["connect_to"])
        a["moment_of_truth"].blockSignals(True)
        a["moment_of_truth"].setChecked(tp.moment_of_truth)
        a["moment_of_truth"].blockSignals(False)
        menu.addAction(a["moment_of_truth"])
        to_phase = menu.addMenu("Move to &Phase")
        for phase in j.phases:
            act = to_phase.addAction(menu_text(phase.name), partial(self._move_selected_to, phase=phase.id))
            act.setEnabled(phase.id != tp.phase)
        to_lane = menu.addMenu("Move to &Lane")
        for lane in j.lanes:
            act = to_lane.addAction(menu_text(lane.name), partial(self._move_selected_to, lane=lane.id))
            act.setEnabled(lane.id != tp.lane)
        menu.addSeparator()
        menu.addAction("Create &Action", partial(self.create_action, tp_id))
        if tp.opportunities:
            from_opportunity = menu.addMenu("Create Action from &Opportunity")
            for text in tp.opportunities:
                from_opportunity.addAction(menu_text(text if len(text) <= 60 else text[:59] + "…"),
                                           partial(self.create_action, tp_id, text))
        future = menu.addMenu("&Future State")
        for state, words in STATE_CHOICES:
            act = future.addAction(menu_text(words), partial(self._set_state_of_selected, state))
            act.setCheckable(True)
            act.setChecked(tp.state == state)
        if tp.link:
            menu.addAction("Open &Linked Journey", partial(self.open_linked, tp_id))
        menu.addSeparator()
        menu.addAction(a["delete"])

    def _set_state_of_selected(self, state: str) -> None:
        ids = self.scene.selected_touchpoints()
        if len(ids) == 1:
            self.document.update_touchpoint(ids[0], state=state)
        elif ids:
            self.document.update_touchpoints(ids, "Set future state of", state=state)

    def _move_selected(self, cell: Callable[[Touchpoint], tuple[str, str] | None]) -> list[str]:
        """Move the selected cards to the (phase, lane) `cell` gives each
        (None: it stays), auto-placed there, as one undo step."""
        moves = {}
        for tp_id in self.scene.selected_touchpoints():
            target = cell(self.document.journey.touchpoint(tp_id))
            if target is not None:
                moves[tp_id] = {"phase": target[0], "lane": target[1], "position": None}
        if moves:
            self.document.move_touchpoints(moves)
        return list(moves)

    def _move_selected_to(self, phase: str | None = None, lane: str | None = None) -> None:
        self._move_selected(lambda tp: (phase or tp.phase, lane or tp.lane))

    def move_to_neighbour(self, phases: int, lanes: int) -> None:
        """Alt+arrows: the selected cards one phase or lane over (they stay
        put at the map's edge)."""
        j = self.document.journey

        def neighbour(tp: Touchpoint) -> tuple[str, str] | None:
            pi, li = j.phase_index(tp.phase) + phases, j.lane_index(tp.lane) + lanes
            return (j.phases[pi].id, j.lanes[li].id) if 0 <= pi < len(j.phases) and 0 <= li < len(j.lanes) \
                else None

        moved = self._move_selected(neighbour)
        if moved:
            self.scene.flush()
            self.scene.select_touchpoints(moved)  # still selected, for the next press

    def _toggle_moment_of_truth(self, on: bool) -> None:
        ids = self.scene.selected_touchpoints()
        if ids:
            self.document.update_touchpoints(ids, "Moment of truth for" if on else "Not a moment of truth:",
                                             moment_of_truth=on)

    def connect_to_dialog(self) -> None:
        from .dialogs.connect_dialog import ConnectDialog
        ids = self.scene.selected_touchpoints()
        if len(ids) != 1:
            self.statusBar().showMessage("Select the one touchpoint to connect from first", 5000)
            return
        dialog = ConnectDialog(self.document.journey, ids[0], self)
        self.connect_dialog = dialog
        target = dialog.chosen() if dialog.exec() else None
        if target is not None and self.document.connect_touchpoints(ids[0], target):
            j = self.document.journey
            self.statusBar().showMessage(f"Connected {j.touchpoint(ids[0]).name} → {j.touchpoint(target).name}", 6000)
            self.scene.flush()
            self.scene.select_connection(ids[0], target)

    def _axis_menu(self, menu: QMenu, kind: str, item_id: str) -> None:
        """Phases and lanes get the same menu, in their own direction."""
        j = self.document.journey
        is_phase = kind == "phase"
        index = j.phase_index(item_id) if is_phase else j.lane_index(item_id)
        count = len(j.phases) if is_phase else len(j.lanes)
        add = self._add_phase if is_phase else self._add_lane
        move = self.document.move_phase if is_phase else self.document.move_lane
        before, after, back, on = (("Before", "After", "Left", "Right") if is_phase
                                   else ("Above", "Below", "Up", "Down"))
        title = kind.capitalize()
        menu.addAction("Rename", lambda: self.start_rename(kind, item_id))
        menu.addAction(f"Add {title} {before}", lambda: add(index))
        menu.addAction(f"Add {title} {after}", lambda: add(index + 1))
        menu.addAction(f"Move {back}", lambda: move(item_id, index - 1)).setEnabled(index > 0)
        menu.addAction(f"Move {on}", lambda: move(item_id, index + 1)).setEnabled(index < count - 1)
        menu.addSeparator()
        menu.addAction(f"Delete {title}…", lambda: self.confirm_delete(kind, item_id))

    def _add_in_cell(self, phase: str, lane: str) -> None:
        new_id = self.document.add_touchpoint(phase, lane)
        if new_id:
            self.scene.flush()
            self.scene.select_touchpoints([new_id])
            self.start_rename("touchpoint", new_id)

    def _edit_connection_label(self, source: str, target: str) -> None:
        from PySide6.QtWidgets import QInputDialog
        j = self.document.journey
        conn = j.connection(source, target)
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Connection label")
        dialog.setLabelText(f"Label for {j.touchpoint(source).name} → {j.touchpoint(target).name}:")
        dialog.setTextValue(conn.label)
        # Wide enough for its title and both names: a window manager cut the
        # title of the narrow default to "Conne… label".
        width = max(420, dialog.fontMetrics().horizontalAdvance(dialog.labelText()) + 60)
        editor = dialog.findChild(QLineEdit)  # made by setTextValue; it sets the dialog's width
        if editor is not None:
            editor.setMinimumWidth(width)
        dialog.setMinimumWidth(width)
        self.label_dialog = dialog
        if dialog.exec():
            self.document.update_connection(source, target, label=dialog.textValue().strip())
