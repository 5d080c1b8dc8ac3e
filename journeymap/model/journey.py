"""Journey: the one mutation API over a networkx DiGraph of touchpoints.

Every change goes through a method here and is announced with an event, so
the GUI, the CLI and the tests all see the same rules. Methods that replace or
remove something return what was there, which is exactly what an undo needs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import networkx as nx

from .entities import EMOTION_MAX, EMOTION_MIN, Connection, JourneyInfo, Lane, Measurement, MetricDef, Phase, Touchpoint
from .events import EventEmitter
from .metrics import AGGREGATIONS
from .periods import sort_periods


class JourneyError(ValueError):
    """A change or a file that would break the journey's rules."""


class Journey:
    def __init__(self, info: JourneyInfo | None = None) -> None:
        self.events = EventEmitter()
        self.info = info or JourneyInfo()
        self.graph = nx.DiGraph()
        self._phases = _Ordered(self, "phase")
        self._lanes = _Ordered(self, "lane")
        self._metrics: dict[str, MetricDef] = {}
        # Map order of touchpoints and connections: kept apart from the graph so
        # an undone deletion puts an item back exactly where it was.
        self._tp_order: list[str] = []
        self._conn_order: list[tuple[str, str]] = []
        self._measurements: dict[tuple[str, str, str, str], Measurement] = {}
        # (node, metric) -> {key: Measurement}; keeps lookups O(1) for reports.
        self._by_node_metric: dict[tuple[str, str], dict[tuple, Measurement]] = {}

    # ------------------------------------------------------------ journey info
    def set_info(self, info: JourneyInfo) -> JourneyInfo:
        old, self.info = self.info, info
        self.events.emit("journey_changed", old=old, new=info)
        return old

    # ------------------------------------------------------- phases and lanes
    # Phases (columns) and lanes (rows) are both ordered, named rows of the
    # map with the same rules; _Ordered holds one list and applies them.
    @property
    def phases(self) -> list[Phase]:
        return list(self._phases.items)

    def phase(self, phase_id: str) -> Phase:
        return self._phases.get(phase_id)

    def has_phase(self, phase_id: str) -> bool:
        return self._phases.has(phase_id)

    def phase_index(self, phase_id: str) -> int:
        return self._phases.index(phase_id)

    def add_phase(self, phase: Phase, index: int | None = None) -> None:
        self._phases.add(phase, index)

    def update_phase(self, phase_id: str, **changes) -> Phase:
        return self._phases.update(phase_id, changes)

    def move_phase(self, phase_id: str, index: int) -> int:
        return self._phases.move(phase_id, index)

    def remove_phase(self, phase_id: str) -> tuple[Phase, int]:
        """Remove an empty phase (its touchpoints must go first, as their own
        undoable steps) with no phase-level measurements left."""
        phase = self.phase(phase_id)
        if any(True for _ in self.touchpoints_in(phase_id=phase_id)):
            raise JourneyError(f"phase '{phase.name}' still holds touchpoints")
        if self.measurements_of(phase_id):
            raise JourneyError(f"phase '{phase.name}' still holds measurements")
        return self._phases.remove(phase_id)

    @property
    def lanes(self) -> list[Lane]:
        return list(self._lanes.items)

    def lane(self, lane_id: str) -> Lane:
        return self._lanes.get(lane_id)

    def has_lane(self, lane_id: str) -> bool:
        return self._lanes.has(lane_id)

    def lane_index(self, lane_id: str) -> int:
        return self._lanes.index(lane_id)

    def add_lane(self, lane: Lane, index: int | None = None) -> None:
        self._lanes.add(lane, index)

    def update_lane(self, lane_id: str, **changes) -> Lane:
        return self._lanes.update(lane_id, changes)

    def move_lane(self, lane_id: str, index: int) -> int:
        return self._lanes.move(lane_id, index)

    def remove_lane(self, lane_id: str) -> tuple[Lane, int]:
        lane = self.lane(lane_id)
        if any(True for _ in self.touchpoints_in(lane_id=lane_id)):
            raise JourneyError(f"lane '{lane.name}' still holds touchpoints")
        return self._lanes.remove(lane_id)

    # ------------------------------------------------------------- touchpoints
    @property
    def touchpoints(self) -> list[Touchpoint]:
        nodes = self.graph.nodes
        return [nodes[tp_id]["tp"] for tp_id in self._tp_order]

    def touchpoint_index(self, tp_id: str) -> int:
        return self._tp_order.index(tp_id)

    def touchpoint(self, tp_id: str) -> Touchpoint:
        try:
            return self.graph.nodes[tp_id]["tp"]
        except KeyError:
            raise JourneyError(f"there is no touchpoint '{tp_id}'") from None

    def has_touchpoint(self, tp_id: str) -> bool:
        return tp_id in self.graph

    def touchpoints_in(self, phase_id: str | None = None,
                       lane_id: str | None = None) -> Iterator[Touchpoint]:
        for tp in self.touchpoints:
            if (phase_id is None or tp.phase == phase_id) and (lane_id is None or tp.lane == lane_id):
                yield tp

    def add_touchpoint(self, tp: Touchpoint, index: int | None = None) -> None:
        self._check_new_id(tp.id, "touchpoint")
        self._check_touchpoint(tp)
        self.graph.add_node(tp.id, tp=tp)
        self._tp_order.insert(len(self._tp_order) if index is None else index, tp.id)
        self.events.emit("touchpoint_added", touchpoint=tp)

    def update_touchpoint(self, tp_id: str, **changes) -> Touchpoint:
        old = self.touchpoint(tp_id)
        new = dataclasses.replace(old, **changes)
        if new.id != old.id:
            raise JourneyError("a touchpoint's id cannot change")
        self._check_touchpoint(new)
        self.graph.nodes[tp_id]["tp"] = new
        self.events.emit("touchpoint_changed", old=old, new=new)
        return old

    def remove_touchpoint(self, tp_id: str) -> Touchpoint:
        """Remove an unconnected touchpoint with no measurements; callers remove
        those first so each removal is its own undoable step."""
        tp = self.touchpoint(tp_id)
        if self.graph.degree(tp_id):
            raise JourneyError(f"touchpoint '{tp.name}' still has connections")
        if self.measurements_of(tp_id):
            raise JourneyError(f"touchpoint '{tp.name}' still has measurements")
        self.graph.remove_node(tp_id)
        self._tp_order.remove(tp_id)
        self.events.emit("touchpoint_removed", touchpoint=tp)
        return tp

    def _check_touchpoint(self, tp: Touchpoint) -> None:
        if not tp.name.strip():
            raise JourneyError(f"touchpoint '{tp.id}' needs a name")
        if not self.has_phase(tp.phase):
            raise JourneyError(f"touchpoint '{tp.name}': there is no phase '{tp.phase}'")
        if not self.has_lane(tp.lane):
            raise JourneyError(f"touchpoint '{tp.name}': there is no lane '{tp.lane}'")
        if tp.emotion is not None and not EMOTION_MIN <= tp.emotion <= EMOTION_MAX:
            raise JourneyError(f"touchpoint '{tp.name}': emotion {tp.emotion:g} is outside -2..+2")
        if tp.votes < 0:
            raise JourneyError(f"touchpoint '{tp.name}': votes cannot be negative")
        if tp.importance is not None and not 0.0 <= tp.importance <= 1.0:
            raise JourneyError(f"touchpoint '{tp.name}': importance {tp.importance:g} is outside 0..1")

    # ------------------------------------------------------------- connections
    @property
    def connections(self) -> list[Connection]:
        edges = self.graph.edges
        return [edges[key]["conn"] for key in self._conn_order]

    def connection_index(self, source: str, target: str) -> int:
        return self._conn_order.index((source, target))

    def connection(self, source: str, target: str) -> Connection:
        try:
            return self.graph.edges[source, target]["conn"]
        except KeyError:
            raise JourneyError(f"there is no connection {source} -> {target}") from None

    def has_connection(self, source: str, target: str) -> bool:
        return self.graph.has_edge(source, target)

    def connections_of(self, tp_id: str) -> list[Connection]:
        edges = list(self.graph.in_edges(tp_id, data=True)) + list(self.graph.out_edges(tp_id, data=True))
        seen, result = set(), []
        for _, _, data in edges:
            conn = data["conn"]
            if conn.key not in seen:
                seen.add(conn.key)
                result.append(conn)
        return result

    def add_connection(self, conn: Connection, index: int | None = None) -> None:
        for end in (conn.source, conn.target):
            if end not in self.graph:
                raise JourneyError(f"connection {conn.source} -> {conn.target}: there is no touchpoint '{end}'")
        if self.graph.has_edge(conn.source, conn.target):
            raise JourneyError(f"connection {conn.source} -> {conn.target} exists already")
        self._check_share(conn)
        self.graph.add_edge(conn.source, conn.target, conn=conn)
        self._conn_order.insert(len(self._conn_order) if index is None else index, conn.key)
        self.events.emit("connection_added", connection=conn)

    def update_connection(self, source: str, target: str, **changes) -> Connection:
        old = self.connection(source, target)
        new = dataclasses.replace(old, **changes)
        if new.key != old.key:
            raise JourneyError("a connection's ends cannot change; remove it and add another")
        self._check_share(new)
        self.graph.edges[source, target]["conn"] = new
        self.events.emit("connection_changed", old=old, new=new)
        return old

    def remove_connection(self, source: str, target: str) -> Connection:
        conn = self.connection(source, target)
        self.graph.remove_edge(source, target)
        self._conn_order.remove((source, target))
        self.events.emit("connection_removed", connection=conn)
        return conn

    @staticmethod
    def _check_share(conn: Connection) -> None:
        if conn.share is not None and not 0.0 <= conn.share <= 1.0:
            raise JourneyError(f"connection {conn.source} -> {conn.target}: share {conn.share:g} is outside 0..1")

    # ----------------------------------------------------------------- metrics
    @property
    def metrics(self) -> list[MetricDef]:
        return list(self._metrics.values())

    def metric(self, metric_id: str) -> MetricDef:
        try:
            return self._metrics[metric_id]
        except KeyError:
            raise JourneyError(f"there is no metric '{metric_id}'") from None

    def has_metric(self, metric_id: str) -> bool:
        return metric_id in self._metrics

    def metric_index(self, metric_id: str) -> int:
        return list(self._metrics).index(metric_id)

    def set_metric(self, metric: MetricDef, index: int | None = None) -> MetricDef | None:
        """Add a metric definition (at `index`, else last) or replace the one
        with the same id in its place."""
        check_metric(metric)
        old = self._metrics.get(metric.id)
        if old is None:
            self._check_new_id(metric.id, "metric", metric_namespace=True)
        if old is None and index is not None and index < len(self._metrics):
            # Undoing a delete puts the metric back where it was, not last.
            items = list(self._metrics.items())
            items.insert(max(0, index), (metric.id, metric))
            self._metrics = dict(items)
        else:
            self._metrics[metric.id] = metric
        self.events.emit("metric_changed", old=old, new=metric)
        return old

    def remove_metric(self, metric_id: str) -> MetricDef:
        metric = self.metric(metric_id)
        if any(m.metric == metric_id for m in self._measurements.values()):
            raise JourneyError(f"metric '{metric.name}' still has measurements")
        del self._metrics[metric_id]
        self.events.emit("metric_removed", metric=metric)
        return metric

    # ------------------------------------------------------------ measurements
    @property
    def measurements(self) -> list[Measurement]:
        return list(self._measurements.values())

    def measurements_of(self, node: str, metric: str | None = None) -> list[Measurement]:
        if metric is not None:
            return list(self._by_node_metric.get((node, metric), {}).values())
        return [m for (n, _), group in self._by_node_metric.items() if n == node for m in group.values()]

    def measurement(self, key: tuple[str, str, str, str]) -> Measurement | None:
        return self._measurements.get(key)

    def add_measurements(self, ms: Iterable[Measurement]) -> None:
        """Many measurements at once, as a file load does: the same checks as
        set_measurement, one event at the end (a journey may hold 100,000)."""
        nodes = set(self.graph.nodes) | {p.id for p in self._phases.items}
        metrics = self._metrics
        store, index = self._measurements, self._by_node_metric
        added = 0
        for m in ms:
            if m.node not in nodes:
                raise JourneyError(f"measurement of '{m.metric}': there is no touchpoint or phase '{m.node}'")
            if m.metric not in metrics:
                raise JourneyError(f"measurement on '{m.node}': there is no metric '{m.metric}'")
            value = m.value
            if value != value or value in (float("inf"), float("-inf")):
                raise JourneyError(f"measurement of '{m.metric}' on '{m.node}' is not a number")
            if m.n is not None and m.n < 0:
                raise JourneyError(f"measurement of '{m.metric}' on '{m.node}': n cannot be negative")
            key = (m.node, m.metric, m.period, m.segment)
            store[key] = m
            group = index.get((m.node, m.metric))
            if group is None:
                group = index[(m.node, m.metric)] = {}
            group[key] = m
            added += 1
        self.events.emit("measurements_added", count=added)

    def set_measurement(self, m: Measurement) -> Measurement | None:
        """Add or replace the measurement with the same node, metric, period
        and segment; returns the one replaced, if any."""
        if not (self.has_touchpoint(m.node) or self.has_phase(m.node)):
            raise JourneyError(f"measurement of '{m.metric}': there is no touchpoint or phase '{m.node}'")
        if m.metric not in self._metrics:
            raise JourneyError(f"measurement on '{m.node}': there is no metric '{m.metric}'")
        if m.value != m.value or m.value in (float("inf"), float("-inf")):
            raise JourneyError(f"measurement of '{m.metric}' on '{m.node}' is not a number")
        if m.n is not None and m.n < 0:
            raise JourneyError(f"measurement of '{m.metric}' on '{m.node}': n cannot be negative")
        key = m.key
        old = self._measurements.get(key)
        self._measurements[key] = m
        self._by_node_metric.setdefault((m.node, m.metric), {})[key] = m
        self.events.emit("measurement_changed", old=old, new=m)
        return old

    def remove_measurement(self, key: tuple[str, str, str, str]) -> Measurement:
        try:
            m = self._measurements.pop(key)
        except KeyError:
            raise JourneyError(f"there is no measurement {key}") from None
        group = self._by_node_metric[(m.node, m.metric)]
        del group[key]
        if not group:
            del self._by_node_metric[(m.node, m.metric)]
        self.events.emit("measurement_removed", measurement=m)
        return m

    def periods(self) -> list[str]:
        """Periods in time order ("Q4 2025" before "2026-Q1")."""
        return sort_periods({m.period for m in self._measurements.values() if m.period})

    def segments(self) -> list[str]:
        return sorted({m.segment for m in self._measurements.values() if m.segment})

    # ---------------------------------------------------------------- helpers
    def ids(self) -> set[str]:
        return ({p.id for p in self._phases.items} | {lane.id for lane in self._lanes.items}
                | set(self.graph.nodes))

    def new_id(self, prefix: str) -> str:
        """A fresh id such as ``tp-12`` that is not used by anything yet."""
        used = self.ids() | set(self._metrics)
        i = 1
        while f"{prefix}-{i}" in used:
            i += 1
        return f"{prefix}-{i}"

    def _check_new_id(self, item_id: str, kind: str, metric_namespace: bool = False) -> None:
        if not isinstance(item_id, str) or not item_id.strip():
            raise JourneyError(f"a {kind} needs a non-empty id")
        taken = item_id in self._metrics if metric_namespace else (
            item_id in self.graph or self.has_phase(item_id) or self.has_lane(item_id))
        if taken:
            raise JourneyError(f"the id '{item_id}' is already used")


