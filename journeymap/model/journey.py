"""Journey: the one mutation API over a directed graph of touchpoints.

Every change goes through a method here and is announced on `changed` with a
`Change` that says what it touched, so the GUI, the CLI and the tests all see
the same rules. Methods that replace or remove something return what was
there, which is exactly what an undo needs (see `edits`, which wraps them).

The graph is kept in plain dictionaries; `graph` builds a networkx DiGraph on
demand for the path analysis, so that opening or reporting on a journey does
not pay for importing networkx.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .actions import Action, ActionError, action_change, check_action
from .change import Change
from .entities import (
    EMOTION_MAX,
    EMOTION_MIN,
    STATES,
    Connection,
    JourneyInfo,
    Lane,
    Measurement,
    MetricDef,
    Phase,
    Touchpoint,
)
from .evidence import EvidenceError, check_evidence, check_level
from .metrics import AGGREGATIONS
from .periods import sort_periods
from .personas import Persona, PersonaError, check_persona

if TYPE_CHECKING:
    import networkx as nx
    from psygnal import SignalInstance

MeasurementKey = tuple[str, str, str, str]
_PAIR = itemgetter(2, 3)  # a measurement key's (period, segment)
_NO_GROUP: Mapping[MeasurementKey, Measurement] = MappingProxyType({})
_NO_GROUPS: Mapping[str, Mapping[MeasurementKey, Measurement]] = MappingProxyType({})
# Touchpoint fields that decide where a card sits; changing one re-lays the map.
_GEOMETRY_FIELDS = ("phase", "lane", "position")


class JourneyError(ValueError):
    """A change or a file that would break the journey's rules."""


