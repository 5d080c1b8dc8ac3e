"""What changed between two versions of a journey, or two periods of one:
structure (touchpoints and phases added, removed, renamed, moved) and
figures (values and statuses), worst news first.

Items are matched by id, which stays the same through renames and moves (it
is what a file and a spreadsheet refer to).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from journeymap.model.entities import MetricDef
from journeymap.model.journey import Journey
from journeymap.model.metrics import format_amount, format_value

from .scorecard import Filter, MetricResult, Scorecards
from .status import Status, signed_gap

# Below this a value counts as unchanged: a re-import that rounds
# differently is not news.
TOLERANCE = 1e-6
NO_OWNER, PHASES = "(no owner)", "(phases)"


@dataclass(frozen=True)
class StructureChange:
    kind: str  # "added", "removed", "renamed", "moved", "edited" (a card), "changed" (an action)
    item: str  # "touchpoint", "phase", "lane", "metric", "connection", "action"
    id: str
    name: str
    detail: str = ""

    def text(self) -> str:
        return f"{self.item} '{self.name}' {self.kind}" + (f": {self.detail}" if self.detail else "")


@dataclass(frozen=True)
class FigureChange:
    """One metric of one touchpoint or phase, before and after."""
    node: str
    node_name: str
    kind: str  # "touchpoint" or "phase"
    owner: str
    metric: str
    metric_name: str
    old: float | None
    new: float | None
    old_status: Status
    new_status: Status
    # How much better (+) or worse (-) the value got, in the metric's
    # direction; None when either side has no value.
    change: float | None
    text: str

    @property
    def fall(self) -> int:
        """How many steps its status fell (negative: rose); 0 when it was not
        judged both times (a figure new or gone is neither better nor worse)."""
        if Status.NONE in (self.old_status, self.new_status):
            return 0
        return self.new_status.severity - self.old_status.severity

    @property
    def worse(self) -> bool:
        """Its status fell, or its value fell (in the metric's direction: a
        green CSAT from 92% to 88% is worse too) while its status did not rise."""
        if self.fall:
            return self.fall > 0
        return self.change is not None and self.change < -TOLERANCE

    @property
    def better(self) -> bool:
        if self.fall:
            return self.fall < 0
        return self.change is not None and self.change > TOLERANCE


@dataclass
class Comparison:
    old_label: str
    new_label: str
    structure: list[StructureChange] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.structure and not self.figures

    def worse(self) -> list[FigureChange]:
        return [f for f in self.figures if f.worse]

    def by_owner(self, changes: Iterable[FigureChange]) -> dict[str, list[FigureChange]]:
        """A review list per touchpoint owner, in name order; touchpoints
        without an owner, then phases (which have none), last."""
        out: dict[str, list[FigureChange]] = {}
        for c in changes:
            out.setdefault(c.owner or (NO_OWNER if c.kind == "touchpoint" else PHASES), []).append(c)
        last = {NO_OWNER: 1, PHASES: 2}
        return dict(sorted(out.items(), key=lambda kv: (last.get(kv[0], 0), kv[0].casefold())))

    def changed_nodes(self) -> dict[str, str]:
        """Touchpoint or phase id -> the mark the map shows: "new",
        "worse", "better", "changed" (renamed, moved or edited; the worst
        that applies)."""
        marks: dict[str, str] = {}
        rank = {"changed": 0, "better": 1, "new": 2, "worse": 3}
        def mark(node: str, what: str) -> None:
            if node not in marks or rank[what] > rank[marks[node]]:
                marks[node] = what
        for s in self.structure:
            if s.item in ("touchpoint", "phase") and s.kind != "removed":
                mark(s.id, "new" if s.kind == "added" else "changed")
        for f in self.figures:
            mark(f.node, "worse" if f.worse else "better" if f.better else "changed")
        return marks


def compare_journeys(old: Journey, new: Journey, flt: Filter = Filter(),
                     old_label: str = "old", new_label: str = "new") -> Comparison:
    """Two versions of a journey (two saved files), each at the filter's
    period, or at its own latest period when the filter names none."""
    result = Comparison(old_label, new_label, _structure(old, new))
    result.figures = _figures(Scorecards(old, flt), Scorecards(new, flt), new)
    return result


def compare_periods(journey: Journey, old_period: str, new_period: str, segment: str | None = None,
                    state: str = "both") -> Comparison:
    """"What got worse since last quarter": one journey at two periods, of
    the cards the view's journey has (current, future or both)."""
    result = Comparison(old_period, new_period)
    result.figures = _figures(Scorecards(journey, Filter(segment, old_period, state)),
                              Scorecards(journey, Filter(segment, new_period, state)), journey)
    return result


