"""The scene's part for personas, the future state, evidence and linked
journeys: one emotion curve per persona, the future state's tags and which
cards a view shows, the legend's second row, and the files cards refer to
(pictures, linked journeys), read again when the window asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.drawing.theme import persona_style
from journeymap.model.entities import STATES, VIEW_STATES, Touchpoint

from .emotion_item import EmotionItem
from .legend_item import LegendExtras

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsScene

    from journeymap.analysis.scorecard import Filter
    from journeymap.drawing.layout import Layout
    from journeymap.drawing.theme import Palette

    from ..document import JourneyDocument
    from .compare_layer import StateLayer
    from .grid_item import GridItem
    _SceneBase = QGraphicsScene
else:
    _SceneBase = object

# Which future-state tags each view puts on cards: the current journey has
# none to tell; the future one says what is new or done differently.
STATE_MARKS = {"both": frozenset(("new", "changed", "retired")), "future": frozenset(("new", "changed")),
               "current": frozenset()}


def linked_marker(linked_ok: bool, health: float | None) -> str:
    """A linked journey as its card shows it: its health, or a warning."""
    if not linked_ok:
        return "↗ ⚠"
    return "↗ –" if health is None else f"↗ {health:.0f}%"


class SceneResearch(_SceneBase):
    """Mixed into JourneyScene, which holds the items and sets named here."""

    if TYPE_CHECKING:
        document: JourneyDocument
        filter: Filter
        layout: Layout
        colors: Palette
        grid: GridItem
        emotion: EmotionItem
        state_layer: StateLayer
        persona_curves: dict[str, EmotionItem]
        persona_focus: str | None
        _stated: set[str]
        _leveled: set[str]
        _pictured: set[str]
        _linked: set[str]

        def flush(self) -> None: ...
        def _sync_cards(self, tp_ids: set[str]) -> None: ...
        def _sync_frame(self, lay: Layout, extras: LegendExtras | None = None) -> None: ...

    def _persona_curve_items(self) -> dict[str, EmotionItem]:
        """One curve item per persona, in the persona's style; made or
        dropped as personas come and go."""
        personas = self.document.journey.personas
        wanted = {p.id for p in personas}
        for persona_id in [p for p in self.persona_curves if p not in wanted]:
            self.removeItem(self.persona_curves.pop(persona_id))
        if self.persona_focus not in wanted:
            self.persona_focus = None
        for i, persona in enumerate(personas):
            style = persona_style(i, persona.color)
            item = self.persona_curves.get(persona.id)
            if item is None:
                item = self.persona_curves[persona.id] = EmotionItem(self.colors, style)
                item.setZValue(4 + (i + 1) * 0.01)
                self.addItem(item)
            elif item.style != style:
                item.style = style
                item.update()
            item.setVisible(self.grid.show_emotion and self.persona_focus in (None, persona.id))
        return self.persona_curves

    def set_persona_focus(self, persona_id: str | None) -> None:
        """Show one persona's curve (None: every persona's)."""
        self.persona_focus = persona_id
        self._persona_curve_items()
        self.emotion.setOpacity(0.3 if self.persona_focus else 1.0)
        self._sync_frame(self.layout)

    def _sync_state_marks(self) -> None:
        """Tag the cards the future state changes, as the view calls for."""
        journey = self.document.journey
        wanted = STATE_MARKS[self.filter.state]
        marks = {tp_id: state for tp_id in self._stated if journey.has_touchpoint(tp_id)
                 for state in [journey.touchpoint(tp_id).state] if state in wanted}
        if marks or self.state_layer.marks:
            self.state_layer.set_marks(marks, self.layout.cards)

    def _legend_extras(self) -> LegendExtras:
        journey = self.document.journey
        tagged = {journey.touchpoint(t).state for t in self.state_layer.marks if journey.has_touchpoint(t)}
        # With one persona chosen, the legend names the curve shown.
        return LegendExtras(
            personas=tuple((p.name, persona_style(i, p.color)) for i, p in enumerate(journey.personas)
                           if self.persona_focus in (None, p.id)),
            states=tuple(s for s in STATES if s in tagged),
            evidence=bool(self._leveled), links=bool(self._linked))

    def _note_research(self, tp: Touchpoint) -> None:
        for kept, has in ((self._stated, tp.state != "current"),
                          (self._leveled, bool(tp.evidence_level)),
                          (self._pictured, any(e.kind == "picture" for e in tp.evidence)),
                          (self._linked, bool(tp.link))):
            if has:
                kept.add(tp.id)
            else:
                kept.discard(tp.id)

    def _missing_pictures(self, tp: Touchpoint) -> tuple[str, ...]:
        """The card's pictures not beside the journey file (an unsaved
        journey has no folder yet: nothing can be checked)."""
        path = self.document.path
        if path is None or tp.id not in self._pictured:  # noted just before, by _note_research
            return ()
        return tuple(e.ref for e in tp.evidence if e.kind == "picture" and not (path.parent / e.ref).is_file())

    def _linked_words(self, tp: Touchpoint) -> tuple[str, str]:
        if not tp.link:
            return "", ""
        linked = self.document.linked_journey(tp.link)
        return linked_marker(linked.ok, linked.health), linked.words()

    def has_links(self) -> bool:
        """Whether any card refers to a file beside the journey (a linked
        journey or a picture): what recheck_links reads again."""
        return bool(self._linked or self._pictured)

    def recheck_links(self) -> None:
        """Read linked journeys again (a file may have been moved, fixed or
        re-measured meanwhile): the window calls this when it is activated."""
        self.flush()  # the cards as the journey is now
        if self._linked or self._pictured:
            self._sync_cards(self._linked | self._pictured)

    def new_card_state(self) -> str:
        """A card added while the map shows the future journey is new in
        the future state (added to today's journey, it is in both)."""
        return "new" if self.filter.state == "future" else "current"

    def shown(self, tp_id: str) -> bool:
        """Whether this view's journey has the card (see Filter.state)."""
        journey = self.document.journey
        return journey.has_touchpoint(tp_id) and journey.touchpoint(tp_id).state in VIEW_STATES[self.filter.state]
