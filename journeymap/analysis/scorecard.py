"""Per-touchpoint, per-phase and journey scorecards.

Which measurement counts when a node has several:
* one period for the whole view: the filter's, or else the latest period of
  the view's measurements (periods ordered as time: "Q4 2025" before
  "2026-Q1"); a node with no measurement in it shows no data, except that an
  undated measurement (typed in by hand, no period) stands for any period;
* within that period, a segment filter keeps that segment; without one, the
  all-customers measurements (no segment) are used when present, else all
  segments combined;
* what remains is combined by the metric's aggregation (see `roll_up`).

Phases and the journey roll up their touchpoints by the same rule; a phase's
own measurement, when it has one, wins over the roll-up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from journeymap.model.entities import VIEW_STATES, Measurement, MetricDef, Touchpoint
from journeymap.model.journey import Journey
from journeymap.model.periods import latest_period

from .confidence import Interval, interval, pooled_sd
from .status import Status, signed_gap, status_of


class MetricResult(NamedTuple):
    """One metric's figure for a card, phase or the journey, with its target
    and status. A NamedTuple, like Measurement: a big map has 20,000 of them,
    made again for every view, and a frozen dataclass is six times slower
    to build."""

    metric: str
    value: float | None
    n: int | None
    target: float | None
    status: Status
    target_overridden: bool = False
    # Said plainly when the figure is not a plain one: n estimated for a
    # roll-up, a median that cannot be rolled up, too few answers to count.
    note: str = ""
    # The spread of the answers behind the value (see Measurement.sd).
    sd: float | None = None
    # Fewer answers than the metric's minimum n: shown, not judged.
    too_few: bool = False

    def gap(self, metric: MetricDef) -> float | None:
        """Signed distance to target, positive when better than the target."""
        if self.value is None or self.target is None:
            return None
        return signed_gap(metric, self.value, self.target)

    def interval(self, metric: MetricDef) -> Interval | None:
        """The value's 95% confidence interval (computed when asked: most
        results of a big map are never looked at closely)."""
        return interval(metric, self.value, self.n, self.sd)

    def indistinct(self, metric: MetricDef) -> bool:
        """Whether the target lies inside the interval: the data cannot yet
        tell this value from the target, whatever its colour says."""
        if self.target is None:
            return False
        iv = self.interval(metric)
        return iv is not None and iv.contains(self.target)


@dataclass(frozen=True)
class Filter:
    """Which segment, period and journey (current, future or both) a view shows."""

    segment: str | None = None
    period: str | None = None
    # Which journey: "current" (without the future state's new cards),
    # "future" (without retired cards, judged by the future state's targets)
    # or "both" (every card, judged by today's targets).
    state: str = "both"


class Combined(NamedTuple):
    """Measurements rolled up into one value, with its n and spread
    (a NamedTuple for the reason MetricResult is one)."""

    value: float | None
    n: int | None
    note: str = ""
    sd: float | None = None


def roll_up(aggregation: str, values: Sequence[tuple[float, int | None]]) -> Combined:
    """Several (value, n) of one metric as one figure, by the metric's aggregation.

    * Means of answers (NPS, top-two-box, rates, means) combine as a mean
      weighted by n. Where some n are unknown, each unknown n counts as the
      median of the known ones, and the note says so; the total n is then
      unknown. With no n at all the mean is unweighted, and the note says so.
    * A sum rolls up as a sum, a minimum as the minimum, a maximum as the maximum.
    * A median cannot be rolled up from medians: one value is itself,
      several give no value and a note saying why.
    """
    if not values:
        return Combined(None, None)
    ns = [n for _, n in values]
    known = [n for n in ns if n is not None]
    total = sum(known) if len(known) == len(ns) else None
    if aggregation == "sum":
        return Combined(math.fsum(v for v, _ in values), total)
    if aggregation == "min":
        return Combined(min(v for v, _ in values), total)
    if aggregation == "max":
        return Combined(max(v for v, _ in values), total)
    if aggregation == "median":
        if len(values) == 1:
            return Combined(values[0][0], values[0][1])
        return Combined(None, total, f"not rolled up: a median of {len(values)} medians is not the median "
                                     "of their answers")
    if len(values) == 1:
        return Combined(values[0][0], values[0][1])
    if not known:
        return Combined(math.fsum(v for v, _ in values) / len(values), None,
                        f"unweighted mean of {len(values)} values: no n known")
    if total is not None:
        if total == 0:
            return Combined(math.fsum(v for v, _ in values) / len(values), 0)
        return Combined(math.fsum(v * n for v, n in values if n is not None) / total, total)
    import statistics  # only this rare case needs it, and it is slow to import
    stand_in: float = statistics.median(known)
    weights: list[float] = [n if n is not None else stand_in for n in ns]
    weight_sum = math.fsum(weights)
    value = math.fsum(v * w for (v, _), w in zip(values, weights, strict=True)) / weight_sum if weight_sum else \
        math.fsum(v for v, _ in values) / len(values)
    missing = len(ns) - len(known)
    return Combined(value, None, f"n unknown for {missing} of {len(values)} values: each weighted as the "
                                 f"median known n ({stand_in:g})")


_PART_NOT_ROLLED = "not rolled up: a part of it is a median that cannot be rolled up"


def _rolled(metric: MetricDef, parts: Sequence[tuple[float, int | None, float | None]]) -> Combined:
    """Parts' (value, n, sd) rolled up, with their pooled spread."""
    return with_spread(roll_up(metric.aggregation, [(v, n) for v, n, _ in parts]), metric, parts)


