"""Weak-touchpoint ranking: how far each touchpoint misses and how much it matters.

A metric that misses its target contributes its normalised shortfall (the gap
divided by the metric's scale range, capped at 1) times the metric's weight; a touchpoint's
score is the sum over its missed metrics. Worst first; equal scores in map
order (phase, then lane, then name).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from journeymap.model.entities import MetricDef
from journeymap.model.metrics import format_amount, format_value

from .confidence import describe
from .scorecard import MetricResult, Scorecards
from .status import Status


@dataclass(frozen=True)
class WeakTouchpoint:
    """An entry of the weak ranking, with the reasons in words."""

    rank: int
    id: str
    name: str
    phase: str
    status: Status
    score: float
    reasons: tuple[str, ...]
    # Every target it misses lies inside that value's 95% interval: the data
    # cannot yet tell it from a touchpoint that meets them.
    low_confidence: bool = False


def no_weak_words(cards: Scorecards) -> str:
    """What an empty weak ranking means: all measured touchpoints meet their
    targets, or nothing is measured yet (not the same news)."""
    if any(r.status is not Status.NONE for results in cards.touchpoints.values() for r in results):
        return "No weak touchpoints: every measured touchpoint meets its targets."
    return "No weak touchpoints yet: nothing is measured against a target. Import data to see how each one does."


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


# A touchpoint's score before weighting by importance, and the results it
# misses, worst first (worded only for the entries someone reads).
Parts = tuple[float, tuple[MetricResult, ...]]
# (minus the score, phase position, lane position, folded name, id): sorting
# these gives the ranking, worst first, ties in map order.
RankKey = tuple[float, int, int, str, str]


def shortfall_parts(cards: Scorecards, tp_id: str) -> Parts | None:
    """A touchpoint's score before weighting by importance, and the results
    it misses, worst first; None when it misses nothing. The costly part of
    the ranking, so the live analysis keeps it per touchpoint."""
    parts = []
    for r in cards.touchpoints.get(tp_id, []):
        if r.status not in (Status.AMBER, Status.RED):
            continue
        metric = cards.metrics[r.metric]
        parts.append((normalised_shortfall(metric, r) * metric.weight, r))
    if not parts:
        return None
    parts.sort(key=lambda p: -p[0])
    return sum(c for c, _ in parts), tuple(r for _, r in parts)


def shortfall_reasons(cards: Scorecards, parts: Parts) -> tuple[str, ...]:
    """The misses of shortfall_parts in words, worst first."""
    return tuple(shortfall_reason(cards.metrics[r.metric], r) for r in parts[1])


def rank_weak(cards: Scorecards, limit: int | None = None,
              parts: dict[str, Parts | None] | None = None) -> list[WeakTouchpoint]:
    """The ranking; `parts` holds shortfall_parts already computed (any
    touchpoint missing from it is computed here)."""
    ranked = Ranking(cards, parts).entries()
    return list(ranked) if limit is None else ranked[:limit]


class Ranking:
    """The weak ranking as a sorted list of keys that one touchpoint's
    change can update in place (the live analysis does, edit by edit)."""

    def __init__(self, cards: Scorecards, parts: dict[str, Parts | None] | None = None) -> None:
        self.cards = cards
        self.parts: dict[str, Parts | None] = parts if parts is not None else {}
        journey = cards.journey
        known = [tp.importance for tp in journey.touchpoints if tp.importance is not None]
        self._mean_importance = sum(known) / len(known) if known else None
        self._phase_order = {p.id: i for i, p in enumerate(journey.phases)}
        self._lane_order = {lane.id: i for i, lane in enumerate(journey.lanes)}
        self._scored: dict[str, tuple[RankKey, float, Parts]] = {}
        for tp in journey.touchpoints:
            self._score(tp.id)
        self.order: list[RankKey] = sorted(key for key, _, _ in self._scored.values())
        self._entries: RankedList | None = None

    def _score(self, tp_id: str) -> None:
        journey = self.cards.journey
        self._scored.pop(tp_id, None)
        if not journey.has_touchpoint(tp_id):
            return
        tp = journey.touchpoint(tp_id)
        part = self.parts.get(tp_id) if tp_id in self.parts else None
        if tp_id not in self.parts:
            part = self.parts[tp_id] = shortfall_parts(self.cards, tp_id)
        if part is None:
            return
        score = part[0]
        mean = self._mean_importance
        if mean and tp.importance is not None:
            score *= tp.importance / mean
        # Equal scores (to nine decimals, so floating-point noise cannot decide)
        # are ordered by phase, then lane, then name: a stated, stable key.
        key = (-round(score, 9), self._phase_order.get(tp.phase, 0), self._lane_order.get(tp.lane, 0),
               tp.name.casefold(), tp.id)
        self._scored[tp_id] = (key, score, part)

    def update(self, tp_ids: set[str]) -> tuple[int, int]:
        """These touchpoints' results, names or cells changed (nothing else:
        not importance, nor the order of phases and lanes). Returns the
        stretch of the new order [start, stop) whose ranks may have changed:
        cards outside it kept theirs."""
        start, stop, count = len(self.order), 0, len(self.order)
        for tp_id in tp_ids:
            old = self._scored.get(tp_id)
            if old is not None:
                i = bisect.bisect_left(self.order, old[0])
                del self.order[i]
                start, stop = min(start, i), max(stop, i + 1)
            self.parts.pop(tp_id, None)
            self._score(tp_id)
            new = self._scored.get(tp_id)
            if new is not None:
                j = bisect.bisect_left(self.order, new[0])
                self.order.insert(j, new[0])
                start, stop = min(start, j), max(stop, j + 1)
        self._entries = None
        if len(self.order) != count:  # one more or fewer: everyone below moves
            stop = len(self.order)
        return (start, min(stop, len(self.order))) if start < stop else (0, 0)

    def rank_of(self, tp_id: str) -> int | None:
        """1 for the worst; None when it misses nothing."""
        scored = self._scored.get(tp_id)
        return None if scored is None else bisect.bisect_left(self.order, scored[0]) + 1

    def ranks(self) -> dict[str, int]:
        return {key[-1]: i + 1 for i, key in enumerate(self.order)}

    def ids_between(self, start: int, stop: int) -> set[str]:
        return {key[-1] for key in self.order[start:stop]}

    def entries(self) -> RankedList:
        if self._entries is None:
            self._entries = RankedList(self, list(self.order))
        return self._entries

    def entry(self, rank: int, tp_id: str) -> WeakTouchpoint:
        _, score, part = self._scored[tp_id]
        tp = self.cards.journey.touchpoint(tp_id)
        reasons = shortfall_reasons(self.cards, part)
        mean = self._mean_importance
        if mean and tp.importance is not None:
            reasons += (f"importance for loyalty {tp.importance:.0%} "
                        f"({tp.importance / mean:.1f}x the average touchpoint)",)
        # How sure each miss is: asked only for the entries someone reads.
        missed = [r for r in self.cards.touchpoints.get(tp_id, []) if r.status in (Status.AMBER, Status.RED)]
        unsure = [r for r in missed if r.indistinct(self.cards.metrics[r.metric])]
        if unsure:
            reasons += ("not yet distinguishable from the target: " + "; ".join(
                f"{metric.name} {describe(metric, r.value, r.n, r.interval(metric))}"
                for r in unsure if r.value is not None
                for metric in [self.cards.metrics[r.metric]]),)
        return WeakTouchpoint(rank=rank, id=tp_id, name=tp.name, phase=tp.phase,
                              status=self.cards.touchpoint_status(tp_id), score=round(score, 6),
                              reasons=reasons, low_confidence=bool(missed) and len(unsure) == len(missed))


class RankedList(Sequence[WeakTouchpoint]):
    """The ranking, worst first, as a list whose entries are made when first
    read: a panel showing the worst 200 of 10,000 builds 200. Read it before
    the next edit (a new one is made after each change)."""

    def __init__(self, ranking: Ranking, keys: list[RankKey]) -> None:
        # The keys, copied (a copy of a list is one C call; pulling the ids
        # out of 10,000 keys on every edit is not).
        self._ranking, self._keys = ranking, keys
        self._made: dict[int, WeakTouchpoint] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def _at(self, i: int) -> WeakTouchpoint:
        entry = self._made.get(i)
        if entry is None:
            entry = self._made[i] = self._ranking.entry(i + 1, self._keys[i][-1])
        return entry

    @overload
    def __getitem__(self, index: int) -> WeakTouchpoint: ...
    @overload
    def __getitem__(self, index: slice) -> list[WeakTouchpoint]: ...

    def __getitem__(self, index: int | slice) -> WeakTouchpoint | list[WeakTouchpoint]:
        if isinstance(index, slice):
            return [self._at(i) for i in range(*index.indices(len(self._keys)))]
        if index < 0:
            index += len(self._keys)
        if not 0 <= index < len(self._keys):
            raise IndexError(index)
        return self._at(index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (RankedList, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
