"""Editing the map from the main window: add a card, phase or lane (and
rename it in place), delete what is chosen (cards, connections, or a clicked
phase or lane header, asked first when it holds cards), copy, cut, paste,
duplicate, and the inline rename editor's place and type."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QMessageBox

from . import clipboard

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QMainWindow

    from .canvas.scene import JourneyScene
    from .canvas.view import JourneyView
    from .document import JourneyDocument
    from .panels.inspector import InspectorPanel
    _WindowBase = QMainWindow
else:
    _WindowBase = object


class EditActions(_WindowBase):
    """Mixed into MainWindow (which holds the document, scene, view and inspector)."""

    if TYPE_CHECKING:
        document: JourneyDocument
        scene: JourneyScene
        view: JourneyView
        inspector: InspectorPanel
        docks: dict[str, QDockWidget]

    def _target_cell(self) -> tuple[str, str] | None:
        j = self.document.journey
        ids = self.scene.selected_touchpoints()
        if ids:
            tp = j.touchpoint(ids[-1])
            return tp.phase, tp.lane
        cell = self.scene.last_cell
        if cell is not None and j.has_phase(cell[0]) and j.has_lane(cell[1]):
            return cell
        if self.inspector.kind == "phase" and self.inspector.item_id and j.lanes:
            return self.inspector.item_id, j.lanes[0].id
        if j.phases and j.lanes:
            return j.phases[0].id, j.lanes[0].id
        return None

    def add_touchpoint(self) -> None:
        cell = self._target_cell()
        if cell is None:
            self.statusBar().showMessage("Add a phase and a lane first", 5000)
            return
        new_id = self.document.add_touchpoint(*cell, state=self.scene.new_card_state())
        if new_id:
            self.scene.flush()
            self.scene.select_touchpoints([new_id])
            self.start_rename("touchpoint", new_id)

    def _add_phase(self, index: int | None) -> None:
        new_id = self.document.add_phase("New phase", index)
        if new_id:
            self.scene.flush()
            self.inspector.show_phase(new_id)  # the inspector follows the new phase
            self.start_rename("phase", new_id)

    def _add_lane(self, index: int | None) -> None:
        new_id = self.document.add_lane("New lane", index)
        if new_id:
            self.scene.flush()
            self.inspector.show_lane(new_id)  # the inspector follows the new lane
            self.start_rename("lane", new_id)

    def delete_selection(self) -> None:
        if self.view.editor is not None:
            return
        ids = self.scene.selected_touchpoints()
        if ids:
            self.document.delete_touchpoints(ids)
            return
        connections = self.scene.selected_connections()
        for key in connections:
            self.document.delete_connection(*key)
        # No card or connection chosen, and a phase or lane header clicked
        # (the inspector shows it): Delete means that row, asked as its menu asks.
        inspected = self.inspector.item_id
        if not connections and self.inspector.kind in ("phase", "lane") and inspected and (
                self.document.journey.has_phase(inspected) if self.inspector.kind == "phase"
                else self.document.journey.has_lane(inspected)):
            self.confirm_delete(self.inspector.kind, inspected)

    def confirm_delete(self, kind: str, item_id: str) -> None:
        j = self.document.journey
        if kind == "phase":
            name, count = j.phase(item_id).name, sum(1 for _ in j.touchpoints_in(phase_id=item_id))
        else:
            name, count = j.lane(item_id).name, sum(1 for _ in j.touchpoints_in(lane_id=item_id))
        if count:
            answer = QMessageBox.question(
                self, f"Delete {kind}",
                f"The {kind} “{name}” holds {count} touchpoint{'s' if count != 1 else ''}. "
                f"Delete it with its touchpoints? (Undo brings them back.)",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        (self.document.delete_phase if kind == "phase" else self.document.delete_lane)(item_id)

    def select_all(self) -> None:
        self.scene.select_touchpoints(list(self.scene.card_items))

    def copy(self) -> bool:
        ids = self.scene.selected_touchpoints()
        if ids:
            clipboard.copy_touchpoints(self.document.journey, ids, self.document.token)
        return bool(ids)

    def cut(self) -> None:
        if self.copy():
            ids = self.scene.selected_touchpoints()
            self.document.delete_touchpoints(ids)

    def paste(self) -> None:
        items = clipboard.clipboard_touchpoints()
        if not items:
            self.statusBar().showMessage("Nothing to paste: copy touchpoints first", 4000)
            return
        cell = self._target_cell() if self.scene.selected_touchpoints() else None
        new_ids = self.document.paste_touchpoints(items, *(cell or (None, None)))
        if new_ids:
            self.scene.flush()
            self.scene.select_touchpoints(new_ids)

    def duplicate(self) -> None:
        if self.copy():
            self.paste()

    def rename_selection(self) -> None:
        ids = self.scene.selected_touchpoints()
        if ids:
            self.start_rename("touchpoint", ids[-1])
        elif self.inspector.kind == "phase" and self.inspector.item_id:
            self.start_rename("phase", self.inspector.item_id)

    def _edit_connection(self, source: str, target: str) -> None:
        self.inspector.show_connection(source, target)
        self.docks["inspector"].show()
        self.docks["inspector"].raise_()
        self.inspector.edit_connection_label()

    def start_rename(self, kind: str, item_id: str) -> None:
        j = self.document.journey
        lay = self.scene.layout
        commit: Callable[[str], object]
        cancel: Callable[[], object] | None = None
        if kind == "new-touchpoint":
            # Esc on a card just made by a double-click takes it away again
            # (its undo step too): the user changed their mind.
            undo = self.document.undo_stack
            made_at = undo.index()

            def cancel() -> None:
                if undo.index() == made_at:  # nothing else was done since
                    undo.undo()
            kind = "touchpoint"
        # The editor's type is the size of the text it edits, as drawn.
        sizes = lay.sizes
        if kind == "touchpoint":
            x, y, w, h = lay.cards[item_id]
            px = sizes.card_name_px
            rect, text = QRectF(x + 8, y + 6, w - 16, px * 1.6), j.touchpoint(item_id).name
            commit = lambda name: self.document.update_touchpoint(item_id, name=name)  # noqa: E731
        elif kind == "phase":
            x, w = lay.columns[item_id]
            px = self.scene.grid.header_font().pixelSize()
            rect, text = QRectF(x + 4, lay.header_rect[1] + 4, w - 8, lay.header_rect[3] - 8), j.phase(item_id).name
            commit = lambda name: self.document.rename_phase(item_id, name)  # noqa: E731
        else:
            y, h = lay.rows[item_id]
            px = sizes.lane_px
            rect, text = QRectF(4, y + h / 2 - px, sizes.lane_label_width - 8, px * 2), j.lane(item_id).name
            commit = lambda name: self.document.rename_lane(item_id, name)  # noqa: E731
        on_strip = self.view.sticky.place_of(kind, item_id) if kind in ("phase", "lane") else None
        if on_strip is not None:
            # Its name sticks to the view's edge: renamed there, where it is read.
            self.view.edit_over(on_strip[0], text, commit, cancel, on_strip[1])
            return
        self.view.edit_inline(rect, text, commit, cancel, px)