class _Ordered:
    """An ordered list of phases or lanes with the journey's rules: unique
    ids, a name, stable ids, and an event for every change."""

    def __init__(self, journey: Journey, kind: str) -> None:
        self.journey, self.kind = journey, kind
        self.items: list = []

    def get(self, item_id: str):
        for item in self.items:
            if item.id == item_id:
                return item
        raise JourneyError(f"there is no {self.kind} '{item_id}'")

    def has(self, item_id: str) -> bool:
        return any(item.id == item_id for item in self.items)

    def index(self, item_id: str) -> int:
        return self.items.index(self.get(item_id))

    def _check_name(self, item) -> None:
        if not item.name.strip():
            raise JourneyError(f"a {self.kind} needs a name")

    def add(self, item, index: int | None) -> None:
        self.journey._check_new_id(item.id, self.kind)
        self._check_name(item)
        index = len(self.items) if index is None else max(0, min(index, len(self.items)))
        self.items.insert(index, item)
        self.journey.events.emit(f"{self.kind}_added", **{self.kind: item, "index": index})

    def update(self, item_id: str, changes: dict):
        old = self.get(item_id)
        new = dataclasses.replace(old, **changes)
        if new.id != old.id:
            raise JourneyError(f"a {self.kind}'s id cannot change")
        self._check_name(new)
        self.items[self.items.index(old)] = new
        self.journey.events.emit(f"{self.kind}_changed", old=old, new=new)
        return old

    def move(self, item_id: str, index: int) -> int:
        item = self.get(item_id)
        old_index = self.items.index(item)
        self.items.pop(old_index)
        index = max(0, min(index, len(self.items)))
        self.items.insert(index, item)
        self.journey.events.emit(f"{self.kind}_moved", **{self.kind: item, "old_index": old_index, "index": index})
        return old_index

    def remove(self, item_id: str) -> tuple:
        item = self.get(item_id)
        index = self.items.index(item)
        self.items.pop(index)
        self.journey.events.emit(f"{self.kind}_removed", **{self.kind: item, "index": index})
        return item, index


def check_metric(metric: MetricDef) -> None:
    where = f"metric '{metric.id}'"
    if not metric.id or not metric.name.strip():
        raise JourneyError(f"{where} needs an id and a name")
    if metric.direction not in ("higher", "lower"):
        raise JourneyError(f"{where}: direction must be 'higher' or 'lower', not '{metric.direction}'")
    if metric.aggregation not in AGGREGATIONS:
        raise JourneyError(f"{where}: unknown aggregation '{metric.aggregation}'")
    if metric.amber_mode not in ("absolute", "percent"):
        raise JourneyError(f"{where}: amber mode must be 'absolute' or 'percent'")
    if metric.scale_max <= metric.scale_min:
        raise JourneyError(f"{where}: the scale maximum must be above the minimum")
    if metric.amber < 0 or metric.weight < 0:
        raise JourneyError(f"{where}: amber band and weight cannot be negative")
