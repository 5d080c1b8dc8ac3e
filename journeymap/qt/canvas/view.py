"""JourneyView: zoom about the cursor (Ctrl+wheel, pinch), pan (space-drag,
middle-drag), fit to window, rubber-band selection, inline renaming."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPixmapCache
from PySide6.QtWidgets import QFrame, QGraphicsView, QLabel, QLineEdit

from .scene import JourneyScene
from .sticky_headers import StickyHeaders
from .touchpoint_item import SIMPLE_LOD

# Far enough out for a 2,000-card map to fit a screen (zoomed out, cards
# draw a plain form that stays quick at any size).
MIN_ZOOM, MAX_ZOOM = 0.03, 4.0
# Fit to Window stops here: card names (14 px) stay at 9 px or more on screen.
FIT_LEGIBLE, FIT_MAX = 0.65, 1.0


class InlineEditor(QLineEdit):
    """A line edit laid over the canvas: Enter or focus-out commits, Esc cancels."""

    def __init__(self, parent, text: str, on_commit: Callable[[str], object],
                 on_close: Callable[[InlineEditor], None], on_cancel: Callable[[], object] | None = None) -> None:
        super().__init__(text, parent)
        self._on_commit = on_commit
        self._on_close = on_close
        self._on_cancel = on_cancel
        self._done = False
        self.selectAll()
        self.returnPressed.connect(self.commit)

    def commit(self) -> None:
        if self._done:
            return
        self._done = True
        text = self.text().strip()
        self._close()
        if text:
            self._on_commit(text)

    def cancel(self) -> None:
        if self._done:
            return
        self._done = True
        self._close()
        if self._on_cancel is not None:
            self._on_cancel()

    def _close(self) -> None:
        self.hide()
        self.deleteLater()
        self._on_close(self)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.commit()


class JourneyView(QGraphicsView):
    zoom_changed = Signal(float)
    notice = Signal(str)  # a passing word for the status bar
    _hint: QLabel | None

    def set_hint(self, text: str | None) -> None:
        """A note over the view saying how to start (None: no note). It is
        not part of the map, so no export or presentation shows it."""
        if text is None:
            if self._hint is not None:
                self._hint.hide()
            return
        hint = self._hint
        if hint is None:
            hint = self._hint = QLabel(self.viewport())
            hint.setWordWrap(True)
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            hint.setObjectName("emptyMapHint")
            hint.setStyleSheet("QLabel#emptyMapHint { background: palette(base); color: palette(text); "
                                     "border: 1px solid palette(mid); border-radius: 8px; padding: 14px 18px; "
                                     "font-size: 15px; }")
            hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        hint.setText(text)
        hint.show()
        self._place_hint()

    def hint_text(self) -> str | None:
        return self._hint.text() if self._hint is not None and not self._hint.isHidden() else None

    def _place_hint(self) -> None:
        """In the empty space below the map, else above it: never over the
        legend or a lane the user is about to use, if there is room."""
        if self._hint is None or self._hint.isHidden() or self.scene() is None:
            return  # (a closing window's view has lost its scene)
        vp = self.viewport().rect()
        width = min(560, vp.width() - 40)
        height = self._hint.heightForWidth(width)
        scene = self.scene().sceneRect()
        top = self.mapFromScene(scene.topLeft()).y()
        bottom = self.mapFromScene(scene.bottomLeft()).y()
        if vp.height() - bottom >= height + 16:
            y = bottom + 8
        elif top >= height + 16:
            y = top - height - 8
        else:
            y = max(20, vp.height() - height - 40)
        self._hint.setGeometry(vp.center().x() - width // 2, y, width, height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_hint()
        if hasattr(self, "sticky"):  # (Qt may resize the view while it is being made)
            self.sticky.sync()

    def __init__(self, scene: JourneyScene, parent=None) -> None:
        super().__init__(scene, parent)
        self._hint: QLabel | None = None
        # Where the last fit left the view when the whole map did not fit
        # legibly: asked again from there, fit shows all of it.
        self._legible_start: tuple[float, float, float] | None = None
        self._room = QRectF()  # the scene's rect with room for the sticky headers (null: none kept)
        # The hint stays beside the map as it is scrolled and zoomed.
        self.horizontalScrollBar().valueChanged.connect(self._place_hint)
        self.verticalScrollBar().valueChanged.connect(self._place_hint)
        self.zoom_changed.connect(self._place_hint)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        # Cards, the grid and the connection layer are cached as pixmaps; Qt's
        # default 10 MB cache thrashes on one full-HD view of a large map.
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), 64 * 1024))
        self._space_down = False
        self._panning = False
        self._pan_start = QPointF()
        self.editor: InlineEditor | None = None
        scene.ensure_visible.connect(lambda rect: self.ensureVisible(rect, 40, 40))
        self.sticky = StickyHeaders(self, scene)

    # ---------------------------------------------------------- file drops
    # Files dropped anywhere on the map (most of the window) are the
    # window's to handle: a .journey opens, a spreadsheet starts the import.
    # Anything else (no files) is the scene's, as before.
    def _file_drop(self, event) -> bool:
        mime = event.mimeData()
        return mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())

    def dragEnterEvent(self, event) -> None:
        if self._file_drop(event):
            self.window().dragEnterEvent(event)
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if self._file_drop(event):
            self.window().dragEnterEvent(event)  # the same question: can it be dropped here?
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        if self._file_drop(event):
            self.window().dropEvent(event)
        else:
            super().dropEvent(event)

    # ------------------------------------------------------------------ zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def clear_middle(self) -> QPoint:
        """The middle of the part of the view beside the room kept for the
        sticky headers (zoomed far out), in viewport pixels."""
        left, top = self.sticky.room(self.zoom())
        middle = self.viewport().rect().center()
        return QPoint(round(middle.x() + left / 2), round(middle.y() + top / 2))

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom about `anchor` (a viewport point that stays where it is on
        the screen), or without one about the middle of the view."""
        middle = self.mapToScene(self.clear_middle()) if anchor is None else None
        with self.sticky.held():
            self._zoom_to(factor, anchor)
        if middle is not None:
            # In the middle of what the room for the strips, if any, leaves.
            left, top = self.sticky.room(self.zoom())
            self.centerOn(middle - QPointF(left / 2, top / 2) / self.zoom())
        self.zoom_changed.emit(self.zoom())

    def _zoom_to(self, factor: float, anchor: QPointF | None) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        if anchor is not None:
            before = self.mapToScene(anchor.toPoint())
        else:
            # From the keyboard or a menu: about the middle of the view, not
            # wherever the mouse happens to rest (Ctrl+0 from 3% landed in a
            # corner of the map).
            middle = self.mapToScene(self.clear_middle())
        self.resetTransform()
        self.scale(factor, factor)
        if anchor is None:
            self.centerOn(middle)
        else:
            after = self.mapToScene(anchor.toPoint())
            delta = after - before
            self.translate(delta.x(), delta.y())
            # translate() is a no-op while the scene fits; scroll instead.
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x() * factor))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y() * factor))

    def zoom_by(self, step: float, anchor: QPointF | None = None) -> None:
        self.set_zoom(self.zoom() * step, anchor)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    def fit(self) -> None:
        """The whole map, if it fits at a size its cards can be read at;
        otherwise its start at that size, the rest a scroll away (a map
        shrunk to fit a small screen was a picture of unreadable cards),
        and asked again straight away, the whole map however small (a user
        who asked to fit a big map could not see it whole). Never enlarged
        past 100%: an empty map is not blown up."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        again = self._legible_start is not None and self._legible_start == self._place()
        self._legible_start = None
        zoom = min(FIT_MAX, self._fit_zoom(rect))
        if zoom >= FIT_LEGIBLE or again:
            self.set_zoom(zoom)
            self.centerOn(self.sceneRect().center())  # the map, and the room kept beside it
            return
        self.set_zoom(FIT_LEGIBLE)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self._legible_start = self._place()
        self.notice.emit("Showing the start of the map at a readable size: "
                         "press Ctrl+9 (Fit to Window) to see the whole map")

    def _fit_zoom(self, rect: QRectF) -> float:
        """The zoom that shows all of `rect` with the room the sticky
        headers keep beside it at that zoom (zoomed far out they name the
        phases and lanes at the map's left and top)."""
        width, height = self.viewport().width() - 4, self.viewport().height() - 4
        zoom = max(MIN_ZOOM, min(width / rect.width(), height / rect.height()))
        for _ in range(2):  # the room depends a little on the zoom
            left, top = self.sticky.room(zoom)
            zoom = max(MIN_ZOOM, min((width - left) / rect.width(), (height - top) / rect.height()))
        return zoom

    def keep_room(self, left: float, top: float) -> None:
        """Room beside the map, at its left and top (view pixels), where the
        sticky headers name what its own headers are too small to. The map
        keeps its place on the screen as the room changes."""
        scene = self.scene()
        zoom = self.zoom()
        wanted = QRectF() if not (left or top) else scene.sceneRect().adjusted(-left / zoom, -top / zoom, 0, 0)
        if wanted == self._room:
            return
        corner = self.mapToScene(QPoint(0, 0))
        self._room = wanted
        self.setSceneRect(wanted)  # a null rect: the scene's own again
        now = self.mapFromScene(corner)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + now.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + now.y())

    def _place(self) -> tuple[float, float, float]:
        """The zoom and the map's size. Not the scroll: Qt settles it after
        the zoom (the scroll bars come and go), and a scrolled view at the
        legible zoom is still 'asked again'."""
        rect = self.scene().sceneRect()
        return (self.zoom(), rect.width(), rect.height())

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(1.15 ** steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            # Before Qt paints at a new zoom, however it got there (the
            # zoom commands, a fit, Qt's own fitInView).
            scene = self.scene()
            if isinstance(scene, JourneyScene):
                scene.use_overview(self.zoom() < SIMPLE_LOD)
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                center = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                self.zoom_by(pinch.scaleFactor(), QPointF(center))
                event.accept()
                return True
        if event.type() == QEvent.Type.NativeGesture and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            self.zoom_by(1.0 + event.value(), event.position())
            return True
        return super().viewportEvent(event)

    # ------------------------------------------------------------------- pan
    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self.editor is None:
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
                self._space_down and event.button() == Qt.MouseButton.LeftButton):
            self._panning = True
            self._pan_start = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._panning:
            delta = event.position() - self._pan_start
            self._pan_start = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
            self._hover_at(event)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._panning:
            self._panning = False
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space_down else Qt.CursorShape.ArrowCursor)
            self._hover_at(event)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _hover_at(self, event) -> None:
        """Tell Qt where the mouse is during a pan, as a move with no button
        held: Qt had kept the move before the pan, and after each scroll it
        replays that one, so the card that scrolled under where the pan
        began showed its hover handle, wherever the mouse then was."""
        super().mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, event.position(), event.globalPosition(),
                                           Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, event.modifiers()))

    # --------------------------------------------------------------- editing
    def edit_inline(self, scene_rect: QRectF, text: str, on_commit: Callable[[str], object],
                    on_cancel: Callable[[], object] | None = None, px: float | None = None) -> InlineEditor:
        """An editor over `scene_rect`; `px` is the size of the text it edits
        on the map, which the editor's type matches at the current zoom."""
        if self.editor is not None:
            self.editor.commit()
        self.ensureVisible(scene_rect, 40, 40)
        rect = self.mapFromScene(scene_rect).boundingRect()
        editor = InlineEditor(self.viewport(), text, on_commit, self._editor_gone, on_cancel)
        height = max(28, min(rect.height(), 36))
        if px is not None:
            f = editor.font()
            f.setPixelSize(max(11, min(48, round(px * self.zoom()))))
            editor.setFont(f)
            height = max(28, round(f.pixelSize() * 1.6))
        editor.setGeometry(rect.x(), rect.y(), max(rect.width(), 100), height)  # no wider than the card
        editor.show()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor = editor
        return editor

    def edit_over(self, rect: QRect, text: str, on_commit: Callable[[str], object],
                  on_cancel: Callable[[], object] | None, px: int) -> InlineEditor:
        """An editor over `rect` of the view itself (a name on a sticky
        header strip, which lies over the map): renamed where it is read,
        without scrolling back to the map's own header."""
        if self.editor is not None:
            self.editor.commit()
        editor = InlineEditor(self, text, on_commit, self._editor_gone, on_cancel)
        f = editor.font()
        f.setPixelSize(max(11, px))
        editor.setFont(f)
        height = max(28, round(f.pixelSize() * 1.6))
        editor.setGeometry(rect.x(), rect.y() + (rect.height() - height) // 2, max(rect.width(), 120), height)
        editor.show()
        editor.raise_()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor = editor
        return editor

    def _editor_gone(self, editor: InlineEditor) -> None:
        if self.editor is editor:
            self.editor = None
            self.setFocus()
