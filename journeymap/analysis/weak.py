"""Weak-touchpoint ranking: how far each touchpoint misses and how much it matters.

A metric that misses its target contributes its normalised shortfall (the gap
divided by the metric's scale range, capped at 1) times the metric's weight; a touchpoint's
score is the sum over its missed metrics. Worst first; equal scores in map
order (phase, then lane, then name).
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model.entities import MetricDef
from journeymap.model.metrics import format_amount, format_value

from .scorecard import MetricResult, Scorecards
from .status import Status


@dataclass(frozen=True)
class WeakTouchpoint:
    rank: int
    id: str
    name: str
    phase: str
    status: Status
    score: float
    reasons: tuple[str, ...]


def shortfall_reason(metric: MetricDef, r: MetricResult) -> str:
    """"NPS +12 vs target +30, 18 short" in plain words."""
    word = "short" if metric.direction == "higher" else "over"
    return (f"{metric.name} {format_value(metric, r.value)} vs target "
            f"{format_value(metric, r.target)}, {format_amount(metric, r.gap(metric) or 0.0)} {word}")


def normalised_shortfall(metric: MetricDef, r: MetricResult) -> float:
    """Gap over the scale range, capped at 1: a value off the scale (a
    480-hour resolution on a 0-120 h scale) counts as a full miss, not four,
    so one runaway number cannot drown every other reason."""
    return min(1.0, abs(r.gap(metric) or 0.0) / metric.scale_range)


def rank_weak(cards: Scorecards, limit: int | None = None) -> list[WeakTouchpoint]:
    journey = cards.journey
    known = [tp.importance for tp in journey.touchpoints if tp.importance is not None]
    mean_importance = sum(known) / len(known) if known else None
    scored = []
    for tp in journey.touchpoints:
        parts = []
        for r in cards.touchpoints.get(tp.id, []):
            if r.status not in (Status.AMBER, Status.RED):
                continue
            metric = cards.metrics[r.metric]
            contribution = normalised_shortfall(metric, r) * metric.weight
            parts.append((contribution, shortfall_reason(metric, r)))
        if not parts:
            continue
        parts.sort(key=lambda p: -p[0])
        score = sum(c for c, _ in parts)
        reasons = tuple(reason for _, reason in parts)
        if mean_importance and tp.importance is not None:
            factor = tp.importance / mean_importance
            score *= factor
            reasons += (f"importance for loyalty {tp.importance:.0%} ({factor:.1f}x the average touchpoint)",)
        scored.append((score, tp, reasons))
    # Equal scores (to nine decimals, so floating-point noise cannot decide)
    # are ordered by phase, then lane, then name: a stated, stable key.
    phase_order = {p.id: i for i, p in enumerate(journey.phases)}
    lane_order = {lane.id: i for i, lane in enumerate(journey.lanes)}
    scored.sort(key=lambda s: (-round(s[0], 9), phase_order.get(s[1].phase, 0), lane_order.get(s[1].lane, 0),
                               s[1].name.casefold(), s[1].id))
    if limit is not None:
        scored = scored[:limit]
    return [WeakTouchpoint(rank=i + 1, id=tp.id, name=tp.name, phase=tp.phase,
                           status=cards.touchpoint_status(tp.id), score=round(score, 6),
                           reasons=reasons)
            for i, (score, tp, reasons) in enumerate(scored)]
