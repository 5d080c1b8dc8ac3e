"""Plain data objects of a journey. Frozen, so a change is always a new object
handed to :class:`~journeymap.model.journey.Journey`, which keeps undo simple:
the old object *is* the undo state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .evidence import Evidence

DEFAULT_LANES: tuple[tuple[str, str], ...] = (
    ("customer", "Customer actions"),
    ("frontstage", "Frontstage"),
    ("backstage", "Backstage"),
    ("support", "Support processes"),
)

EMOTION_MIN, EMOTION_MAX = -2.0, 2.0

# A touchpoint's place in the current and the future journey: "current" is
# in both as it is; "new" only in the future one; "changed" in both, done
# differently in the future; "retired" only in the current one.
STATES = ("current", "new", "changed", "retired")
# How a difference is named everywhere (map, panels, Excel): a symbol and a
# word, never a colour alone.
STATE_WORDS = {"current": "", "new": "✚ New", "changed": "● Changed", "retired": "⊘ Retired"}
# Which states each view of the map shows.
VIEW_STATES = {"current": frozenset(("current", "changed", "retired")),
               "future": frozenset(("current", "new", "changed")),
               "both": frozenset(STATES)}


@dataclass(frozen=True)
class Phase:
    """A column of the map: a stage of the journey ("Evaluate")."""

    id: str
    name: str
    description: str = ""
    # Consecutive phases sharing a macro name are drawn under one band
    # ("Customer support" over "Contact" and "Resolution").
    macro: str = ""
    target_overrides: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Lane:
    """A row of the map: who acts ("Customer actions", "Backstage")."""

    id: str
    name: str


@dataclass(frozen=True)
class Touchpoint:
    """A card: one moment of the journey, in one phase and one lane."""

    id: str
    name: str
    phase: str
    lane: str
    channel: str = ""
    owner: str = ""
    description: str = ""
    emotion: float | None = None
    pain_points: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    moment_of_truth: bool = False
    votes: int = 0
    # Offset of the card inside its cell; None lets the layout place it.
    position: tuple[float, float] | None = None
    target_overrides: tuple[tuple[str, float], ...] = ()
    # Relative importance (0..1) for loyalty, from driver analysis; None when unknown.
    importance: float | None = None
    # Emotion per persona id, beside the card's own (everyone's) emotion.
    persona_emotions: tuple[tuple[str, float], ...] = ()
    state: str = "current"  # one of STATES
    # What the future state does differently here (for "new" and "changed").
    future_note: str = ""
    # The future state's own targets, per metric, where they differ.
    future_targets: tuple[tuple[str, float], ...] = ()
    evidence: tuple[Evidence, ...] = ()
    evidence_level: str = ""  # one of evidence.LEVELS, or "" when not said
    # A detailed journey of this step: a .journey path relative to this file's folder.
    link: str = ""

    def persona_emotion(self, persona_id: str) -> float | None:
        return dict(self.persona_emotions).get(persona_id)


@dataclass(frozen=True)
class Connection:
    """An arrow from one touchpoint to the next a customer may take."""

    source: str
    target: str
    label: str = ""
    # Share (0..1) of the customers at `source` who take this path.
    share: float | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)


@dataclass(frozen=True)
class MetricDef:
    """A CX metric: how its values aggregate, which way is better, its target and amber band."""

    id: str
    name: str
    unit: str = ""
    scale_min: float = 0.0
    scale_max: float = 100.0
    direction: str = "higher"  # "higher" or "lower" is better
    # How raw answers become one value: nps, top2box, mean, median, sum,
    # rate, min, max (see journeymap.model.metrics).
    aggregation: str = "mean"
    # Range a single raw answer must lie in; None means the value scale.
    answer_min: float | None = None
    answer_max: float | None = None
    target: float | None = None
    amber: float = 0.0
    amber_mode: str = "absolute"  # or "percent" (of the target)
    weight: float = 1.0
    aliases: tuple[str, ...] = ()
    # A value from fewer answers than this is shown but does not count: no
    # status, not in the health figure or the weak ranking. 0: any n counts.
    min_n: int = 0

    @property
    def scale_range(self) -> float:
        return (self.scale_max - self.scale_min) or 1.0

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


class Measurement(NamedTuple):
    """One measured value. A NamedTuple rather than a dataclass: a journey
    holds up to 100,000 of them, and a tuple is built several times faster."""

    node: str  # a touchpoint id or a phase id
    metric: str
    value: float
    n: int | None = None
    period: str = ""
    segment: str = ""
    source: str = ""
    # The sample standard deviation (n - 1) of the answers behind the value,
    # in the value's units; NPS answers count as +100 (promoter), 0 (passive)
    # and -100 (detractor). Known when the answers were imported one by one
    # (or a spread column was); None otherwise. It makes confidence intervals
    # exact; without it they are the widest the value and n allow.
    sd: float | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.node, self.metric, self.period, self.segment)


@dataclass(frozen=True)
class JourneyInfo:
    """The journey's name, description and the last import's settings."""

    name: str = "Untitled journey"
    description: str = ""
    # Saved so "Refresh data" can re-run the last Excel import.
    import_settings: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def overrides_dict(pairs: tuple[tuple[str, float], ...]) -> dict[str, float]:
    return dict(pairs)


def overrides_tuple(mapping: dict[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(sorted(mapping.items()))
