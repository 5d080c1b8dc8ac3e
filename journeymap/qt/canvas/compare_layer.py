"""Tags over cards, in words and colour, so the map answers "what is
different" at a glance without hiding its own statuses: Compare with… tags
what changed ("▼ worse", "▲ better", "new", "changed") at a card's top right;
the future state tags what it changes ("✚ New", "● Changed", "⊘ Retired") at
its top left."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem

from journeymap.analysis.status import Status
from journeymap.drawing.theme import STATE_TONES, Palette
from journeymap.model.entities import STATE_WORDS

from .style import color, font
from .text import draw_text

# A mark's words and the status tone it borrows (text never rests on colour).
MARKS = {"worse": ("▼ worse", Status.RED), "better": ("▲ better", Status.GREEN),
         "new": ("✚ new", Status.NONE), "changed": ("● changed", Status.AMBER)}
TAG_PX = 11


class TagLayer(QGraphicsItem):
    """Tags astride the top edge of cards, at their right or left."""

    right_side = True

    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.palette = palette
        self.marks: dict[str, str] = {}
        self.cards: dict[str, tuple[float, float, float, float]] = {}
        self._bounds = QRectF()
        self.setZValue(12)  # above cards (10) and labels (11)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def tag(self, mark: str) -> tuple[str, str]:
        """A mark's words and the tone of its tag."""
        text, status = MARKS[mark]
        return text, self.palette.status[status]

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
        text = self.tag(self.marks[tp_id])[0]
        width, height = fm.horizontalAdvance(text) + 10, fm.height() + 4
        # Astride the card's top edge: clear of the name, and of a weak
        # card's rank at its top-left corner.
        left = x + w - width - 6 if self.right_side else x + 22
        return QRectF(left, y - height / 2, width, height)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font(TAG_PX, QFont.Weight.Bold))
        for tp_id, mark in self.marks.items():
            text, tone = self.tag(mark)
            rect = self.tag_rect(tp_id)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color(tone))
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
            painter.setPen(color(self.palette.status_text))
            draw_text(painter, rect, Qt.AlignmentFlag.AlignCenter, text)


class CompareLayer(TagLayer):
    pass


class StateLayer(TagLayer):
    """The future state's differences: new, changed and retired cards."""

    right_side = False

    def tag(self, mark: str) -> tuple[str, str]:
        return STATE_WORDS[mark], STATE_TONES[mark]