class Journey:
    def __init__(self, info: JourneyInfo | None = None) -> None:
        self.info = info or JourneyInfo()
        self._phases: _Ordered[Phase] = _Ordered(self, "phase")
        self._lanes: _Ordered[Lane] = _Ordered(self, "lane")
        self._metrics: dict[str, MetricDef] = {}
        self._actions: dict[str, Action] = {}
        self._personas: dict[str, Persona] = {}
        self._tps: dict[str, Touchpoint] = {}
        # Map order of touchpoints and connections: kept apart from the graph so
        # an undone deletion puts an item back exactly where it was.
        self._tp_order: list[str] = []
        self._conn_order: list[tuple[str, str]] = []
        self._succ: dict[str, dict[str, Connection]] = {}
        self._pred: dict[str, dict[str, Connection]] = {}
        self._measurements: dict[MeasurementKey, Measurement] = {}
        # node -> metric -> {key: Measurement}: a node's measurements in O(1),
        # which reports and deletions of whole phases need.
        self._by_node: dict[str, dict[str, dict[MeasurementKey, Measurement]]] = {}
        # (period, segment) -> how many measurements: the filters' choices and
        # the latest period without a scan of every measurement.
        self._pair_counts: Counter[tuple[str, str]] | None = Counter()
        # Counts changes: anything computed from the journey can tell whether
        # it is still current (the import wizard's plans, for one).
        self.version = 0
        self._batch_depth = 0
        self._pending: Change | None = None
        self._graph: nx.DiGraph[str] | None = None
        self._changed: SignalInstance | None = None

    # --------------------------------------------------------------- changes
    @property
    def changed(self) -> SignalInstance:
        """Emitted once per change, or once per batch (see `batch`), with a
        Change. psygnal holds bound-method listeners weakly, and views also
        disconnect when they close, so a closed window is never called.
        Made when first asked for: a CLI run never listens, and need not
        import psygnal."""
        if self._changed is None:
            from psygnal import SignalInstance

            self._changed = SignalInstance((Change,), name="changed")
        return self._changed

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Changes inside are announced as one Change at the end."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._pending is not None:
                pending, self._pending = self._pending, None
                if self._changed is not None:
                    self._changed.emit(pending)

    def _note(self, change: Change) -> None:
        self.version += 1
        if change.structure:
            self._graph = None
        if self._batch_depth:
            if self._pending is None:
                self._pending = change
            else:
                self._pending.merge(change)
        elif self._changed is not None:
            self._changed.emit(change)

    # ------------------------------------------------------------ journey info
    def set_info(self, info: JourneyInfo) -> JourneyInfo:
        old, self.info = self.info, info
        self._note(Change(info=True))
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

    def update_phase(self, phase_id: str, **changes: Any) -> Phase:
        return self._phases.update(phase_id, changes)

    def move_phase(self, phase_id: str, index: int) -> int:
        return self._phases.move(phase_id, index)

    def remove_phase(self, phase_id: str) -> tuple[Phase, int]:
        """Remove an empty phase (its touchpoints must go first, as their own
        undoable steps) with no phase-level measurements left."""
        phase = self.phase(phase_id)
        if any(True for _ in self.touchpoints_in(phase_id=phase_id)):
            raise JourneyError(f"phase '{phase.name}' still holds touchpoints")
        if phase_id in self._by_node:
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

    def update_lane(self, lane_id: str, **changes: Any) -> Lane:
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
        tps = self._tps
        return [tps[tp_id] for tp_id in self._tp_order]

    def touchpoint_count(self) -> int:
        return len(self._tp_order)

    def connection_count(self) -> int:
        return len(self._conn_order)

    def touchpoint_index(self, tp_id: str) -> int:
        return self._tp_order.index(tp_id)

    def touchpoint(self, tp_id: str) -> Touchpoint:
        try:
            return self._tps[tp_id]
        except KeyError:
            raise JourneyError(f"there is no touchpoint '{tp_id}'") from None

    def has_touchpoint(self, tp_id: str) -> bool:
        return tp_id in self._tps

    def positions(self, kind: str, items: Iterable[Any]) -> dict[Any, int]:
        """Where these touchpoint ids or connection keys stand in map order,
        in one pass: removing many, highest first, with these as hints
        spares a search through the whole map for each."""
        wanted = set(items)
        order: list[Any] = self._tp_order if kind == "touchpoint" else self._conn_order
        return {item: i for i, item in enumerate(order) if item in wanted}

    def touchpoints_in(self, phase_id: str | None = None,
                       lane_id: str | None = None) -> Iterator[Touchpoint]:
        for tp in self.touchpoints:
            if (phase_id is None or tp.phase == phase_id) and (lane_id is None or tp.lane == lane_id):
                yield tp

    def add_touchpoint(self, tp: Touchpoint, index: int | None = None) -> None:
        self._check_new_id(tp.id, "touchpoint")
        self._check_touchpoint(tp)
        self._tps[tp.id] = tp
        self._succ[tp.id], self._pred[tp.id] = {}, {}
        self._tp_order.insert(len(self._tp_order) if index is None else index, tp.id)
        self._note(Change(touchpoints={tp.id}, touched_phases={tp.phase}, layout=True, structure=True,
                          emotion=tp.emotion is not None, importance=tp.importance is not None))

    def update_touchpoint(self, tp_id: str, **changes: Any) -> Touchpoint:
        old = self.touchpoint(tp_id)
        new = dataclasses.replace(old, **changes)
        if new.id != old.id:
            raise JourneyError("a touchpoint's id cannot change")
        self._check_touchpoint(new)
        self._tps[tp_id] = new
        # Only a card that changed phase changes a phase's membership (and so
        # its roll-up); a nudge inside its cell leaves both as they were.
        # A card that joined or left a state view (or the future state's
        # targets) changes its phase's roll-up in that view.
        moved = old.phase != new.phase or old.state != new.state
        self._note(Change(touchpoints={tp_id},
                          touched_phases={old.phase, new.phase} if moved else set(),
                          layout=any(getattr(old, f) != getattr(new, f) for f in _GEOMETRY_FIELDS),
                          # A card that joined or left a view brings or takes its dots.
                          emotion=(old.emotion != new.emotion or old.persona_emotions != new.persona_emotions
                                   or old.state != new.state),
                          importance=old.importance != new.importance))
        return old

    def remove_touchpoint(self, tp_id: str) -> Touchpoint:
        """Remove an unconnected touchpoint with no measurements; callers remove
        those first so each removal is its own undoable step."""
        return self.pop_touchpoint(tp_id)[0]

    def pop_touchpoint(self, tp_id: str, hint: int | None = None) -> tuple[Touchpoint, int]:
        """remove_touchpoint, also saying where in map order it was (what an
        undo needs to put it back), for the price of one search; none when
        `hint` (from `positions`) is still right."""
        tp = self.touchpoint(tp_id)
        if self._succ[tp_id] or self._pred[tp_id]:
            raise JourneyError(f"touchpoint '{tp.name}' still has connections")
        if tp_id in self._by_node:
            raise JourneyError(f"touchpoint '{tp.name}' still has measurements")
        index = _position(self._tp_order, tp_id, hint)
        del self._tps[tp_id], self._succ[tp_id], self._pred[tp_id], self._tp_order[index]
        self._note(Change(touchpoints={tp_id}, touched_phases={tp.phase}, layout=True, structure=True,
                          emotion=tp.emotion is not None, importance=tp.importance is not None))
        return tp, index

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
        if tp.state not in STATES:
            raise JourneyError(f"touchpoint '{tp.name}': state must be one of {', '.join(STATES)}, "
                               f"not '{tp.state}'")
        for persona_id, emotion in tp.persona_emotions:
            if persona_id not in self._personas:
                raise JourneyError(f"touchpoint '{tp.name}': an emotion for persona '{persona_id}', "
                                   "which the journey does not have")
            if not EMOTION_MIN <= emotion <= EMOTION_MAX:
                raise JourneyError(f"touchpoint '{tp.name}': emotion {emotion:g} of persona "
                                   f"'{self._personas[persona_id].name}' is outside -2..+2")
        if len({p for p, _ in tp.persona_emotions}) != len(tp.persona_emotions):
            raise JourneyError(f"touchpoint '{tp.name}' has two emotions for one persona")
        try:
            check_level(tp.evidence_level, f"touchpoint '{tp.name}'")
            for i, item in enumerate(tp.evidence):
                check_evidence(item, f"touchpoint '{tp.name}', evidence {i + 1}")
        except EvidenceError as exc:
            raise JourneyError(str(exc)) from None
        if tp.link and not tp.link.lower().endswith(".journey"):
            raise JourneyError(f"touchpoint '{tp.name}': a linked journey must be a .journey file, "
                               f"not '{tp.link}'")

    # ------------------------------------------------------------- connections
    @property
    def connections(self) -> list[Connection]:
        succ = self._succ
        return [succ[s][t] for s, t in self._conn_order]

    def connection_index(self, source: str, target: str) -> int:
        return self._conn_order.index((source, target))

    def connection(self, source: str, target: str) -> Connection:
        try:
            return self._succ[source][target]
        except KeyError:
            raise JourneyError(f"there is no connection {source} -> {target}") from None

    def has_connection(self, source: str, target: str) -> bool:
        return target in self._succ.get(source, ())

    def connections_of(self, tp_id: str) -> list[Connection]:
        """Connections in and out of a touchpoint (a two-way pair once each)."""
        result = list(self._pred.get(tp_id, {}).values())
        result += [c for c in self._succ.get(tp_id, {}).values() if c.target != tp_id]
        return result

    def successors(self, tp_id: str) -> list[str]:
        return list(self._succ.get(tp_id, ()))

    def predecessors(self, tp_id: str) -> list[str]:
        return list(self._pred.get(tp_id, ()))

    def add_connection(self, conn: Connection, index: int | None = None) -> None:
        for end in (conn.source, conn.target):
            if end not in self._tps:
                raise JourneyError(f"connection {conn.source} -> {conn.target}: there is no touchpoint '{end}'")
        if self.has_connection(conn.source, conn.target):
            raise JourneyError(f"connection {conn.source} -> {conn.target} exists already")
        self._check_share(conn)
        self._succ[conn.source][conn.target] = conn
        self._pred[conn.target][conn.source] = conn
        self._conn_order.insert(len(self._conn_order) if index is None else index, conn.key)
        self._note(Change(connections={conn.key}, structure=True))

    def update_connection(self, source: str, target: str, **changes: Any) -> Connection:
        old = self.connection(source, target)
        new = dataclasses.replace(old, **changes)
        if new.key != old.key:
            raise JourneyError("a connection's ends cannot change; remove it and add another")
        self._check_share(new)
        self._succ[source][target] = self._pred[target][source] = new
        # A share is part of the graph the path analysis reads.
        self._note(Change(connections={new.key}, structure=old.share != new.share))
        return old

    def remove_connection(self, source: str, target: str) -> Connection:
        return self.pop_connection(source, target)[0]

    def pop_connection(self, source: str, target: str, hint: int | None = None) -> tuple[Connection, int]:
        """remove_connection, also saying where in map order it was."""
        conn = self.connection(source, target)
        index = _position(self._conn_order, (source, target), hint)
        del self._succ[source][target], self._pred[target][source], self._conn_order[index]
        self._note(Change(connections={conn.key}, structure=True))
        return conn, index

    @staticmethod
    def _check_share(conn: Connection) -> None:
        if conn.share is not None and not 0.0 <= conn.share <= 1.0:
            raise JourneyError(f"connection {conn.source} -> {conn.target}: share {conn.share:g} is outside 0..1")

    @property
    def graph(self) -> nx.DiGraph[str]:
        """The touchpoints and connections as a networkx DiGraph (node
        attribute "tp", edge attribute "conn"), built when first asked for
        after a structural change. Read it; change the journey through its
        methods."""
        if self._graph is None:
            import networkx as nx  # only the path analysis needs it

            graph: nx.DiGraph[str] = nx.DiGraph()
            graph.add_nodes_from((tp_id, {"tp": self._tps[tp_id]}) for tp_id in self._tp_order)
            graph.add_edges_from((s, t, {"conn": self._succ[s][t]}) for s, t in self._conn_order)
            self._graph = graph
        return self._graph

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
        self._metrics = _put(self._metrics, metric.id, metric, index)
        self._note(Change(metrics={metric.id}))
        return old

    def remove_metric(self, metric_id: str) -> MetricDef:
        metric = self.metric(metric_id)
        if any(metric_id in by_metric for by_metric in self._by_node.values()):
            raise JourneyError(f"metric '{metric.name}' still has measurements")
        del self._metrics[metric_id]
        self._note(Change(metrics={metric_id}))
        return metric

    # ----------------------------------------------------------------- actions
    @property
    def actions(self) -> list[Action]:
        return list(self._actions.values())

    def action(self, action_id: str) -> Action:
        try:
            return self._actions[action_id]
        except KeyError:
            raise JourneyError(f"there is no action '{action_id}'") from None

    def action_index(self, action_id: str) -> int:
        return list(self._actions).index(action_id)

    def set_action(self, action: Action, index: int | None = None) -> Action | None:
        """Add an action (at `index`, else last) or replace the one with its
        id in place; returns the one replaced."""
        try:
            check_action(action, self.has_touchpoint)
        except ActionError as exc:
            raise JourneyError(str(exc)) from None
        old = self._actions.get(action.id)
        self._actions = _put(self._actions, action.id, action, index)
        self._note(action_change(old, action))
        return old

    def remove_action(self, action_id: str) -> Action:
        action = self.action(action_id)
        del self._actions[action_id]
        self._note(action_change(action))
        return action

    def new_action_id(self) -> str:
        return _free_key(self._actions, "action")

    def actions_of(self, tp_id: str) -> list[Action]:
        return [a for a in self._actions.values() if tp_id in a.touchpoints]

    def open_action_titles(self) -> dict[str, list[str]]:
        """Touchpoint id -> the titles of the open actions that link to it."""
        titles: dict[str, list[str]] = {}
        for a in self._actions.values():
            if a.is_open:
                for tp_id in a.touchpoints:
                    titles.setdefault(tp_id, []).append(a.title)
        return titles

    # ---------------------------------------------------------------- personas
    @property
    def personas(self) -> list[Persona]:
        return list(self._personas.values())

    def persona(self, persona_id: str) -> Persona:
        try:
            return self._personas[persona_id]
        except KeyError:
            raise JourneyError(f"there is no persona '{persona_id}'") from None

    def has_persona(self, persona_id: str) -> bool:
        return persona_id in self._personas

    def persona_index(self, persona_id: str) -> int:
        return list(self._personas).index(persona_id)

    def set_persona(self, persona: Persona, index: int | None = None) -> Persona | None:
        """Add a persona (at `index`, else last) or replace the one with its
        id in place; returns the one replaced."""
        try:
            check_persona(persona)
        except PersonaError as exc:
            raise JourneyError(str(exc)) from None
        old = self._personas.get(persona.id)
        self._personas = _put(self._personas, persona.id, persona, index)
        self._note(Change(personas=True, emotion=True))
        return old

    def remove_persona(self, persona_id: str) -> Persona:
        """Remove a persona no card still gives an emotion for (see
        edits.persona_removal_edits, which clears those first)."""
        persona = self.persona(persona_id)
        if any(tp.persona_emotion(persona_id) is not None for tp in self._tps.values()):
            raise JourneyError(f"persona '{persona.name}' still has emotions on cards")
        del self._personas[persona_id]
        self._note(Change(personas=True, emotion=True))
        return persona

    def new_persona_id(self) -> str:
        return _free_key(self._personas, "persona")

    # ------------------------------------------------------------ measurements
    @property
    def measurements(self) -> list[Measurement]:
        return list(self._measurements.values())

    def measurement_count(self) -> int:
        return len(self._measurements)

    def measurements_of(self, node: str, metric: str | None = None) -> list[Measurement]:
        if metric is not None:
            return list(self.measurement_group(node, metric).values())
        return [m for group in self._by_node.get(node, _NO_GROUPS).values() for m in group.values()]

    def measurement_group(self, node: str, metric: str) -> Mapping[MeasurementKey, Measurement]:
        """A node's measurements of one metric by key, not copied (not to be
        changed): a scorecard finds the one that counts by its key."""
        return self._by_node.get(node, _NO_GROUPS).get(metric, _NO_GROUP)

    def measurement(self, key: MeasurementKey) -> Measurement | None:
        return self._measurements.get(key)

    def _check_measurement(self, m: Measurement) -> None:
        """The one set of rules for a measurement, whether typed, imported or loaded."""
        if m.node not in self._tps and not self._phases.has(m.node):
            raise JourneyError(f"measurement of '{m.metric}': there is no touchpoint or phase '{m.node}'")
        if m.metric not in self._metrics:
            raise JourneyError(f"measurement on '{m.node}': there is no metric '{m.metric}'")
        value = m.value
        if value != value or value in (float("inf"), float("-inf")):
            raise JourneyError(f"measurement of '{m.metric}' on '{m.node}' is not a number")
        if m.n is not None and m.n < 0:
            raise JourneyError(f"measurement of '{m.metric}' on '{m.node}': n cannot be negative")
        if m.sd is not None and not 0 <= m.sd < float("inf"):
            raise JourneyError(f"measurement of '{m.metric}' on '{m.node}': the spread (sd) must be a "
                               "number of 0 or more")

    def _store(self, m: Measurement) -> Measurement | None:
        key = (m.node, m.metric, m.period, m.segment)
        old = self._measurements.get(key)
        self._measurements[key] = m
        by_metric = self._by_node.get(m.node)
        if by_metric is None:
            by_metric = self._by_node[m.node] = {}
        group = by_metric.get(m.metric)
        if group is None:
            group = by_metric[m.metric] = {}
        group[key] = m
        if old is None and self._pair_counts is not None:
            self._pair_counts[(m.period, m.segment)] += 1
        return old

    def add_measurements(self, ms: Iterable[Measurement]) -> None:
        """Many measurements at once, as a file load does: the same checks as
        set_measurement, one change at the end (a journey may hold 500,000,
        so the checks and indexes are inlined here rather than called). A
        file lists a node's measurements of one metric together: the node,
        the metric and their group are looked up once for each such run."""
        tps, metrics, store, by_node = self._tps, self._metrics, self._measurements, self._by_node
        # Into an empty journey (a file load) the (period, segment) counts are
        # taken afresh when next asked for; into a full one (an undone
        # deletion) counting the few added beats recounting half a million.
        counts = self._pair_counts if store else None
        self._pair_counts = None
        fresh: list[tuple[str, str]] = []
        nodes: set[str] = set()
        inf, ninf = float("inf"), float("-inf")
        run: tuple[str, str] | None = None
        group: dict[MeasurementKey, Measurement] = {}
        for m in ms:
            node, metric, value = m.node, m.metric, m.value
            if (node, metric) != run:
                if node not in tps or metric not in metrics:
                    self._check_measurement(m)  # says which rule it breaks (a phase's value passes)
                by_metric = by_node.get(node)
                if by_metric is None:
                    by_metric = by_node[node] = {}
                found = by_metric.get(metric)
                if found is None:
                    found = by_metric[metric] = {}
                group, run = found, (node, metric)
                nodes.add(node)
            if (value != value or value in (inf, ninf) or (m.n is not None and m.n < 0)
                    or (m.sd is not None and not 0 <= m.sd < inf)):
                self._check_measurement(m)
            key = (node, metric, m.period, m.segment)
            if counts is not None and key not in store:
                fresh.append((m.period, m.segment))
            store[key] = group[key] = m
        if counts is not None:
            counts.update(fresh)
            self._pair_counts = counts
        self._note(Change(measured=nodes))

    def set_measurement(self, m: Measurement) -> Measurement | None:
        """Add or replace the measurement with the same node, metric, period
        and segment; returns the one replaced, if any."""
        self._check_measurement(m)
        old = self._store(m)
        self._note(Change(measured={m.node}))
        return old

    def remove_measurement(self, key: MeasurementKey) -> Measurement:
        if key not in self._measurements:
            raise JourneyError(f"there is no measurement {key}")
        m = self._unstore(key)
        self._note(Change(measured={m.node}))
        return m

    def _unstore(self, key: MeasurementKey) -> Measurement:
        m = self._measurements.pop(key)
        by_metric = self._by_node[m.node]
        group = by_metric[m.metric]
        del group[key]
        if not group:
            del by_metric[m.metric]
            if not by_metric:
                del self._by_node[m.node]
        if self._pair_counts is not None:
            pair = (m.period, m.segment)
            self._pair_counts[pair] -= 1
            if not self._pair_counts[pair]:
                del self._pair_counts[pair]
        return m

    def remove_measurements(self, keys: Iterable[MeasurementKey]) -> list[Measurement]:
        """Remove many (a deleted phase's cards' 25,000), all or none, with
        one change at the end; returns them in the order given."""
        keys = list(keys)
        missing = next((key for key in keys if key not in self._measurements), None)
        if missing is not None:
            raise JourneyError(f"there is no measurement {missing}")
        removed = [self._unstore(key) for key in keys]
        if removed:
            self._note(Change(measured={m.node for m in removed}))
        return removed

    def period_segments(self) -> set[tuple[str, str]]:
        """Every (period, segment) pair some measurement has."""
        return set(self._period_segments)

    @property
    def _period_segments(self) -> Counter[tuple[str, str]]:
        """(period, segment) -> how many measurements, counted afresh after a
        bulk add (counting as it goes cost a tenth of a big file's load)."""
        if self._pair_counts is None:
            self._pair_counts = Counter(map(_PAIR, self._measurements))
        return self._pair_counts

    def periods(self) -> list[str]:
        """Periods in time order ("Q4 2025" before "2026-Q1")."""
        return sort_periods({p for p, _ in self._period_segments if p})

    def segments(self) -> list[str]:
        return sorted({s for _, s in self._period_segments if s})

    # ---------------------------------------------------------------- helpers
    def snapshot(self) -> JourneySnapshot:
        """What the journey holds now, frozen: the entities are immutable, so
        copying the lists is enough. A background autosave writes this while
        the user goes on editing."""
        return JourneySnapshot(self.info, tuple(self.phases), tuple(self.lanes), tuple(self.metrics),
                               tuple(self.touchpoints), tuple(self.connections), tuple(self.measurements),
                               tuple(self.actions), tuple(self.personas))

    def ids(self) -> set[str]:
        return ({p.id for p in self._phases.items} | {lane.id for lane in self._lanes.items}
                | set(self._tps))

    def new_ids(self, prefix: str, count: int) -> list[str]:
        """`count` fresh ids such as ``tp-12`` that nothing uses yet: the one
        place ids are made, for a new card, a paste or an import."""
        used = self.ids() | set(self._metrics)
        out: list[str] = []
        i = 1
        while len(out) < count:
            candidate = f"{prefix}-{i}"
            if candidate not in used:
                out.append(candidate)
            i += 1
        return out

    def new_id(self, prefix: str) -> str:
        return self.new_ids(prefix, 1)[0]

    def _check_new_id(self, item_id: str, kind: str, metric_namespace: bool = False) -> None:
        if not isinstance(item_id, str) or not item_id.strip():
            raise JourneyError(f"a {kind} needs a non-empty id")
        taken = item_id in self._metrics if metric_namespace else (
            item_id in self._tps or self.has_phase(item_id) or self.has_lane(item_id))
        if taken:
            raise JourneyError(f"the id '{item_id}' is already used")


