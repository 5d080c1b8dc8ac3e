"""Legend (status colours with their symbols, weak marking, moment of truth,
emotion curve) and the title block that pictures and slides carry."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from journeymap.analysis.status import Status
from journeymap.drawing.theme import SIZES, STATE_TONES, CurveStyle, Metrics, Palette
from journeymap.model.entities import STATE_WORDS

from .markers import curve_pen, draw_evidence_bars, draw_marker
from .style import color, font
from .text import draw_text
from .touchpoint_item import draw_unsure_edge

_ORDER = (Status.GREEN, Status.AMBER, Status.RED, Status.NONE)
UNSURE = "Within margin of error"
EVIDENCE = "Evidence: assumption → measured"
LINKED = "Linked journey (its health; click to open)"


@dataclass(frozen=True)
class LegendExtras:
    """The second row, for what this map uses: personas' curves, the future
    state's tags, evidence bars and linked journeys."""
    personas: tuple[tuple[str, CurveStyle], ...] = ()
    states: tuple[str, ...] = ()  # the future-state tags shown on the map
    evidence: bool = False
    links: bool = False

    def __bool__(self) -> bool:
        return bool(self.personas or self.states or self.evidence or self.links)


class LegendItem(QGraphicsItem):
    def __init__(self, palette: Palette, sizes: Metrics = SIZES) -> None:
        super().__init__()
        self.palette = palette
        self.sizes = sizes
        self.width = 800.0
        self.extras = LegendExtras()
        self.setZValue(3)

    @property
    def height(self) -> float:
        return self.sizes.legend_height * (2 if self.extras else 1)

    def set_extras(self, extras: LegendExtras) -> bool:
        """Whether anything changed (the map's extent then changes too)."""
        if extras == self.extras:
            return False
        self.prepareGeometryChange()
        self.extras = extras
        self.width = max(self.width, self.natural_width())
        self.update()
        return True

    def set_width(self, width: float) -> None:
        # Never narrower than its entries: on a small map (an empty one) the
        # map's width would cut the legend off.
        width = max(width, self.natural_width())
        if width != self.width:  # an unchanged legend is not repainted
            self.prepareGeometryChange()
            self.width = width

    def natural_width(self) -> float:
        """The width paint() takes for its entries (the same advances)."""
        px = self.sizes.legend_px
        k = px / 12.0
        fm = QFontMetricsF(font(px))
        x = 12.0 + fm.horizontalAdvance("Legend") + 24
        x += sum(28 * k + fm.horizontalAdvance(status.label) + 20 for status in _ORDER)
        r = 8 * k + (2 if px >= 18 else 0)
        x += r * 0.7 + 34 * k + 8 + fm.horizontalAdvance("Weak touchpoint (rank)") + 20
        x += 20 + fm.horizontalAdvance("Moment of truth") + 20
        x += 28 * k + fm.horizontalAdvance(UNSURE) + 20
        first = x + 32 + fm.horizontalAdvance("Emotion (−2 to +2)") + 12
        if self.extras.personas:
            first += fm.horizontalAdvance("Emotion, everyone (−2 to +2)") - fm.horizontalAdvance("Emotion (−2 to +2)")
        return max(first, self._paint_extras(None, 0.0))

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def _paint_extras(self, painter: QPainter | None, y: float) -> float:
        """The second row; with no painter, only its width."""
        extras, pal, px = self.extras, self.palette, self.sizes.legend_px
        if not extras:
            return 0.0
        k = px / 12.0
        f = font(px)
        fm = QFontMetricsF(f)
        base = y + fm.ascent() / 2 - 1
        x = 12.0 + fm.horizontalAdvance("Legend") + 24

        def words(text: str, at: float, tone: str = pal.text) -> float:
            if painter is not None:
                painter.setFont(f)
                painter.setPen(color(tone))
                draw_text(painter, QPointF(at, base), text)
            return at + fm.horizontalAdvance(text)

        for name, style in extras.personas:
            if painter is not None:
                painter.setPen(curve_pen(style, 2.5))
                painter.drawLine(QPointF(x, y), QPointF(x + 34 * k, y))
                draw_marker(painter, style.marker, QPointF(x + 17 * k, y), 5 * k, style.color, pal.background)
            x = words(name, x + 40 * k) + 20
        tag_font = font(max(10, px - 1), QFont.Weight.Bold)
        tag_fm = QFontMetricsF(tag_font)
        for state in extras.states:
            text = STATE_WORDS[state]
            rect = QRectF(x, y - tag_fm.height() / 2 - 2, tag_fm.horizontalAdvance(text) + 10, tag_fm.height() + 4)
            if painter is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color(STATE_TONES[state]))
                painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
                painter.setFont(tag_font)
                painter.setPen(color(pal.status_text))
                draw_text(painter, rect, Qt.AlignmentFlag.AlignCenter, text)
            x = rect.right() + 8
        if extras.states:
            x = words("in the future state", x) + 20
        if extras.evidence:
            if painter is not None:
                draw_evidence_bars(painter, QRectF(x, y - 8 * k, 16 * k, 16 * k), 2, pal.text, pal.text_muted)
            x = words(EVIDENCE, x + 22 * k) + 20
        if extras.links:
            x = words("↗", x, pal.card_selected)
            x = words(LINKED, x + 6) + 20
        return x

    def paint(self, painter: QPainter, option, widget=None) -> None:
        pal = self.palette
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        px = self.sizes.legend_px
        k = px / 12.0  # swatches grow with the type
        f = font(px)
        fm = QFontMetricsF(f)
        painter.setFont(f)
        y = self.sizes.legend_height / 2
        x = 12.0
        painter.setPen(color(pal.text))
        painter.setFont(font(px, QFont.Weight.DemiBold))
        draw_text(painter, QPointF(x, y + fm.ascent() / 2 - 1), "Legend")
        x += fm.horizontalAdvance("Legend") + 24
        painter.setFont(f)
        for status in _ORDER:
            badge = QRectF(x, y - 10 * k, 22 * k, 20 * k)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color(pal.status[status]))
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(color(pal.status_text))
            draw_text(painter, badge, Qt.AlignmentFlag.AlignCenter, status.symbol)
            painter.setPen(color(pal.text))
            draw_text(painter, QPointF(x + 28 * k, y + fm.ascent() / 2 - 1), status.label)
            x += 28 * k + fm.horizontalAdvance(status.label) + 20
        # Weak touchpoint sample: red outline with a rank badge on its
        # corner, as on a card; the badge stays inside the legend's band and
        # leaves most of the outline showing.
        r = 8 * k + (2 if px >= 18 else 0)
        card = QRectF(x + r * 0.7, y - 8 * k + r * 0.3, 34 * k, 18 * k)
        painter.setPen(QPen(color(pal.weak_outline), self.sizes.weak_outline_width))
        painter.setBrush(color(pal.card_background))
        painter.drawRoundedRect(card, 4, 4)
        centre = card.topLeft()
        painter.setPen(QPen(color(pal.background), 1.5))
        painter.setBrush(color(pal.status[Status.RED]))
        painter.drawEllipse(centre, r, r)
        painter.setPen(color("#ffffff"))
        painter.setFont(font(px if px >= 18 else max(10, px - 2), QFont.Weight.Bold))
        draw_text(painter, QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, "1")
        painter.setFont(f)
        painter.setPen(color(pal.text))
        text = "Weak touchpoint (rank)"
        gap = card.right() - x + 8
        draw_text(painter, QPointF(x + gap, y + fm.ascent() / 2 - 1), text)
        x += gap + fm.horizontalAdvance(text) + 20
        # Moment of truth.
        points = []
        for i in range(10):
            radius = 7 if i % 2 == 0 else 3.2
            angle = -math.pi / 2 + i * math.pi / 5
            points.append(QPointF(x + 7 + radius * math.cos(angle), y + radius * math.sin(angle)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color("#bf8700"))
        painter.drawPolygon(QPolygonF(points))
        painter.setPen(color(pal.text))
        draw_text(painter, QPointF(x + 20, y + fm.ascent() / 2 - 1), "Moment of truth")
        x += 20 + fm.horizontalAdvance("Moment of truth") + 20
        # A badge whose target is inside its interval: a dashed ring.
        badge = QRectF(x, y - 10 * k, 22 * k, 20 * k)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color(pal.status[Status.AMBER]))
        painter.drawRoundedRect(badge, 4, 4)
        draw_unsure_edge(painter, badge, pal.status[Status.AMBER])
        painter.setPen(color(pal.text))
        draw_text(painter, QPointF(x + 28 * k, y + fm.ascent() / 2 - 1), UNSURE)
        x += 28 * k + fm.horizontalAdvance(UNSURE) + 20
        painter.setPen(QPen(color(pal.emotion_line), 2.5))
        painter.drawLine(QPointF(x, y), QPointF(x + 26, y))
        painter.setPen(color(pal.text))
        draw_text(painter, QPointF(x + 32, y + fm.ascent() / 2 - 1),
                  "Emotion, everyone (−2 to +2)" if self.extras.personas else "Emotion (−2 to +2)")
        self._paint_extras(painter, y + self.sizes.legend_height)


class TitleItem(QGraphicsItem):
    def __init__(self, palette: Palette, sizes: Metrics = SIZES) -> None:
        super().__init__()
        self.palette = palette
        self.sizes = sizes
        self.title = ""
        self.subtitle = ""
        self.width = 800.0
        self.setZValue(3)

    def set_text(self, title: str, subtitle: str, width: float) -> None:
        if (title, subtitle, width) == (self.title, self.subtitle, self.width):
            return
        self.prepareGeometryChange()
        self.title, self.subtitle, self.width = title, subtitle, width
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.sizes.title_height)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(color(self.palette.text))
        painter.setFont(font(self.sizes.title_px, QFont.Weight.Bold))
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        draw_text(painter, QRectF(12, 4, self.width - 24, self.sizes.title_px * 1.4), left, self.title)
        painter.setPen(color(self.palette.text_muted))
        painter.setFont(font(self.sizes.subtitle_px))
        draw_text(painter, QRectF(12, 4 + self.sizes.title_px * 1.45, self.width - 24, self.sizes.subtitle_px * 1.5),
                  left, self.subtitle)
