"""JourneyDocument: a Journey with its undo stack, file path, modified state
and crash recovery. Every edit the GUI makes goes through a method here that
pushes one undo command (a macro when it changes several things)."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from journeymap.io import journey_file
from journeymap.io.atomic import atomic_write_bytes
from journeymap.model.entities import Connection, JourneyInfo, Lane, Measurement, Phase, Touchpoint
from journeymap.model.journey import Journey

from . import commands as cmd
from .paths import recovery_dir

AUTOSAVE_MS = 60_000


class JourneyDocument(QObject):
    path_changed = Signal()
    modified_changed = Signal(bool)
    error = Signal(str)
    # Autosave could not write (full disk, unwritable folder): said once
    # until it works again; it keeps retrying at every interval.
    autosave_failed = Signal(str)

    def __init__(self, journey: Journey, path: Path | None = None, parent: QObject | None = None,
                 untitled_name: str = "Untitled", autosave: bool = True) -> None:
        super().__init__(parent)
        self.journey = journey
        self.path = Path(path) if path else None
        self.untitled_name = untitled_name
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._recovery_id = uuid.uuid4().hex
        self._autosave_failing = False
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        if autosave:
            self._autosave.start()
        # Set when the journey came from a recovery file: it is unsaved work.
        self._forced_modified = False

    # ----------------------------------------------------------------- state
    def _on_clean_changed(self, clean: bool) -> None:
        if clean and not self._forced_modified:
            # Undone back to the saved state: nothing is left to recover.
            self.discard_recovery()
        self.modified_changed.emit(not clean)

    @property
    def modified(self) -> bool:
        return self._forced_modified or not self.undo_stack.isClean()

    def mark_modified(self) -> None:
        self._forced_modified = True
        self.modified_changed.emit(True)

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else self.untitled_name

    # ----------------------------------------------------------------- files
    def save(self, path: Path | None = None) -> None:
        """Save atomically; raises OSError with the old file untouched."""
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("no file name to save to")
        journey_file.save(self.journey, target)
        path_changed = target != self.path
        self.path = target
        self._forced_modified = False
        self.undo_stack.setClean()
        self.modified_changed.emit(False)
        self.discard_recovery()
        if path_changed:
            self.path_changed.emit()

    # -------------------------------------------------------------- recovery
    def recovery_files(self) -> tuple[Path, Path]:
        folder = recovery_dir()
        return folder / f"{self._recovery_id}.journey", folder / f"{self._recovery_id}.json"

    def autosave(self) -> bool:
        """Write unsaved work to the recovery folder (never over the user's file)."""
        if not self.modified:
            return False
        data_path, meta_path = self.recovery_files()
        try:
            data_path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(data_path, journey_file.dumps(self.journey).encode("utf-8"))
            meta = {"original": str(self.path) if self.path else None, "saved_at": time.time(),
                    "pid": os.getpid(), "name": self.journey.info.name}
            atomic_write_bytes(meta_path, json.dumps(meta).encode("utf-8"))
        except OSError as exc:  # WriteError included
            if not self._autosave_failing:
                self._autosave_failing = True
                self.autosave_failed.emit(f"Autosave failed ({exc.strerror or exc}); your work is not "
                                          f"protected against a crash until it works again. Save it "
                                          f"somewhere else if the disk is full.")
            return False
        self._autosave_failing = False
        return True

    def discard_recovery(self) -> None:
        for p in self.recovery_files():
            p.unlink(missing_ok=True)

    # ----------------------------------------------------------------- edits
    def push(self, command: cmd.JourneyCommand) -> bool:
        """Push one undo step; a change the journey refuses is reported and
        leaves neither the journey nor the stack changed."""
        self.undo_stack.push(command)
        if command.error:
            self.error.emit(command.error)
            return False
        return True

    def macro(self, text: str, commands: list[cmd.JourneyCommand]) -> bool:
        if not commands:
            return True
        if len(commands) == 1:
            commands[0].setText(text)
            return self.push(commands[0])
        return self.push(cmd.MacroCommand(self.journey, text, commands))

    def add_touchpoint(self, phase: str, lane: str, name: str = "New touchpoint",
                       position: tuple[float, float] | None = None, **fields) -> str | None:
        tp = Touchpoint(id=self.journey.new_id("tp"), name=name, phase=phase, lane=lane,
                        position=position, **fields)
        return tp.id if self.push(cmd.AddTouchpoint(self.journey, tp)) else None

    def update_touchpoint(self, tp_id: str, text: str = "Edit touchpoint", **changes) -> bool:
        tp = self.journey.touchpoint(tp_id)
        if all(getattr(tp, k) == v for k, v in changes.items()):
            return True  # nothing changes: no empty undo step
        return self.push(cmd.UpdateTouchpoint(self.journey, tp_id, changes, text))

    def move_touchpoints(self, moves: dict[str, dict]) -> bool:
        """One undo step for a drag of one or more cards (phase, lane, position)."""
        commands = [cmd.UpdateTouchpoint(self.journey, tp_id, changes)
                    for tp_id, changes in moves.items()
                    if any(getattr(self.journey.touchpoint(tp_id), k) != v for k, v in changes.items())]
        n = len(commands)
        return self.macro("Move touchpoint" if n == 1 else f"Move {n} touchpoints", commands)

    def _removal_commands(self, tp_ids: Iterable[str]) -> list[cmd.JourneyCommand]:
        ids = list(dict.fromkeys(tp_ids))
        commands: list[cmd.JourneyCommand] = []
        seen: set[tuple[str, str]] = set()
        for tp_id in ids:
            for conn in self.journey.connections_of(tp_id):
                if conn.key not in seen:
                    seen.add(conn.key)
                    commands.append(cmd.RemoveConnection(self.journey, *conn.key))
        for tp_id in ids:
            commands += [cmd.RemoveMeasurement(self.journey, m.key) for m in self.journey.measurements_of(tp_id)]
            commands.append(cmd.RemoveTouchpoint(self.journey, tp_id))
        return commands

    def delete_touchpoints(self, tp_ids: Iterable[str]) -> bool:
        ids = [t for t in tp_ids if self.journey.has_touchpoint(t)]
        text = "Delete touchpoint" if len(ids) == 1 else f"Delete {len(ids)} touchpoints"
        return self.macro(text, self._removal_commands(ids))

    def delete_connection(self, source: str, target: str) -> bool:
        return self.push(cmd.RemoveConnection(self.journey, source, target))

    def connect_touchpoints(self, source: str, target: str, label: str = "") -> bool:
        if source == target:
            self.error.emit("a touchpoint cannot connect to itself")
            return False
        return self.push(cmd.AddConnection(self.journey, Connection(source, target, label)))

    def update_connection(self, source: str, target: str, **changes) -> bool:
        return self.push(cmd.UpdateConnection(self.journey, source, target, changes))

    def add_phase(self, name: str = "New phase", index: int | None = None) -> str | None:
        phase = Phase(self.journey.new_id("phase"), name)
        return phase.id if self.push(cmd.AddPhase(self.journey, phase, index)) else None

    def rename_phase(self, phase_id: str, name: str) -> bool:
        if self.journey.phase(phase_id).name == name:
            return True
        return self.push(cmd.UpdatePhase(self.journey, phase_id, {"name": name}, "Rename phase"))

    def update_phase(self, phase_id: str, **changes) -> bool:
        return self.push(cmd.UpdatePhase(self.journey, phase_id, changes))

    def move_phase(self, phase_id: str, index: int) -> bool:
        if self.journey.phase_index(phase_id) == index:
            return True
        return self.push(cmd.MovePhase(self.journey, phase_id, index))

    def delete_phase(self, phase_id: str) -> bool:
        """Deletes the phase with its touchpoints in one undo step (the GUI asks first)."""
        tps = [tp.id for tp in self.journey.touchpoints_in(phase_id=phase_id)]
        commands = self._removal_commands(tps)
        commands += [cmd.RemoveMeasurement(self.journey, m.key) for m in self.journey.measurements_of(phase_id)]
        commands.append(cmd.RemovePhase(self.journey, phase_id))
        return self.macro("Delete phase", commands)

    def add_lane(self, name: str = "New lane", index: int | None = None) -> str | None:
        lane = Lane(self.journey.new_id("lane"), name)
        return lane.id if self.push(cmd.AddLane(self.journey, lane, index)) else None

    def rename_lane(self, lane_id: str, name: str) -> bool:
        if self.journey.lane(lane_id).name == name:
            return True
        return self.push(cmd.UpdateLane(self.journey, lane_id, {"name": name}))

    def move_lane(self, lane_id: str, index: int) -> bool:
        if self.journey.lane_index(lane_id) == index:
            return True
        return self.push(cmd.MoveLane(self.journey, lane_id, index))

    def delete_lane(self, lane_id: str) -> bool:
        tps = [tp.id for tp in self.journey.touchpoints_in(lane_id=lane_id)]
        commands = self._removal_commands(tps)
        commands.append(cmd.RemoveLane(self.journey, lane_id))
        return self.macro("Delete lane", commands)

    def tidy(self) -> bool:
        commands = [cmd.UpdateTouchpoint(self.journey, tp.id, {"position": None})
                    for tp in self.journey.touchpoints if tp.position is not None]
        return self.macro("Tidy layout", commands) if commands else True

    def apply_import(self, plan) -> bool:
        """An import as one undo step: new phases and touchpoints, every
        value, target overrides and the settings "Refresh data" reuses."""
        j = self.journey
        commands: list[cmd.JourneyCommand] = [cmd.SetMetric(j, m, "Add metric") for m in plan.new_metrics]
        commands += [cmd.RemovePhase(j, p.id) for p in plan.removed_phases]
        commands += [cmd.AddPhase(j, p) for p in plan.new_phases]
        commands += [cmd.AddTouchpoint(j, tp) for tp in plan.new_touchpoints]
        commands += [cmd.RemoveMeasurement(j, key) for key in plan.replaced]
        commands += [cmd.SetMeasurement(j, m) for m in plan.measurements]
        targets: dict[str, dict[str, float]] = {}
        for (tp_id, metric), value in plan.target_overrides.items():
            targets.setdefault(tp_id, {})[metric] = value
        new_tps = {tp.id: tp for tp in plan.new_touchpoints}
        for tp_id, values in targets.items():
            current = new_tps[tp_id] if tp_id in new_tps else j.touchpoint(tp_id)
            merged = dict(current.target_overrides) | values
            commands.append(cmd.UpdateTouchpoint(j, tp_id, {"target_overrides": tuple(sorted(merged.items()))}))
        info = j.info
        commands.append(cmd.SetInfo(j, JourneyInfo(info.name, info.description, plan.settings())))
        return self.macro(f"Import {plan.source.name}", commands)

    def set_measurement(self, m: Measurement) -> bool:
        return self.push(cmd.SetMeasurement(self.journey, m))

    def remove_measurements(self, keys: Iterable[tuple[str, str, str, str]]) -> bool:
        return self.macro("Remove measurement",
                          [cmd.RemoveMeasurement(self.journey, k) for k in keys])

    def set_target_override(self, node: str, metric: str, target: float | None) -> bool:
        is_tp = self.journey.has_touchpoint(node)
        item = self.journey.touchpoint(node) if is_tp else self.journey.phase(node)
        overrides = dict(item.target_overrides)
        if target is None:
            overrides.pop(metric, None)
        else:
            overrides[metric] = float(target)
        new = tuple(sorted(overrides.items()))
        if new == item.target_overrides:
            return True
        if is_tp:
            return self.push(cmd.UpdateTouchpoint(self.journey, node, {"target_overrides": new}, "Set target"))
        return self.push(cmd.UpdatePhase(self.journey, node, {"target_overrides": new}, "Set target"))

    def paste_touchpoints(self, items: list[dict], phase: str | None, lane: str | None) -> list[str]:
        """Paste copied touchpoints (with the connections among them) as new
        ones; into the given cell, or into their own cells when those exist."""
        id_map: dict[str, str] = {}
        commands: list[cmd.JourneyCommand] = []
        used = self.journey.ids()
        fallback_phase = phase or (self.journey.phases[0].id if self.journey.phases else None)
        fallback_lane = lane or (self.journey.lanes[0].id if self.journey.lanes else None)
        if fallback_phase is None or fallback_lane is None:
            self.error.emit("add a phase and a lane before pasting touchpoints")
            return []
        for item in items:
            n = 1
            while f"tp-{n}" in used:
                n += 1
            new_id = f"tp-{n}"
            used.add(new_id)
            id_map[item["id"]] = new_id
            target_phase = phase or (item["phase"] if self.journey.has_phase(item["phase"]) else fallback_phase)
            target_lane = lane or (item["lane"] if self.journey.has_lane(item["lane"]) else fallback_lane)
            tp = Touchpoint(
                id=new_id, name=item["name"], phase=target_phase, lane=target_lane,
                channel=item.get("channel", ""), owner=item.get("owner", ""),
                description=item.get("description", ""), emotion=item.get("emotion"),
                pain_points=tuple(item.get("pain_points", ())),
                opportunities=tuple(item.get("opportunities", ())),
                moment_of_truth=bool(item.get("moment_of_truth", False)))
            commands.append(cmd.AddTouchpoint(self.journey, tp))
        for item in items:
            for target, label in item.get("links", []):
                if target in id_map:
                    commands.append(cmd.AddConnection(
                        self.journey, Connection(id_map[item["id"]], id_map[target], label)))
        text = "Paste touchpoint" if len(items) == 1 else f"Paste {len(items)} touchpoints"
        return list(id_map.values()) if self.macro(text, commands) else []
