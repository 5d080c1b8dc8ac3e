"""The emotion curve: a smooth line across the phases through the
touchpoints' emotion scores, with a dot per touchpoint."""

from __future__ import annotations

import bisect
import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from journeymap.drawing.theme import CurveStyle, Palette

from .markers import curve_pen, draw_marker
from .style import color

Dot = tuple[float, float, float]  # x, y, emotion
DOT_RADIUS = 5.0
# More changed dots than this are applied by sorting afresh.
BULK_DOTS = 256


class EmotionItem(QGraphicsItem):
    """Kept card by card: an edit hands over the dots that changed, and only
    the columns they stand in are summed again and the stretch of curve
    through them repainted (a nudged card on a map of thousands must not
    rebuild or repaint the whole band)."""

    def __init__(self, palette: Palette, style: CurveStyle | None = None) -> None:
        super().__init__()
        self.palette = palette
        # A persona's curve: its colour, line and marker; None for everyone's
        # (the theme's solid line, dots toned by sign).
        self.style = style
        self.points: list[Dot] = []  # sorted, for drawing only what is exposed
        self._by_card: dict[str, Dot] = {}
        # Column x -> (sum of y, count): the line runs through each mean.
        self._columns: dict[float, tuple[float, int]] = {}
        self._path = QPainterPath()
        self._bounds = QRectF()
        self.setZValue(4)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # a true exposedRect

    def set_points(self, dots: dict[str, Dot]) -> None:
        """Every card's dot (cards without an emotion are left out)."""
        changes: dict[str, Dot | None] = {card: None for card in self._by_card if card not in dots}
        changes.update(dots)
        self.update_points(changes)

    def update_points(self, changes: dict[str, Dot | None]) -> None:
        """Some cards' dots moved, came or went (None: gone)."""
        if len(changes) > BULK_DOTS:
            self._update_in_bulk(changes)
            return
        changed_x: list[float] = []
        for card, dot in changes.items():
            old = self._by_card.get(card)
            if old == dot:
                continue
            if old is not None:
                del self._by_card[card]
                del self.points[bisect.bisect_left(self.points, old)]
                self._add_to_column(old, -1)
                changed_x.append(old[0])
            if dot is not None:
                self._by_card[card] = dot
                bisect.insort(self.points, dot)
                self._add_to_column(dot, +1)
                changed_x.append(dot[0])
        if not changed_x:
            return  # a card moved without changing the curve: nothing to repaint
        old_bounds = self.boundingRect()
        self._rebuild_path()
        self.update(self._span(min(changed_x), max(changed_x), old_bounds.united(self._bounds)))

    def _update_in_bulk(self, changes: dict[str, Dot | None]) -> None:
        """Most dots moved (a column grew or went): sort and sum afresh
        rather than one by one."""
        before = self._by_card.copy()
        for card, dot in changes.items():
            if dot is None:
                self._by_card.pop(card, None)
            else:
                self._by_card[card] = dot
        if self._by_card == before:
            return
        self.points = sorted(self._by_card.values())
        columns: dict[float, tuple[float, int]] = {}
        for x, y, _ in self.points:
            total, count = columns.get(round(x, 1), (0.0, 0))
            columns[round(x, 1)] = (total + y, count + 1)
        self._columns = columns
        old_bounds = self.boundingRect()
        self._rebuild_path()
        self.update(old_bounds.united(self._bounds))

    def _add_to_column(self, dot: Dot, sign: int) -> None:
        x = round(dot[0], 1)
        total, count = self._columns.get(x, (0.0, 0))
        total, count = total + sign * dot[1], count + sign
        if count:
            self._columns[x] = (total, count)
        else:
            del self._columns[x]

    def _rebuild_path(self) -> None:
        # Columns are few (one per card slot across the map), so the curve
        # is rebuilt whole; the dots are not touched.
        line = [(x, total / count) for x, (total, count) in sorted(self._columns.items())]
        path = QPainterPath()
        if line:
            path.moveTo(line[0][0], line[0][1])
            # Horizontal-tangent cubic segments: smooth, and never overshoots
            # the -2..+2 band between two scores.
            for (x0, y0), (x1, y1) in itertools.pairwise(line):
                mid = (x0 + x1) / 2
                path.cubicTo(QPointF(mid, y0), QPointF(mid, y1), QPointF(x1, y1))
        bounds = QRectF()
        if self.points:
            # The dots stand off the curve (it runs through each column's mean).
            top = min(y for _, y, _ in self.points)
            bottom = max(y for _, y, _ in self.points)
            dots = QRectF(self.points[0][0], top, self.points[-1][0] - self.points[0][0], bottom - top)
            bounds = path.boundingRect().united(dots).adjusted(-8, -8, 8, 8)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self._path = path

    def _span(self, lo: float, hi: float, band: QRectF) -> QRectF:
        """The part of `band` from the column left of `lo` to the one right
        of `hi`: the curve's segments into the changed columns change too."""
        xs = sorted(self._columns)
        i = bisect.bisect_left(xs, round(lo, 1) - 0.05)
        j = bisect.bisect_right(xs, round(hi, 1) + 0.05)
        left = xs[i - 1] if i > 0 else band.left()
        right = xs[j] if j < len(xs) else band.right()
        return QRectF(left - 12, band.top(), right - left + 24, band.height())

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self.points:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        style = self.style
        painter.setPen(curve_pen(style) if style else QPen(color(self.palette.emotion_line), 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < 0.45:
            return  # dots would be a pixel wide: the line says it all
        painter.setPen(QPen(color(self.palette.background), 1.5))
        # Only the dots in the exposed stretch (the list is sorted by x).
        exposed = option.exposedRect
        first = bisect.bisect_left(self.points, (exposed.left() - DOT_RADIUS - 2,))
        last = bisect.bisect_right(self.points, (exposed.right() + DOT_RADIUS + 2,))
        if style is not None:
            for x, y, _emotion in self.points[first:last]:
                draw_marker(painter, style.marker, QPointF(x, y), DOT_RADIUS, style.color, self.palette.background)
            return
        for x, y, emotion in self.points[first:last]:
            tone = (self.palette.emotion_positive if emotion > 0 else
                    self.palette.emotion_negative if emotion < 0 else self.palette.text_muted)
            painter.setBrush(color(tone))
            painter.drawEllipse(QPointF(x, y), DOT_RADIUS, DOT_RADIUS)