def derived_journey(journey: Journey, card: Callable[[Touchpoint], Touchpoint | None]) -> Journey:
    """A new journey with this one's phases, lanes, personas and metrics,
    each card as `card` returns it (None leaves it out), and the connections
    between the cards kept; no measurements or actions. A template is one,
    and the future journey's paths are read from another."""
    derived = Journey(JourneyInfo(name=journey.info.name, description=journey.info.description))
    for phase in journey.phases:
        derived.add_phase(phase)
    for lane in journey.lanes:
        derived.add_lane(lane)
    for persona in journey.personas:
        derived.set_persona(persona)
    for metric in journey.metrics:
        derived.set_metric(metric)
    for tp in journey.touchpoints:
        kept = card(tp)
        if kept is not None:
            derived.add_touchpoint(kept)
    for conn in journey.connections:
        if derived.has_touchpoint(conn.source) and derived.has_touchpoint(conn.target):
            derived.add_connection(conn)
    return derived


@dataclasses.dataclass(frozen=True)
class JourneySnapshot:
    """A journey's content at one moment, read-only (see Journey.snapshot);
    it has the same reading attributes the file writer uses."""
    info: JourneyInfo
    phases: tuple[Phase, ...]
    lanes: tuple[Lane, ...]
    metrics: tuple[MetricDef, ...]
    touchpoints: tuple[Touchpoint, ...]
    connections: tuple[Connection, ...]
    measurements: tuple[Measurement, ...]
    actions: tuple[Action, ...] = ()
    personas: tuple[Persona, ...] = ()


