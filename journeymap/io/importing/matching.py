"""Finding the touchpoints and phases a sheet names, and creating them when
the user asked for it (a workshop's list of steps becomes a map)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from journeymap.model.entities import Phase, Touchpoint
from journeymap.model.journey import Journey

from .cells import CellError, cell_text, normalize

if TYPE_CHECKING:
    from .plan import ImportPlan

# The phases a new blank journey starts with: placeholders, not decisions.
_PLACEHOLDER = re.compile(r"^(phase|stage|step)\s*\d+$")


def placeholder_phases(journey: Journey) -> list[Phase]:
    """Empty phases still named as the blank template names them."""
    used = {tp.phase for tp in journey.touchpoints} | {m.node for m in journey.measurements}
    return [p for p in journey.phases if p.id not in used and _PLACEHOLDER.match(normalize(p.name))
            and not p.description]


class Touchpoints:
    """Finds touchpoints by id or name (case, accents and spaces ignored),
    using the Phase column when two share a name; creates them on request."""

    def __init__(self, journey: Journey, plan: ImportPlan, create: bool) -> None:
        self.journey, self.plan, self.create = journey, plan, create
        self.by_id = {tp.id: tp for tp in journey.touchpoints}
        self.by_name: dict[str, list[Touchpoint]] = {}
        for tp in journey.touchpoints:
            self.by_name.setdefault(normalize(tp.name), []).append(tp)
        self.phases: dict[str, Phase] = {}
        for p in journey.phases:
            self.phases.setdefault(normalize(p.id), p)
            self.phases.setdefault(normalize(p.name), p)
        self.used_ids = journey.ids()
        self.memo: dict[tuple[object, str], Touchpoint | str] = {}

    def _new_id(self, prefix: str, name: str = "") -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", normalize(name)).strip("-")[:40]
        base = slug or prefix
        candidate, i = base, 1
        while candidate in self.used_ids:
            i += 1
            candidate = f"{base}-{i}"
        self.used_ids.add(candidate)
        return candidate

    def phase(self, text: str) -> Phase | None:
        key = normalize(text)
        if key in self.phases:
            return self.phases[key]
        if not self.create:
            return None
        return self._new_phase(key, text)

    def _phase_to_create_in(self, text: str) -> Phase:
        """The phase named `text`, made when the journey has none (create mode)."""
        key = normalize(text)
        return self.phases.get(key) or self._new_phase(key, text)

    def _new_phase(self, key: str, text: str) -> Phase:
        phase = Phase(self._new_id("phase", text), text.strip())
        self.phases[key] = phase
        self.plan.new_phases.append(phase)
        return phase

    def find(self, name: object, phase_text: str = "", lane_text: str = "", **fields: Any) -> Touchpoint:
        key = (name, phase_text)
        hit = self.memo.get(key)
        if hit is None:
            hit = self._find(cell_text(name), phase_text, lane_text, fields)
            self.memo[key] = hit
        if isinstance(hit, str):
            raise CellError(hit)
        return hit

    def _find(self, text: str, phase_text: str, lane_text: str, fields: dict[str, Any]) -> Touchpoint | str:
        if not text:
            return "no touchpoint named"
        if text in self.by_id:
            return self.by_id[text]
        found = self.by_name.get(normalize(text), [])
        phase = self.phases.get(normalize(phase_text)) if phase_text else None
        if phase_text and phase is None and not self.create:
            return f"unknown phase '{phase_text}'"
        if phase is not None:
            found = [tp for tp in found if tp.phase == phase.id]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return f"'{text}' names {len(found)} touchpoints; add a Phase column to tell them apart"
        if not self.create:
            return f"unknown touchpoint '{text}'"
        phase = self._phase_to_create_in(phase_text) if phase_text else self._default_phase()
        lane = self._lane(lane_text)
        if lane is None:
            return "the journey has no lanes to put a new touchpoint in"
        tp = Touchpoint(self._new_id("tp", text), text, phase.id, lane, **fields)
        self.plan.new_touchpoints.append(tp)
        self.by_id[tp.id] = tp
        self.by_name.setdefault(normalize(text), []).append(tp)
        return tp

    def _default_phase(self) -> Phase:
        kept = self.journey.phases + self.plan.new_phases
        return kept[0] if kept else self._phase_to_create_in("Imported")

    def _lane(self, text: str) -> str | None:
        lanes = self.journey.lanes
        if text:
            for lane in lanes:
                if normalize(lane.name) == normalize(text) or normalize(lane.id) == normalize(text):
                    return lane.id
        return lanes[0].id if lanes else None
