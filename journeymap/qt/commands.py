"""The one undo command: a list of model edits (journeymap.model.edits).

Only the document creates it. The first redo applies the edits and keeps
what undoes them; every later undo or redo applies what the previous one
returned. A list the journey refuses marks the command obsolete, so
QUndoStack.push drops it and nothing has changed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from journeymap.model.edits import Edit, apply_edits
from journeymap.model.journey import Journey, JourneyError


class EditCommand(QUndoCommand):
    def __init__(self, journey: Journey, text: str, edits: Sequence[Edit]) -> None:
        super().__init__(text)
        self.journey = journey
        self._next: list[Edit] = list(edits)
        self.error: str | None = None

    def _swap(self) -> None:
        self._next = apply_edits(self.journey, self._next)

    def redo(self) -> None:
        try:
            self._swap()
        except JourneyError as exc:
            self.error = str(exc)
            self.setObsolete(True)

    def undo(self) -> None:
        self._swap()
