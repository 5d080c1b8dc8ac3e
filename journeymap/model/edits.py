"""Edits as data: every change to a journey is a small frozen object.

Applying an edit changes the journey through its checked methods and returns
the edit that undoes it, so undo and redo are just "apply what the last apply
returned". A list of edits applies all or nothing (`apply_edits`). The CLI and
the window build the same edits (an import, a drag, a deletion), and the
window's one generic undo command wraps a list of them: there is one apply
path and one rollback, and both are testable without Qt.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .actions import Action
from .entities import Connection, JourneyInfo, Lane, Measurement, MetricDef, Phase, Touchpoint
from .journey import Journey, JourneyError
from .personas import Persona

MeasurementKey = tuple[str, str, str, str]
# Up to this many removals, each finds its place by a search of its own.
SEARCH_EACH = 16
Changes = tuple[tuple[str, Any], ...]


class Edit(Protocol):
    def apply(self, journey: Journey) -> Edit:
        """Make the change; return the edit that undoes it. Raises
        JourneyError, leaving the journey as it was, when the change breaks a rule."""
        ...


def _changes(**fields: Any) -> Changes:
    return tuple(fields.items())


# ------------------------------------------------------------------ touchpoints
@dataclass(frozen=True)
class AddTouchpoint:
    touchpoint: Touchpoint
    index: int | None = None

    def apply(self, journey: Journey) -> Edit:
        journey.add_touchpoint(self.touchpoint, self.index)
        return RemoveTouchpoint(self.touchpoint.id)


@dataclass(frozen=True)
class RemoveTouchpoint:
    tp_id: str
    hint: int | None = field(default=None, compare=False)  # where it likely stands in map order

    def apply(self, journey: Journey) -> Edit:
        return AddTouchpoint(*journey.pop_touchpoint(self.tp_id, self.hint))


@dataclass(frozen=True)
class UpdateTouchpoint:
    tp_id: str
    changes: Changes

    def apply(self, journey: Journey) -> Edit:
        old = journey.update_touchpoint(self.tp_id, **dict(self.changes))
        return UpdateTouchpoint(self.tp_id, tuple((k, getattr(old, k)) for k, _ in self.changes))


def update_touchpoint(tp_id: str, **fields: Any) -> UpdateTouchpoint:
    return UpdateTouchpoint(tp_id, _changes(**fields))


# ------------------------------------------------------------------ connections
@dataclass(frozen=True)
class AddConnection:
    connection: Connection
    index: int | None = None

    def apply(self, journey: Journey) -> Edit:
        journey.add_connection(self.connection, self.index)
        return RemoveConnection(*self.connection.key)


@dataclass(frozen=True)
class RemoveConnection:
    source: str
    target: str
    hint: int | None = field(default=None, compare=False)  # where it likely stands in map order

    def apply(self, journey: Journey) -> Edit:
        return AddConnection(*journey.pop_connection(self.source, self.target, self.hint))


@dataclass(frozen=True)
class UpdateConnection:
    source: str
    target: str
    changes: Changes

    def apply(self, journey: Journey) -> Edit:
        old = journey.update_connection(self.source, self.target, **dict(self.changes))
        return UpdateConnection(self.source, self.target, tuple((k, getattr(old, k)) for k, _ in self.changes))


def update_connection(source: str, target: str, **fields: Any) -> UpdateConnection:
    return UpdateConnection(source, target, _changes(**fields))


# ------------------------------------------------------------- phases and lanes
# Phases (columns) and lanes (rows) are both ordered, named rows of the map
# with the same Journey methods (add_phase / add_lane, ...): one set of edits
# serves both, told which by `kind`.
@dataclass(frozen=True)
class AddRow:
    kind: str  # "phase" or "lane"
    item: Phase | Lane
    index: int | None = None

    def apply(self, journey: Journey) -> Edit:
        getattr(journey, f"add_{self.kind}")(self.item, self.index)
        return RemoveRow(self.kind, self.item.id)


@dataclass(frozen=True)
class RemoveRow:
    kind: str
    item_id: str

    def apply(self, journey: Journey) -> Edit:
        item, index = getattr(journey, f"remove_{self.kind}")(self.item_id)
        return AddRow(self.kind, item, index)


@dataclass(frozen=True)
class UpdateRow:
    kind: str
    item_id: str
    changes: Changes

    def apply(self, journey: Journey) -> Edit:
        old = getattr(journey, f"update_{self.kind}")(self.item_id, **dict(self.changes))
        return UpdateRow(self.kind, self.item_id, tuple((k, getattr(old, k)) for k, _ in self.changes))


@dataclass(frozen=True)
class MoveRow:
    kind: str
    item_id: str
    index: int

    def apply(self, journey: Journey) -> Edit:
        old_index = getattr(journey, f"move_{self.kind}")(self.item_id, self.index)
        return MoveRow(self.kind, self.item_id, old_index)


def update_row(kind: str, item_id: str, **fields: Any) -> UpdateRow:
    return UpdateRow(kind, item_id, _changes(**fields))


# ------------------------------------------------------- metrics and measurements
@dataclass(frozen=True)
class SetMetric:
    """Add a metric definition, or replace the one with the same id in place."""
    metric: MetricDef
    index: int | None = None

    def apply(self, journey: Journey) -> Edit:
        old = journey.set_metric(self.metric, self.index)
        return RemoveMetric(self.metric.id) if old is None else SetMetric(old)


@dataclass(frozen=True)
class RemoveMetric:
    metric_id: str

    def apply(self, journey: Journey) -> Edit:
        index = journey.metric_index(self.metric_id)
        return SetMetric(journey.remove_metric(self.metric_id), index)


@dataclass(frozen=True)
class SetMeasurement:
    """Add a measurement, or replace the one with the same node, metric,
    period and segment."""
    measurement: Measurement

    def apply(self, journey: Journey) -> Edit:
        old = journey.set_measurement(self.measurement)
        return RemoveMeasurement(self.measurement.key) if old is None else SetMeasurement(old)


@dataclass(frozen=True)
class RemoveMeasurement:
    key: MeasurementKey

    def apply(self, journey: Journey) -> Edit:
        return SetMeasurement(journey.remove_measurement(self.key))


@dataclass(frozen=True)
class RemoveMeasurements:
    keys: tuple[MeasurementKey, ...]

    def apply(self, journey: Journey) -> Edit:
        return AddMeasurements(tuple(journey.remove_measurements(self.keys)))


@dataclass(frozen=True)
class AddMeasurements:
    """New measurements (none with the key of one already there)."""
    measurements: tuple[Measurement, ...]

    def apply(self, journey: Journey) -> Edit:
        taken = next((m for m in self.measurements if journey.measurement(m.key) is not None), None)
        if taken is not None:
            raise JourneyError(f"there is already a measurement {taken.key}")
        keys = tuple(m.key for m in self.measurements)
        try:
            journey.add_measurements(self.measurements)
        except JourneyError:
            # add_measurements stops at the first it refuses: take back the
            # ones it stored (none of these keys was there before).
            journey.remove_measurements([key for key in keys if journey.measurement(key) is not None])
            raise
        return RemoveMeasurements(keys)


@dataclass(frozen=True)
class SetAction:
    """Add an action, or replace the one with the same id in place."""
    action: Action
    index: int | None = None

    def apply(self, journey: Journey) -> Edit:
        old = journey.set_action(self.action, self.index)
        return RemoveAction(self.action.id) if old is None else SetAction(old)


@dataclass(frozen=True)
class RemoveAction:
    action_id: str

    def apply(self, journey: Journey) -> Edit:
        index = journey.action_index(self.action_id)
        return SetAction(journey.remove_action(self.action_id), index)


@dataclass(frozen=True)
class SetPersona:
    """Add a persona, or replace the one with the same id in place."""
    persona: Persona
    index: int | None = None

    def apply(self, journey: Journey) -> Edit:
        old = journey.set_persona(self.persona, self.index)
        return RemovePersona(self.persona.id) if old is None else SetPersona(old)


@dataclass(frozen=True)
class RemovePersona:
    persona_id: str

    def apply(self, journey: Journey) -> Edit:
        index = journey.persona_index(self.persona_id)
        return SetPersona(journey.remove_persona(self.persona_id), index)


@dataclass(frozen=True)
class SetInfo:
    info: JourneyInfo

    def apply(self, journey: Journey) -> Edit:
        return SetInfo(journey.set_info(self.info))


# ------------------------------------------------------------------- applying
def apply_edits(journey: Journey, edits: Iterable[Edit]) -> list[Edit]:
    """Apply a list of edits all or nothing; return the list that undoes them
    (in the order to apply it). When one is refused, the ones already applied
    are undone and the JourneyError is raised: the journey is as it was.
    Listeners hear one change for the whole list."""
    inverses: list[Edit] = []
    with journey.batch():
        try:
            for edit in edits:
                inverses.append(edit.apply(journey))
        except JourneyError:
            for inverse in reversed(inverses):
                inverse.apply(journey)
            raise
    inverses.reverse()
    return inverses


# ------------------------------------------------------ edits for whole gestures
# Each builds the list of edits one user action means, from the journey as it
# is; the window and the CLI both call these.
def removal_edits(journey: Journey, tp_ids: Iterable[str]) -> list[Edit]:
    """Delete touchpoints: their connections, then their measurements, then them."""
    ids = [t for t in dict.fromkeys(tp_ids) if journey.has_touchpoint(t)]
    keys = list(dict.fromkeys(conn.key for tp_id in ids for conn in journey.connections_of(tp_id)))
    measured = tuple(m.key for tp_id in ids for m in journey.measurements_of(tp_id))
    if len(ids) + len(keys) <= SEARCH_EACH:
        connections: list[Edit] = [RemoveConnection(*key) for key in keys]
        touchpoints: list[Edit] = [RemoveTouchpoint(tp_id) for tp_id in ids]
    else:
        # Many at once (a deleted phase): found in one pass and removed from
        # the end of the map order backwards, so each one's place is still
        # right when its turn comes (a search per removal made this quadratic).
        where = journey.positions("connection", keys)
        connections = [RemoveConnection(*key, hint=where[key])
                       for key in sorted(keys, key=where.__getitem__, reverse=True)]
        where = journey.positions("touchpoint", ids)
        touchpoints = [RemoveTouchpoint(tp_id, hint=where[tp_id])
                       for tp_id in sorted(ids, key=where.__getitem__, reverse=True)]
    gone = set(ids)
    unlinked: list[Edit] = [SetAction(dataclasses.replace(a, touchpoints=tuple(t for t in a.touchpoints
                                                                                 if t not in gone)))
                            for a in journey.actions if gone.intersection(a.touchpoints)]
    return unlinked + connections + ([RemoveMeasurements(measured)] if measured else []) + touchpoints


def persona_removal_edits(journey: Journey, persona_id: str) -> list[Edit]:
    """Delete a persona: its emotions come off the cards first, in the same
    undo step, so undo gives both back."""
    edits: list[Edit] = [update_touchpoint(tp.id, persona_emotions=tuple(
        (p, e) for p, e in tp.persona_emotions if p != persona_id))
        for tp in journey.touchpoints if tp.persona_emotion(persona_id) is not None]
    return [*edits, RemovePersona(persona_id)]


def persona_emotion_edit(journey: Journey, tp_id: str, persona_id: str, emotion: float | None) -> Edit | None:
    """Set (None: clear) one persona's emotion on one card; None when nothing would change."""
    tp = journey.touchpoint(tp_id)
    emotions = dict(tp.persona_emotions)
    if emotion is None:
        emotions.pop(persona_id, None)
    else:
        emotions[persona_id] = float(emotion)
    # Kept in the journey's persona order, so a file lists them as the legend does.
    order = {p.id: i for i, p in enumerate(journey.personas)}
    new = tuple(sorted(emotions.items(), key=lambda pair: order.get(pair[0], len(order))))
    return None if new == tp.persona_emotions else update_touchpoint(tp_id, persona_emotions=new)


