"""JourneyDocument: a Journey with its undo stack, file path, modified state,
crash recovery and live analysis. Every edit the GUI makes goes through a
method here that pushes one undo command holding a list of model edits."""

from __future__ import annotations

import dataclasses
import json
import os
import time
import uuid
import weakref
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from journeymap.analysis.live import JourneyAnalysis
from journeymap.analysis.scorecard import Filter, Scorecards
from journeymap.analysis.status import Status
from journeymap.analysis.weak import shortfall_parts, shortfall_reasons
from journeymap.drawing.theme import free_persona_color
from journeymap.io import journey_file
from journeymap.io.atomic import atomic_write_bytes
from journeymap.io.importing.plan import import_edits
from journeymap.io.linked import LinkedJourney, LinkedJourneys
from journeymap.model import edits as ed
from journeymap.model.actions import Action
from journeymap.model.change import Change
from journeymap.model.edits import Edit
from journeymap.model.entities import Connection, JourneyInfo, Lane, Measurement, MetricDef, Phase, Touchpoint
from journeymap.model.journey import Journey, JourneyError, JourneySnapshot
from journeymap.model.personas import Persona

from .commands import EditCommand
from .paths import recovery_dir

if TYPE_CHECKING:
    from journeymap.io.importing import ImportPlan

AUTOSAVE_MS = 60_000


# What an undo step is called after the one field it changed ("Undo Set
# emotion of 'Support chat'").
FIELD_VERBS = {"name": "Rename", "channel": "Change channel of", "owner": "Change owner of",
               "description": "Edit description of", "emotion": "Set emotion of",
               "pain_points": "Edit pain points of", "opportunities": "Edit opportunities of",
               "notes": "Edit notes of", "moment_of_truth": "Moment of truth for", "votes": "Vote on",
               "importance": "Set importance of", "target_overrides": "Set target of",
               "phase": "Move", "lane": "Move", "position": "Move",
               "persona_emotions": "Set persona emotion of", "state": "Set future state of",
               "future_note": "Describe the future of", "future_targets": "Set future target of",
               "evidence": "Edit evidence of", "evidence_level": "Set evidence level of",
               "link": "Link a journey to"}


def quoted(name: str) -> str:
    """A name as an undo step shows it: quoted, long ones shortened."""
    return f"'{name if len(name) <= 32 else name[:31] + '…'}'"


