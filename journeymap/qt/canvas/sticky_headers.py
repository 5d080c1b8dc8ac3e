"""Phase and lane names that stay in sight, as the headers of a web page's
table stick: a strip lies where the map's own phase headers are, and when
they would leave the top of the view (or cut a column's name at its left
edge) it stays at the top and names the phases in view; one down the left
does the same for the lanes. Zoomed out until the map's own names cannot be
read, the strips name them at a readable size, beside the map: the view
keeps room for them there, so they hide none of it.

They lie over the view, not in the map: no export, picture or print shows
them. Scrolling never moves the map under them (only zooming changes the
room kept). A click on a name chooses that phase or lane, a double-click
renames it, as on the map's own headers."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from journeymap.analysis.status import Status

from .style import color, font
from .text import draw_text

if TYPE_CHECKING:
    from .scene import JourneyScene
    from .view import JourneyView

# The map's own header text, on screen, below this many pixels cannot be
# read: the strips take over (below 44% for phase names, 58% for lanes).
READABLE_PX = 7.5
STRIP_PX = 12          # the least size of the strips' text
PHASE_STRIP_HEIGHT = 26
LANE_STRIP_WIDTH = 112
MIN_CHARS = 4          # fewer of a name's letters than this name nothing: none are shown
EMOTION = ""           # the emotion band's row on the lane strip (no lane has an empty id)


class Span(NamedTuple):
    """One name on a strip: the phase or lane, and where it runs along the strip."""
    item_id: str
    name: str
    start: float
    end: float
    status: Status = Status.NONE


class _Cell(NamedTuple):
    cell: QRectF
    text_rect: QRectF
    mark: QRectF | None
    text: str | None
    lines: int


class HeaderStrip(QWidget):
    """One strip: phases (along the top) or lanes (down the left)."""

    def __init__(self, view: JourneyView, scene: JourneyScene, along_top: bool) -> None:
        # A child of the view, not of its viewport: the viewport's contents
        # scroll, and its children with them.
        super().__init__(view)
        self.scene = scene
        self.along_top = along_top
        self.kind = "phase" if along_top else "lane"
        self.spans: list[Span] = []
        self.text_px = STRIP_PX
        self.pad = 8.0  # before a name: the map's own, at the map's size
        self.setObjectName("phaseStrip" if along_top else "laneStrip")
        self.setMouseTracking(True)
        self.hide()

    def labels(self) -> list[str]:
        """The names it shows now, whole or shortened (none while hidden)."""
        if not self.isVisible():
            return []
        return [span.name for span in self.spans if self._cell(span).text is not None]

    def cell_rect(self, span: Span) -> QRectF:
        if self.along_top:
            return QRectF(span.start, 0, span.end - span.start, self.height())
        return QRectF(0, span.start, self.width(), span.end - span.start)

    def span_at(self, point: QPoint) -> Span | None:
        along = point.x() if self.along_top else point.y()
        return next((span for span in self.spans if span.start <= along < span.end), None)

    def _font(self) -> QFont:
        return font(self.text_px, QFont.Weight.DemiBold)

    def _cell(self, span: Span) -> _Cell:
        """Where one name's cell, text and status mark go, and the text that
        fits (None where too little of the name would show to be read)."""
        metrics = QFontMetricsF(self._font())
        room = span.end - span.start
        mark = None
        pad = self.pad
        cell = self.cell_rect(span)
        if self.along_top:
            text_rect = cell.adjusted(pad, 0, -8, 0)
            # The name first; the status symbol where there is room for both.
            if span.status is not Status.NONE and room >= metrics.horizontalAdvance(span.name[:MIN_CHARS]) + 56:
                mark = QRectF(cell.right() - 22, (self.height() - 16) / 2, 16, 16)
                text_rect.setRight(mark.left() - 4)
        else:
            text_rect = cell.adjusted(pad, 2, -6, -2)
        lines = max(0, int(text_rect.height() // metrics.lineSpacing()))
        # (A few pixels spare: drawn text runs a little wider than measured, and is clipped.)
        width = text_rect.width() - 3
        text = _fitted(metrics, span.name, width, lines) if lines and width > 0 else ""
        # "P…" names nothing: a name shows when enough of it does.
        shown = text.removesuffix("…")
        readable = text == span.name or len(shown.strip()) >= min(MIN_CHARS, len(span.name))
        return _Cell(cell, text_rect, mark, text if readable else None, lines)

    def paintEvent(self, _event) -> None:
        palette = self.scene.colors
        painter = QPainter(self)
        background = palette.header_background if self.along_top else palette.lane_label_background
        painter.fillRect(self.rect(), color(background))
        painter.setFont(self._font())
        line = QPen(color(palette.grid_line), 1)
        for span in self.spans:
            laid = self._cell(span)
            painter.setPen(line)
            if self.along_top:
                painter.drawLine(QPointF(laid.cell.right(), 0), QPointF(laid.cell.right(), self.height()))
            else:
                painter.drawLine(QPointF(0, laid.cell.bottom()), QPointF(self.width(), laid.cell.bottom()))
            if laid.mark is not None:
                self._status_mark(painter, laid.mark, span.status)
            if self.scene.grid.chosen == (self.kind, span.item_id):
                # Outlined as on the map's own header: what Delete acts on.
                painter.setPen(QPen(color(palette.card_selected), 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(laid.cell.adjusted(2, 2, -2, -2))
            if laid.text is None:
                continue
            painter.setPen(color(palette.text))
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            if laid.lines > 1:
                flags |= Qt.TextFlag.TextWordWrap
            draw_text(painter, laid.text_rect, flags, laid.text)
        # The edge towards the map, so the strip reads as lying over it.
        painter.setPen(QPen(color(palette.grid_line), 2))
        if self.along_top:
            painter.drawLine(QPointF(0, self.height() - 1), QPointF(self.width(), self.height() - 1))
        else:
            painter.drawLine(QPointF(self.width() - 1, 0), QPointF(self.width() - 1, self.height()))
        painter.end()

    def _status_mark(self, painter: QPainter, rect: QRectF, status: Status) -> None:
        palette = self.scene.colors
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color(palette.status[status]))
        painter.drawEllipse(rect)
        painter.setPen(color(palette.status_text))
        painter.setFont(font(11, QFont.Weight.Bold))
        draw_text(painter, rect, Qt.AlignmentFlag.AlignCenter, status.symbol)
        painter.setFont(self._font())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    # A name on a strip answers the mouse as the map's own header does.
    def mousePressEvent(self, event) -> None:
        span = self.span_at(event.position().toPoint())
        if span is None or span.item_id == EMOTION:
            return
        if event.button() == Qt.MouseButton.LeftButton:
            (self.scene.phase_clicked if self.along_top else self.scene.lane_clicked).emit(span.item_id)
            self.update()  # outlined now
        elif event.button() == Qt.MouseButton.RightButton:
            self.scene.context_requested.emit(self.kind, span.item_id, event.globalPosition().toPoint())
        event.accept()

    def mouseDoubleClickEvent(self, event) -> None:
        span = self.span_at(event.position().toPoint())
        if span is not None and span.item_id != EMOTION and event.button() == Qt.MouseButton.LeftButton:
            self.scene.rename_requested.emit(self.kind, span.item_id)
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        span = self.span_at(event.position().toPoint())
        # The whole name where the strip shortened it.
        self.setToolTip(span.name if span is not None else "")


def _fitted(metrics: QFontMetricsF, name: str, width: float, lines: int) -> str:
    """The name, ended with '…' where it does not fit on its lines. A word
    wider than a line cannot wrap: then one line, shortened."""
    if (lines == 1 or metrics.horizontalAdvance(name) <= width
            or any(metrics.horizontalAdvance(word) > width for word in name.split())):
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, width * lines - metrics.averageCharWidth() * 2)


class StickyHeaders:
    """Keeps the two strips of one view current as it scrolls, zooms and as
    the map changes."""

    def __init__(self, view: JourneyView, scene: JourneyScene) -> None:
        self.view = view
        self.scene = scene
        self.phases = HeaderStrip(view, scene, along_top=True)
        self.lanes = HeaderStrip(view, scene, along_top=False)
        self._busy = False
        # Off where the view is driven as a whole (presentation mode frames
        # each phase itself, headers and all).
        self.enabled = True
        view.horizontalScrollBar().valueChanged.connect(self.sync)
        view.verticalScrollBar().valueChanged.connect(self.sync)
        view.zoom_changed.connect(self.sync)
        scene.refreshed.connect(self.refresh)
        scene.sceneRectChanged.connect(lambda _rect: self.sync())
        # A card chosen instead: the outline on a strip's name goes.
        scene.selectionChanged.connect(self.phases.update)
        scene.selectionChanged.connect(self.lanes.update)

    def place_of(self, kind: str, item_id: str) -> tuple[QRect, int] | None:
        """Where a phase's or lane's name shows on its strip (in the view's
        pixels), with the size of its text; None where no strip shows it
        wide enough to edit it there."""
        strip = self.phases if kind == "phase" else self.lanes
        span = next((span for span in strip.spans if span.item_id == item_id), None) if strip.isVisible() else None
        if span is None or span.end - span.start < 40:
            return None
        cell = strip.cell_rect(span).toRect().translated(strip.pos())
        return cell, strip.text_px

    def refresh(self) -> None:
        """After the map changed (names, statuses, colours): placed and drawn again."""
        self.sync()
        self.phases.update()
        self.lanes.update()

    def unreadable(self, zoom: float) -> tuple[bool, bool]:
        """(phase names, lane names) too small to read on the map at this zoom."""
        scene = self.scene
        if not (self.enabled and scene.grid.phases):
            return False, False
        s = scene.layout.sizes
        return s.header_px * zoom < READABLE_PX, scene.grid.show_lanes and s.lane_px * zoom < READABLE_PX

    def room(self, zoom: float) -> tuple[float, float]:
        """(left, top) in view pixels the strips need beside the map at this
        zoom, where its own names cannot be read there (else none)."""
        small_phases, small_lanes = self.unreadable(zoom)
        s = self.scene.layout.sizes
        _hx, _hy, _hw, hh = self.scene.layout.header_rect
        return (max(0.0, LANE_STRIP_WIDTH - s.lane_label_width * zoom) if small_lanes else 0.0,
                max(0.0, PHASE_STRIP_HEIGHT - hh * zoom) if small_phases else 0.0)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Still while the view zooms, brought up to date once after."""
        busy, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = busy
        self.sync()

    def sync(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            self._sync()
        finally:
            self._busy = False

    def _sync(self) -> None:
        view, scene = self.view, self.scene
        # A closing window's view has let go of its scene, or is gone.
        if not shiboken6.isValid(view) or view.scene() is not scene:
            return
        zoom = view.zoom()
        view.keep_room(*self.room(zoom))
        if not (self.enabled and scene.grid.phases):
            self.phases.hide()
            self.lanes.hide()
            return
        lay = scene.layout
        s = lay.sizes
        port = view.viewport().rect()
        small_phases, small_lanes = self.unreadable(zoom)

        def at(x: float, y: float) -> QPointF:
            return QPointF(view.mapFromScene(QPointF(x, y)))

        # The map's own lane label column and phase header band, on the screen.
        column_left, column_right = at(0, 0).x(), at(s.lane_label_width, 0).x()
        _hx, hy, _hw, hh = lay.header_rect
        band_top, band_bottom = at(0, hy).y(), at(0, hy + hh).y()
        # Where the map's names can be read, the strips take their size, so a
        # name does not change as it sticks; where not, a readable one.
        lane_width = LANE_STRIP_WIDTH if small_lanes else column_right - column_left
        rows = [(lane.id, lane.name, *lay.rows[lane.id]) for lane in scene.grid.lanes]
        if scene.grid.show_emotion:
            rows.append((EMOTION, "Emotion", lay.emotion_rect[1], lay.emotion_rect[3]))
        # A lane's own name is in the middle of its row: out of sight when the
        # view shows only the row's top or bottom part.
        top_edge = max(0.0, band_bottom)
        named_off = any(at(0, y + h).y() > top_edge + 8 and not top_edge <= at(0, y + h / 2).y() <= port.height()
                        and at(0, y).y() < port.height() - 8 for _id, _name, y, h in rows)
        show_lanes = bool(scene.grid.show_lanes and scene.grid.lanes) and (
            small_lanes or column_left < -0.5 or named_off)
        # Where the map's own label column ends, or stuck to the left edge.
        lanes_left = max(0.0, column_right - lane_width)
        lanes_right = lanes_left + lane_width if show_lanes else 0.0
        columns = [(phase, at(x, 0).x(), at(x + w, 0).x()) for phase in scene.grid.phases
                   for x, w in [lay.columns[phase.id]]]
        cut = any(start < lanes_right - 0.5 < end for _phase, start, end in columns)
        height = PHASE_STRIP_HEIGHT if small_phases else band_bottom - band_top
        show_phases = small_phases or band_top < -0.5 or cut
        phases_top = max(0.0, band_bottom - height)
        phases_bottom = phases_top + height if show_phases else max(0.0, band_bottom)
        if show_phases:
            header_px = scene.grid.header_font().pixelSize()  # one size for all, as the map's
            self.phases.text_px = STRIP_PX if small_phases else max(1, round(header_px * zoom))
            self.phases.pad = 8.0 if small_phases else max(4.0, 12 * zoom)  # as the map's header
            # As long as the map's header band: from the corner above the
            # lane strip (or the band's start) to the last column's end.
            left = lanes_left if show_lanes else max(0.0, column_right)
            right = min(float(port.width()), columns[-1][2])
            spans = [Span(phase.id, phase.name, max(start, lanes_right) - left, min(end, right) - left,
                          scene.grid.phase_status.get(phase.id, Status.NONE))
                     for phase, start, end in columns if end > lanes_right and start < right]
            self._place(self.phases, QRectF(left, phases_top, right - left, height), spans)
        else:
            self.phases.hide()
        if show_lanes:
            self.lanes.text_px = STRIP_PX if small_lanes else max(1, round(s.lane_px * zoom))
            self.lanes.pad = 8.0 if small_lanes else max(4.0, 10 * zoom)  # as the map's label
            spans = []
            # As long as the map's rows: the legend below is not covered.
            bottom = min(float(port.height()), at(0, rows[-1][2] + rows[-1][3]).y())
            for item_id, name, y, h in rows:
                start, end = at(0, y).y(), at(0, y + h).y()
                if end > phases_bottom and start < bottom:
                    spans.append(Span(item_id, name, max(start, phases_bottom) - phases_bottom,
                                      min(end, bottom) - phases_bottom))
            self._place(self.lanes, QRectF(lanes_left, phases_bottom, lanes_right - lanes_left,
                                           max(0.0, bottom - phases_bottom)), spans)
        else:
            self.lanes.hide()

    def _place(self, strip: HeaderStrip, rect: QRectF, spans: list[Span]) -> None:
        # The viewport's place in the view (none with the view's frameless look).
        geometry = rect.translated(QPointF(self.view.viewport().pos())).toRect()
        changed = spans != strip.spans or geometry != strip.geometry() or strip.isHidden()
        strip.spans = spans
        if geometry != strip.geometry():
            strip.setGeometry(geometry)
        if strip.isHidden():
            strip.show()
            strip.raise_()
        if changed:
            strip.update()