def combine(values: Sequence[tuple[float, int | None]], aggregation: str = "mean") -> tuple[float | None, int | None]:
    """(value, n) of several measurements of one metric (see `roll_up`)."""
    combined = roll_up(aggregation, values)
    return combined.value, combined.n


def view_filter(journey: Journey, flt: Filter) -> Filter:
    """The filter with its period made concrete: without a period filter,
    the latest period among the view's measurements (one for the whole map,
    so cards, phases and the journey never mix quarters)."""
    if flt.period is not None:
        return flt
    periods = {period for period, segment in journey.period_segments()
               if period and (flt.segment is None or segment == flt.segment)}
    return Filter(flt.segment, latest_period(periods), flt.state)


def select(measurements: Iterable[Measurement], flt: Filter) -> list[Measurement]:
    """The measurements that count for a view whose period is concrete (see
    `view_filter`): that period's (undated ones when it has none), then the
    segment's, or all customers', or every segment's."""
    ms = list(measurements)
    if flt.period is not None:
        dated = [m for m in ms if m.period == flt.period]
        ms = dated or [m for m in ms if m.period == ""]
    if flt.segment is not None:
        return [m for m in ms if m.segment == flt.segment]
    if len(ms) > 1 and any(m.segment == "" for m in ms):
        return [m for m in ms if m.segment == ""]
    return ms


_NO_VALUE = Combined(None, None)


def node_value(journey: Journey, node: str, metric: MetricDef, flt: Filter = Filter()) -> Combined:
    measured = journey.measurement_group(node, metric.id)
    if not measured:
        return _NO_VALUE  # most cells of a big map: no data for this metric
    if flt.period is not None:
        # The usual cell: the view's period holds the measurement that counts
        # (all customers', or the filtered segment's), and `select` would
        # choose it alone; found by its key instead of a scan.
        m = measured.get((node, metric.id, flt.period, flt.segment or ""))
        if m is not None:
            return Combined(m.value, m.n, sd=m.sd)
    chosen = select(measured.values(), flt)
    if len(chosen) == 1:  # one value is itself, whatever the aggregation
        return Combined(chosen[0].value, chosen[0].n, sd=chosen[0].sd)
    return with_spread(roll_up(metric.aggregation, [(m.value, m.n) for m in chosen]),
                       metric, [(m.value, m.n, m.sd) for m in chosen])


def with_spread(combined: Combined, metric: MetricDef,
                parts: Sequence[tuple[float, int | None, float | None]]) -> Combined:
    """The roll-up with the pooled spread of its parts' answers, where its
    value is their mean (see confidence.pooled_sd)."""
    if combined.value is None or metric.aggregation not in _MEANS or not parts:
        return combined
    if len(parts) == 1:
        return combined._replace(sd=parts[0][2])
    return combined._replace(sd=pooled_sd(parts))


# The aggregations whose value is the mean of the answers (coded for NPS and
# shares), so that spreads pool.
_MEANS = frozenset(("nps", "top2box", "rate", "mean"))


def target_for(metric: MetricDef, overrides: dict[str, float]) -> tuple[float | None, bool]:
    if metric.id in overrides:
        return overrides[metric.id], True
    return metric.target, False