class JourneyDocument(QObject):
    path_changed = Signal()
    modified_changed = Signal(bool)
    error = Signal(str)
    # The journey changed (a journeymap.model.change.Change), after the
    # document's analyses were brought up to date.
    changed = Signal(object)
    # Autosave could not write (full disk, unwritable folder): said once
    # until it works again; it keeps retrying at every interval.
    autosave_failed = Signal(str)
    _autosave_finished = Signal(object)  # from the worker thread: an error text or None

    def __init__(self, journey: Journey, path: Path | None = None, parent: QObject | None = None,
                 untitled_name: str = "Untitled", autosave: bool = True) -> None:
        super().__init__(parent)
        self.journey = journey
        self.path = Path(path) if path else None
        self.untitled_name = untitled_name
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._recovery_id = uuid.uuid4().hex
        # Which document a copy on the clipboard came from (see paste_touchpoints).
        self.token = uuid.uuid4().hex
        self._autosave_failing = False
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave_in_background)
        # Writing a big journey takes a while: the timer's autosave encodes
        # and writes a snapshot on this one worker thread, not the GUI's.
        self._autosave_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._autosave_running: Future[str | None] | None = None
        self._autosave_finished.connect(self._on_autosave_finished)
        if autosave:
            self._autosave.start()
        # Set when the journey came from a recovery file: it is unsaved work.
        self._forced_modified = False
        self._analyses: weakref.WeakValueDictionary[Filter, JourneyAnalysis] = weakref.WeakValueDictionary()
        self._linked = LinkedJourneys()
        journey.changed.connect(self._on_journey_changed)

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
        """Write unsaved work to the recovery folder now (never over the
        user's file); False when there was nothing to write or it failed."""
        if not self.modified:
            return False
        return self._on_autosave_finished(self._write_recovery(self.journey.snapshot()))

    def autosave_in_background(self) -> Future[str | None] | None:
        """The timer's autosave: a snapshot taken here, written by the worker."""
        if not self.modified or (self._autosave_running is not None and not self._autosave_running.done()):
            return None
        future = self._autosave_worker.submit(self._write_recovery, self.journey.snapshot())
        future.add_done_callback(lambda f: self._autosave_finished.emit(
            f.result() if f.exception() is None else f"{f.exception()}"))
        self._autosave_running = future
        return future

    def _write_recovery(self, snapshot: JourneySnapshot) -> str | None:
        """Runs on either thread: touches only the snapshot and the disk."""
        data_path, meta_path = self.recovery_files()
        try:
            data_path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(data_path, journey_file.dumps(snapshot).encode("utf-8"))
            meta = {"original": str(self.path) if self.path else None, "saved_at": time.time(),
                    "pid": os.getpid(), "name": snapshot.info.name}
            atomic_write_bytes(meta_path, json.dumps(meta).encode("utf-8"))
        except OSError as exc:  # WriteError included
            return str(exc.strerror or exc)
        return None

    def _on_autosave_finished(self, problem: str | None) -> bool:
        if problem is None:
            self._autosave_failing = False
            return True
        if not self._autosave_failing:
            self._autosave_failing = True
            self.autosave_failed.emit(f"Autosave failed ({problem}); your work is not "
                                      f"protected against a crash until it works again. Save it "
                                      f"somewhere else if the disk is full.")
        return False

    def discard_recovery(self) -> None:
        # An autosave still writing would put the files back after this.
        if self._autosave_running is not None:
            self._autosave_running.result()
        for p in self.recovery_files():
            p.unlink(missing_ok=True)

    # ------------------------------------------------------ model changes
    def _on_journey_changed(self, change: Change) -> None:
        # The analyses first, so every view that hears `changed` reads
        # figures that already include the edit.
        for analysis in list(self._analyses.values()):
            analysis.update(change)
        self.changed.emit(change)

    def analysis(self, flt: Filter = Filter()) -> JourneyAnalysis:
        """The live analysis of this journey for a filter, shared by every
        view that shows that filter and dropped when none holds it."""
        analysis = self._analyses.get(flt)
        if analysis is None:
            analysis = self._analyses[flt] = JourneyAnalysis(self.journey, flt)
        return analysis

    def close(self) -> None:
        """Stop listening to the journey (it may outlive this document, as an
        export's does) and stop the autosave timer."""
        self._autosave.stop()
        self._autosave_worker.shutdown(wait=True)
        self.journey.changed.disconnect(self._on_journey_changed, missing_ok=True)

    # ----------------------------------------------------------------- edits
    # The one place edits are pushed: every method builds a list of model
    # edits (journeymap.model.edits) and hands it to `apply`.
    def apply(self, text: str, edits: Sequence[Edit]) -> bool:
        """Push one undo step; a change the journey refuses is reported and
        leaves neither the journey nor the stack changed."""
        if not edits:
            return True
        command = EditCommand(self.journey, text, edits)
        self.undo_stack.push(command)
        if command.error:
            self.error.emit(command.error)
            return False
        return True

    def add_touchpoint(self, phase: str, lane: str, name: str = "New touchpoint",
                       position: tuple[float, float] | None = None, **fields: Any) -> str | None:
        tp = Touchpoint(id=self.journey.new_id("tp"), name=name, phase=phase, lane=lane,
                        position=position, **fields)
        return tp.id if self.apply("Add touchpoint", [ed.AddTouchpoint(tp)]) else None

    def update_touchpoint(self, tp_id: str, text: str = "", **changes: Any) -> bool:
        """`text` names the step ("Add vote"); by default it is said from
        the field that changed ("Rename", "Set emotion of"). The card's name
        follows, so Undo says what it undoes: "Undo Rename 'Support chat'"."""
        tp = self.journey.touchpoint(tp_id)
        changes = ed.changed_fields(tp, changes)
        if not text:
            verbs = {FIELD_VERBS.get(field, "Edit") for field in changes}
            text = verbs.pop() if len(verbs) == 1 else "Edit"
        return self.apply(f"{text} {quoted(tp.name)}", [ed.update_touchpoint(tp_id, **changes)] if changes else [])

    def update_touchpoints(self, tp_ids: Iterable[str], text: str, **changes: Any) -> bool:
        """The same fields on several cards, as one undo step."""
        edits: list[Edit] = []
        changed: list[str] = []
        for tp_id in tp_ids:
            real = ed.changed_fields(self.journey.touchpoint(tp_id), changes)
            if real:
                edits.append(ed.update_touchpoint(tp_id, **real))
                changed.append(tp_id)
        if len(edits) == 1:
            text = f"{text} {quoted(self.journey.touchpoint(changed[0]).name)}"
        return self.apply(text, edits)

    def move_touchpoints(self, moves: dict[str, dict[str, Any]]) -> bool:
        """One undo step for a drag of one or more cards (phase, lane, position)."""
        edits: list[Edit] = []
        moved: list[str] = []
        for tp_id, changes in moves.items():
            real = ed.changed_fields(self.journey.touchpoint(tp_id), changes)
            if real:
                edits.append(ed.update_touchpoint(tp_id, **real))
                moved.append(tp_id)
        n = len(edits)
        text = f"Move {quoted(self.journey.touchpoint(moved[0]).name)}" if n == 1 else f"Move {n} touchpoints"
        return self.apply(text, edits)

    def delete_touchpoints(self, tp_ids: Iterable[str]) -> bool:
        ids = [t for t in tp_ids if self.journey.has_touchpoint(t)]
        text = f"Delete {quoted(self.journey.touchpoint(ids[0]).name)}" if len(ids) == 1 else \
            f"Delete {len(ids)} touchpoints"
        return self.apply(text, ed.removal_edits(self.journey, ids))

    def _connection_words(self, source: str, target: str) -> str:
        return f"{self._node_name(source)} → {self._node_name(target)}"

    def delete_connection(self, source: str, target: str) -> bool:
        return self.apply(f"Delete connection {self._connection_words(source, target)}",
                          [ed.RemoveConnection(source, target)])

    def connect_touchpoints(self, source: str, target: str, label: str = "") -> bool:
        if source == target:
            self.error.emit("a touchpoint cannot connect to itself")
            return False
        return self.apply(f"Connect {self._connection_words(source, target)}",
                          [ed.AddConnection(Connection(source, target, label))])

    def update_connection(self, source: str, target: str, **changes: Any) -> bool:
        changes = ed.changed_fields(self.journey.connection(source, target), changes)
        return self.apply(f"Edit connection {self._connection_words(source, target)}",
                          [ed.update_connection(source, target, **changes)] if changes else [])

    def add_phase(self, name: str = "New phase", index: int | None = None) -> str | None:
        phase = Phase(self.journey.new_id("phase"), name)
        return phase.id if self.apply("Add phase", [ed.AddRow("phase", phase, index)]) else None

    def rename_phase(self, phase_id: str, name: str) -> bool:
        return self.update_phase(phase_id, "Rename phase", name=name)

    def update_phase(self, phase_id: str, text: str = "Edit phase", **changes: Any) -> bool:
        phase = self.journey.phase(phase_id)
        changes = ed.changed_fields(phase, changes)
        edits = [ed.update_row("phase", phase_id, **changes)] if changes else []
        return self.apply(f"{text} {quoted(phase.name)}", edits)

    def move_phase(self, phase_id: str, index: int) -> bool:
        if self.journey.phase_index(phase_id) == index:
            return True
        return self.apply(f"Move phase {quoted(self.journey.phase(phase_id).name)}",
                          [ed.MoveRow("phase", phase_id, index)])

    def delete_phase(self, phase_id: str) -> bool:
        """Deletes the phase with its touchpoints in one undo step (the GUI asks first)."""
        return self.apply(f"Delete phase {quoted(self.journey.phase(phase_id).name)}",
                          ed.delete_row_edits(self.journey, "phase", phase_id))

    def add_lane(self, name: str = "New lane", index: int | None = None) -> str | None:
        lane = Lane(self.journey.new_id("lane"), name)
        return lane.id if self.apply("Add lane", [ed.AddRow("lane", lane, index)]) else None

    def rename_lane(self, lane_id: str, name: str) -> bool:
        if self.journey.lane(lane_id).name == name:
            return True
        return self.apply(f"Rename lane {quoted(self.journey.lane(lane_id).name)}",
                          [ed.update_row("lane", lane_id, name=name)])

    def move_lane(self, lane_id: str, index: int) -> bool:
        if self.journey.lane_index(lane_id) == index:
            return True
        return self.apply(f"Move lane {quoted(self.journey.lane(lane_id).name)}", [ed.MoveRow("lane", lane_id, index)])

    def delete_lane(self, lane_id: str) -> bool:
        return self.apply(f"Delete lane {quoted(self.journey.lane(lane_id).name)}",
                          ed.delete_row_edits(self.journey, "lane", lane_id))

    def tidy(self) -> bool:
        return self.apply("Tidy layout", [ed.update_touchpoint(tp.id, position=None)
                                          for tp in self.journey.touchpoints if tp.position is not None])

    def apply_import(self, plan: ImportPlan, text: str = "") -> bool:
        """An import as one undo step: the same edits the CLI applies."""
        return self.apply(text or f"Import {plan.name}", import_edits(self.journey, plan))

    def set_importance(self, weights: dict[str, float], outcome: str) -> bool:
        return self.apply(f"Importance for {outcome}", ed.importance_edits(self.journey, weights))

    def set_info(self, info: JourneyInfo, text: str = "Edit journey") -> bool:
        if info == self.journey.info:
            return True
        return self.apply(text, [ed.SetInfo(info)])

    # ------------------------------------------------------------- actions
    def add_action(self, title: str, touchpoints: Sequence[str] = (), **fields: Any) -> str | None:
        action = Action(id=self.journey.new_action_id(), title=title, touchpoints=tuple(touchpoints), **fields)
        return action.id if self.apply(f"Add action {quoted(title)}", [ed.SetAction(action)]) else None

    def update_action(self, action_id: str, **changes: Any) -> bool:
        action = self.journey.action(action_id)
        changes = ed.changed_fields(action, changes)
        if not changes:
            return True
        return self.apply(f"Edit action {quoted(action.title)}", [ed.SetAction(dataclasses.replace(action, **changes))])

    def delete_action(self, action_id: str) -> bool:
        return self.apply(f"Delete action {quoted(self.journey.action(action_id).title)}",
                          [ed.RemoveAction(action_id)])

    def action_for_touchpoint(self, tp_id: str, cards: Scorecards, opportunity: str = "") -> str | None:
        """One step from a weak touchpoint, a matrix point or a captured
        opportunity (its title then): an action linked to the card, its
        impact from how badly the card misses (red high, amber medium), the
        weak ranking's reasons, worst first, as the description."""
        tp = self.journey.touchpoint(tp_id)
        status = cards.touchpoint_status(tp_id)
        parts = shortfall_parts(cards, tp_id)
        description = "\n".join(shortfall_reasons(cards, parts)) if parts else ""
        if opportunity:  # say where it came from, not the title again
            description = f"An opportunity captured on {tp.name}." + (f"\n{description}" if description else "")
        impact = {Status.RED: "high", Status.AMBER: "medium"}.get(status, "low")
        return self.add_action(opportunity or f"Improve {tp.name}", [tp_id], description=description,
                               impact=impact, owner=tp.owner)

    # ------------------------------------------------------------ personas
    def add_persona(self, name: str, **fields: Any) -> str | None:
        """A new persona; without a colour of its own it takes the first the
        others do not use, and keeps it (and so its line and marker)."""
        if not fields.get("color"):
            fields["color"] = free_persona_color([p.color for p in self.journey.personas])
        persona = Persona(id=self.journey.new_persona_id(), name=name, **fields)
        return persona.id if self.apply(f"Add persona {quoted(name)}", [ed.SetPersona(persona)]) else None

    def update_persona(self, persona_id: str, **changes: Any) -> bool:
        persona = self.journey.persona(persona_id)
        changes = ed.changed_fields(persona, changes)
        if not changes:
            return True
        return self.apply(f"Edit persona {quoted(persona.name)}",
                          [ed.SetPersona(dataclasses.replace(persona, **changes))])

    def delete_persona(self, persona_id: str) -> bool:
        """The persona and its emotions on every card, as one undo step."""
        return self.apply(f"Delete persona {quoted(self.journey.persona(persona_id).name)}",
                          ed.persona_removal_edits(self.journey, persona_id))

    def set_persona_emotion(self, tp_id: str, persona_id: str, emotion: float | None) -> bool:
        edit = ed.persona_emotion_edit(self.journey, tp_id, persona_id, emotion)
        name = self.journey.persona(persona_id).name
        return self.apply(f"Set {name}'s emotion at {self._node_name(tp_id)}", [edit] if edit else [])

    def linked_journey(self, link: str) -> LinkedJourney:
        """The journey a card links to, read from beside this file."""
        return self._linked.read(self.path.parent if self.path else None, link)

    def set_metric(self, metric: MetricDef, text: str = "Edit metric") -> bool:
        if self.journey.has_metric(metric.id) and self.journey.metric(metric.id) == metric:
            return True
        return self.apply(text, [ed.SetMetric(metric)])

    def delete_metric(self, metric_id: str) -> bool:
        """The metric with every measurement of it, as one undo step."""
        j = self.journey
        edits: list[Edit] = [ed.RemoveMeasurement(m.key) for m in j.measurements if m.metric == metric_id]
        edits.append(ed.RemoveMetric(metric_id))
        return self.apply(f"Delete metric {j.metric(metric_id).name}", edits)

    def _node_name(self, node: str) -> str:
        j = self.journey
        return quoted(j.touchpoint(node).name if j.has_touchpoint(node) else
                      j.phase(node).name if j.has_phase(node) else node)

    def set_measurement(self, m: Measurement) -> bool:
        metric = self.journey.metric(m.metric).name if self.journey.has_metric(m.metric) else m.metric
        return self.apply(f"Set {metric} of {self._node_name(m.node)}", [ed.SetMeasurement(m)])

    def remove_measurements(self, keys: Iterable[tuple[str, str, str, str]]) -> bool:
        return self.apply("Remove measurement", [ed.RemoveMeasurement(k) for k in keys])

    def set_target_override(self, node: str, metric: str, target: float | None, future: bool = False) -> bool:
        """A node's own target; with `future`, a card's target in the future state."""
        edit = ed.target_override_edit(self.journey, node, metric, target, future)
        return self.apply(f"Set {'future ' if future else ''}target of {self._node_name(node)}",
                          [edit] if edit else [])

    def paste_touchpoints(self, items: list[dict[str, Any]], phase: str | None, lane: str | None) -> list[str]:
        """Paste copied touchpoints (with the connections among them) as new
        ones; into the given cell, or into their own cells when those exist."""
        # A copy beside its original in the same journey is a new card: its
        # measurements stay with the original (a cut card keeps them).
        items = [{**item, "measurements": []} if item.get("document") == self.token
                 and self.journey.has_touchpoint(str(item["id"])) else item for item in items]
        try:
            edits, new_ids = ed.paste_edits(self.journey, items, phase, lane)
        except JourneyError as exc:
            self.error.emit(str(exc))
            return []
        text = "Paste touchpoint" if len(items) == 1 else f"Paste {len(items)} touchpoints"
        return new_ids if self.apply(text, edits) else []
