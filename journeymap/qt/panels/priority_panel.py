"""The priority matrix: importance for loyalty (across) against performance
relative to target (up), in four named quadrants; click a point to select
its touchpoint on the map."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

from journeymap.analysis.priority import (
    FIX_FIRST,
    KEEP_IT_UP,
    LOW_PRIORITY,
    OVERINVESTMENT,
    PriorityPoint,
    importance_threshold,
    priority_matrix,
)
from journeymap.analysis.scorecard import Scorecards
from journeymap.model.journey import Journey

from ..canvas.style import system_palette

_QUADRANT_TINT = {FIX_FIRST: "#c62828", KEEP_IT_UP: "#1a7f37", OVERINVESTMENT: "#0969da", LOW_PRIORITY: "#6e7781"}
MARGIN = 44.0


class MatrixWidget(QWidget):
    touchpoint_clicked = Signal(str)
    action_requested = Signal(str)  # right-click > Create Action on a point

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.points: list[PriorityPoint] = []
        self.threshold = 0.0
        self.setMinimumSize(320, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._hits: list[tuple[QPointF, str]] = []

    def set_points(self, points: list[PriorityPoint], threshold: float | None) -> None:
        self.points, self.threshold = points, threshold or 0.0
        self.update()

    def _plot_rect(self) -> QRectF:
        return QRectF(MARGIN, 16, self.width() - MARGIN - 16, self.height() - 16 - MARGIN)

    def _ranges(self) -> tuple[float, float, float]:
        x_max = max([p.importance for p in self.points] + [self.threshold * 2, 0.1]) * 1.1
        y_abs = max([abs(p.performance) for p in self.points] + [0.05]) * 1.2
        return x_max, -y_abs, y_abs

    def position(self, point: PriorityPoint) -> QPointF:
        rect = self._plot_rect()
        x_max, y_min, y_max = self._ranges()
        x = rect.left() + point.importance / x_max * rect.width()
        y = rect.bottom() - (point.performance - y_min) / (y_max - y_min) * rect.height()
        return QPointF(x, y)

    def paintEvent(self, event) -> None:
        pal = system_palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._plot_rect()
        x_max, y_min, y_max = self._ranges()
        mid_x = rect.left() + self.threshold / x_max * rect.width()
        mid_y = rect.bottom() - (0 - y_min) / (y_max - y_min) * rect.height()
        quadrants = {FIX_FIRST: QRectF(QPointF(mid_x, mid_y), rect.bottomRight()),
                     KEEP_IT_UP: QRectF(QPointF(mid_x, rect.top()), QPointF(rect.right(), mid_y)),
                     OVERINVESTMENT: QRectF(rect.topLeft(), QPointF(mid_x, mid_y)),
                     LOW_PRIORITY: QRectF(QPointF(rect.left(), mid_y), QPointF(mid_x, rect.bottom()))}
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, small.pointSizeF() * 0.9))
        for name, area in quadrants.items():
            tint = QColor(_QUADRANT_TINT[name])
            tint.setAlpha(28)
            painter.fillRect(area, tint)
            painter.setPen(QColor(_QUADRANT_TINT[name]))
            painter.setFont(small)
            right = area.right() == rect.right()
            align = (Qt.AlignmentFlag.AlignTop if area.top() == rect.top() else Qt.AlignmentFlag.AlignBottom) | \
                (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
            # Labels sit in the plot's outer corners and may run past a narrow quadrant.
            box = QRectF(rect.left(), area.top(), rect.width(), area.height()).adjusted(6, 4, -6, -4)
            painter.drawText(box, align, name)
        painter.setPen(QPen(QColor(pal.grid_line), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        painter.setPen(QColor(pal.text_muted))
        painter.setFont(small)
        painter.drawText(QRectF(rect.left(), rect.bottom() + 6, rect.width(), 18), Qt.AlignmentFlag.AlignCenter,
                         "Importance for loyalty →")
        painter.save()
        painter.translate(12, rect.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-rect.height() / 2, -8, rect.height(), 18), Qt.AlignmentFlag.AlignCenter,
                         "Performance vs target →")
        painter.restore()
        self._hits = []
        for p in self.points:
            c = self.position(p)
            colour = QColor(_QUADRANT_TINT[p.quadrant])
            painter.setPen(QPen(QColor(pal.background), 1.5))
            painter.setBrush(colour)
            painter.drawEllipse(c, 6, 6)
            painter.setPen(QColor(pal.text))
            width = painter.fontMetrics().horizontalAdvance(p.name)
            if c.x() + 10 + width > self.width() - 4:  # no room on the right: label on the left
                painter.drawText(QRectF(c.x() - 10 - width, c.y() - 9, width, 18),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, p.name)
            else:
                painter.drawText(QRectF(c.x() + 8, c.y() - 9, width + 4, 18), Qt.AlignmentFlag.AlignVCenter, p.name)
            self._hits.append((c, p.touchpoint))
        painter.end()

    def point_at(self, pos: QPointF) -> str | None:
        for centre, tp_id in self._hits:
            d = centre - pos
            if d.x() * d.x() + d.y() * d.y() <= 100:
                return tp_id
        return None

    def mousePressEvent(self, event) -> None:
        tp_id = self.point_at(event.position())
        if tp_id:
            self.touchpoint_clicked.emit(tp_id)

    def contextMenuEvent(self, event) -> None:
        tp_id = self.point_at(QPointF(event.pos()))
        if tp_id:
            menu = QMenu(self)
            menu.addAction("Create Action", lambda: self.action_requested.emit(tp_id))
            menu.exec(event.globalPos())


class PriorityPanel(QWidget):
    touchpoint_activated = Signal(str)
    action_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix = MatrixWidget()
        self.matrix.touchpoint_clicked.connect(self.touchpoint_activated)
        self.matrix.action_requested.connect(self.action_requested)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.matrix, 1)
        layout.addWidget(self.note)

    def set_journey(self, journey: Journey, cards: Scorecards) -> None:
        points = priority_matrix(journey, cards)
        self.matrix.set_points(points, importance_threshold(journey))
        if points:
            self.note.setText("Importance comes from driver analysis (Analysis > Driver Analysis); "
                              "performance is the mean gap to target as a share of each metric's scale. "
                              "High importance means above the average touchpoint.")
        else:
            self.note.setText("No importance yet: run Analysis > Driver Analysis on respondent-level survey "
                              "data (a row per respondent, answers per touchpoint and a loyalty outcome).")
