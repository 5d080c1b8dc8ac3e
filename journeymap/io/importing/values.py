"""Values already aggregated: a scorecard (a row per touchpoint, a column per
metric) or a long table (Touchpoint, Metric, Value and optional n, Target)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymap.model.entities import Measurement, MetricDef

from .cells import CellError, cell_text, is_blank
from .columns import ColumnMap, find_metric
from .context import Numbers, RowContext
from .matching import Touchpoints
from .reader import SheetData, column_letter, row_is_blank

if TYPE_CHECKING:
    from .plan import ImportPlan


def text_at(row: list[Any], col: int | None) -> str:
    if col is None or col >= len(row):
        return ""
    return cell_text(row[col])


def skip(plan: ImportPlan, data: SheetData, r: int, c: int | None, reason: str) -> None:
    from .plan import Skip
    plan.skipped.append(Skip(data.name, data.row_number(r),
                             column_letter(data.first_col + c) if c is not None else "", reason,
                             data.source_rows(r)))  # a counted row stands for many (see counted.py)


def _spread(plan: ImportPlan, data: SheetData, numbers: Numbers, r: int, col: int | None) -> float | None:
    """A long table's standard deviation cell (blank: unknown; a bad one is
    reported and the value kept without it)."""
    row = data.rows[r]
    if col is None or col >= len(row) or is_blank(row[col]):
        return None
    try:
        sd, _ = numbers.number(data, r, col, row[col])
    except CellError as exc:
        skip(plan, data, r, col, f"standard deviation: {exc}")
        return None
    if sd < 0:
        skip(plan, data, r, col, f"a standard deviation cannot be negative ({sd:g})")
        return None
    return sd


def in_scale(metric: MetricDef, value: float) -> bool:
    if metric.answer_max is None:  # open-ended, such as hours
        return value >= metric.scale_min
    return metric.scale_min <= value <= metric.scale_max


def plan_values(plan: ImportPlan, data: SheetData, cmap: ColumnMap, tps: Touchpoints, ctx: RowContext,
                numbers: Numbers, lookup: dict[str, MetricDef], percent_cols: set[int], wide: bool) -> None:
    """A scorecard (a row per touchpoint, a column per metric) or a long
    table (a row per touchpoint and metric): values as measured, n kept."""
    roles = cmap.roles
    tp_col = roles["touchpoint"]
    n_col = roles.get("n")
    seen: dict[tuple[str, str, str, str], int] = {}
    numbers_in: dict[int, int] = {}
    fractions_in: dict[int, int] = {}
    for r in range(cmap.data_start, len(data.rows)):
        row = data.rows[r]
        if row_is_blank(row):
            continue
        try:
            tp = tps.find(row[tp_col] if tp_col < len(row) else None, text_at(row, roles.get("phase")),
                          text_at(row, roles.get("lane")), channel=text_at(row, roles.get("channel")),
                          owner=text_at(row, roles.get("owner")))
        except CellError as exc:
            skip(plan, data, r, tp_col, str(exc))
            continue
        try:
            period = ctx.period(row)
        except CellError as exc:
            skip(plan, data, r, ctx.date_col, str(exc))
            continue
        segment = ctx.segment(row)
        n = None
        if n_col is not None and n_col < len(row) and not is_blank(row[n_col]):
            try:
                n_value, _ = numbers.number(data, r, n_col, row[n_col])
                if n_value < 0 or n_value != int(n_value):
                    raise CellError(f"n must be a whole number of 0 or more, not {n_value:g}")
                n = int(n_value)
            except CellError as exc:
                skip(plan, data, r, n_col, str(exc))
        if wide:
            cells = [(c, m) for c, m in cmap.metric_columns.items()]
        else:
            metric_col = roles["metric"]
            named = find_metric(lookup, text_at(row, metric_col))
            if named is None:
                skip(plan, data, r, metric_col, f"unknown metric '{text_at(row, metric_col)}'")
                continue
            cells = [(roles["value"], named)]
        used = False
        for c, metric in cells:
            value = row[c] if c < len(row) else None
            if is_blank(value) and not data.errors.get((r, c)):
                continue
            try:
                number, had_percent = numbers.number(data, r, c, value)
            except CellError as exc:
                skip(plan, data, r, c, str(exc))
                continue
            if metric.is_percent and c in percent_cols and not isinstance(value, str):
                number *= 100.0  # 0.82 shown as 82%
            elif metric.is_percent and not had_percent:
                numbers_in[c] = numbers_in.get(c, 0) + 1
                fractions_in[c] = fractions_in.get(c, 0) + (0 < number <= 1)
            if not in_scale(metric, number):
                skip(plan, data, r, c, f"{metric.name} {number:g} is outside the scale "
                                        f"{metric.scale_min:g}..{metric.scale_max:g}")
                continue
            key = (tp.id, metric.id, period, segment)
            if key in seen:
                skip(plan, data, r, c, f"same touchpoint, metric, period and segment as row {seen[key]}")
                continue
            seen[key] = data.first_row + r + 1
            plan.measurements.append(Measurement(tp.id, metric.id, number, n, period, segment,
                                                 f"{plan.name}:{plan.sheet}",
                                                 None if wide else _spread(plan, data, numbers, r, roles.get("sd"))))
            used = True
        if not wide and "target" in roles and used:
            t_col = roles["target"]
            if t_col < len(row) and not is_blank(row[t_col]):
                try:
                    target, had_percent = numbers.number(data, r, t_col, row[t_col])
                    if metric.is_percent and t_col in percent_cols and not isinstance(row[t_col], str):
                        target *= 100.0
                    if target != metric.target:
                        plan.target_overrides[(tp.id, metric.id)] = target
                except CellError as exc:
                    skip(plan, data, r, t_col, f"target: {exc}")
        if used:
            plan.rows_used += 1
    for c, count in numbers_in.items():
        if count and fractions_in.get(c) != count:
            continue
        plan.warnings.append(
            f"column {column_letter(data.first_col + c)} ('{cmap.headers[c]}') has percent values between 0 and 1; "
            "they were read as written (format the cells as percent, or write 82 or 82%, if 0.82 means 82%)")