_Row = TypeVar("_Row", Phase, Lane)


class _Ordered(Generic[_Row]):
    """An ordered list of phases or lanes with the journey's rules: unique
    ids, a name, stable ids, and a change announced for every edit."""

    def __init__(self, journey: Journey, kind: str) -> None:
        self.journey, self.kind = journey, kind
        self.items: list[_Row] = []
        # The same items by id: a file's load asks for a phase or lane by id
        # for every card, connection and measurement group.
        self._by_id: dict[str, _Row] = {}

    def _change(self, item_id: str, layout: bool) -> Change:
        if self.kind == "phase":
            return Change(phases={item_id}, touched_phases={item_id}, layout=layout)
        return Change(lanes={item_id}, layout=layout)

    def get(self, item_id: str) -> _Row:
        item = self._by_id.get(item_id)
        if item is None:
            raise JourneyError(f"there is no {self.kind} '{item_id}'")
        return item

    def has(self, item_id: str) -> bool:
        return item_id in self._by_id

    def index(self, item_id: str) -> int:
        return self.items.index(self.get(item_id))

    def _check_name(self, item: _Row) -> None:
        if not item.name.strip():
            raise JourneyError(f"a {self.kind} needs a name")

    def add(self, item: _Row, index: int | None) -> None:
        self.journey._check_new_id(item.id, self.kind)
        self._check_name(item)
        index = len(self.items) if index is None else max(0, min(index, len(self.items)))
        self.items.insert(index, item)
        self._by_id[item.id] = item
        self.journey._note(self._change(item.id, layout=True))

    def update(self, item_id: str, changes: dict[str, Any]) -> _Row:
        old = self.get(item_id)
        new = dataclasses.replace(old, **changes)
        if new.id != old.id:
            raise JourneyError(f"a {self.kind}'s id cannot change")
        self._check_name(new)
        self.items[self.items.index(old)] = new
        self._by_id[item_id] = new
        # A macro band is drawn above the headers: adding the first moves everything down.
        self.journey._note(self._change(item_id, layout=getattr(old, "macro", "") != getattr(new, "macro", "")))
        return old

    def move(self, item_id: str, index: int) -> int:
        item = self.get(item_id)
        old_index = self.items.index(item)
        self.items.pop(old_index)
        index = max(0, min(index, len(self.items)))
        self.items.insert(index, item)
        self.journey._note(self._change(item_id, layout=True))
        return old_index

    def remove(self, item_id: str) -> tuple[_Row, int]:
        item = self.get(item_id)
        index = self.items.index(item)
        self.items.pop(index)
        del self._by_id[item_id]
        self.journey._note(self._change(item_id, layout=True))
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
    if metric.min_n < 0:
        raise JourneyError(f"{where}: the minimum n cannot be negative")


_V = TypeVar("_V")


def _put(items: dict[str, _V], key: str, value: _V, index: int | None) -> dict[str, _V]:
    """Replace in place, or add at `index` (else last): undoing a delete puts
    a metric or action back where it was, not last."""
    if key not in items and index is not None and index < len(items):
        pairs = list(items.items())
        pairs.insert(max(0, index), (key, value))
        return dict(pairs)
    items[key] = value
    return items


def _free_key(items: dict[str, Any], prefix: str) -> str:
    """The first "prefix-N" not in use, from N = how many there are plus one."""
    i = len(items) + 1
    while f"{prefix}-{i}" in items:
        i += 1
    return f"{prefix}-{i}"


def _position(order: list[Any], item: Any, hint: int | None) -> int:
    """The index of `item` in `order`: the hint when it is right (ids and
    keys are unique, so one look confirms it), else a search."""
    if hint is not None and 0 <= hint < len(order) and order[hint] == item:
        return hint
    return order.index(item)
