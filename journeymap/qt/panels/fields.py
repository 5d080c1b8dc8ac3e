"""Fields the inspector's pages share: emotion (-2..+2 in half steps, with
"not set") and a multi-line text that commits when it loses focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QPlainTextEdit


class FocusComboBox(QComboBox):
    """A choice the mouse wheel changes only once clicked into: scrolling
    the inspector over it scrolls the inspector (it silently changed a
    card's field before)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class CommitPlainTextEdit(QPlainTextEdit):
    """A multi-line field that commits when it loses focus."""

    def __init__(self, on_commit, parent=None, height: int = 72) -> None:
        super().__init__(parent)
        self._on_commit = on_commit
        self.setTabChangesFocus(True)
        self.setFixedHeight(height)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._on_commit()


class EmotionSpinBox(QDoubleSpinBox):
    """-2..+2 with "not set" below -2; the first step from "not set" lands
    on 0 (neutral), not on -2, so +1 is two presses away rather than seven."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRange(-2.5, 2.0)
        self.setSingleStep(0.5)
        self.setDecimals(1)
        # The value below -2 stands for "not set".
        self.setSpecialValueText("not set")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("From -2 (very negative) to +2 (very positive); one step below -2 is \"not set\"")

    def wheelEvent(self, event) -> None:
        # As FocusComboBox: the wheel scrolls the inspector until clicked into.
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def stepBy(self, steps: int) -> None:
        if self.value() <= self.minimum() and steps:
            self.setValue(0.0)
            steps -= 1 if steps > 0 else -1
        if steps:
            super().stepBy(steps)

    def emotion(self) -> float | None:
        value = self.value()
        return None if value < -2.0 else value

    def set_emotion(self, emotion: float | None) -> None:
        if not self.hasFocus():
            self.setValue(self.minimum() if emotion is None else emotion)
