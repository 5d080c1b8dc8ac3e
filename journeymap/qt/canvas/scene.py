"""JourneyScene: draws a JourneyDocument and turns gestures into document edits.

The scene follows the document's changes and re-syncs the items they touched
on the next turn of the event loop, so a macro of a thousand changes redraws
once and a rename redraws one card. Items
never change the model: a drag, a connection or a double-click asks the
document, which pushes an undo command.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem

from journeymap.analysis.scorecard import Filter, MetricResult, Scorecards
from journeymap.analysis.status import Status
from journeymap.analysis.weak import RankedList
from journeymap.drawing.layout import Layout, compute_layout, emotion_y, relayout
from journeymap.drawing.routing import CardIndex
from journeymap.drawing.theme import SIZES, Metrics, Palette
from journeymap.model.change import Change
from journeymap.model.entities import VIEW_STATES, MetricDef
from journeymap.model.future import future_words
from journeymap.model.metrics import format_value

from ..document import JourneyDocument
from .compare_layer import CompareLayer, StateLayer
from .connection_item import ConnectionItem, ConnectionLayer, LabelLayer
from .emotion_item import EmotionItem
from .grid_item import GridItem
from .legend_item import LegendExtras, LegendItem, TitleItem
from .scene_research import SceneResearch
from .scene_routes import SceneRoutes
from .style import color
from .touchpoint_item import CARD_Z, DRAGGED_Z, NO_BADGES, Badge, Badges, CardData, TouchpointItem

# Above this many cards changed or moved by one edit, the scene's index is
# rebuilt once rather than updated item by item.
MASS_UPDATE = 400


def badge_for(metric: MetricDef, r: MetricResult) -> Badge:
    """A result as a card shows it; where the status alone would mislead,
    the tooltip's words say so (as the inspector's Status column does)."""
    value = format_value(metric, r.value)
    text = f"{metric.name if len(metric.name) <= 5 else metric.id.upper()} {value}"
    # The tooltip has room for the whole name and the target (the card has not).
    long_text = f"{metric.name} {value}"
    target = "" if r.target is None else f"target {format_value(metric, r.target)}"
    if r.too_few:
        return Badge(text, r.status, "too few answers to count", long_text=long_text, target=target)
    if r.status is not Status.NONE and r.indistinct(metric):
        return Badge(text, r.status, f"{r.status.label.lower()}, unsure: the target is inside its 95% interval",
                     unsure=True, long_text=long_text, target=target)
    return Badge(text, r.status, long_text=long_text, target=target)


class JourneyScene(SceneResearch, SceneRoutes):
    refreshed = Signal()
    rename_requested = Signal(str, str)          # kind ("touchpoint"/"new-touchpoint"/"phase"/"lane"), id
    # Alt+arrow on selected cards: (phases, lanes) to move them by.
    move_to_neighbour_requested = Signal(int, int)
    connection_edit_requested = Signal(str, str)  # source, target: a double-click on a connection
    phase_clicked = Signal(str)
    lane_clicked = Signal(str)
    context_requested = Signal(str, str, object)  # kind, id, QPoint (screen)
    ensure_visible = Signal(QRectF)
    link_requested = Signal(str)  # a touchpoint id: its linked journey's marker was clicked

    def __init__(self, document: JourneyDocument, palette: Palette, parent=None,
                 show_title: bool = False, sizes: Metrics = SIZES) -> None:
        super().__init__(parent)
        self.document = document
        self.colors = palette
        self.sizes = sizes
        # Presentation mode: which metrics cards show ("all", "weak", "none").
        self.reveal = "all"
        self.filter = Filter()
        self.show_title = show_title
        self.show_legend = True
        self.show_connections = True
        # Laid out now so it is never missing; refresh() below lays it out again.
        self.layout: Layout = compute_layout(document.journey, sizes, top=sizes.title_height if show_title else 0.0)
        self.analysis = document.analysis(self.filter)
        # An export's scene owns the document it made for itself (see picture_export).
        self.export_document: JourneyDocument | None = None
        self.card_items: dict[str, TouchpointItem] = {}
        self.connection_items: dict[tuple[str, str], ConnectionItem] = {}
        self.grid = GridItem(palette)
        self.emotion = EmotionItem(palette)
        self.legend = LegendItem(palette, sizes)
        self.title = TitleItem(palette, sizes)
        self.connection_layer = ConnectionLayer(palette)
        self.label_layer = LabelLayer(self.connection_layer)
        # Compare with…: what changed, over the cards (empty unless comparing).
        self.compare_layer = CompareLayer(palette)
        # The future state's differences (new, changed, retired), by view.
        self.state_layer = StateLayer(palette)
        # One emotion curve per persona, beside everyone's; with a persona
        # chosen, only its curve shows (everyone's faded behind it).
        self.persona_curves: dict[str, EmotionItem] = {}
        self.persona_focus: str | None = None
        # Cards that are not simply "current", that say how well they are
        # known, that hold a picture, or that link a journey: kept as cards
        # are synced, so the tags, the legend's second row and the re-check
        # of files never scan the whole map.
        self._stated: set[str] = set()
        self._leveled: set[str] = set()
        self._pictured: set[str] = set()
        self._linked: set[str] = set()
        for item in (self.grid, self.emotion, self.legend, self.title, self.connection_layer, self.label_layer,
                     self.compare_layer, self.state_layer):
            self.addItem(item)
        # The empty cell last clicked: where Add Touchpoint puts a card when none is selected.
        self.last_cell: tuple[str, str] | None = None
        self._connect_from: str | None = None
        self._connect_line: QGraphicsLineItem | None = None
        self._press_positions: dict[str, QPointF] = {}
        self._pending: Change | None = None
        self._pending_cards: set[str] = set()
        # Cards whose rank alone moved: only the number on them is redrawn.
        self._pending_ranks: set[str] = set()
        self._pending_phases = self._pending_ranking = False
        # What the last refresh redrew, for the panels that follow it: the
        # gathered change (everything after a full refresh) and whether the
        # weak ranking moved.
        self.last_change = Change.all()
        self.ranking_changed = True
        self._routing: tuple[CardIndex, list[float]] | None = None
        # Each card's badges with the results they were made from.
        self._badge_cache: dict[str, tuple[list[MetricResult], Badges]] = {}
        # Connections that carry a label: re-routed labels slide clear of these.
        self._labelled: set[tuple[str, str]] = set()
        self._no_cache = False
        self._overview = False  # see use_overview
        self._selected_connections: set[ConnectionItem] = set()
        self.selectionChanged.connect(self._on_selection_changed)
        self.use_index()
        self.setBackgroundBrush(color(palette.background))
        document.changed.connect(self._on_document_changed)
        self.refresh()

    # --------------------------------------------------------------- syncing
    # The document tells the scene what each edit changed, after its analysis
    # is current. Changes are gathered and applied on the next turn of the
    # event loop (or by `flush`), so a macro of a thousand edits redraws once,
    # and only the cards, headers and connections they touched are redrawn.
    @property
    def cards(self) -> Scorecards:
        return self.analysis.cards

    @property
    def weak(self) -> RankedList:
        return self.analysis.weak

    def _on_document_changed(self, change: Change) -> None:
        analysis = self.analysis
        if self._pending is None:
            self._pending = Change()
            QTimer.singleShot(0, self.flush)
        self._pending.merge(change)
        # Read now: the analysis says what *this* change did to the figures.
        self._pending_cards |= analysis.changed_cards - analysis.rank_only
        self._pending_ranks |= analysis.rank_only
        self._pending_phases = self._pending_phases or analysis.changed_phases
        self._pending_ranking = self._pending_ranking or analysis.ranking_changed
        if analysis.recomputed_all:
            self._pending.everything = True

    def detach(self) -> None:
        """Stop following the document: called when the view that shows this
        scene closes, so a closed presentation or a finished export is never
        asked to redraw (its C++ items may be gone)."""
        # RuntimeError, TypeError: already disconnected, or the document is gone.
        with contextlib.suppress(RuntimeError, TypeError):
            self.document.changed.disconnect(self._on_document_changed)
        self._pending = None

    def set_filter(self, flt: Filter) -> None:
        self.filter = flt
        self.analysis = self.document.analysis(flt)
        self.refresh()

    def set_palette(self, palette: Palette) -> None:
        self.colors = palette
        self.setBackgroundBrush(color(palette.background))
        items: list[Any] = [self.grid, self.emotion, self.legend, self.title, self.connection_layer,
                            self.compare_layer, self.state_layer, *self.persona_curves.values(),
                            *self.card_items.values(), *self.connection_items.values()]
        for item in items:
            item.palette = palette
            item.update()
        self.refresh()

    def use_overview(self, on: bool) -> None:
        """The view is zoomed out past reading a card (or back in): cards then
        draw a plain form (TouchpointItem._paint_overview) without cached
        pictures. A card's cached picture is made again at every zoom step,
        for every card in view: 0.6 s a step on a 2,000-card map, where the
        plain form costs less to draw than to cache."""
        if on == self._overview:
            return
        self._overview = on
        mode = QGraphicsItem.CacheMode.NoCache if on or self._no_cache else \
            QGraphicsItem.CacheMode.DeviceCoordinateCache
        for item in self.card_items.values():
            item.setCacheMode(mode)
        # The routes the other way round: zoomed out, one picture of them
        # (Qt keeps only the part in view) instead of 12,000 hairlines a
        # frame; zoomed in, drawn where exposed, as a drag needs.
        self.connection_layer.setCacheMode(
            QGraphicsItem.CacheMode.DeviceCoordinateCache if on and not self._no_cache else
            QGraphicsItem.CacheMode.NoCache)

    def disable_caching(self) -> None:
        """Draw every item directly: pixmap caches speed up the screen, but in
        an SVG or PDF they would turn text into pictures."""
        self._no_cache = True
        for item in self.items():
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)

    def flush(self) -> None:
        """Apply pending model changes now (tests and exports call this)."""
        if self._pending is None:
            return
        change, self._pending = self._pending, None
        cards, self._pending_cards = self._pending_cards, set()
        ranks, self._pending_ranks = self._pending_ranks, set()
        phases, self._pending_phases = self._pending_phases, False
        ranking, self._pending_ranking = self._pending_ranking, False
        if change.everything:
            self.refresh()
        else:
            self._update(change, cards, ranks, phases, ranking)

    def refresh(self) -> None:
        """Redraw everything (a new filter, palette or reveal mode)."""
        self._badge_cache.clear()
        self._pending, self._pending_cards, self._pending_ranks = None, set(), set()
        self._pending_phases = self._pending_ranking = False
        journey = self.document.journey
        self.layout = lay = compute_layout(journey, self.sizes, top=self._top())
        self._routing = None
        # A big map's index is filled once, after its items are placed.
        with self._index_set_aside(len(journey.touchpoints) + len(journey.connections) > MASS_UPDATE):
            self._sync_cards({tp.id for tp in journey.touchpoints} | set(self.card_items))
            self._sync_connections(None)
            self._sync_grid()
            self._sync_emotion()
            self._sync_state_marks()
            self._sync_frame(lay)
        self.last_change = Change.all()
        self.ranking_changed = True
        self.refreshed.emit()

    def _update(self, change: Change, cards: set[str], ranks: set[str], phases_changed: bool,
                ranking_changed: bool) -> None:
        """Redraw what one gathered change touched."""
        journey = self.document.journey
        moved: set[str] = set()
        old = self.layout
        if change.layout:
            # Cards added, removed or moved: only their cells are placed again.
            self.layout = lay = compute_layout(journey, self.sizes, top=self._top()) \
                if change.phases or change.lanes else relayout(old, journey, change.touchpoints)
            self._routing = None
            moved = {tp_id for tp_id, rect in lay.cards.items() if old.cards.get(tp_id) != rect}
        redrawn = change.touchpoints | cards
        with self._index_set_aside(len(moved) + len(redrawn) > MASS_UPDATE):
            self._apply_update(change, redrawn, ranks - redrawn, moved, old, phases_changed, ranking_changed)

    def _apply_update(self, change: Change, redrawn: set[str], ranks: set[str], moved: set[str], old: Layout,
                      phases_changed: bool, ranking_changed: bool) -> None:
        self._sync_cards(redrawn)
        self._sync_ranks(ranks)
        for tp_id in moved - redrawn:  # shifted by a column or row that grew: only its place changes
            x, y, _, _ = self.layout.cards[tp_id]
            self.card_items[tp_id].setPos(x, y)
        self._follow_ends(change, moved, old)
        if change.layout or change.phases or change.lanes or phases_changed:
            self._sync_grid()
        if old.emotion_rect != self.layout.emotion_rect or change.personas:
            self._sync_emotion()  # the band moved (a lane grew), or a persona came or went: every dot
        elif change.emotion or change.layout:
            self._sync_emotion(change.touchpoints | moved)
        if (change.touchpoints or change.layout) and (self._stated or self.state_layer.marks):
            self._sync_state_marks()
        extras = self._legend_extras()
        if change.layout or change.info or change.personas or self.legend.extras != extras:
            self._sync_frame(self.layout, extras)
        self.last_change = change
        self.ranking_changed = ranking_changed
        self.refreshed.emit()

    def set_compare_marks(self, marks: dict[str, str]) -> None:
        """Tag these cards "worse", "better", "new" or "changed" (empty: none)."""
        self.compare_layer.set_marks(marks, self.layout.cards)

    def _top(self) -> float:
        return self.sizes.title_height if self.show_title else 0.0

    def _sync_grid(self) -> None:
        journey = self.document.journey
        # With metrics hidden for a workshop, the phase headers' ✓/✕ would
        # give the answer away before the discussion: they hide too.
        hidden = self.reveal == "none"
        self.grid.set_content(self.layout, journey.phases, journey.lanes,
                              {p.id: Status.NONE if hidden else self.cards.phase_status(p.id)
                               for p in journey.phases})

    def _sync_emotion(self, cards: set[str] | None = None) -> None:
        """The dots of these cards (None: all) where they now stand."""
        lay = self.layout
        journey = self.document.journey
        states = VIEW_STATES[self.filter.state]
        self.emotion.setVisible(self.grid.show_emotion)
        self.emotion.setOpacity(0.3 if self.persona_focus else 1.0)
        curves = self._persona_curve_items()
        if cards is None:
            shown = [tp for tp in journey.touchpoints if tp.state in states]
            self.emotion.set_points({
                tp.id: (x + w / 2, emotion_y(lay, tp.emotion), tp.emotion)
                for tp in shown if tp.emotion is not None for (x, _, w, _) in [lay.cards[tp.id]]})
            for persona_id, item in curves.items():
                item.set_points({tp.id: (x + w / 2, emotion_y(lay, e), e) for tp in shown
                                 for e in [tp.persona_emotion(persona_id)] if e is not None
                                 for (x, _, w, _) in [lay.cards[tp.id]]})
            return
        changes: dict[str, tuple[float, float, float] | None] = {}
        persona_changes: dict[str, dict[str, tuple[float, float, float] | None]] = {p: {} for p in curves}
        for tp_id in cards:
            tp = journey.touchpoint(tp_id) if journey.has_touchpoint(tp_id) else None
            if tp is None or tp.state not in states:
                tp = None
            x, _, w, _ = lay.cards[tp_id] if tp is not None else (0.0, 0.0, 0.0, 0.0)
            changes[tp_id] = None if tp is None or tp.emotion is None else (
                x + w / 2, emotion_y(lay, tp.emotion), tp.emotion)
            for persona_id, dots in persona_changes.items():
                e = None if tp is None else tp.persona_emotion(persona_id)
                dots[tp_id] = None if e is None else (x + w / 2, emotion_y(lay, e), e)
        self.emotion.update_points(changes)
        for persona_id, dots in persona_changes.items():
            curves[persona_id].update_points(dots)

    def _sync_frame(self, lay: Layout, extras: LegendExtras | None = None) -> None:
        """Legend (with `extras` when just computed), title and the scene's extent."""
        journey = self.document.journey
        bottom = lay.emotion_rect[1] + (lay.emotion_rect[3] if self.grid.show_emotion else 0)
        self.legend.set_extras(extras if extras is not None else self._legend_extras())
        self.legend.set_width(lay.width)
        self.legend.setPos(0, bottom + 8)
        self.legend.setVisible(self.show_legend)
        self.title.setVisible(self.show_title)
        if self.show_title:
            subtitle = f"Customer journey map · {_dt.date.today().isoformat()}"
            if self.filter.segment or self.filter.period:
                subtitle += f" · segment: {self.filter.segment or 'all'}, period: {self.filter.period or 'latest'}"
            if self.filter.state != "both":
                subtitle += f" · the {self.filter.state} journey"
            if self.persona_focus and journey.has_persona(self.persona_focus):
                subtitle += f" · persona: {journey.persona(self.persona_focus).name}"
            self.title.set_text(journey.info.name, subtitle, lay.width)
            self.title.setPos(0, 0)
        height = bottom + (8 + self.legend.height if self.show_legend else 0)
        width = max(lay.width, self.legend.width if self.show_legend else 0.0)
        self.setSceneRect(QRectF(-16, -16, width + 32, height + 32))

    def _badges(self, tp_id: str, weak: bool) -> Badges:
        if self.reveal == "none" or (self.reveal == "weak" and not weak):
            return NO_BADGES
        results = self.cards.touchpoints.get(tp_id, [])
        cached = self._badge_cache.get(tp_id)
        # A card whose rank moved (a deletion above it) keeps its results
        # list, and so its badges: only the rank is new.
        if cached is not None and cached[0] is results:
            return cached[1]
        metrics = self.cards.metrics

        def make() -> tuple[Badge, ...]:
            # Worst first, so what needs attention is what fits on the card.
            return tuple(sorted((badge_for(metrics[r.metric], r) for r in results),
                                key=lambda b: -b.status.severity))

        badges = Badges(results, make)
        self._badge_cache[tp_id] = (results, badges)
        return badges

    def _sync_cards(self, tp_ids: set[str]) -> None:
        """Create, update or remove the cards of these touchpoints."""
        journey = self.document.journey
        lay = self.layout
        hidden = self.reveal == "none"
        actions = journey.open_action_titles()
        states = VIEW_STATES[self.filter.state]
        both = self.filter.state == "both"
        for tp_id in tp_ids:
            if not journey.has_touchpoint(tp_id):
                item = self.card_items.pop(tp_id, None)
                if item is not None:
                    self.removeItem(item)
                for kept in (self._stated, self._leveled, self._pictured, self._linked):
                    kept.discard(tp_id)
                continue
            tp = journey.touchpoint(tp_id)
            self._note_research(tp)
            rank = self.analysis.rank_of(tp_id)
            linked, linked_words = self._linked_words(tp)
            data = CardData(tp, self._badges(tp_id, rank is not None),
                            Status.NONE if hidden else self.cards.touchpoint_status(tp_id),
                            tuple(actions.get(tp_id, ())), linked, linked_words,
                            retired=both and tp.state == "retired",
                            future_words=future_words(tp, self.cards.metrics) if tp_id in self._stated
                            or tp.future_targets else "",
                            missing_pictures=self._missing_pictures(tp))
            item = self.card_items.get(tp_id)
            if item is None:
                item = TouchpointItem(data, self.colors, self.sizes)
                if self._no_cache or self._overview:
                    item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
                self.card_items[tp_id] = item
                self.addItem(item)
            else:
                item.set_data(data)
            item.set_rank(None if hidden else rank)
            # Not in this view's journey (new in the future, or retired):
            # hidden, its place kept, so switching views moves nothing.
            item.setVisible(tp.state in states)
            x, y, _, _ = lay.cards[tp_id]
            if item.pos() != QPointF(x, y):
                item.setPos(x, y)

    def _sync_ranks(self, tp_ids: set[str]) -> None:
        """Cards whose rank alone moved (a deleted phase moves the rank of
        thousands): the number on them, without making their data again."""
        if self.reveal == "none":
            return  # no ranks shown
        again = set()
        # One pass over the ranking beats a search of it per card.
        ranks = self.analysis.ranks() if len(tp_ids) > 64 else {t: self.analysis.rank_of(t) for t in tp_ids}
        for tp_id in tp_ids:
            item = self.card_items.get(tp_id)
            rank = ranks.get(tp_id)
            if item is None:
                continue
            if rank is None or item.weak_rank is None:
                again.add(tp_id)  # it joined or left the ranking: its badges may show or hide
            else:
                item.set_rank(rank)
        if again:
            self._sync_cards(again)

    def _on_selection_changed(self) -> None:
        now = {i for i in self.selectedItems() if isinstance(i, ConnectionItem)}
        for item in now ^ self._selected_connections:
            item.selection_changed(item in now)
        self._selected_connections = now

    # --------------------------------------------------------------- queries
    # Both skip items whose model object is already gone but whose removal
    # waits for the next refresh.
    def selected_touchpoints(self) -> list[str]:
        journey = self.document.journey
        return [i.tp_id for i in self.selectedItems()
                if isinstance(i, TouchpointItem) and journey.has_touchpoint(i.tp_id)]

    def selected_connections(self) -> list[tuple[str, str]]:
        journey = self.document.journey
        return [i.key for i in self.selectedItems()
                if isinstance(i, ConnectionItem) and journey.has_connection(*i.key)]

    def select_touchpoints(self, tp_ids: list[str]) -> None:
        self.clearSelection()
        for tp_id in tp_ids:
            item = self.card_items.get(tp_id)
            if item is not None:
                item.setSelected(True)
        if tp_ids and tp_ids[-1] in self.card_items:
            self.ensure_visible.emit(self.card_items[tp_ids[-1]].sceneBoundingRect())

    def select_connection(self, source: str, target: str) -> None:
        """Select one connection (highlighted, and shown in the inspector):
        a connection just made by keyboard is easy to miss otherwise."""
        item = self.connection_items.get((source, target))
        if item is None:
            return
        self.clearSelection()
        item.setSelected(True)
        self.ensure_visible.emit(item.sceneBoundingRect())

    def connection_at(self, pos: QPointF) -> ConnectionItem | None:
        return next((i for i in self.items(pos) if isinstance(i, ConnectionItem)), None)

    def card_at(self, pos: QPointF) -> TouchpointItem | None:
        for item in self.items(pos):
            if isinstance(item, TouchpointItem) and item is not None:
                return item
        return None

    def header_at(self, pos: QPointF) -> str | None:
        lay = self.layout
        _hx, hy, _hw, hh = lay.header_rect
        if hy <= pos.y() < hy + hh:
            return lay.cell_at(pos.x(), lay.lanes_rect[1])[0]
        return None

    def lane_label_at(self, pos: QPointF) -> str | None:
        lay = self.layout
        if 0 <= pos.x() < lay.sizes.lane_label_width:
            return next((lid for lid, (y, h) in lay.rows.items() if y <= pos.y() < y + h), None)
        return None

    def cell_at(self, pos: QPointF) -> tuple[str | None, str | None]:
        return self.layout.cell_at(pos.x(), pos.y())

    # ------------------------------------------------------------- gestures
    def _follow_drag(self) -> None:
        """While cards are dragged, their connections follow in straight lines."""
        moving = {tp_id for tp_id, pos in self._press_positions.items()
                  if tp_id in self.card_items and self.card_items[tp_id].pos() != pos}
        if not moving:
            return
        for key, conn_item in self.connection_items.items():
            if key[0] in moving or key[1] in moving:
                a, b = self.card_items[key[0]], self.card_items[key[1]]
                start = a.mapToScene(a.handle_center())
                end = b.mapToScene(QPointF(0, self.sizes.card_height / 2))
                conn_item.set_route(conn_item.conn, [(start.x(), start.y()), (end.x(), end.y())])

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            card = self.card_at(event.scenePos())
            if card is not None and card.data_.linked and card.link_hit(card.mapFromScene(event.scenePos())):
                self.select_touchpoints([card.tp_id])
                self.link_requested.emit(card.tp_id)
                event.accept()
                return
            if card is not None and card.on_handle(card.mapFromScene(event.scenePos())):
                self._connect_from = card.tp_id
                start = card.mapToScene(card.handle_center())
                self._connect_line = QGraphicsLineItem(start.x(), start.y(), start.x(), start.y())
                pen = QPen(color(self.colors.card_selected), 2, Qt.PenStyle.DashLine)
                self._connect_line.setPen(pen)
                self._connect_line.setZValue(20)
                self.addItem(self._connect_line)
                event.accept()
                return
            header = self.header_at(event.scenePos()) if card is None else None
            if header:
                self.phase_clicked.emit(header)
            else:
                lane = self.lane_label_at(event.scenePos()) if card is None else None
                if lane:
                    self.lane_clicked.emit(lane)
                elif card is None:
                    # A click in an empty cell picks where Add Touchpoint (Ctrl+T) puts the next card.
                    phase_id, lane_id = self.cell_at(event.scenePos())
                    self.last_cell = (phase_id, lane_id) if phase_id and lane_id else None
        super().mousePressEvent(event)
        self._press_positions = {tp_id: item.pos() for tp_id, item in self.card_items.items()
                                 if item.isSelected()}

    def mouseMoveEvent(self, event) -> None:
        if self._connect_line is not None:
            line = self._connect_line.line()
            p = event.scenePos()
            self._connect_line.setLine(line.x1(), line.y1(), p.x(), p.y())
            event.accept()
            return
        super().mouseMoveEvent(event)
        if self._press_positions and event.buttons() & Qt.MouseButton.LeftButton:
            self._lift(self._press_positions, DRAGGED_Z)  # over the cards it passes, not under them
            self._follow_drag()

    def mouseReleaseEvent(self, event) -> None:
        if self._connect_line is not None:
            self.removeItem(self._connect_line)
            self._connect_line = None
            source, self._connect_from = self._connect_from, None
            target = self.card_at(event.scenePos())
            if source is not None and target is not None and target.tp_id != source:
                self.document.connect_touchpoints(source, target.tp_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self._lift(self._press_positions, CARD_Z)
        moved = {tp_id: self.card_items[tp_id] for tp_id, pos in self._press_positions.items()
                 if tp_id in self.card_items and self.card_items[tp_id].pos() != pos}
        self._press_positions = {}
        if moved:
            self._finish_drag(moved)

    def _lift(self, tp_ids: dict[str, QPointF], z: float) -> None:
        for tp_id in tp_ids:
            item = self.card_items.get(tp_id)
            if item is not None and item.zValue() != z:
                item.setZValue(z)

    def _finish_drag(self, moved: dict[str, TouchpointItem]) -> None:
        """One undo step: each card's new cell (from where its centre landed)
        and its offset inside that cell."""
        lay = self.layout
        moves = {}
        for tp_id, item in moved.items():
            centre = item.sceneBoundingRect().center()
            phase, lane = lay.cell_at(centre.x(), centre.y())
            if phase is None or lane is None:
                continue  # dropped outside the grid: the refresh puts it back
            cx, cy, _, _ = lay.cell_rect(phase, lane)
            pos = item.pos()
            offset = (round(max(0.0, pos.x() - cx)), round(max(0.0, pos.y() - cy)))
            moves[tp_id] = {"phase": phase, "lane": lane, "position": (float(offset[0]), float(offset[1]))}
        if not moves or not self.document.move_touchpoints(moves):
            self.refresh()

    def mouseDoubleClickEvent(self, event) -> None:
        pos = event.scenePos()
        card = self.card_at(pos)
        if card is not None:
            self.rename_requested.emit("touchpoint", card.tp_id)
            event.accept()
            return
        header = self.header_at(pos)
        if header:
            self.rename_requested.emit("phase", header)
            event.accept()
            return
        lane_label = self.lane_label_at(pos)
        if lane_label:
            self.rename_requested.emit("lane", lane_label)
            event.accept()
            return
        connection = self.connection_at(pos)
        if connection is not None:  # edits the connection; never a card under it
            self.clearSelection()
            connection.setSelected(True)
            self.connection_edit_requested.emit(*connection.key)
            event.accept()
            return
        phase, lane = self.cell_at(pos)
        if phase and lane:
            new_id = self.document.add_touchpoint(phase, lane, state=self.new_card_state())
            if new_id:
                self.flush()
                self.select_touchpoints([new_id])
                self.rename_requested.emit("new-touchpoint", new_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:
        pos = event.scenePos()
        card = self.card_at(pos)
        if card is not None:
            if not card.isSelected():
                self.select_touchpoints([card.tp_id])
            self.context_requested.emit("touchpoint", card.tp_id, event.screenPos())
            return
        item = self.connection_at(pos)
        if item is not None:
            self.clearSelection()
            item.setSelected(True)
            self.context_requested.emit("connection", "{}>{}".format(*item.key), event.screenPos())
            return
        header = self.header_at(pos)
        if header:
            self.context_requested.emit("phase", header, event.screenPos())
            return
        lane = self.lane_label_at(pos)
        if lane:
            self.context_requested.emit("lane", lane, event.screenPos())
            return
        phase, lane = self.cell_at(pos)
        if phase and lane:
            self.context_requested.emit("cell", f"{phase}|{lane}", event.screenPos())

    def keyPressEvent(self, event) -> None:
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                  Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in arrows and mods == Qt.KeyboardModifier.AltModifier and self.selected_touchpoints():
            # Alt+arrow: the selected cards into the neighbouring cell.
            self.move_to_neighbour_requested.emit(*arrows[event.key()])
            event.accept()
            return
        if event.key() in arrows and not mods and self.move_selection(*arrows[event.key()]):
            event.accept()
            return
        super().keyPressEvent(event)

    def move_selection(self, dx: int, dy: int) -> bool:
        """Select the nearest card in a direction (arrow keys)."""
        selected = self.selected_touchpoints()
        if not self.card_items:
            return False
        if not selected:
            first = min((i for i in self.card_items.values() if i.isVisible()),
                        key=lambda i: (i.pos().x(), i.pos().y()), default=None)
            if first is None:
                return False
            self.select_touchpoints([first.tp_id])
            return True
        here = self.card_items[selected[-1]].sceneBoundingRect().center()
        best, best_cost = None, None
        for tp_id, item in self.card_items.items():
            if not item.isVisible():
                continue  # not in this view's journey
            c = item.sceneBoundingRect().center()
            along = (c.x() - here.x()) * dx + (c.y() - here.y()) * dy
            if along <= 1:
                continue
            across = abs((c.x() - here.x()) * dy) + abs((c.y() - here.y()) * dx)
            cost = along + 2 * across  # prefer cards straight ahead
            if best_cost is None or cost < best_cost:
                best, best_cost = tp_id, cost
        if best is None:
            return True  # at the edge: keep the selection, swallow the key
        self.select_touchpoints([best])
        return True

    # ------------------------------------------------------------- spotlight
    def spotlight(self, tp_id: str | None, phase_id: str | None = None) -> None:
        """Dim everything but one touchpoint and its connections, or else
        everything outside one phase (both None clears)."""
        journey = self.document.journey
        keep = {tp_id} if tp_id is not None else (
            {tp.id for tp in journey.touchpoints_in(phase_id=phase_id)} if phase_id is not None else None)
        for item in self.card_items.values():
            dimmed = keep is not None and item.tp_id not in keep
            if item.dimmed != dimmed:
                item.dimmed = dimmed
                item.update()
        for key, conn_item in self.connection_items.items():
            conn_item.dimmed = keep is not None and not (key[0] in keep or key[1] in keep)
        self.connection_layer.update()
        self.label_layer.update()