def previous_period(journey: Journey, period: str | None) -> str | None:
    """The period before this one in the journey's data (None: none before)."""
    periods = journey.periods()
    if period is None or period not in periods:
        return None
    i = periods.index(period)
    return periods[i - 1] if i > 0 else None


# ------------------------------------------------------------------ structure
def _structure(old: Journey, new: Journey) -> list[StructureChange]:
    out: list[StructureChange] = []
    old_phases, new_phases = {p.id: p for p in old.phases}, {p.id: p for p in new.phases}
    out += _named("phase", old_phases, new_phases)
    old_lanes, new_lanes = {lane.id: lane for lane in old.lanes}, {lane.id: lane for lane in new.lanes}
    out += _named("lane", old_lanes, new_lanes)
    old_tps, new_tps = {t.id: t for t in old.touchpoints}, {t.id: t for t in new.touchpoints}
    out += _named("touchpoint", old_tps, new_tps)
    for tp_id, tp in new_tps.items():
        before = old_tps.get(tp_id)
        if before is None:
            continue
        moves = []
        if before.phase != tp.phase:
            moves.append(f"from phase '{_name(old_phases, before.phase)}' to '{_name(new_phases, tp.phase)}'")
        if before.lane != tp.lane:
            moves.append(f"from lane '{_name(old_lanes, before.lane)}' to '{_name(new_lanes, tp.lane)}'")
        if moves:
            out.append(StructureChange("moved", "touchpoint", tp_id, tp.name, "; ".join(moves)))
        edited = [_field_change(field, getattr(before, field), getattr(tp, field)) for field in _EDITABLE
                  if getattr(before, field) != getattr(tp, field)]
        if edited:
            out.append(StructureChange("edited", "touchpoint", tp_id, tp.name, "; ".join(edited)))
    out += _named("metric", {m.id: m for m in old.metrics}, {m.id: m for m in new.metrics})
    old_actions, new_actions = {a.id: a for a in old.actions}, {a.id: a for a in new.actions}
    out += [StructureChange("added", "action", i, a.title) for i, a in new_actions.items() if i not in old_actions]
    out += [StructureChange("removed", "action", i, a.title) for i, a in old_actions.items() if i not in new_actions]
    for i, a in new_actions.items():
        b = old_actions.get(i)
        if b is not None and b != a:
            detail = f"status {b.status} → {a.status}" if b.status != a.status else "edited"
            out.append(StructureChange("changed", "action", i, a.title, detail))
    old_conns, new_conns = {c.key for c in old.connections}, {c.key for c in new.connections}
    for key in sorted(new_conns - old_conns):
        out.append(StructureChange("added", "connection", f"{key[0]}->{key[1]}", _arrow(new_tps, key)))
    for key in sorted(old_conns - new_conns):
        out.append(StructureChange("removed", "connection", f"{key[0]}->{key[1]}", _arrow(old_tps, key)))
    return out


# A card's own fields a comparison reports (its place is "moved", its name
# "renamed"; votes and position are workshop noise).
_EDITABLE = ("owner", "channel", "description", "emotion", "moment_of_truth", "pain_points", "opportunities",
             "notes")
_FIELD_NAMES = {"moment_of_truth": "moment of truth", "pain_points": "pain points"}


def _field_change(field: str, before: object, after: object) -> str:
    name = _FIELD_NAMES.get(field, field)
    if isinstance(after, tuple) and isinstance(before, tuple):
        added, gone = len(set(after) - set(before)), len(set(before) - set(after))
        parts = [f"{added} added" if added else "", f"{gone} removed" if gone else ""]
        return f"{name}: {', '.join(p for p in parts if p) or 'reordered'}"
    if isinstance(after, str) and isinstance(before, str) and max(len(after), len(before)) <= 40:
        return f"{name} '{before}' → '{after}'"
    if isinstance(after, bool):
        return f"{name} {'set' if after else 'cleared'}"
    if field == "emotion":
        return f"emotion {before if before is not None else 'none'} → {after if after is not None else 'none'}"
    return f"{name} changed"


def _named(item: str, old: dict[str, Any], new: dict[str, Any]) -> list[StructureChange]:
    out = [StructureChange("added", item, i, x.name) for i, x in new.items() if i not in old]
    out += [StructureChange("removed", item, i, x.name) for i, x in old.items() if i not in new]
    out += [StructureChange("renamed", item, i, x.name, f"was '{old[i].name}'")
            for i, x in new.items() if i in old and old[i].name != x.name]
    return out


def _name(items: dict[str, Any], item_id: str) -> str:
    return items[item_id].name if item_id in items else item_id


def _arrow(tps: dict[str, Any], key: tuple[str, str]) -> str:
    return f"{_name(tps, key[0])} → {_name(tps, key[1])}"


