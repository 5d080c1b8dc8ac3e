"""The emotion field: -2..+2 in half steps, with "not set"."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox


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
