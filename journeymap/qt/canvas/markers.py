"""Shapes that carry meaning without colour: persona curves' markers and line
styles, and the evidence level's bars."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF

from journeymap.drawing.theme import CurveStyle

from .style import color

DASHES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine,
          "dashdot": Qt.PenStyle.DashDotLine, "dashdotdot": Qt.PenStyle.DashDotDotLine}


def curve_pen(style: CurveStyle, width: float = 2.5) -> QPen:
    pen = QPen(color(style.color), width, DASHES[style.dash])
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def draw_marker(painter: QPainter, kind: str, centre: QPointF, r: float, fill: str, edge: str) -> None:
    """One marker: square, triangle, diamond, cross or ring, about 2r across."""
    x, y = centre.x(), centre.y()
    painter.setPen(QPen(color(edge), 1.2))
    painter.setBrush(color(fill))
    if kind == "square":
        painter.drawRect(QRectF(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7))
    elif kind == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(x, y - r * 1.1), QPointF(x + r, y + r * 0.75),
                                       QPointF(x - r, y + r * 0.75)]))
    elif kind == "diamond":
        painter.drawPolygon(QPolygonF([QPointF(x, y - r * 1.15), QPointF(x + r, y), QPointF(x, y + r * 1.15),
                                       QPointF(x - r, y)]))
    elif kind == "cross":
        painter.setPen(QPen(color(fill), max(2.0, r * 0.55), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        d = r * 0.9
        painter.drawLine(QPointF(x - d, y - d), QPointF(x + d, y + d))
        painter.drawLine(QPointF(x - d, y + d), QPointF(x + d, y - d))
    elif kind == "ring":
        painter.setPen(QPen(color(fill), max(2.0, r * 0.45)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r * 0.8, r * 0.8)
    else:  # "circle"
        painter.drawEllipse(centre, r, r)


def draw_evidence_bars(painter: QPainter, rect: QRectF, level: int, ink: str, muted: str) -> None:
    """Four rising bars, `level` of them filled (0: none known): how well a
    card is known, readable in greyscale."""
    gap = rect.width() * 0.08
    w = (rect.width() - 3 * gap) / 4
    for i in range(4):
        h = rect.height() * (0.4 + 0.2 * i)
        bar = QRectF(rect.left() + i * (w + gap), rect.bottom() - h, w, h)
        if i < level:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color(ink))
        else:
            painter.setPen(QPen(color(muted), 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(bar)
