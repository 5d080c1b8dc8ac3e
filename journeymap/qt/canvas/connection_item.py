"""A connection: an orthogonal arrow with rounded corners and an optional label."""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyle

from journeymap.drawing.routing import CardIndex, label_spots
from journeymap.drawing.theme import Palette
from journeymap.model.entities import Connection

from .style import color, font
from .text import draw_text

CORNER = 8.0
ARROW = 9.0


def rounded_path(points: list[tuple[float, float]]) -> QPainterPath:
    """The polyline with its corners rounded. Plain floats, not QPointF
    arithmetic: each Qt call from Python costs, and a map has thousands."""
    (x0, y0) = points[0]
    path = QPainterPath(QPointF(x0, y0))
    for i in range(1, len(points) - 1):
        (px, py), (cx, cy), (nx, ny) = points[i - 1], points[i], points[i + 1]
        l1 = math.hypot(cx - px, cy - py) or 1.0
        l2 = math.hypot(nx - cx, ny - cy) or 1.0
        r = min(CORNER, l1 / 2, l2 / 2)
        path.lineTo(cx - (cx - px) / l1 * r, cy - (cy - py) / l1 * r)
        path.quadTo(cx, cy, cx + (nx - cx) / l2 * r, cy + (ny - cy) / l2 * r)
    path.lineTo(*points[-1])
    return path


def _changed_area(old: list[tuple[float, float]], new: list[tuple[float, float]]) -> QRectF | None:
    """The box around the legs of a route that are not in both versions of
    it (plus room for the pen, the rounded corners and the arrow head), or
    None when nothing is shared and the whole of both should repaint."""
    before, after = set(itertools.pairwise(old)), set(itertools.pairwise(new))
    changed = before ^ after
    if not changed or len(changed) == len(before) + len(after):
        return None
    xs = [x for leg in changed for x, _ in leg]
    ys = [y for leg in changed for _, y in leg]
    pad = ARROW + CORNER + 5
    return QRectF(min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad)


def arrow_head(points: list[tuple[float, float]]) -> QPolygonF:
    (px, py), (ex, ey) = points[-2], points[-1]
    length = math.hypot(ex - px, ey - py) or 1.0
    dx, dy = (ex - px) / length, (ey - py) / length
    w = ARROW * 0.55
    return QPolygonF([QPointF(ex, ey), QPointF(ex - dx * ARROW - dy * w, ey - dy * ARROW + dx * w),
                      QPointF(ex - dx * ARROW + dy * w, ey - dy * ARROW - dx * w)])


@lru_cache(maxsize=8)
def _metrics(px: int) -> QFontMetricsF:
    return QFontMetricsF(font(px))


