"""What one edit, or one batch of edits, changed: the payload of
`Journey.changed`. Listeners update only what it names (the scene redraws
those cards, the analysis recomputes those touchpoints and their phases)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Change:
    """What one edit touched, so that views redraw only that."""

    # Ids of touchpoints added, removed or edited (a card to redraw).
    touchpoints: set[str] = field(default_factory=set)
    connections: set[tuple[str, str]] = field(default_factory=set)
    phases: set[str] = field(default_factory=set)
    lanes: set[str] = field(default_factory=set)
    metrics: set[str] = field(default_factory=set)
    # Touchpoints and phases whose measurements changed.
    measured: set[str] = field(default_factory=set)
    # Phase of a touchpoint before and after: a moved card changes the
    # roll-up of the phase it left as well as the one it joined.
    touched_phases: set[str] = field(default_factory=set)
    info: bool = False
    # Where things sit may have changed: a card, phase or lane was added,
    # removed, moved or reordered, so the map is laid out again.
    layout: bool = False
    # A touchpoint's emotion changed (or one with an emotion came or went).
    emotion: bool = False
    # Touchpoints or connections added or removed (paths, counts, lists).
    structure: bool = False
    # Importance for loyalty changed: the weak ranking weighs by it.
    importance: bool = False
    # Actions added, edited or removed (their cards are in `touchpoints`).
    actions: bool = False
    # Personas added, edited, reordered or removed.
    personas: bool = False
    # Start over: a file was loaded, or many things changed at once.
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.touchpoints or self.connections or self.phases or self.lanes or self.metrics
                    or self.measured or self.info or self.layout or self.actions or self.personas
                    or self.everything)

    def merge(self, other: Change) -> None:
        # Spelled out rather than looped over field names: a deleted phase
        # merges tens of thousands of changes into one.
        if other.touchpoints:
            self.touchpoints |= other.touchpoints
        if other.connections:
            self.connections |= other.connections
        if other.phases:
            self.phases |= other.phases
        if other.lanes:
            self.lanes |= other.lanes
        if other.metrics:
            self.metrics |= other.metrics
        if other.measured:
            self.measured |= other.measured
        if other.touched_phases:
            self.touched_phases |= other.touched_phases
        self.info = self.info or other.info
        self.layout = self.layout or other.layout
        self.emotion = self.emotion or other.emotion
        self.structure = self.structure or other.structure
        self.importance = self.importance or other.importance
        self.actions = self.actions or other.actions
        self.personas = self.personas or other.personas
        self.everything = self.everything or other.everything

    @classmethod
    def all(cls) -> Change:
        """For listeners that must start over (a file loaded, a filter changed)."""
        return cls(info=True, layout=True, emotion=True, structure=True, importance=True, actions=True,
                   personas=True, everything=True)