def result(metric: MetricDef, combined: Combined, overrides: dict[str, float]) -> MetricResult:
    target, overridden = target_for(metric, overrides)
    status, note = status_of(metric, combined.value, target), combined.note
    too_few = bool(metric.min_n) and combined.value is not None and (combined.n is None or combined.n < metric.min_n)
    if too_few:
        # Shown, but too few answers to judge: no status, so it is in no
        # count, health figure or ranking.
        status = Status.NONE
        few = (f"n unknown, and {metric.name} counts from n={metric.min_n}" if combined.n is None else
               f"n={combined.n} is below the {metric.min_n} answers {metric.name} needs to count")
        note = f"{note}; {few}" if note else few
    return MetricResult(metric.id, combined.value, combined.n, target, status, overridden, note, combined.sd,
                        too_few)


def status_words(metric: MetricDef, r: MetricResult) -> str:
    """"✕ Misses target", "– Too few answers", "– Not rolled up", with "(unsure)" when the
    target lies inside the value's interval: one wording for the inspector,
    the tour and the Excel summary."""
    if r.too_few:
        return f"{Status.NONE.symbol} Too few answers"
    if r.value is None and r.note:
        # There are figures, but no honest roll-up of them (a median of
        # medians): "No data" would say the opposite.
        return f"{Status.NONE.symbol} Not rolled up"
    words = f"{r.status.symbol} {r.status.label}"
    return f"{words} (unsure)" if r.status is not Status.NONE and r.indistinct(metric) else words


