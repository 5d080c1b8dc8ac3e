"""A workshop's list of steps (Phase, Touchpoint and optional Lane, Channel,
Owner, Description, Emotion, Moment of truth) becomes a map: phases in the
order the sheet first names them, touchpoints with their fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymap.model.entities import EMOTION_MAX, EMOTION_MIN

from .cells import CellError, is_blank, normalize, parse_number
from .columns import ColumnMap
from .matching import Touchpoints
from .reader import SheetData, row_is_blank
from .values import skip, text_at

if TYPE_CHECKING:
    from .plan import ImportPlan

_TRUE = {normalize(t) for t in ("yes", "y", "true", "x", "1", "✓", "✔", "*", "mot", "moment of truth")}
_FALSE = {normalize(t) for t in ("no", "n", "false", "0", "")}


def plan_steps(plan: ImportPlan, data: SheetData, cmap: ColumnMap, tps: Touchpoints) -> None:
    roles = cmap.roles
    tp_col, phase_col = roles["touchpoint"], roles.get("phase")
    existing = 0
    phase_text = ""
    for r in range(cmap.data_start, len(data.rows)):
        row = data.rows[r]
        # A blank Phase cell belongs to the phase above: a workshop sheet
        # merges the phase down over its steps, and only the first cell holds it.
        phase_text = text_at(row, phase_col) or phase_text
        if row_is_blank(row) or is_blank(row[tp_col] if tp_col < len(row) else None):
            continue
        before = len(plan.new_touchpoints)
        fields: dict[str, object] = {"channel": text_at(row, roles.get("channel")),
                                     "owner": text_at(row, roles.get("owner")),
                                     "description": text_at(row, roles.get("description"))}
        emotion = _emotion(plan, data, r, row, roles.get("emotion"))
        if emotion is not None:
            fields["emotion"] = emotion
        moment = _moment(plan, data, r, row, roles.get("moment"))
        if moment:
            fields["moment_of_truth"] = True
        try:
            tps.find(row[tp_col], phase_text, text_at(row, roles.get("lane")), **fields)
        except CellError as exc:
            skip(plan, data, r, tp_col, str(exc))
            continue
        if len(plan.new_touchpoints) == before:
            existing += 1
        plan.rows_used += 1
    if existing:
        plan.warnings.append(f"{existing} step{'s are' if existing > 1 else ' is'} already on the map and "
                             "left as they are")


def _emotion(plan: ImportPlan, data: SheetData, r: int, row: list[Any], col: int | None) -> float | None:
    if col is None or col >= len(row) or is_blank(row[col]):
        return None
    try:
        value, _ = parse_number(row[col], ".")
    except CellError as exc:
        skip(plan, data, r, col, f"emotion: {exc}")
        return None
    if not EMOTION_MIN <= value <= EMOTION_MAX:
        skip(plan, data, r, col, f"emotion {value:g} is outside {EMOTION_MIN:g}..{EMOTION_MAX:+g}")
        return None
    return value


def _moment(plan: ImportPlan, data: SheetData, r: int, row: list[Any], col: int | None) -> bool:
    if col is None or col >= len(row):
        return False
    value = row[col]
    if isinstance(value, bool):
        return value
    key = normalize(text_at(row, col))
    if key in _TRUE:
        return True
    if key not in _FALSE:
        skip(plan, data, r, col, f"moment of truth: '{text_at(row, col)[:40]}' is not yes or no")
    return False