def delete_row_edits(journey: Journey, kind: str, item_id: str) -> list[Edit]:
    """Delete a phase or lane with its touchpoints (and a phase's own measurements)."""
    if kind == "phase":
        tps = [tp.id for tp in journey.touchpoints_in(phase_id=item_id)]
    else:
        tps = [tp.id for tp in journey.touchpoints_in(lane_id=item_id)]
    edits = removal_edits(journey, tps)
    if kind == "phase":
        edits += [RemoveMeasurement(m.key) for m in journey.measurements_of(item_id)]
    edits.append(RemoveRow(kind, item_id))
    return edits


def target_override_edit(journey: Journey, node: str, metric: str, target: float | None,
                         future: bool = False) -> Edit | None:
    """Set (or with None clear) one node's own target for a metric, or with
    `future` a touchpoint's target in the future state; None when nothing
    would change."""
    is_tp = journey.has_touchpoint(node)
    item: Touchpoint | Phase = journey.touchpoint(node) if is_tp else journey.phase(node)
    if future:
        if not isinstance(item, Touchpoint):
            raise JourneyError("the future state's targets are set on touchpoints")
        targets = dict(item.future_targets)
        if target is None:
            targets.pop(metric, None)
        else:
            targets[metric] = float(target)
        new_targets = tuple(sorted(targets.items()))
        return None if new_targets == item.future_targets else update_touchpoint(node, future_targets=new_targets)
    overrides = dict(item.target_overrides)
    if target is None:
        overrides.pop(metric, None)
    else:
        overrides[metric] = float(target)
    new = tuple(sorted(overrides.items()))
    if new == item.target_overrides:
        return None
    return update_touchpoint(node, target_overrides=new) if is_tp else update_row("phase", node,
                                                                                   target_overrides=new)


