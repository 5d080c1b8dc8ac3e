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
# Phases and lanes are both ordered, named rows of the map, and Journey gives
# them the same methods (add_phase / add_lane, ...): one set of commands
# serves both, told which by `kind`.
class AddOrdered(JourneyCommand):
    def __init__(self, journey: Journey, kind: str, item: Phase | Lane, index: int | None = None) -> None:
        super().__init__(journey, f"Add {kind}")
        self.kind, self.item, self.index = kind, item, index

    def do(self) -> None:
        getattr(self.journey, f"add_{self.kind}")(self.item, self.index)

    def undo_change(self) -> None:
        getattr(self.journey, f"remove_{self.kind}")(self.item.id)


class RemoveOrdered(JourneyCommand):
    def __init__(self, journey: Journey, kind: str, item_id: str) -> None:
        super().__init__(journey, f"Delete {kind}")
        self.kind, self.item_id = kind, item_id
        self.removed: tuple | None = None

    def do(self) -> None:
        self.removed = getattr(self.journey, f"remove_{self.kind}")(self.item_id)

    def undo_change(self) -> None:
        getattr(self.journey, f"add_{self.kind}")(*self.removed)


class UpdateOrdered(JourneyCommand):
    def __init__(self, journey: Journey, kind: str, item_id: str, changes: dict, text: str = "") -> None:
        super().__init__(journey, text or f"Edit {kind}")
        self.kind, self.item_id, self.changes = kind, item_id, dict(changes)
        self.old: dict = {}

    def do(self) -> None:
        old = getattr(self.journey, f"update_{self.kind}")(self.item_id, **self.changes)
        self.old = {k: getattr(old, k) for k in self.changes}

    def undo_change(self) -> None:
        getattr(self.journey, f"update_{self.kind}")(self.item_id, **self.old)


class MoveOrdered(JourneyCommand):
    def __init__(self, journey: Journey, kind: str, item_id: str, index: int) -> None:
        super().__init__(journey, f"Move {kind}")
        self.kind, self.item_id, self.index = kind, item_id, index
        self.old_index = 0

    def do(self) -> None:
        self.old_index = getattr(self.journey, f"move_{self.kind}")(self.item_id, self.index)

    def undo_change(self) -> None:
        getattr(self.journey, f"move_{self.kind}")(self.item_id, self.old_index)


def AddPhase(journey: Journey, phase: Phase, index: int | None = None) -> AddOrdered:  # noqa: N802
    return AddOrdered(journey, "phase", phase, index)


def RemovePhase(journey: Journey, phase_id: str) -> RemoveOrdered:  # noqa: N802
    return RemoveOrdered(journey, "phase", phase_id)


def UpdatePhase(journey: Journey, phase_id: str, changes: dict, text: str = "Edit phase") -> UpdateOrdered:  # noqa: N802
    return UpdateOrdered(journey, "phase", phase_id, changes, text)


def MovePhase(journey: Journey, phase_id: str, index: int) -> MoveOrdered:  # noqa: N802
    return MoveOrdered(journey, "phase", phase_id, index)


def AddLane(journey: Journey, lane: Lane, index: int | None = None) -> AddOrdered:  # noqa: N802
    return AddOrdered(journey, "lane", lane, index)


def RemoveLane(journey: Journey, lane_id: str) -> RemoveOrdered:  # noqa: N802
    return RemoveOrdered(journey, "lane", lane_id)


def UpdateLane(journey: Journey, lane_id: str, changes: dict) -> UpdateOrdered:  # noqa: N802
    return UpdateOrdered(journey, "lane", lane_id, changes, "Rename lane")


def MoveLane(journey: Journey, lane_id: str, index: int) -> MoveOrdered:  # noqa: N802
    return MoveOrdered(journey, "lane", lane_id, index)


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
        self.index = self.journey.metric_index(self.metric_id)
        self.old = self.journey.remove_metric(self.metric_id)

    def undo_change(self) -> None:
        self.journey.set_metric(self.old, self.index)


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