# -------------------------------------------------------------------- figures
def _figures(old: Scorecards, new: Scorecards, journey: Journey) -> list[FigureChange]:
    out: list[FigureChange] = []
    nodes = [(tp.id, tp.name, "touchpoint", tp.owner) for tp in journey.touchpoints]
    nodes += [(p.id, p.name, "phase", "") for p in journey.phases]
    for node, name, kind, owner in nodes:
        table = "touchpoints" if kind == "touchpoint" else "phases"
        before = {r.metric: r for r in getattr(old, table).get(node, [])}
        after = {r.metric: r for r in getattr(new, table).get(node, [])}
        for metric_id in [m for m in new.metrics if m in before or m in after]:
            a, b = before.get(metric_id), after.get(metric_id)
            change = _figure(new, node, name, kind, owner, metric_id, a, b)
            if change is not None:
                out.append(change)
    # Worst news first: the biggest fall in status (green to red before
    # green to amber), a fall into red before one into amber, then the
    # biggest fall in value; improvements last.
    out.sort(key=lambda c: (-c.fall, -(c.new_status.severity if c.fall else 0),
                            c.change if c.change is not None else 0.0, c.kind != "touchpoint"))
    return out


def _value(metric: MetricDef, value: float | None, precise: bool) -> str:
    if value is None or not precise or (metric.unit not in ("%", "pts") and metric.aggregation != "nps"):
        return format_value(metric, value)
    text = f"{value:.1f}" if metric.unit == "%" else f"{value:+.1f}"
    return f"{text}%" if metric.unit == "%" else text


def _figure(cards: Scorecards, node: str, name: str, kind: str, owner: str, metric_id: str,
            a: MetricResult | None, b: MetricResult | None) -> FigureChange | None:
    metric = cards.metrics[metric_id]
    old_value, new_value = (a.value if a else None), (b.value if b else None)
    old_status, new_status = (a.status if a else Status.NONE), (b.status if b else Status.NONE)
    same_value = (old_value is None and new_value is None) or (
        old_value is not None and new_value is not None and abs(old_value - new_value) <= TOLERANCE)
    if same_value and old_status is new_status:
        return None
    change = None if old_value is None or new_value is None else signed_gap(metric, new_value, old_value)
    # Values as precise as the change between them (83.4% → 78.7%, worse by
    # 4.7 points; not 83% → 79% beside it).
    precise = change is not None and abs(change) < 10 and not (
        float(old_value or 0).is_integer() and float(new_value or 0).is_integer())
    shown = f"{_value(metric, old_value, precise)} → {_value(metric, new_value, precise)}"
    if change is not None and abs(change) > TOLERANCE:
        shown += f" ({'better' if change > 0 else 'worse'} by {format_amount(metric, change)})"
    if old_status is not new_status:
        shown += f"; {old_status.symbol} {old_status.label.lower()} → {new_status.symbol} {new_status.label.lower()}"
    return FigureChange(node, name, kind, owner, metric_id, metric.name, old_value, new_value, old_status,
                        new_status, change, f"{name}: {metric.name} {shown}")


# ------------------------------------------------------------------ as output
def comparison_dict(c: Comparison) -> dict[str, object]:
    """What `journeymap diff --json` prints."""
    return {
        "old": c.old_label, "new": c.new_label,
        "structure": [{"kind": s.kind, "item": s.item, "id": s.id, "name": s.name,
                       **({"detail": s.detail} if s.detail else {})} for s in c.structure],
        "figures": [{"node": f.node, "name": f.node_name, "kind": f.kind, "owner": f.owner,
                     "metric": f.metric, "old": f.old, "new": f.new,
                     "old_status": f.old_status.value, "new_status": f.new_status.value,
                     "change": None if f.change is None else round(f.change, 4),
                     "worse": f.worse, "better": f.better, "text": f.text} for f in c.figures],
        "worse_by_owner": {owner: [f.text for f in items]
                           for owner, items in c.by_owner(c.worse()).items()},
    }


def comparison_text(c: Comparison) -> str:
    """What `journeymap diff` prints: what got worse first, by owner."""
    lines = [f"Changes from {c.old_label} to {c.new_label}"]
    if c.empty:
        return lines[0] + ": none"
    worse = c.worse()
    if worse:
        lines += ["", f"Worse ({len(worse)}), by owner"]
        for owner, items in c.by_owner(worse).items():
            lines.append(f"  {owner}")
            lines += [f"    ▼ {f.text}" for f in items]
    better = [f for f in c.figures if f.better]
    if better:
        lines += ["", f"Better ({len(better)})"] + [f"  ▲ {f.text}" for f in better]
    other = [f for f in c.figures if not f.worse and not f.better]
    if other:
        lines += ["", f"Other changes in figures ({len(other)})"] + [f"  · {f.text}" for f in other]
    if c.structure:
        lines += ["", f"Structure ({len(c.structure)})"] + [f"  {s.text()}" for s in c.structure]
    return "\n".join(lines)
