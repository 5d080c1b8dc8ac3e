"""The priority matrix: importance for loyalty against performance relative
to target, in four plain-words quadrants."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model.journey import Journey

from .scorecard import Scorecards

FIX_FIRST, KEEP_IT_UP = "Fix first", "Keep it up"
OVERINVESTMENT, LOW_PRIORITY = "Possible overinvestment", "Low priority"
QUADRANTS = (FIX_FIRST, KEEP_IT_UP, OVERINVESTMENT, LOW_PRIORITY)


@dataclass(frozen=True)
class PriorityPoint:
    """A touchpoint's place on the importance-performance matrix."""

    touchpoint: str
    name: str
    importance: float        # 0..1
    performance: float       # mean gap to target / scale range; below 0 misses
    quadrant: str


def performance_of(cards: Scorecards, tp_id: str) -> float | None:
    gaps = []
    for r in cards.touchpoints.get(tp_id, []):
        metric = cards.metrics[r.metric]
        gap = r.gap(metric)
        if gap is not None:
            gaps.append(gap / metric.scale_range)
    return sum(gaps) / len(gaps) if gaps else None


def priority_matrix(journey: Journey, cards: Scorecards | None = None) -> list[PriorityPoint]:
    """Touchpoints with both an importance and measured results. Importance
    counts as high when above the average touchpoint's."""
    cards = cards or Scorecards(journey)
    known = [(tp, tp.importance) for tp in journey.touchpoints if tp.importance is not None]
    if not known:
        return []
    threshold = sum(importance for _, importance in known) / len(known)
    points = []
    for tp, importance in known:
        perf = performance_of(cards, tp.id)
        if perf is None:
            continue
        high = importance > threshold
        if perf < 0:  # noqa: SIM108 (a nested conditional expression reads worse)
            quadrant = FIX_FIRST if high else LOW_PRIORITY
        else:
            quadrant = KEEP_IT_UP if high else OVERINVESTMENT
        points.append(PriorityPoint(tp.id, tp.name, importance, perf, quadrant))
    return points


def importance_threshold(journey: Journey) -> float | None:
    known = [tp.importance for tp in journey.touchpoints if tp.importance is not None]
    return sum(known) / len(known) if known else None
