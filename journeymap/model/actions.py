"""Actions: the work a map leads to (fix a weak touchpoint, try an idea from
a workshop), tracked with the map so it does not go stale after the session.

An action links to the touchpoints it is about; deleting a touchpoint takes
it out of its actions' links (as one undo step with the deletion)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .change import Change
from .wording import is_iso_date

STATUSES = ("idea", "planned", "in progress", "done")
LEVELS = ("low", "medium", "high")


class ActionError(ValueError):
    pass


@dataclass(frozen=True)
class Action:
    """A step the team plans against weak touchpoints, with owner, status, impact and effort."""

    id: str
    title: str
    description: str = ""
    touchpoints: tuple[str, ...] = ()
    owner: str = ""
    status: str = "idea"
    impact: str = "medium"
    effort: str = "medium"
    due: str = ""  # an ISO date (2026-12-31), or none

    @property
    def is_open(self) -> bool:
        return self.status != "done"


def check_action(action: Action, has_touchpoint: Callable[[str], bool]) -> None:
    """The rules for an action, typed, pasted or loaded; ActionError says which."""
    where = f"action '{action.title or action.id}'"
    if not action.id.strip():
        raise ActionError("an action needs an id")
    if not action.title.strip():
        raise ActionError(f"{where} needs a title")
    if action.status not in STATUSES:
        raise ActionError(f"{where}: status must be one of {', '.join(STATUSES)}, not '{action.status}'")
    for field, value in (("impact", action.impact), ("effort", action.effort)):
        if value not in LEVELS:
            raise ActionError(f"{where}: {field} must be low, medium or high, not '{value}'")
    if action.due and not is_iso_date(action.due):
        raise ActionError(f"{where}: due date '{action.due}' is not a date like 2026-12-31")
    for tp_id in action.touchpoints:
        if not has_touchpoint(tp_id):
            raise ActionError(f"{where}: no touchpoint '{tp_id}' (it links to one that is not in the journey)")
    if len(set(action.touchpoints)) != len(action.touchpoints):
        raise ActionError(f"{where} links a touchpoint twice")


def action_change(*actions: Action | None) -> Change:
    """What an action edit changes: the actions, and the cards that show
    their count of open actions."""
    return Change(touchpoints={tp for a in actions if a is not None for tp in a.touchpoints}, actions=True)
