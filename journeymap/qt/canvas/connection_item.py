"""A connection: an orthogonal arrow with rounded corners and an optional label."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyle

from journeymap.model.entities import Connection
from journeymap.theme import Palette

from .style import color, font

CORNER = 8.0
ARROW = 9.0


def rounded_path(points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath(QPointF(*points[0]))
    for i in range(1, len(points) - 1):
        prev, cur, nxt = (QPointF(*points[j]) for j in (i - 1, i, i + 1))
        d1 = _unit(cur - prev)
        d2 = _unit(nxt - cur)
        r = min(CORNER, _length(cur - prev) / 2, _length(nxt - cur) / 2)
        path.lineTo(cur - d1 * r)
        path.quadTo(cur, cur + d2 * r)
    path.lineTo(QPointF(*points[-1]))
    return path


def _length(p: QPointF) -> float:
    return math.hypot(p.x(), p.y())


def _unit(p: QPointF) -> QPointF:
    n = _length(p) or 1.0
    return QPointF(p.x() / n, p.y() / n)


class ConnectionItem(QGraphicsItem):
    def __init__(self, conn: Connection, palette: Palette) -> None:
        super().__init__()
        self.conn = conn
        self.palette = palette
        self.points: list[tuple[float, float]] = [(0, 0), (1, 0)]
        self._path = QPainterPath()
        self._shape = QPainterPath()
        self._bounds = QRectF()
        self.dimmed = False
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(5)

    @property
    def key(self) -> tuple[str, str]:
        return self.conn.key

    def set_route(self, conn: Connection, points: list[tuple[float, float]]) -> None:
        if conn == self.conn and points == self.points:
            return
        self.prepareGeometryChange()
        self.conn, self.points = conn, points
        self._path = rounded_path(points)
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        self._shape = stroker.createStroke(self._path)
        label = self._label_rect()
        self._bounds = self._shape.boundingRect().united(label).adjusted(-ARROW, -ARROW, ARROW, ARROW)
        self.setToolTip(self._tooltip())
        self.update()

    def _tooltip(self) -> str:
        parts = [self.conn.label] if self.conn.label else []
        if self.conn.share is not None:
            parts.append(f"{self.conn.share:.0%} of customers")
        return " · ".join(parts)

    def pen_width(self) -> float:
        # Wider for the paths more customers take (when shares are known).
        return 1.5 + (3.0 * self.conn.share if self.conn.share is not None else 0.0)

    def _label_anchor(self) -> QPointF:
        # Middle of the longest horizontal leg: horizontal legs run in the
        # corridors between card rows, where a label has room.
        legs = list(zip(self.points, self.points[1:]))
        flat = [(a, b) for a, b in legs if abs(a[1] - b[1]) < 0.5]
        best, best_len = None, -1.0
        for a, b in flat or legs:
            length = math.hypot(b[0] - a[0], b[1] - a[1])
            if length > best_len:
                best, best_len = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), length
        return QPointF(*best)

    def _label_rect(self) -> QRectF:
        if not self.conn.label:
            return QRectF()
        fm = QFontMetricsF(font(11))
        w, h = fm.horizontalAdvance(self.conn.label) + 8, fm.height() + 2
        c = self._label_anchor()
        return QRectF(c.x() - w / 2, c.y() - h / 2, w, h)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.dimmed:
            painter.setOpacity(0.2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        c = color(self.palette.card_selected if selected else self.palette.connection)
        pen = QPen(c, self.pen_width() + (1 if selected else 0))
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        # Arrow head at the target, pointing along the last leg.
        end = QPointF(*self.points[-1])
        d = _unit(end - QPointF(*self.points[-2]))
        n = QPointF(-d.y(), d.x())
        head = QPolygonF([end, end - d * ARROW + n * ARROW * 0.55, end - d * ARROW - n * ARROW * 0.55])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c)
        painter.drawPolygon(head)
        if self.conn.label:
            rect = self._label_rect()
            painter.setBrush(color(self.palette.background))
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(color(self.palette.text_muted))
            painter.setFont(font(11))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.conn.label)