@lru_cache(maxsize=64)
def _pen(rgba: int, width: float) -> QPen:
    pen = QPen(QColor.fromRgba(rgba), width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


# Combined once: or-ing Qt's flag enums costs Python enum calls, and a map
# makes thousands of these items.
_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


class ConnectionItem(QGraphicsItem):
    """One connection's geometry, hit area and selection highlight. The
    ConnectionLayer draws all unselected connections in one pass: thousands
    of separately painted items cost more in calls than in drawing."""

    def __init__(self, conn: Connection, palette: Palette) -> None:
        super().__init__()
        self.conn = conn
        self.palette = palette
        self.points: list[tuple[float, float]] = [(0, 0), (1, 0)]
        self._routed = False
        # Drawn from the points when first painted or hit-tested: a map of
        # 3,000 connections shows a few hundred at a time.
        self._path: QPainterPath | None = None
        self._arrow: QPolygonF | None = None
        self.label_rect = QRectF()
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        # The bounds as (left, top, right, bottom) floats, for the layer's view test.
        self.box = (0.0, 0.0, 0.0, 0.0)
        self.dimmed = False
        self.layer: ConnectionLayer | None = None
        self.label_px = 11
        # Painted by the layer; this item only paints its highlight when selected.
        self.setFlags(_FLAGS)
        self.setZValue(6)

    @property
    def key(self) -> tuple[str, str]:
        return self.conn.key

    @property
    def path(self) -> QPainterPath:
        if self._path is None:
            self._path = rounded_path(self.points)
        return self._path

    @property
    def arrow(self) -> QPolygonF:
        if self._arrow is None:
            self._arrow = arrow_head(self.points)
        return self._arrow

    def set_route(self, conn: Connection, points: list[tuple[float, float]]) -> None:
        if conn == self.conn and points == self.points and self._routed:
            return
        # Where the route changed, not all of it: a card nudged in its cell
        # moves the first leg of a route that may cross the map, and
        # repainting the whole route's box repainted most of the view.
        changed = _changed_area(self.points, points) if conn == self.conn and self._routed else None
        whole = changed is None  # nothing shared: all of the old route and all of the new repaint
        old = QRectF(self._bounds) if changed is None else changed
        old_label = QRectF(self.label_rect)
        self.prepareGeometryChange()
        retitled = conn != self.conn or not self._routed  # changed, or routed for the first time
        self.conn, self.points, self._routed = conn, points, True
        self._path = self._arrow = None
        self.label_rect = self._label_rect()
        self._shape = None  # built on the first hit test: most are never asked
        # The rounded corners stay inside the corners' box, so the points'
        # box holds the path without building it.
        xs, ys = [x for x, _ in points], [y for _, y in points]
        left, top = min(xs), min(ys)
        self._bounds = QRectF(left, top, max(xs) - left, max(ys) - top).united(self.label_rect).adjusted(
            -ARROW - 5, -ARROW - 5, ARROW + 5, ARROW + 5)
        self._sync_box()
        if retitled:  # a Qt call per route: only when its words changed
            self.setToolTip(self._tooltip())
        if self.layer is not None:
            area = old.united(old_label).united(self.label_rect)
            # (Only the old before: where a route changed wholesale, zoomed out,
            # its new legs stayed missing from the routes' cached picture.)
            self.layer.route_changed(area.united(self._bounds) if whole else area)

    def shift(self, dx: float, dy: float, repaint: bool = True) -> None:
        """Move the whole route (both ends moved by the same amount, as when
        a column to their left grew): the same route, without routing again.
        With repaint False the caller repaints the area (one update for a
        thousand shifted routes instead of a thousand). Plain arithmetic on
        the kept box rather than Qt calls: a deleted phase shifts thousands."""
        left, top, right, bottom = self.box
        self.prepareGeometryChange()
        self.points = [(x + dx, y + dy) for x, y in self.points]
        if self._path is not None:
            self._path.translate(dx, dy)
        if self._arrow is not None:
            self._arrow.translate(dx, dy)
        if self.conn.label:
            self.label_rect.translate(dx, dy)
        self._shape = None
        self._bounds.translate(dx, dy)
        self.box = (left + dx, top + dy, right + dx, bottom + dy)
        if repaint and self.layer is not None:
            self.layer.route_changed(QRectF(QPointF(min(left, left + dx), min(top, top + dy)),
                                            QPointF(max(right, right + dx), max(bottom, bottom + dy))))

    def _sync_box(self) -> None:
        b = self._bounds
        self.box = (b.left(), b.top(), b.right(), b.bottom())

    def _tooltip(self) -> str:
        parts = [self.conn.label] if self.conn.label else []
        if self.conn.share is not None:
            parts.append(f"{self.conn.share:.0%} of customers")
        return " · ".join(parts)

    def pen_width(self) -> float:
        # Wider for the paths more customers take (when shares are known).
        return 1.5 + (3.0 * self.conn.share if self.conn.share is not None else 0.0)

    def _label_leg(self) -> tuple[tuple[float, float], tuple[float, float]]:
        # The longest horizontal leg: horizontal legs run in the corridors
        # between card rows, where a label has room.
        legs = list(itertools.pairwise(self.points))
        flat = [(a, b) for a, b in legs if abs(a[1] - b[1]) < 0.5]
        return max(flat or legs, key=lambda ab: math.hypot(ab[1][0] - ab[0][0], ab[1][1] - ab[0][1]))

    def _label_rect(self) -> QRectF:
        if not self.conn.label:
            return QRectF()
        fm = _metrics(self.label_px)
        w, h = fm.horizontalAdvance(self.conn.label) + 8, fm.height() + 2
        a, b = self._label_leg()
        c = QPointF((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        return QRectF(c.x() - w / 2, c.y() - h / 2, w, h)

    def place_label(self, taken: list[QRectF], cards: CardIndex | None = None) -> None:
        """Put the label where it clears the labels placed before it and every
        card (two labels in one corridor printed over each other, and a label
        under a card could not be read): the first clear spot along the route;
        failing that, one clear of other labels at least."""
        if self.label_rect.isEmpty():
            return
        w, h = self.label_rect.width(), self.label_rect.height()
        clear_of_labels: QRectF | None = None
        chosen: QRectF | None = None
        for spot in label_spots(self.points, w, h):
            rect = QRectF(*spot)
            if any(rect.intersects(t) for t in taken):
                continue
            if cards is None or not cards.overlaps(spot):
                chosen = rect
                break
            if clear_of_labels is None:
                clear_of_labels = rect
        rect = chosen or clear_of_labels or self.label_rect
        if rect != self.label_rect:
            self.prepareGeometryChange()
            if self.layer is not None:  # the label's old and new place
                self.layer.route_changed(self.label_rect.united(rect))
            self.label_rect = rect
            self._bounds = self._bounds.united(rect)
            self._sync_box()
        taken.append(self.label_rect)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self.path)
        return self._shape

    def selection_changed(self, selected: bool) -> None:
        """Called by the scene: a selected connection paints its own highlight."""
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, not selected)
        if self.layer is not None:
            self.layer.route_changed(self._bounds)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        # Only the highlight: the layer draws the connection itself.
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.draw(painter, color(self.palette.card_selected), self.pen_width() + 1, True)

    def draw(self, painter: QPainter, c, width: float, detailed: bool) -> None:
        self.draw_line(painter, c, width)
        self.draw_head(painter, c, detailed)

    def draw_line(self, painter: QPainter, c, width: float) -> None:
        painter.strokePath(self.path, _pen(c.rgba(), width))

    def draw_head(self, painter: QPainter, c, detailed: bool) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c)
        painter.drawPolygon(self.arrow)
        if detailed:
            self.draw_label(painter)

    def draw_label(self, painter: QPainter) -> None:
        if self.conn.label:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color(self.palette.background))
            painter.drawRoundedRect(self.label_rect, 3, 3)
            painter.setPen(color(self.palette.text_muted))
            painter.setFont(font(self.label_px))
            draw_text(painter, self.label_rect, Qt.AlignmentFlag.AlignCenter, self.conn.label)