def importance_edits(journey: Journey, weights: dict[str, float]) -> list[Edit]:
    """Store driver analysis' importance on every touchpoint (None where the
    analysis gave none), rounded as the file keeps it."""
    edits: list[Edit] = []
    for tp in journey.touchpoints:
        value = round(weights[tp.id], 6) if tp.id in weights else None
        if tp.importance != value:
            edits.append(update_touchpoint(tp.id, importance=value))
    return edits


def changed_fields(current: object, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields that would really change (no empty undo steps)."""
    return {k: v for k, v in fields.items() if getattr(current, k) != v}


def paste_edits(journey: Journey, items: Sequence[dict[str, Any]], phase: str | None,
                lane: str | None) -> tuple[list[Edit], list[str]]:
    """Copied touchpoints (with the connections among them and, when they
    came from a journey with the same metrics, their measurements) as new
    ones: into the given cell, or into their own cells when those exist."""
    fallback_phase = phase or (journey.phases[0].id if journey.phases else None)
    fallback_lane = lane or (journey.lanes[0].id if journey.lanes else None)
    if fallback_phase is None or fallback_lane is None:
        raise JourneyError("add a phase and a lane before pasting touchpoints")
    new_ids = journey.new_ids("tp", len(items))
    id_map = {item["id"]: new_id for item, new_id in zip(items, new_ids, strict=True)}
    edits: list[Edit] = []
    for item in items:
        new_id = id_map[item["id"]]
        target_phase = phase or (item["phase"] if journey.has_phase(item["phase"]) else fallback_phase)
        target_lane = lane or (item["lane"] if journey.has_lane(item["lane"]) else fallback_lane)
        edits.append(AddTouchpoint(Touchpoint(
            id=new_id, name=item["name"], phase=target_phase, lane=target_lane,
            channel=item.get("channel", ""), owner=item.get("owner", ""),
            description=item.get("description", ""), emotion=item.get("emotion"),
            pain_points=tuple(item.get("pain_points", ())),
            opportunities=tuple(item.get("opportunities", ())),
            notes=tuple(item.get("notes", ())),
            moment_of_truth=bool(item.get("moment_of_truth", False)),
            **pasted_research(journey, item))))
    for item in items:
        for target, label in item.get("links", []):
            if target in id_map:
                edits.append(AddConnection(Connection(id_map[item["id"]], id_map[target], label)))
    measured = [m for item in items for m in pasted_measurements(journey, item, id_map[item["id"]])]
    if measured:
        edits.append(AddMeasurements(tuple(measured)))
    return edits, new_ids


def pasted_research(journey: Journey, item: dict[str, Any]) -> dict[str, Any]:
    """A copied card's future state, evidence, link and the emotions of
    personas this journey has too (by id and name); anything malformed is
    left off, as the journey's own checks would refuse it."""
    from .entities import STATES
    from .evidence import KINDS, LEVELS, Evidence

    out: dict[str, Any] = {}
    if item.get("state") in STATES:
        out["state"] = item["state"]
    for key in ("future_note", "link"):
        if isinstance(item.get(key), str):
            out[key] = item[key]
    if item.get("evidence_level") in LEVELS:
        out["evidence_level"] = item["evidence_level"]
    evidence = []
    for raw in item.get("evidence", ()):
        if isinstance(raw, dict) and raw.get("kind") in KINDS and all(
                isinstance(raw.get(k, ""), str) for k in ("text", "source", "date", "ref")):
            evidence.append(Evidence(raw["kind"], raw.get("text", ""), raw.get("source", ""), raw.get("date", ""),
                                     raw.get("ref", "")))
    out["evidence"] = tuple(evidence)
    names = {p.id: p.name for p in journey.personas}
    emotions = []
    for raw in item.get("persona_emotions", ()):
        if (isinstance(raw, dict) and isinstance(raw.get("persona"), str)
                and names.get(raw["persona"]) == raw.get("name")
                and isinstance(raw.get("emotion"), int | float) and not isinstance(raw.get("emotion"), bool)
                and -2 <= raw["emotion"] <= 2):
            emotions.append((raw["persona"], float(raw["emotion"])))
    out["persona_emotions"] = tuple(dict(emotions).items())
    return out


def pasted_measurements(journey: Journey, item: dict[str, Any], new_id: str) -> list[Measurement]:
    """A copied card's measurements for its copy, where they mean the same
    here: only of a metric this journey has under the same id, name and
    unit (an NPS is not pasted into a journey whose "nps" is something else),
    and only well-formed values; the rest are left out, never guessed at."""
    out = []
    for raw in item.get("measurements", ()):
        if not isinstance(raw, dict):
            continue
        metric_id, value, n = raw.get("metric"), raw.get("value"), raw.get("n")
        if not (isinstance(metric_id, str) and journey.has_metric(metric_id)):
            continue
        metric = journey.metric(metric_id)
        if raw.get("metric_name") != metric.name or raw.get("unit", "") != metric.unit:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            continue
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
            continue
        texts = [raw.get(k, "") for k in ("period", "segment", "source")]
        if not all(isinstance(t, str) for t in texts):
            continue
        out.append(Measurement(new_id, metric_id, float(value), n, *texts))
    return out