class Scorecards:
    """All scorecards of a journey for one filter, computed once."""

    def __init__(self, journey: Journey, flt: Filter = Filter()) -> None:
        self.journey = journey
        self.requested = flt
        self.filter = view_filter(journey, flt)
        self._states = VIEW_STATES[self.filter.state]
        self.metrics = {m.id: m for m in journey.metrics}
        self.touchpoints: dict[str, list[MetricResult]] = {}
        self.phases: dict[str, list[MetricResult]] = {}
        self.overall: list[MetricResult] = []
        self._tp_status: dict[str, Status] = {}
        self._tallies: dict[str, tuple[int, int, int]] = {}
        self._counts: dict[Status, int] | None = None
        self._judged = (0, 0, 0)  # results judged, green, and left out for too few answers
        self._compute()

    @property
    def period(self) -> str | None:
        """The one period this view shows (None: the journey has no dated data)."""
        return self.filter.period

    def in_view(self, tp: Touchpoint) -> bool:
        """Whether the view's journey (current, future or both) has this card."""
        return tp.state in self._states

    def _targets(self, tp: Touchpoint) -> dict[str, float]:
        """A card's own targets: in the future view its future ones first."""
        if self.filter.state == "future" and tp.future_targets:
            return dict(tp.target_overrides) | dict(tp.future_targets)
        return dict(tp.target_overrides)

    def _compute(self) -> None:
        shown = [tp for tp in self.journey.touchpoints if tp.state in self._states]
        for tp in shown:
            self.touchpoints[tp.id] = self._touchpoint_results(tp.id, self._targets(tp))
        members: dict[str, list[str]] = {p.id: [] for p in self.journey.phases}
        for tp in shown:
            members[tp.phase].append(tp.id)
        for phase in self.journey.phases:
            self.phases[phase.id] = self._phase_results(phase.id, members[phase.id])
        self.overall = self._overall_results()

    def update(self, tp_ids: set[str], phase_ids: set[str]) -> None:
        """Recompute only these touchpoints (gone ones are dropped), these
        phases and the journey totals, after an edit that touched only them.
        The metrics and the view's period must be the same as when computed."""
        j = self.journey
        for tp_id in tp_ids:
            self._add_to_totals(tp_id, -1)
            self._tp_status.pop(tp_id, None)
            self._tallies.pop(tp_id, None)
            if j.has_touchpoint(tp_id) and self.in_view(j.touchpoint(tp_id)):
                self.touchpoints[tp_id] = self._touchpoint_results(tp_id, self._targets(j.touchpoint(tp_id)))
                self._add_to_totals(tp_id, +1)
            else:
                self.touchpoints.pop(tp_id, None)
        if phase_ids:
            members: dict[str, list[str]] = {p: [] for p in phase_ids}
            for tp in j.touchpoints:
                if tp.phase in members and tp.state in self._states:
                    members[tp.phase].append(tp.id)
            for phase_id in phase_ids:
                if j.has_phase(phase_id):
                    self.phases[phase_id] = self._phase_results(phase_id, members[phase_id])
                else:
                    self.phases.pop(phase_id, None)
        # Phases keep map order, which the journey totals do not depend on,
        # but views list them: re-key in the journey's order.
        self.phases = {p.id: self.phases.get(p.id, []) for p in j.phases}
        self.overall = self._overall_results()

    def _touchpoint_results(self, tp_id: str, overrides: dict[str, float]) -> list[MetricResult]:
        results = []
        for metric in self.metrics.values():
            combined = node_value(self.journey, tp_id, metric, self.filter)
            if combined.value is None and not combined.note:
                continue
            results.append(result(metric, combined, overrides))
        return results

    def _phase_results(self, phase_id: str, member_ids: list[str]) -> list[MetricResult]:
        """A phase's own measurement, else the roll-up of its touchpoints'
        (none when one of them holds a figure that cannot be rolled up)."""
        parts: dict[str, list[tuple[float, int | None, float | None]]] = {}
        blocked: set[str] = set()
        for tp_id in member_ids:
            for r in self.touchpoints.get(tp_id, []):
                if r.value is not None:
                    parts.setdefault(r.metric, []).append((r.value, r.n, r.sd))
                else:
                    blocked.add(r.metric)
        overrides = dict(self.journey.phase(phase_id).target_overrides)
        results = []
        for metric in self.metrics.values():
            combined = node_value(self.journey, phase_id, metric, self.filter)
            if combined.value is None and not combined.note:
                combined = _rolled(metric, parts.get(metric.id, []))
                if metric.id in blocked:
                    combined = Combined(None, None, _PART_NOT_ROLLED)
            if combined.value is None and not combined.note:
                continue
            results.append(result(metric, combined, overrides))
        return results

    def _overall_results(self) -> list[MetricResult]:
        values: dict[str, list[tuple[float, int | None, float | None]]] = {}
        blocked: set[str] = set()
        for results in self.phases.values():
            for r in results:
                if r.value is not None:
                    values.setdefault(r.metric, []).append((r.value, r.n, r.sd))
                else:
                    blocked.add(r.metric)
        overall = []
        for metric in self.metrics.values():
            combined = _rolled(metric, values.get(metric.id, []))
            if metric.id in blocked:
                combined = Combined(None, None, _PART_NOT_ROLLED)
            if combined.value is not None or combined.note:
                overall.append(result(metric, combined, {}))
        return overall

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
        """How many touchpoints have each status."""
        counts = self._ensure_totals()
        return {s: counts.get(s, 0) for s in Status}

    def health_percent(self) -> float | None:
        """Share of touchpoint metric results that meet their target."""
        self._ensure_totals()
        judged, green, _ = self._judged
        if not judged:
            return None
        return 100.0 * green / judged

    def too_few_count(self) -> int:
        """Touchpoint results left out of the health figure for having fewer
        answers than their metric's minimum n."""
        self._ensure_totals()
        return self._judged[2]

    # Totals over every touchpoint, kept up to date by `update` so the
    # status bar after an edit costs what the edit touched, not the map.
    def _ensure_totals(self) -> dict[Status, int]:
        if self._counts is not None:
            return self._counts
        counts = self._counts = dict.fromkeys(Status, 0)
        judged = green = few = 0
        for tp_id in self.touchpoints:
            counts[self.touchpoint_status(tp_id)] += 1
            j, g, f = self._tally(tp_id)
            judged, green, few = judged + j, green + g, few + f
        self._judged = (judged, green, few)
        return counts

    def _add_to_totals(self, tp_id: str, sign: int) -> None:
        if self._counts is None or tp_id not in self.touchpoints:
            return
        self._counts[self.touchpoint_status(tp_id)] += sign
        j, g, f = self._tally(tp_id)
        judged, green, few = self._judged
        self._judged = (judged + sign * j, green + sign * g, few + sign * f)

    def _tally(self, tp_id: str) -> tuple[int, int, int]:
        """(results judged, results green, results with too few answers) of one touchpoint."""
        tally = self._tallies.get(tp_id)
        if tally is None:
            results = self.touchpoints.get(tp_id, [])
            rs = [r for r in results if r.status is not Status.NONE]
            tally = self._tallies[tp_id] = (len(rs), sum(r.status is Status.GREEN for r in rs),
                                            sum(r.too_few for r in results))
        return tally

    def result_for(self, node: str, metric_id: str) -> MetricResult | None:
        for r in self.touchpoints.get(node) or self.phases.get(node) or []:
            if r.metric == metric_id:
                return r
        return None
