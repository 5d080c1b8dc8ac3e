"""Compare with…: a tag over each card that changed, in words and colour
("▼ worse", "▲ better", "new", "changed"), so the map answers "what is
different" at a glance without hiding its own statuses."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem

from journeymap.analysis.status import Status
from journeymap.drawing.theme import Palette

from .style import color, font
from .text import draw_text

# A mark's words and the status tone it borrows (text never rests on colour).
MARKS = {"worse": ("▼ worse", Status.RED), "better": ("▲ better", Status.GREEN),
         "new": ("✚ new", Status.NONE), "changed": ("● changed", Status.AMBER)}
TAG_PX = 11


class CompareLayer(QGraphicsItem):
    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.palette = palette
        self.marks: dict[str, str] = {}
        self.cards: dict[str, tuple[float, float, float, float]] = {}
        self._bounds = QRectF()
        self.setZValue(12)  # above cards (10) and labels (11)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_marks(self, marks: dict[str, str], cards: dict[str, tuple[float, float, float, float]]) -> None:
        """The marks by card id, and where the cards stand."""
        self.prepareGeometryChange()
        self.marks = {tp_id: mark for tp_id, mark in marks.items() if tp_id in cards}
        self.cards = cards
        bounds = QRectF()
        for tp_id in self.marks:
            bounds = bounds.united(self.tag_rect(tp_id))
        self._bounds = bounds
        self.update()

    def tag_rect(self, tp_id: str) -> QRectF:
        x, y, w, _h = self.cards[tp_id]
        fm = QFontMetricsF(font(TAG_PX, QFont.Weight.Bold))
        text = MARKS[self.marks[tp_id]][0]
        width, height = fm.horizontalAdvance(text) + 10, fm.height() + 4
        # Astride the card's top edge, at its right: clear of the name.
        return QRectF(x + w - width - 6, y - height / 2, width, height)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font(TAG_PX, QFont.Weight.Bold))
        for tp_id, mark in self.marks.items():
            text, status = MARKS[mark]
            rect = self.tag_rect(tp_id)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color(self.palette.status[status]))
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
            painter.setPen(color(self.palette.status_text))
            draw_text(painter, rect, Qt.AlignmentFlag.AlignCenter, text)
