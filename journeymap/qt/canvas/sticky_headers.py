"""Phase and lane names that stay in sight, as a spreadsheet's frozen panes
do: when the map's own headers are scrolled out of the view, or too small
to read zoomed out, a strip along the top names the phases in view and one
down the left names the lanes. They lie over the view, not in the map: no
export, picture or print shows them, and clicks pass through to the map."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
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
STRIP_PX = 12          # the strips' text, whatever the zoom
PHASE_STRIP_HEIGHT = 26
LANE_STRIP_WIDTH = 112
MIN_LABEL = 28         # narrower than this on screen, a column shows no status mark
MIN_CHARS = 4          # fewer of a name's letters than this name nothing: none are shown


class Span(NamedTuple):
    """One name on a strip: where it runs along the strip, in the view's pixels."""
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
        self.spans: list[Span] = []
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setObjectName("phaseStrip" if along_top else "laneStrip")
        self.hide()

    def labels(self) -> list[str]:
        """The names it shows now, whole or shortened (none while hidden)."""
        if not self.isVisible():
            return []
        return [span.name for span in self.spans if self._cell(span).text is not None]

    def _cell(self, span: Span) -> _Cell:
        """Where one name's cell, text and status mark go, and the text that
        fits (None where too little of the name would show to be read)."""
        metrics = QFontMetricsF(font(STRIP_PX, QFont.Weight.DemiBold))
        room = span.end - span.start
        mark = None
        if self.along_top:
            cell = QRectF(span.start, 0, room, self.height())
            text_rect = cell.adjusted(8, 0, -8, 0)
            if span.status is not Status.NONE and room >= MIN_LABEL + 24:
                # The symbol travels with the colour, as on the map's own headers.
                mark = QRectF(cell.right() - 22, (self.height() - 16) / 2, 16, 16)
                text_rect.setRight(mark.left() - 4)
        else:
            cell = QRectF(0, span.start, self.width(), room)
            text_rect = cell.adjusted(8, 2, -6, -2)
        lines = max(0, int(text_rect.height() // metrics.lineSpacing()))
        text = _fitted(metrics, span.name, text_rect.width(), lines) if lines and text_rect.width() > 0 else ""
        # "P…" names nothing: a name shows when enough of it does.
        shown = text.removesuffix("…")
        readable = text == span.name or len(shown.strip()) >= min(MIN_CHARS, len(span.name))
        return _Cell(cell, text_rect, mark, text if readable else None, lines)

    def paintEvent(self, _event) -> None:
        palette = self.scene.colors
        painter = QPainter(self)
        background = palette.header_background if self.along_top else palette.lane_label_background
        painter.fillRect(self.rect(), color(background))
        painter.setFont(font(STRIP_PX, QFont.Weight.DemiBold))
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
        painter.setFont(font(STRIP_PX, QFont.Weight.DemiBold))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def _fitted(metrics: QFontMetricsF, name: str, width: float, lines: int) -> str:
    """The name, ended with '…' where it does not fit on its lines."""
    if lines == 1 or metrics.horizontalAdvance(name) <= width:
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, width * lines - metrics.averageCharWidth() * 2)


class StickyHeaders:
    """Keeps the two strips of one view current as it scrolls, zooms and as
    the map changes. The strips sit in margins of the view, as a table's
    headers do, so they hide none of the map; the map does not jump when
    one comes or goes."""

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

    def refresh(self) -> None:
        """After the map changed (names, statuses, colours): placed and drawn again."""
        self.sync()
        self.phases.update()
        self.lanes.update()

    def needed(self) -> tuple[bool, bool]:
        """(phase strip, lane strip) where the view now stands."""
        view, scene = self.view, self.scene
        lay = scene.layout
        if not scene.grid.phases:
            return False, False
        s = lay.sizes
        _hx, hy, _hw, hh = lay.header_rect
        # More than half of the map's own header out of the view at the top
        # (or of its lane labels at the left), or its names too small to read.
        header_mid = view.mapFromScene(QPointF(0, hy + hh / 2)).y()
        label_mid = view.mapFromScene(QPointF(s.lane_label_width / 2, 0)).x()
        small_phases, small_lanes = self.unreadable(view.zoom())
        return header_mid < 0 or small_phases, small_lanes or (scene.grid.show_lanes and label_mid < 0)

    def unreadable(self, zoom: float) -> tuple[bool, bool]:
        """(phase names, lane names) too small to read on the map at this zoom."""
        scene = self.scene
        if not scene.grid.phases:
            return False, False
        s = scene.layout.sizes
        return s.header_px * zoom < READABLE_PX, scene.grid.show_lanes and s.lane_px * zoom < READABLE_PX

    @staticmethod
    def room(phases: bool, lanes: bool) -> tuple[int, int]:
        """(left, top) the strips take from the view."""
        return (LANE_STRIP_WIDTH if lanes else 0, PHASE_STRIP_HEIGHT if phases else 0)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Still while the view zooms: a strip coming mid-zoom would move
        the viewport under the point the zoom keeps in place. Brought up to
        date once after."""
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
        # (A closing window's view has let go of its scene.)
        showing = self.enabled and view.scene() is scene
        show_phases, show_lanes = self.needed() if showing else (False, False)
        left, top = self.room(show_phases, show_lanes)
        view.set_header_room(left, top)
        if not (show_phases or show_lanes):
            self.phases.hide()
            self.lanes.hide()
            return
        lay = scene.layout
        port = view.viewport().rect()
        if show_phases:
            spans = []
            for phase in scene.grid.phases:
                x, w = lay.columns[phase.id]
                start, end = view.mapFromScene(QPointF(x, 0)).x(), view.mapFromScene(QPointF(x + w, 0)).x()
                if end > 0 and start < port.width():
                    # A column partly out of the view names itself in what shows.
                    spans.append(Span(phase.name, left + max(start, 0), left + min(end, port.width()),
                                      scene.grid.phase_status.get(phase.id, Status.NONE)))
            self._place(self.phases, QRectF(0, 0, left + port.width(), top), spans)
        else:
            self.phases.hide()
        if show_lanes:
            spans = []
            rows = [(lane.name, *lay.rows[lane.id]) for lane in scene.grid.lanes]
            if scene.grid.show_emotion:
                rows.append(("Emotion", lay.emotion_rect[1], lay.emotion_rect[3]))
            for name, y, h in rows:
                start, end = view.mapFromScene(QPointF(0, y)).y(), view.mapFromScene(QPointF(0, y + h)).y()
                if end > 0 and start < port.height():
                    spans.append(Span(name, max(start, 0), min(end, port.height())))
            self._place(self.lanes, QRectF(0, top, left, port.height()), spans)
        else:
            self.lanes.hide()

    @staticmethod
    def _place(strip: HeaderStrip, rect: QRectF, spans: list[Span]) -> None:
        geometry = rect.toRect()
        changed = spans != strip.spans or geometry != strip.geometry() or strip.isHidden()
        strip.spans = spans
        if geometry != strip.geometry():
            strip.setGeometry(geometry)
        if strip.isHidden():
            strip.show()
            strip.raise_()
        if changed:
            strip.update()
