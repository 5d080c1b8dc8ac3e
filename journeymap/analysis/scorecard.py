"""Per-touchpoint, per-phase and journey scorecards.

Which measurement counts when a node has several:
* a segment filter keeps that segment; without one, the all-customers
  measurements (no segment) are used when present, else all segments combined;
* a period filter keeps that period; without one, the latest period is used
  (periods sort as text, so "2026-Q1" < "2026-Q2" and "2026-01" < "2026-02");
* what remains is combined as a mean weighted by n when every n is known.

Phases and the journey roll up their touchpoints the same way (weighted by n
where known); a phase's own measurement, when it has one, wins over the roll-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from journeymap.model.entities import Measurement, MetricDef
from journeymap.model.journey import Journey

from .status import Status, signed_gap, status_of


@dataclass(frozen=True)
class MetricResult:
    metric: str
    value: float | None
    n: int | None
    target: float | None
    status: Status
    target_overridden: bool = False

    def gap(self, metric: MetricDef) -> float | None:
        """Signed distance to target, positive when better than the target."""
        if self.value is None or self.target is None:
            return None
        return signed_gap(metric, self.value, self.target)


@dataclass(frozen=True)
class Filter:
    segment: str | None = None
    period: str | None = None


def combine(values: Sequence[tuple[float, int | None]]) -> tuple[float | None, int | None]:
    """Mean of (value, n) pairs, weighted by n when every n is known and positive."""
    if not values:
        return None, None
    ns = [n for _, n in values]
    if all(n is not None for n in ns) and sum(ns) > 0:
        total = sum(ns)
        return sum(v * n for v, n in values) / total, total
    known = [n for n in ns if n is not None]
    return sum(v for v, _ in values) / len(values), (sum(known) if known else None)


def select(measurements: Iterable[Measurement], flt: Filter) -> list[Measurement]:
    ms = list(measurements)
    if len(ms) <= 1:  # the common case, and the hot path of large reports
        return ms if all(_matches(m, flt) for m in ms) else []
    if flt.segment is not None:
        ms = [m for m in ms if m.segment == flt.segment]
    elif any(m.segment == "" for m in ms):
        ms = [m for m in ms if m.segment == ""]
    if flt.period is not None:
        ms = [m for m in ms if m.period == flt.period]
    elif ms:
        latest = max(m.period for m in ms)
        ms = [m for m in ms if m.period == latest]
    return ms


def _matches(m: Measurement, flt: Filter) -> bool:
    return (flt.segment is None or m.segment == flt.segment) and (flt.period is None or m.period == flt.period)


def node_value(journey: Journey, node: str, metric_id: str, flt: Filter = Filter()) -> tuple[float | None, int | None]:
    chosen = select(journey.measurements_of(node, metric_id), flt)
    return combine([(m.value, m.n) for m in chosen])


def target_for(metric: MetricDef, overrides: dict[str, float]) -> tuple[float | None, bool]:
    if metric.id in overrides:
        return overrides[metric.id], True
    return metric.target, False


def result(metric: MetricDef, value: float | None, n: int | None,
           overrides: dict[str, float]) -> MetricResult:
    target, overridden = target_for(metric, overrides)
    return MetricResult(metric.id, value, n, target, status_of(metric, value, target), overridden)


class Scorecards:
    """All scorecards of a journey for one filter, computed once."""

    def __init__(self, journey: Journey, flt: Filter = Filter()) -> None:
        self.journey = journey
        self.filter = flt
        self.metrics = {m.id: m for m in journey.metrics}
        self.touchpoints: dict[str, list[MetricResult]] = {}
        self.phases: dict[str, list[MetricResult]] = {}
        self.overall: list[MetricResult] = []
        self._tp_status: dict[str, Status] = {}
        self._compute()

    def _compute(self) -> None:
        j = self.journey
        per_phase_values: dict[str, dict[str, list[tuple[float, int | None]]]] = {
            p.id: {} for p in j.phases}
        for tp in j.touchpoints:
            overrides = dict(tp.target_overrides)
            results = []
            for metric in self.metrics.values():
                value, n = node_value(j, tp.id, metric.id, self.filter)
                if value is None:
                    continue
                results.append(result(metric, value, n, overrides))
                per_phase_values[tp.phase].setdefault(metric.id, []).append((value, n))
            self.touchpoints[tp.id] = results

        overall_values: dict[str, list[tuple[float, int | None]]] = {}
        for phase in j.phases:
            overrides = dict(phase.target_overrides)
            results = []
            for metric in self.metrics.values():
                value, n = node_value(j, phase.id, metric.id, self.filter)
                if value is None:
                    value, n = combine(per_phase_values[phase.id].get(metric.id, []))
                if value is None:
                    continue
                results.append(result(metric, value, n, overrides))
                overall_values.setdefault(metric.id, []).append((value, n))
            self.phases[phase.id] = results

        for metric in self.metrics.values():
            value, n = combine(overall_values.get(metric.id, []))
            if value is not None:
                self.overall.append(result(metric, value, n, {}))

    # ---------------------------------------------------------------- queries
    def touchpoint_status(self, tp_id: str) -> Status:
        # Asked several times per touchpoint (cards, counts, ranking): computed once.
        status = self._tp_status.get(tp_id)
        if status is None:
            status = self._tp_status[tp_id] = Status.worst(r.status for r in self.touchpoints.get(tp_id, []))
        return status

    def phase_status(self, phase_id: str) -> Status:
        return Status.worst(r.status for r in self.phases.get(phase_id, []))

    def journey_status(self) -> Status:
        return Status.worst(r.status for r in self.overall)

    def status_counts(self) -> dict[Status, int]:
        counts = {s: 0 for s in Status}
        for tp_id in self.touchpoints:
            counts[self.touchpoint_status(tp_id)] += 1
        return counts

    def health_percent(self) -> float | None:
        """Share of touchpoint metric results that meet their target."""
        judged = [r for rs in self.touchpoints.values() for r in rs if r.status is not Status.NONE]
        if not judged:
            return None
        return 100.0 * sum(r.status is Status.GREEN for r in judged) / len(judged)

    def result_for(self, node: str, metric_id: str) -> MetricResult | None:
        for r in self.touchpoints.get(node) or self.phases.get(node) or []:
            if r.metric == metric_id:
                return r
        return None
