"""Presentation (workshop) mode: the map projected full screen in a
high-contrast theme with large type, walked phase by phase with the keys a
presentation clicker sends; metrics revealed when the room is ready; pain
points, opportunities, notes and dot votes captured as ordinary undoable
edits of the same document, so autosave keeps running and the editor shows
them when the mode ends."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEasingCurve, QEvent, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from journeymap.analysis.confidence import describe
from journeymap.analysis.scorecard import Filter, status_words
from journeymap.analysis.weak import no_weak_words
from journeymap.drawing.theme import PRESENTATION_SIZES, PROJECTOR_DARK, PROJECTOR_LIGHT, Palette
from journeymap.model.metrics import format_value

from .canvas.scene import JourneyScene
from .canvas.touchpoint_item import TouchpointItem, captured
from .canvas.view import JourneyView
from .document import JourneyDocument

REVEAL_ORDER = ("all", "none", "weak")
REVEAL_TEXT = {"all": "all metrics shown", "none": "metrics hidden", "weak": "only weak touchpoints' metrics"}
# Presentation text is 20 px at 100%; never zoom out past 90% so nothing
# falls under 18 px on the projector.
MIN_ZOOM = 0.9
# The presentation's keys: what keyPressEvent does with each (the method
# named last) and what F1 lists, from this one table so they cannot drift.
# (1-9, Ctrl+Z and Ctrl+Shift+Z are handled apart and listed in KEY_EXTRAS.)
PRESENT_KEYS: tuple[tuple[tuple[Qt.Key, ...], str, str, str], ...] = (
    ((Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down, Qt.Key.Key_Space), "Right, PageDown, Space",
     "the next phase (what a clicker sends)", "next"),
    ((Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace), "Left, PageUp, Backspace",
     "the previous phase", "previous"),
    ((Qt.Key.Key_Home,), "Home", "back to the overview", "_home"),
    ((Qt.Key.Key_T,), "T", "start or stop the weak-touchpoints tour", "_toggle_tour"),
    ((Qt.Key.Key_M,), "M", "metrics shown, hidden, only the weak ones", "cycle_reveal"),
    ((Qt.Key.Key_Tab,), "Tab", "spotlight the next touchpoint", "_focus_next"),
    ((Qt.Key.Key_Backtab,), "Shift+Tab", "spotlight the previous touchpoint", "_focus_previous"),
    ((Qt.Key.Key_P,), "P", "add a pain point to the spotlit touchpoint", "_capture_pain"),
    ((Qt.Key.Key_O,), "O", "add an opportunity", "_capture_opportunity"),
    ((Qt.Key.Key_N,), "N", "add a note", "_capture_note"),
    ((Qt.Key.Key_D,), "D", "dark or light projector colours", "_toggle_palette"),
    ((Qt.Key.Key_J,), "J", "walk the current journey, the future one, or both", "cycle_state"),
    ((Qt.Key.Key_Escape,), "Esc", "end the tour, then the spotlight, then leave", "_escape"),
)
KEY_EXTRAS = (("1-9", "jump to a phase"), ("Ctrl+Z, Ctrl+Shift+Z", "undo, redo"),
              ("click, right-click", "add or remove a dot vote"))

CAPTURE_FIELDS = {Qt.Key.Key_P: ("pain_points", "Pain point"), Qt.Key.Key_O: ("opportunities", "Opportunity"),
                  Qt.Key.Key_N: ("notes", "Note")}


FOOTER_HEIGHT = 80


def _overlay_font(px: int, bold: bool = False) -> QFont:
    f = QFont(PRESENTATION_SIZES.font_family)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


class _Overlay(QLabel):
    """A panel of large text over the map, in the projector palette."""

    def __init__(self, parent: QWidget, px: int = 22) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setFont(_overlay_font(px))
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_palette(self, pal: Palette) -> None:
        self.setStyleSheet(f"QLabel {{ background: {pal.background}; color: {pal.text}; "
                           f"border: 3px solid {pal.text}; border-radius: 8px; padding: 12px 18px; }}")


class CaptureBox(QFrame):
    """The large, simple input for a pain point, opportunity or note."""

    committed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setFont(_overlay_font(24, bold=True))
        self.edit = QLineEdit()
        self.edit.setFont(_overlay_font(28))
        self.edit.returnPressed.connect(self._commit)
        self.edit.installEventFilter(self)
        hint = QLabel("Enter to add · Esc to cancel")
        hint.setFont(_overlay_font(20))
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(hint)
        self.hide()

    def set_palette(self, pal: Palette) -> None:
        self.setStyleSheet(f"QFrame {{ background: {pal.background}; border: 4px solid {pal.card_selected}; "
                           f"border-radius: 10px; }} QLabel {{ color: {pal.text}; border: none; }} "
                           f"QLineEdit {{ color: {pal.text}; background: {pal.background}; "
                           f"border: 2px solid {pal.text}; padding: 8px; }}")

    def ask(self, title: str) -> None:
        self.label.setText(title)
        self.edit.clear()
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(1100, parent.width() - 80)
        self.setGeometry((parent.width() - width) // 2, parent.height() // 3, width, 190)
        self.show()
        self.raise_()
        self.edit.setFocus()

    def _commit(self) -> None:
        text = self.edit.text().strip()
        self.hide()
        if text:
            self.committed.emit(text)
        else:
            self.cancelled.emit()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.cancelled.emit()
            return True
        return False


class PresentationWindow(QWidget):
    closed = Signal()

    def __init__(self, document: JourneyDocument, dark: bool = False, parent=None,
                 flt: Filter | None = None, persona: str | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{document.journey.info.name} — presentation")
        self.document = document
        self.palette_ = PROJECTOR_DARK if dark else PROJECTOR_LIGHT
        # No title block: the footer says where the room is, and the map gets the height.
        self.scene = JourneyScene(document, self.palette_, self, show_title=False, sizes=PRESENTATION_SIZES)
        # The editor's view: its segment, period, journey (current, future
        # or both) and persona; J switches the journey here.
        if flt is not None:
            self.scene.set_filter(flt)
        if persona is not None:
            self.scene.set_persona_focus(persona)
        self.view = JourneyView(self.scene, self)
        self.view.setDragMode(JourneyView.DragMode.NoDrag)
        self.view.sticky.enabled = False  # each step frames a phase, its header in sight
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)
        for item in self.scene.card_items.values():
            item.setFlag(TouchpointItem.GraphicsItemFlag.ItemIsMovable, False)
        self.scene.refreshed.connect(self._on_refreshed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.footer = _Overlay(self, 20)
        self.info = _Overlay(self, 22)
        self.info.hide()
        self.capture = CaptureBox(self)
        self.capture.committed.connect(self._on_captured)
        self.capture.cancelled.connect(self.setFocus)
        self._capture_field: str | None = None
        self.step = 0                    # 0 = overview, i = phase i
        self.focus_id: str | None = None
        self.tour: list | None = None    # weak touchpoints while touring
        self.tour_index = -1
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(450)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._from = self._to = (0.0, 0.0, 1.0)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.valueChanged.connect(self._on_animation)
        self._apply_palette()
        self._on_refreshed()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._update_footer()

    # ---------------------------------------------------------------- showing
    def present(self) -> None:
        """Full screen, on the second screen when there is one, so the
        presenter keeps the editor on the laptop."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setScreen(screens[1])
            self.move(screens[1].geometry().topLeft())
        self.showFullScreen()
        self.activateWindow()
        self.setFocus()
        self.go_to(0, animate=False)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_overlays()
        if self._animation.state() != QVariantAnimation.State.Running:
            self.go_to(self.step, animate=False)

    def _place_overlays(self) -> None:
        w, h = self.width(), self.height()
        self.footer.setGeometry(16, h - 74, w - 32, 58)
        self.info.setGeometry(w - min(760, w // 2) - 24, 24, min(760, w // 2), min(420, h // 2))

    def _apply_palette(self) -> None:
        pal = self.palette_
        self.scene.set_palette(pal)
        self.view.setBackgroundBrush(self.scene.backgroundBrush())
        for overlay in (self.footer, self.info):
            overlay.set_palette(pal)
        self.capture.set_palette(pal)
        self.setStyleSheet(f"PresentationWindow {{ background: {pal.background}; }}")

    def _on_refreshed(self) -> None:
        # Room around the map so any part can be centred above the footer
        # (a view cannot scroll past its scene rect).
        self.view.setSceneRect(self.scene.sceneRect().adjusted(-3000, -3000, 3000, 3000))
        for item in self.scene.card_items.values():
            item.setFlag(TouchpointItem.GraphicsItemFlag.ItemIsMovable, False)
        self.scene.spotlight(self.focus_id, None if self.tour is not None else self.visible_phase())
        if self.tour is not None:
            self._show_tour_info()
        elif self.focus_id is not None:
            # The panel follows an edit (a vote, a capture, M); the view stays.
            if self.document.journey.has_touchpoint(self.focus_id):
                self._show_focus_info(self.focus_id)
            else:
                self.set_focus(None)

    # ------------------------------------------------------------- navigation
    @property
    def phase_ids(self) -> list[str]:
        return [p.id for p in self.document.journey.phases]

    def visible_phase(self) -> str | None:
        return self.phase_ids[self.step - 1] if self.step else None

    def step_rect(self, step: int) -> QRectF:
        lay = self.scene.layout
        if step == 0:
            return self.scene.itemsBoundingRect().adjusted(-12, -12, 12, 12)
        x, w = lay.columns[self.phase_ids[step - 1]]
        top = lay.macro_bands[0][1][1] if lay.macro_bands else lay.header_rect[1]
        bottom = lay.emotion_rect[1] + lay.emotion_rect[3]
        return QRectF(x - 8, top - 8, w + 16, bottom - top + 16)

    def usable_height(self) -> int:
        return self.view.viewport().height() - FOOTER_HEIGHT

    def target_zoom(self, rect: QRectF) -> float:
        vp = self.view.viewport()
        fit = min(vp.width() / rect.width(), self.usable_height() / rect.height())
        return max(MIN_ZOOM, min(fit, 3.0))

    def go_to(self, step: int, animate: bool = True) -> None:
        step = max(0, min(step, len(self.phase_ids)))
        if step != self.step:
            self.set_focus(None)
        self.step = step
        self.scene.spotlight(self.focus_id, self.visible_phase())
        self._zoom_to(self.step_rect(step), animate)
        self.scene.grid.highlight_phase = self.visible_phase()
        self.scene.grid.update()
        self._update_footer()

    def _zoom_to(self, rect: QRectF, animate: bool) -> None:
        zoom = self.target_zoom(rect)
        target = (rect.center().x(), rect.center().y(), zoom)
        current = self._current_view()
        self._animation.stop()
        if not animate or not self.isVisible():
            self._apply_view_rect(target)
            return
        self._from, self._to = current, target
        self._animation.start()

    def _on_animation(self, t: float) -> None:
        self._apply_view_rect(tuple(a + (b - a) * t for a, b in zip(self._from, self._to, strict=True)))

    def _current_view(self) -> tuple[float, float, float]:
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        zoom = self.view.zoom()
        return centre.x(), centre.y() - FOOTER_HEIGHT / 2 / zoom, zoom

    def _apply_view_rect(self, value) -> None:
        """Centre (cx, cy) in the part of the screen above the footer."""
        cx, cy, zoom = value
        self.view.resetTransform()
        self.view.scale(zoom, zoom)
        self.view.centerOn(cx, cy + FOOTER_HEIGHT / 2 / zoom)

    def next(self) -> None:
        if self.tour is not None:
            self.tour_step(1)
        else:
            self.go_to(self.step + 1)

    def previous(self) -> None:
        if self.tour is not None:
            self.tour_step(-1)
        else:
            self.go_to(self.step - 1)

    # --------------------------------------------------------------- focus
    def touchpoints_in_view(self) -> list[str]:
        phase = self.visible_phase()
        lay = self.scene.layout
        tps = [tp for tp in self.document.journey.touchpoints
               if (phase is None or tp.phase == phase) and self.scene.shown(tp.id)]
        return [tp.id for tp in sorted(tps, key=lambda t: (lay.cards[t.id][0], lay.cards[t.id][1]))]

    def set_focus(self, tp_id: str | None) -> None:
        self.focus_id = tp_id
        self.scene.spotlight(tp_id, self.visible_phase())
        if self.tour is None:
            # A spotlit card's metrics in full beside it: on the card, only
            # the worst fits at projector size ("+2" for the rest).
            if tp_id is not None and self.document.journey.has_touchpoint(tp_id):
                self._bring_into_view(tp_id)
                self._show_focus_info(tp_id)
            else:
                self.info.hide()
        self._update_footer()

    def _bring_into_view(self, tp_id: str) -> None:
        """Tab may spotlight a card outside the view (a tall phase on a
        small screen): centre on it then, above the footer."""
        x, y, w, h = self.scene.layout.cards[tp_id]
        vp = self.view.viewport().rect().adjusted(0, 0, 0, -FOOTER_HEIGHT)
        card = self.view.mapFromScene(QRectF(x, y, w, h)).boundingRect()
        if not vp.contains(card):
            self._animation.stop()
            self._apply_view_rect((x + w / 2, y + h / 2, self.view.zoom()))

    def _show_focus_info(self, tp_id: str) -> None:
        j = self.document.journey
        tp = j.touchpoint(tp_id)
        reveal = self.scene.reveal
        rank = self.scene.analysis.rank_of(tp_id)
        # What the audience may see: nothing while metrics are hidden for
        # the discussion, only a weak card's when only those are shown.
        show = reveal == "all" or (reveal == "weak" and rank is not None)
        rows = self._metric_rows(tp_id) if show else []
        heading = f"#{rank} {_esc(tp.name)}" if rank is not None and show else _esc(tp.name)
        status = self.scene.cards.touchpoint_status(tp_id)
        self.info.setText(
            f"<div style='font-size:28px'><b>{heading}</b></div>"
            f"<div>{_esc(j.phase(tp.phase).name)}"
            + (f" · {status.symbol} {status.label}" if show else "") + "</div>"
            + ("<br>" + "<br>".join(rows) if rows else "")
            + self._captured_html(tp_id))
        self._place_info_beside(tp_id)
        self.info.show()
        self.info.raise_()

    def _metric_rows(self, tp_id: str) -> list[str]:
        cards = self.scene.cards
        rows = []
        for r in cards.touchpoints.get(tp_id, []):
            metric = cards.metrics[r.metric]
            target = format_value(metric, r.target) if r.target is not None else "no target"
            # "NPS -12 ± 9, n=460": how sure the figure is, in the room too.
            shown = describe(metric, r.value, r.n, r.interval(metric)) if r.value is not None else "–"
            words = status_words(metric, r)
            unsure = " · <i>not yet distinguishable from the target</i>" if words.endswith("(unsure)") else ""
            few = " · <i>too few answers to count</i>" if r.too_few else ""
            rows.append(f"{r.status.symbol} <b>{_esc(metric.name)}</b> {_esc(shown)} (target {target}){unsure}{few}")
        return rows

    def _captured_html(self, tp_id: str) -> str:
        return "".join(f"<br><br><b>{title}</b><br>" + "<br>".join(f"– {_esc(text)}" for text in items[:4])
                       for title, items in captured(self.document.journey.touchpoint(tp_id)))

    def _place_info_beside(self, tp_id: str) -> None:
        """The panel beside the card, on the side with more room."""
        x, y, w, _h = self.scene.layout.cards[tp_id]
        card_left = self.view.mapFromScene(QPointF(x, y)).x()
        card_right = self.view.mapFromScene(QPointF(x + w, y)).x()
        # The side with more room, as wide as that room allows: a card near
        # the middle must not end up under the panel.
        room_left, room_right = card_left - 48, self.width() - card_right - 48
        room = max(room_left, room_right)
        width = max(320, min(760, room))
        left = 24 if room_left >= room_right else self.width() - width - 24
        # As tall as its text, within half the screen.
        height = min(self.height() - FOOTER_HEIGHT - 48, max(120, self.info.heightForWidth(width)))
        self.info.setGeometry(left, 24, width, height)

    def cycle_focus(self, direction: int) -> None:
        ids = self.touchpoints_in_view()
        if not ids:
            return
        if self.focus_id in ids:
            index = (ids.index(self.focus_id) + direction) % len(ids)
        else:
            index = 0 if direction > 0 else len(ids) - 1
        self.set_focus(ids[index])

    # ---------------------------------------------------------------- reveal
    def cycle_reveal(self) -> None:
        self.scene.reveal = REVEAL_ORDER[(REVEAL_ORDER.index(self.scene.reveal) + 1) % len(REVEAL_ORDER)]
        self.scene.refresh()
        self._update_footer()

    # ------------------------------------------------------------------ tour
    def start_tour(self) -> None:
        self.tour = list(self.scene.weak)
        self.tour_index = -1
        if not self.tour:
            self.tour = None
            self._update_footer(no_weak_words(self.scene.cards))
            return
        self.tour_step(1)

    def stop_tour(self) -> None:
        self.tour = None
        self.info.hide()
        self.set_focus(None)
        self.go_to(self.step)

    def tour_step(self, direction: int) -> None:
        if not self.tour:
            return
        self.tour_index = max(0, min(self.tour_index + direction, len(self.tour) - 1))
        weak = self.tour[self.tour_index]
        self.focus_id = weak.id
        self.scene.spotlight(weak.id)
        x, y, w, h = self.scene.layout.cards[weak.id]
        card = QRectF(x, y, w, h)
        # Show the card and its neighbourhood, with the info panel beside it.
        self._zoom_to(card.adjusted(-w, -h * 1.5, w * 2.2, h * 1.5), animate=True)
        self._show_tour_info()

    def _show_tour_info(self) -> None:
        if self.tour is None or not self.tour:
            return
        weak = self.tour[self.tour_index]
        j = self.document.journey
        if not j.has_touchpoint(weak.id):
            return
        rows = self._metric_rows(weak.id)
        self.info.setText(
            f"<div style='font-size:28px'><b>#{weak.rank} {_esc(weak.name)}</b></div>"
            f"<div>{_esc(j.phase(weak.phase).name)} · {weak.status.symbol} {weak.status.label}</div><br>"
            + "<br>".join(rows) + "<br><br>" + "<br>".join(f"• {_esc(reason)}" for reason in weak.reasons)
            + self._captured_html(weak.id))
        self._place_overlays()
        self.info.show()
        self.info.raise_()
        self._update_footer()

    # --------------------------------------------------------------- capture
    def start_capture(self, field: str, label: str) -> None:
        if self.focus_id is None:
            self._update_footer("Pick a touchpoint first: Tab moves the focus.")
            return
        self._capture_field = field
        if self.focus_id is None:
            return
        name = self.document.journey.touchpoint(self.focus_id).name
        self.capture.ask(f"{label} for “{name}”")

    def _on_captured(self, text: str) -> None:
        field = self._capture_field
        if self.focus_id is None or field is None:
            return
        tp = self.document.journey.touchpoint(self.focus_id)
        label = {"pain_points": "Add pain point", "opportunities": "Add opportunity", "notes": "Add note"}[field]
        self.document.update_touchpoint(tp.id, label, **{field: (*getattr(tp, field), text)})
        self.setFocus()
        self._update_footer(f"Added to “{tp.name}”: {text}")

    def vote(self, tp_id: str, delta: int) -> None:
        tp = self.document.journey.touchpoint(tp_id)
        votes = max(0, tp.votes + delta)
        if votes != tp.votes:
            self.document.update_touchpoint(tp_id, "Add vote" if delta > 0 else "Remove vote", votes=votes)

    # ------------------------------------------------------------------ keys
    def event(self, event) -> bool:
        # Tab would move the keyboard focus between widgets; here it moves
        # the spotlight between touchpoints.
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) \
                and not self.capture.isVisible():
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if self.capture.isVisible():
            return
        key = event.key()
        if event.matches(QKeySequence.StandardKey.Undo):
            self.document.undo_stack.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.document.undo_stack.redo()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self._to_phase(key - Qt.Key.Key_0)
        else:
            action = next((name for keys, _text, _does, name in PRESENT_KEYS if key in keys), None)
            if action is None:
                super().keyPressEvent(event)
                return
            getattr(self, action)()
        event.accept()

    def cycle_state(self) -> None:
        """The current journey, then the future one, then both: the walk and
        the tour follow (a retired card is not in the future one)."""
        order = ("current", "future", "both")
        state = order[(order.index(self.scene.filter.state) + 1) % len(order)]
        self.scene.set_filter(dataclasses.replace(self.scene.filter, state=state))
        if self.focus_id is not None and not self.scene.shown(self.focus_id):
            self.set_focus(None)
        if self.tour is not None:
            self.start_tour()
        self._update_footer()

    # What the keys of PRESENT_KEYS do (one method each, named there).
    def _home(self) -> None:
        self._to_phase(0)

    def _to_phase(self, step: int) -> None:
        if self.tour is not None:
            self.stop_tour()
        self.go_to(step)

    def _toggle_tour(self) -> None:
        self.stop_tour() if self.tour is not None else self.start_tour()

    def _focus_next(self) -> None:
        self.cycle_focus(1)

    def _focus_previous(self) -> None:
        self.cycle_focus(-1)

    def _capture_pain(self) -> None:
        self.start_capture(*CAPTURE_FIELDS[Qt.Key.Key_P])

    def _capture_opportunity(self) -> None:
        self.start_capture(*CAPTURE_FIELDS[Qt.Key.Key_O])

    def _capture_note(self) -> None:
        self.start_capture(*CAPTURE_FIELDS[Qt.Key.Key_N])

    def _toggle_palette(self) -> None:
        self.palette_ = PROJECTOR_LIGHT if self.palette_ is PROJECTOR_DARK else PROJECTOR_DARK
        self._apply_palette()

    def _escape(self) -> None:
        if self.tour is not None:
            self.stop_tour()
        elif self.focus_id is not None:
            self.set_focus(None)
        else:
            self.close()

    def eventFilter(self, obj, event) -> bool:
        """Clicks vote (left adds, right removes); the map itself cannot be
        dragged or edited here. Keys go to the window."""
        if event.type() == QEvent.Type.KeyPress and obj is self.view:
            self.keyPressEvent(event)
            return True
        if obj is self.view.viewport() and event.type() in (QEvent.Type.MouseButtonPress,
                                                            QEvent.Type.MouseButtonDblClick):
            card = self.scene.card_at(self.view.mapToScene(event.position().toPoint()))
            if card is not None:
                # A vote leaves the spotlight as it is: spotlighting each
                # voted card dimmed (and hid) everyone else's votes.
                if event.button() == Qt.MouseButton.LeftButton:
                    self.vote(card.tp_id, +1)
                elif event.button() == Qt.MouseButton.RightButton:
                    self.vote(card.tp_id, -1)
            return True
        if obj is self.view.viewport() and event.type() in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease,
                                                            QEvent.Type.ContextMenu):
            return True
        return super().eventFilter(obj, event)

    # ---------------------------------------------------------------- footer
    def _update_footer(self, message: str | None = None) -> None:
        phases = self.document.journey.phases
        if self.tour is not None:
            where = f"Weak touchpoints tour: {self.tour_index + 1} of {len(self.tour)}"
        elif self.step == 0:
            where = "Overview"
        else:
            where = f"Phase {self.step} of {len(phases)}: {_esc(phases[self.step - 1].name)}"
        focus = ""
        if self.focus_id and self.document.journey.has_touchpoint(self.focus_id):
            focus = f" · focus: {_esc(self.document.journey.touchpoint(self.focus_id).name)}"
        # Esc does one thing at a time; the hint says which it will do now.
        escape = ("Esc end tour" if self.tour is not None else
                  "Esc clear focus" if self.focus_id is not None else "Esc leave")
        # Esc first: on a narrow screen the end of the line is what gets cut.
        hint = message or f"{escape} · ← → move · T tour · Tab focus · P O N capture · click vote · M metrics"
        # Which journey is walked, once the map has a future state to tell apart.
        planned = any(tp.state != "current" for tp in self.document.journey.touchpoints)
        state = {"both": " · current and future (J)", "current": " · current journey (J)",
                 "future": " · future journey (J)"}[self.scene.filter.state] if planned else ""
        self.footer.setText(f"<b>{where}</b>{focus}{state} · {REVEAL_TEXT[self.scene.reveal]} (M) &nbsp; "
                            f"<span>{_esc(hint)}</span>")

    def closeEvent(self, event) -> None:
        self._animation.stop()
        # The window is deleted on close; its scene must stop following the
        # document before its items go.
        self.scene.detach()
        self.closed.emit()
        super().closeEvent(event)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

