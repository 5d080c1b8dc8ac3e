"""The map's frame: phase columns and headers, macro bands, lane rows and
labels, and the emotion band's axis. Drawn as one item under the cards."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from journeymap.analysis.status import Status
from journeymap.drawing.layout import Layout, emotion_y
from journeymap.drawing.theme import SIZES, Palette
from journeymap.model.entities import Lane, Phase

from .style import color, font
from .text import draw_text


def _grid_of(lay: Layout) -> tuple:
    """What the grid draws from a layout (everything but the cards)."""
    return (lay.columns, lay.rows, lay.header_rect, lay.macro_bands, lay.lanes_rect, lay.emotion_rect, lay.width)


class GridItem(QGraphicsItem):
    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.palette = palette
        self.layout: Layout | None = None
        self.phases: list[Phase] = []
        self.lanes: list[Lane] = []
        self.phase_status: dict[str, Status] = {}
        self.show_lanes = True
        self.show_emotion = True
        self.highlight_phase: str | None = None
        # The phase or lane header last clicked, outlined as a chosen card is
        # (the inspector shows it, and Delete acts on it): ("phase", id).
        self.chosen: tuple[str, str] | None = None
        self.setZValue(0)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_content(self, layout: Layout, phases: list[Phase], lanes: list[Lane],
                    phase_status: dict[str, Status]) -> None:
        # A card moved inside its cell leaves the grid as it was: repainting
        # it would repaint the whole view for a nudge.
        if self.layout is not None and (phases, lanes, phase_status) == (self.phases, self.lanes, self.phase_status) \
                and _grid_of(layout) == _grid_of(self.layout):
            self.layout = layout
            return
        self.prepareGeometryChange()
        self.layout, self.phases, self.lanes, self.phase_status = layout, list(phases), list(lanes), dict(phase_status)
        self.update()

    def set_chosen(self, chosen: tuple[str, str] | None) -> None:
        if chosen != self.chosen:
            self.chosen = chosen
            self.update()

    def _outline(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(QPen(color(self.palette.card_selected), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)  # the status dot left its brush set
        painter.drawRect(rect.adjusted(2, 2, -2, -2))

    def boundingRect(self) -> QRectF:
        if self.layout is None:
            return QRectF()
        top = self.layout.macro_bands[0][1][1] if self.layout.macro_bands else self.layout.header_rect[1]
        bottom = self.layout.emotion_rect[1] + (self.layout.emotion_rect[3] if self.show_emotion else 0)
        return QRectF(0, top, self.layout.width, bottom - top)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        lay, pal = self.layout, self.palette
        if lay is None:
            return
        s = lay.sizes
        _lanes_x, lanes_y, _lanes_w, _lanes_h = lay.lanes_rect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # Alternating column tints (also under the emotion band).
        bottom = lay.emotion_rect[1] + (lay.emotion_rect[3] if self.show_emotion else 0)
        for i, phase in enumerate(self.phases):
            x, w = lay.columns[phase.id]
            tint = pal.column_tints[i % 2]
            painter.fillRect(QRectF(x, lanes_y, w, bottom - lanes_y), color(tint))
        # Macro bands.
        painter.setFont(font(s.lane_px, QFont.Weight.DemiBold))
        for name, (x, y, w, h) in lay.macro_bands:
            r = QRectF(x + 2, y + 2, w - 4, h - 4)
            painter.fillRect(r, color(pal.lane_label_background))
            painter.setPen(color(pal.text_muted))
            draw_text(painter, r, Qt.AlignmentFlag.AlignCenter, name)
        # Phase headers.
        _hx, hy, _hw, hh = lay.header_rect
        header_font = self.header_font()
        one_line = header_font.pixelSize() == s.header_px
        for phase in self.phases:
            x, w = lay.columns[phase.id]
            r = QRectF(x, hy, w, hh)
            painter.fillRect(r.adjusted(1, 1, -1, -1), color(pal.header_background))
            if phase.id == self.highlight_phase or self.chosen == ("phase", phase.id):
                self._outline(painter, r)
            status = self.phase_status.get(phase.id, Status.NONE)
            painter.setPen(color(pal.text))
            text_r = r.adjusted(12, 0, -36, 0)
            painter.setFont(header_font)
            if one_line:
                draw_text(painter, text_r, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, phase.name)
            else:
                # A long name wraps onto two smaller lines rather than losing its end.
                draw_text(painter, text_r, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                                 | Qt.TextFlag.TextWordWrap, phase.name)
            if status is not Status.NONE:
                self._status_dot(painter, QPointF(r.right() - 20, r.center().y()), status)
        # Lane labels and lines.
        if self.show_lanes:
            painter.setFont(font(s.lane_px, QFont.Weight.DemiBold))
            for lane in self.lanes:
                y, h = lay.rows[lane.id]
                r = QRectF(0, y, s.lane_label_width, h)
                painter.fillRect(r.adjusted(1, 1, -1, -1), color(pal.lane_label_background))
                if self.chosen == ("lane", lane.id):
                    self._outline(painter, r)
                painter.setPen(color(pal.text))
                draw_text(painter, r.adjusted(10, 0, -8, 0),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                                 | Qt.TextFlag.TextWordWrap, lane.name)
                painter.setPen(QPen(color(pal.grid_line), 1))
                painter.drawLine(QPointF(0, y + h), QPointF(lay.width, y + h))
        painter.setPen(QPen(color(pal.grid_line), 1))
        for phase in self.phases:
            x, w = lay.columns[phase.id]
            painter.drawLine(QPointF(x + w, hy), QPointF(x + w, bottom))
        painter.drawLine(QPointF(s.lane_label_width, hy), QPointF(s.lane_label_width, bottom))
        if self.show_emotion:
            self._paint_emotion_axis(painter, lay)

    def header_font(self) -> QFont:
        """One size for every phase header: when a name needs two lines, all
        take the smaller type (headers in mixed sizes read as a hierarchy
        that is not there)."""
        s = self.layout.sizes if self.layout is not None else SIZES
        big = font(s.header_px, QFont.Weight.DemiBold)
        fm = QFontMetricsF(big)
        if self.layout is None or all(fm.horizontalAdvance(phase.name) <= self.layout.columns[phase.id][1] - 48
                                      for phase in self.phases):
            return big
        return font(s.lane_px, QFont.Weight.DemiBold)

    def _status_dot(self, painter: QPainter, center: QPointF, status: Status) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color(self.palette.status[status]))
        label_px = self.layout.sizes.label_px if self.layout is not None else 11
        r = max(10.0, label_px * 0.7)
        painter.drawEllipse(center, r, r)
        painter.setPen(color(self.palette.status_text))
        painter.setFont(font(max(13, label_px), QFont.Weight.Bold))
        draw_text(painter, QRectF(center.x() - 10, center.y() - 10, 20, 20), Qt.AlignmentFlag.AlignCenter,
                  status.symbol)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_emotion_axis(self, painter: QPainter, lay: Layout) -> None:
        _x, y, _w, h = lay.emotion_rect
        s = lay.sizes
        label = QRectF(0, y, s.lane_label_width, h)
        painter.fillRect(label.adjusted(1, 1, -1, -1), color(self.palette.lane_label_background))
        painter.setPen(color(self.palette.text))
        painter.setFont(font(s.lane_px, QFont.Weight.DemiBold))
        draw_text(painter, label.adjusted(10, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter, "Emotion")
        painter.setFont(font(s.label_px))
        painter.setPen(color(self.palette.text_muted))
        for value, text in ((2, "+2"), (0, "0"), (-2, "−2")):
            yy = emotion_y(lay, value)
            box = QRectF(s.lane_label_width - 8 - 2.6 * s.label_px, yy - s.label_px, 2.4 * s.label_px, 2 * s.label_px)
            draw_text(painter, box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        pen = QPen(color(self.palette.grid_line), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        zero = emotion_y(lay, 0)
        painter.drawLine(QPointF(s.lane_label_width, zero), QPointF(lay.width, zero))
        painter.setPen(QPen(color(self.palette.grid_line), 1))
        painter.drawLine(QPointF(0, y + h), QPointF(lay.width, y + h))

