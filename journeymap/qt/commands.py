"""Undo commands. Each one only calls Journey methods; the scene and panels
follow through the journey's events. A command whose change the journey
refuses marks itself obsolete, so QUndoStack.push drops it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from journeymap.model.entities import (Connection, JourneyInfo, Lane, Measurement,
                                       MetricDef, Phase, Touchpoint)
from journeymap.model.journey import Journey, JourneyError


class JourneyCommand(QUndoCommand):
    def __init__(self, journey: Journey, text: str) -> None:
        super().__init__(text)
        self.journey = journey
        self.error: str | None = None

    def redo(self) -> None:
        try:
            self.do()
        except JourneyError as exc:
            self.error = str(exc)
            self.setObsolete(True)

    def undo(self) -> None:
        # Subclasses define do() and undo_change(); both only call the journey.
        self.undo_change()


class MacroCommand(JourneyCommand):
    """Several commands as one undo step. Runs them itself (rather than as Qt
    child commands) so the Python objects stay alive with their overrides, and
    rolls back the ones done when a later one is refused."""

    def __init__(self, journey: Journey, text: str, commands: Sequence[JourneyCommand]) -> None:
        super().__init__(journey, text)
        self.commands = list(commands)

    def do(self) -> None:
        done = []
        for cmd in self.commands:
            cmd.redo()
            if cmd.error:
                for d in reversed(done):
                    d.undo()
                raise JourneyError(cmd.error)
            done.append(cmd)

    def undo_change(self) -> None:
        for cmd in reversed(self.commands):
            cmd.undo()


# ------------------------------------------------------------------ touchpoints
class AddTouchpoint(JourneyCommand):
    def __init__(self, journey: Journey, tp: Touchpoint, text: str = "Add touchpoint") -> None:
        super().__init__(journey, text)
        self.tp = tp

    def do(self) -> None:
        self.journey.add_touchpoint(self.tp)

    def undo_change(self) -> None:
        self.journey.remove_touchpoint(self.tp.id)


class RemoveTouchpoint(JourneyCommand):
    def __init__(self, journey: Journey, tp_id: str) -> None:
        super().__init__(journey, "Delete touchpoint")
        self.tp_id = tp_id
        self.tp: Touchpoint | None = None
        self.index = 0

    def do(self) -> None:
        self.index = self.journey.touchpoint_index(self.tp_id)
        self.tp = self.journey.remove_touchpoint(self.tp_id)

    def undo_change(self) -> None:
        self.journey.add_touchpoint(self.tp, self.index)


class UpdateTouchpoint(JourneyCommand):
    def __init__(self, journey: Journey, tp_id: str, changes: dict, text: str = "Edit touchpoint") -> None:
        super().__init__(journey, text)
        self.tp_id, self.changes = tp_id, dict(changes)
        self.old: dict = {}

    def do(self) -> None:
        old = self.journey.update_touchpoint(self.tp_id, **self.changes)
        self.old = {k: getattr(old, k) for k in self.changes}

    def undo_change(self) -> None:
        self.journey.update_touchpoint(self.tp_id, **self.old)


# ------------------------------------------------------------------ connections
class AddConnection(JourneyCommand):
    def __init__(self, journey: Journey, conn: Connection) -> None:
        super().__init__(journey, "Connect touchpoints")
        self.conn = conn

    def do(self) -> None:
        self.journey.add_connection(self.conn)

    def undo_change(self) -> None:
        self.journey.remove_connection(*self.conn.key)


class RemoveConnection(JourneyCommand):
    def __init__(self, journey: Journey, source: str, target: str) -> None:
        super().__init__(journey, "Delete connection")
        self.key = (source, target)
        self.conn: Connection | None = None
        self.index = 0

    def do(self) -> None:
        self.index = self.journey.connection_index(*self.key)
        self.conn = self.journey.remove_connection(*self.key)

    def undo_change(self) -> None:
        self.journey.add_connection(self.conn, self.index)


class UpdateConnection(JourneyCommand):
    def __init__(self, journey: Journey, source: str, target: str, changes: dict) -> None:
        super().__init__(journey, "Edit connection")
        self.key, self.changes = (source, target), dict(changes)
        self.old: dict = {}

    def do(self) -> None:
        old = self.journey.update_connection(*self.key, **self.changes)
        self.old = {k: getattr(old, k) for k in self.changes}

    def undo_change(self) -> None:
        self.journey.update_connection(*self.key, **self.old)


# ------------------------------------------------------------- phases and lanes
class AddPhase(JourneyCommand):
    def __init__(self, journey: Journey, phase: Phase, index: int | None = None) -> None:
        super().__init__(journey, "Add phase")
        self.phase, self.index = phase, index

    def do(self) -> None:
        self.journey.add_phase(self.phase, self.index)

    def undo_change(self) -> None:
        self.journey.remove_phase(self.phase.id)


class RemovePhase(JourneyCommand):
    def __init__(self, journey: Journey, phase_id: str) -> None:
        super().__init__(journey, "Delete phase")
        self.phase_id = phase_id
        self.removed: tuple[Phase, int] | None = None

    def do(self) -> None:
        self.removed = self.journey.remove_phase(self.phase_id)

    def undo_change(self) -> None:
        self.journey.add_phase(*self.removed)


class UpdatePhase(JourneyCommand):
    def __init__(self, journey: Journey, phase_id: str, changes: dict, text: str = "Edit phase") -> None:
        super().__init__(journey, text)
        self.phase_id, self.changes = phase_id, dict(changes)
        self.old: dict = {}

    def do(self) -> None:
        old = self.journey.update_phase(self.phase_id, **self.changes)
        self.old = {k: getattr(old, k) for k in self.changes}

    def undo_change(self) -> None:
        self.journey.update_phase(self.phase_id, **self.old)


class MovePhase(JourneyCommand):
    def __init__(self, journey: Journey, phase_id: str, index: int) -> None:
        super().__init__(journey, "Move phase")
        self.phase_id, self.index = phase_id, index
        self.old_index = 0

    def do(self) -> None:
        self.old_index = self.journey.move_phase(self.phase_id, self.index)

    def undo_change(self) -> None:
        self.journey.move_phase(self.phase_id, self.old_index)


class AddLane(JourneyCommand):
    def __init__(self, journey: Journey, lane: Lane, index: int | None = None) -> None:
        super().__init__(journey, "Add lane")
        self.lane, self.index = lane, index

    def do(self) -> None:
        self.journey.add_lane(self.lane, self.index)

    def undo_change(self) -> None:
        self.journey.remove_lane(self.lane.id)


class RemoveLane(JourneyCommand):
    def __init__(self, journey: Journey, lane_id: str) -> None:
        super().__init__(journey, "Delete lane")
        self.lane_id = lane_id
        self.removed: tuple[Lane, int] | None = None

    def do(self) -> None:
        self.removed = self.journey.remove_lane(self.lane_id)

    def undo_change(self) -> None:
        self.journey.add_lane(*self.removed)


class UpdateLane(JourneyCommand):
    def __init__(self, journey: Journey, lane_id: str, changes: dict) -> None:
        super().__init__(journey, "Rename lane")
        self.lane_id, self.changes = lane_id, dict(changes)
        self.old: dict = {}

    def do(self) -> None:
        old = self.journey.update_lane(self.lane_id, **self.changes)
        self.old = {k: getattr(old, k) for k in self.changes}

    def undo_change(self) -> None:
        self.journey.update_lane(self.lane_id, **self.old)


class MoveLane(JourneyCommand):
    def __init__(self, journey: Journey, lane_id: str, index: int) -> None:
        super().__init__(journey, "Move lane")
        self.lane_id, self.index = lane_id, index
        self.old_index = 0

    def do(self) -> None:
        self.old_index = self.journey.move_lane(self.lane_id, self.index)

    def undo_change(self) -> None:
        self.journey.move_lane(self.lane_id, self.old_index)


# ------------------------------------------------------- metrics and measurements
class SetMetric(JourneyCommand):
    def __init__(self, journey: Journey, metric: MetricDef, text: str = "Edit metric") -> None:
        super().__init__(journey, text)
        self.metric = metric
        self.old: MetricDef | None = None

    def do(self) -> None:
        self.old = self.journey.set_metric(self.metric)

    def undo_change(self) -> None:
        if self.old is None:
            self.journey.remove_metric(self.metric.id)
        else:
            self.journey.set_metric(self.old)


class RemoveMetric(JourneyCommand):
    def __init__(self, journey: Journey, metric_id: str) -> None:
        super().__init__(journey, "Delete metric")
        self.metric_id = metric_id
        self.old: MetricDef | None = None

    def do(self) -> None:
        self.old = self.journey.remove_metric(self.metric_id)

    def undo_change(self) -> None:
        self.journey.set_metric(self.old)


class SetMeasurement(JourneyCommand):
    def __init__(self, journey: Journey, m: Measurement, text: str = "Set measurement") -> None:
        super().__init__(journey, text)
        self.m = m
        self.old: Measurement | None = None

    def do(self) -> None:
        self.old = self.journey.set_measurement(self.m)

    def undo_change(self) -> None:
        if self.old is None:
            self.journey.remove_measurement(self.m.key)
        else:
            self.journey.set_measurement(self.old)


class RemoveMeasurement(JourneyCommand):
    def __init__(self, journey: Journey, key: tuple[str, str, str, str]) -> None:
        super().__init__(journey, "Remove measurement")
        self.key = key
        self.old: Measurement | None = None

    def do(self) -> None:
        self.old = self.journey.remove_measurement(self.key)

    def undo_change(self) -> None:
        self.journey.set_measurement(self.old)


class SetInfo(JourneyCommand):
    def __init__(self, journey: Journey, info: JourneyInfo) -> None:
        super().__init__(journey, "Edit journey")
        self.info = info
        self.old: JourneyInfo | None = None

    def do(self) -> None:
        self.old = self.journey.set_info(self.info)

    def undo_change(self) -> None:
        self.journey.set_info(self.old)
