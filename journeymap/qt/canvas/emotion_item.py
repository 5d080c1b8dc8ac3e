"""The emotion curve: a smooth line across the phases through the
touchpoints' emotion scores, with a dot per touchpoint."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from journeymap.drawing.theme import Palette

from .style import color


class EmotionItem(QGraphicsItem):
    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.palette = palette
        self.points: list[tuple[float, float, float]] = []  # x, y, emotion
        self._path = QPainterPath()
        self.setZValue(4)

    def set_points(self, points: list[tuple[float, float, float]]) -> None:
        """One dot per touchpoint; the line runs left to right through the
        mean of the cards that stand in the same column of the map."""
        self.prepareGeometryChange()
        self.points = sorted(points)
        columns: dict[float, list[float]] = {}
        for x, y, _ in self.points:
            columns.setdefault(round(x, 1), []).append(y)
        line = [(x, sum(ys) / len(ys)) for x, ys in sorted(columns.items())]
        path = QPainterPath()
        if line:
            path.moveTo(line[0][0], line[0][1])
            # Horizontal-tangent cubic segments: smooth, and never overshoots
            # the -2..+2 band between two scores.
            for (x0, y0), (x1, y1) in itertools.pairwise(line):
                mid = (x0 + x1) / 2
                path.cubicTo(QPointF(mid, y0), QPointF(mid, y1), QPointF(x1, y1))
        self._path = path
        self.update()

    def boundingRect(self) -> QRectF:
        return self._path.boundingRect().adjusted(-8, -8, 8, 8)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self.points:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color(self.palette.emotion_line), 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < 0.45:
            return  # dots would be a pixel wide: the line says it all
        painter.setPen(QPen(color(self.palette.background), 1.5))
        for x, y, emotion in self.points:
            tone = (self.palette.emotion_positive if emotion > 0 else
                    self.palette.emotion_negative if emotion < 0 else self.palette.text_muted)
            painter.setBrush(color(tone))
            painter.drawEllipse(QPointF(x, y), 5, 5)