class ConnectionLayer(QGraphicsItem):
    """Draws every connection in one paint call, culled to the exposed area;
    zoomed far out, one pre-built path without antialiasing."""

    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.palette = palette
        self.items: list[ConnectionItem] = []
        self.labels: LabelLayer | None = None  # set by the LabelLayer that draws them
        self._bounds = QRectF()
        self._overview: list[QLineF] | None = None
        self.setZValue(5)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def set_items(self, items: list[ConnectionItem]) -> None:
        self.prepareGeometryChange()
        if self.labels is not None:
            self.labels.prepareGeometryChange()
            self.labels.update()
        self.items = items
        for item in items:
            item.layer = self
        self._recompute_bounds()
        self.update()

    def _recompute_bounds(self) -> None:
        # From the boxes kept as numbers: a Qt call per route cost more than
        # the rest of dropping a phase's connections.
        boxes = [item.box for item in self.items]
        if boxes:
            left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
            right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
            self._bounds = QRectF(QPointF(left, top), QPointF(right, bottom))
        else:
            self._bounds = QRectF()
        self._overview = None

    def route_changed(self, area: QRectF) -> None:
        """Repaint only where a route was or now is (a drag stays cheap)."""
        self._overview = None
        if not self._bounds.contains(area):
            self.prepareGeometryChange()
            if self.labels is not None:
                self.labels.prepareGeometryChange()
            self._bounds = self._bounds.united(area)
        self.update(area)
        if self.labels is not None:
            self.labels.update(area)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        exposed = option.exposedRect
        base = color(self.palette.connection)
        if lod < 0.45:
            # Zoomed out, the routes' legs as plain hairlines: rounded
            # corners a pixel across are not seen, and stroking 3,000 curved
            # paths cost more than the rest of the frame.
            if self._overview is None:
                self._overview = [QLineF(ax, ay, bx, by) for item in self.items if item.isVisible()
                                  for (ax, ay), (bx, by) in itertools.pairwise(item.points)]
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(base, 0))  # cosmetic hairline
            painter.drawLines(self._overview)
            return
        # Which routes are in view, by their bounds kept as plain numbers: a
        # Qt call per route (or the scene index, which asks every card in the
        # area for its bounds) cost more than drawing. Map order is kept, so
        # crossings draw the same way every time.
        x0, y0, x1, y1 = exposed.left(), exposed.top(), exposed.right(), exposed.bottom()
        shown = [item for item in self.items
                 if item.box[2] >= x0 and item.box[0] <= x1 and item.box[3] >= y0 and item.box[1] <= y1
                 and item.isVisible() and not item.isSelected()]
        # Routes are horizontal and vertical runs: crisp without antialiasing,
        # which halves the cost of a frame. Heads and labels are smoothed.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod >= 2.0)
        for item in shown:
            painter.setOpacity(0.2 if item.dimmed else 1.0)
            item.draw_line(painter, base, item.pen_width())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for item in shown:
            painter.setOpacity(0.2 if item.dimmed else 1.0)
            item.draw_head(painter, base, False)  # labels: LabelLayer, above the cards
        painter.setOpacity(1.0)


class LabelLayer(QGraphicsItem):
    """The connections' labels, drawn above the cards: a label is placed
    clear of every card where its route allows, and where it does not (a
    short leg between two cards), it is drawn over them rather than hidden."""

    def __init__(self, layer: ConnectionLayer) -> None:
        super().__init__()
        self.layer = layer
        layer.labels = self
        self.setZValue(11)  # cards are at 10
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.layer.boundingRect()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if option.levelOfDetailFromTransform(painter.worldTransform()) < 0.45:
            return  # unreadable at this size; the overview draws routes only
        exposed = option.exposedRect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for item in self.layer.items:
            if (item.conn.label and item.isVisible() and not item.isSelected()
                    and item.label_rect.intersects(exposed)):
                painter.setOpacity(0.2 if item.dimmed else 1.0)
                item.draw_label(painter)
        painter.setOpacity(1.0)
