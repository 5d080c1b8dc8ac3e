"""From a sheet to an import plan: what would change, what was skipped and
why. Nothing touches the journey until the plan is applied, and applying
either succeeds whole or changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.model import edits as ed
from journeymap.model.edits import Edit
from journeymap.model.entities import JourneyInfo, Measurement, MetricDef, Phase, Touchpoint
from journeymap.model.journey import Journey
from journeymap.model.metrics import STANDARD_METRICS
from journeymap.model.periods import latest_period, period_key
from journeymap.model.wording import how_many

from .columns import (
    LAYOUTS,
    ColumnMap,
    TouchpointNames,
    apply_mapping,
    detect_layout,
    find_header,
    layout_needs,
    map_columns,
    metric_lookup,
)
from .context import Numbers, RowContext
from .counted import can_count, counted, whole
from .dates import quarter
from .matching import Touchpoints, placeholder_phases
from .reader import SheetData, Workbook, clip, column_letter, count_filled, names_list
from .responses import plan_responses
from .safety import ImportError_
from .steps import plan_steps
from .values import plan_values


@dataclass
class ImportOptions:
    sheet: str | None = None
    layout: str = "auto"
    create_missing: bool = False
    # Columns mapped by hand: column (number, letter or header) -> role,
    # "metric:<id>", "TOUCHPOINT:METRIC" or "ignore".
    mapping: dict[str, str] = field(default_factory=dict)
    # The period for rows that have neither a Period nor a Date column:
    # measured data is as of now, so it counts for this quarter by default.
    default_period: str | None = None
    date_order: str | None = None  # "dmy", "mdy" or "ymd" when the dates cannot tell
    decimal: str | None = None     # "," or "." when the numbers cannot tell


@dataclass(frozen=True)
class Skip:
    sheet: str
    row: int          # 1-based, as Excel shows it; 0 where the source has none (a query)
    column: str       # letter, or "" for the whole row
    reason: str
    rows: int = 1     # rows of the source it stands for (a counted row stands for many)

    def text(self) -> str:
        where = f"sheet '{self.sheet}'" + (f", row {self.row}" if self.row else "") + \
            (f", column {self.column}" if self.column else "")
        like_it = f" ({self.rows:,} rows like it)" if self.rows > 1 else ""
        return f"{where}: {self.reason}{like_it}"


# Below this many answers a value is flagged as too few to trust.
FEW_ANSWERS = 30


@dataclass(frozen=True)
class Change:
    node: str
    node_name: str
    metric: str
    metric_name: str
    period: str
    segment: str
    old: float | None
    new: float
    n: int | None
    old_n: int | None = None


@dataclass
class ImportPlan:
    source: Path
    sheet: str
    layout: str
    columns: dict[str, str]
    mapping: dict[str, str]
    rows_read: int = 0
    rows_used: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    new_phases: list[Phase] = field(default_factory=list)
    new_touchpoints: list[Touchpoint] = field(default_factory=list)
    target_overrides: dict[tuple[str, str], float] = field(default_factory=dict)
    create_missing: bool = False
    default_period: str = ""
    # How the file was read, in plain words: the layout and why, the date
    # order, the decimal separator, columns read by their wording...
    decisions: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    new_metrics: list[MetricDef] = field(default_factory=list)
    removed_phases: list[Phase] = field(default_factory=list)
    duplicates: int = 0
    # Undated values typed in by hand that the import's dated ones replace.
    replaced: list[tuple[str, str, str, str]] = field(default_factory=list)
    date_order: str = ""
    decimal: str = ""
    column_map: ColumnMap | None = field(default=None, repr=False, compare=False)
    source_name: str = ""  # what the report calls the source: the file's name, or "query on …"
    # A database source: (its URL without a password, the query).
    query: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        return self.source_name or self.source.name

    def report(self) -> dict[str, Any]:
        return {
            "file": self.name, "sheet": self.sheet, "layout": self.layout,
            "decisions": self.decisions, "unmapped_columns": self.unmapped,
            "duplicates_dropped": self.duplicates,
            "metrics_added": [m.name for m in self.new_metrics],
            "phases_replaced": [p.name for p in self.removed_phases],
            "columns": self.columns, "rows_read": self.rows_read, "rows_used": self.rows_used,
            "rows_skipped": self.rows_skipped,
            "cells_skipped": self.cells_skipped,
            "skipped": [{"sheet": s.sheet, "row": s.row, "column": s.column, "reason": s.reason, "rows": s.rows}
                        for s in self.skipped],
            "warnings": self.warnings,
            "created": {"phases": [p.name for p in self.new_phases],
                        "touchpoints": [t.name for t in self.new_touchpoints]},
            "changes": [{"touchpoint": c.node_name, "touchpoint_id": c.node, "metric": c.metric, "period": c.period,
                         "segment": c.segment, "old": c.old, "old_n": c.old_n, "new": round(c.new, 4), "n": c.n}
                        for c in self.changes],
            "targets": [{"touchpoint": tp, "metric": m, "target": v}
                        for (tp, m), v in sorted(self.target_overrides.items())],
        }

    @property
    def cells_skipped(self) -> int:
        return sum(s.rows for s in self.skipped)

    @property
    def rows_skipped(self) -> int:
        rows: dict[tuple[str, int], int] = {}
        for s in self.skipped:
            rows[(s.sheet, s.row)] = max(rows.get((s.sheet, s.row), 0), s.rows)
        return sum(rows.values())

    def summary_lines(self, limit: int = 20) -> list[str]:
        lines = [f"{self.name}, sheet '{clip(self.sheet)}': {self.layout} layout; "
                 f"{self.rows_used:,} of {how_many(self.rows_read, 'row')} used, "
                 f"{how_many(self.cells_skipped, 'cell')} skipped; {how_many(len(self.changes), 'value')} to set"]
        lines += [f"read: {d}" for d in self.decisions]
        if self.new_phases or self.new_touchpoints:
            lines.append(f"creates {how_many(len(self.new_phases), 'phase')} and "
                         f"{how_many(len(self.new_touchpoints), 'touchpoint')}")
        if self.removed_phases:
            lines.append(f"replaces the empty placeholder phases {', '.join(p.name for p in self.removed_phases)}")
        lines += [f"adds the standard metric {m.name} (target {m.target:g}{m.unit if m.unit == '%' else ''})"
                  for m in self.new_metrics]
        if self.duplicates:
            lines.append(f"dropped {self.duplicates} repeated identical answers of the same respondent")
        lines += [f"not used: {u}" for u in self.unmapped]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"skipped {s.text()}" for s in self.skipped[:limit]]
        if len(self.skipped) > limit:
            lines.append(f"... and {len(self.skipped) - limit} more skipped cells")
        for c in self.changes[:limit]:
            old = "–" if c.old is None else _shown(c.old, c.old_n)
            label = " ".join(x for x in (c.period, c.segment) if x)
            lines.append(f"{c.node_name} · {c.metric_name}{f' ({label})' if label else ''}: {old} → "
                         f"{_shown(c.new, c.n)}")
        if len(self.changes) > limit:
            lines.append(f"... and {len(self.changes) - limit} more values")
        return lines

    def settings(self) -> tuple[tuple[str, str], ...]:
        """What "Refresh data" needs to run this import again."""
        settings = [("create_missing", "1" if self.create_missing else "0"),
                    ("layout", self.layout), ("mapping", json.dumps(self.mapping, sort_keys=True)),
                    ("sheet", self.sheet)]
        # A database source is kept as its URL without the password (from an
        # environment variable or the driver's own password file at refresh).
        settings += [("sql_url", self.query[0]), ("sql_query", self.query[1])] if self.query else \
            [("path", str(self.source))]
        if self.date_order:
            settings.append(("date_order", self.date_order))
        if self.decimal:
            settings.append(("decimal", self.decimal))
        return tuple(sorted(settings))


def _shown(value: float, n: int | None) -> str:
    text = f"{value:.4g}" if abs(value) < 1e6 else f"{value:.0f}"
    return text if n is None else f"{text} (n={n})"


def options_from_settings(settings: dict[str, str]) -> ImportOptions:
    """The options of the import saved in a journey, for Refresh data."""
    try:
        mapping = json.loads(settings.get("mapping") or "{}")
    except ValueError:
        mapping = {}
    return ImportOptions(sheet=settings.get("sheet") or None, layout=settings.get("layout", "auto"),
                         create_missing=settings.get("create_missing") == "1",
                         mapping=mapping if isinstance(mapping, dict) else {},
                         date_order=settings.get("date_order") or None, decimal=settings.get("decimal") or None)


def plan_import(journey: Journey, workbook: Workbook, options: ImportOptions) -> ImportPlan:
    """Work out every change from a workbook already opened and checked
    (its sheets are read on first use and kept); raises ImportError_ for a
    file or sheet that cannot be used at all, or that would set nothing.
    Callers go through source.ImportSource, which makes each plan once."""
    lookup = metric_lookup(journey)
    names = TouchpointNames(journey)
    sheet, data, cmap, problems = _choose_sheet(workbook, journey, lookup, names, options)
    file = workbook.name
    if problems:
        raise ImportError_(f"{file}: --map {problems[0]}")
    layout: str | None
    if options.layout != "auto":
        layout, why = options.layout, "as chosen"
    else:
        layout, why = detect_layout(cmap, data.rows)
    if layout is None and cmap.metric_columns and "touchpoint" not in cmap.roles:
        col, metric = sorted(cmap.metric_columns.items())[0]
        raise ImportError_(
            f"{file}, sheet '{clip(sheet)}': column {column_letter(data.first_col + col)} ('{clip(cmap.label(col))}') "
            f"measures {metric.name}, but no column names the touchpoint each answer is about: add a Touchpoint "
            f"column, or map it with --map \"{clip(cmap.headers[col] or column_letter(col), 40)}=TOUCHPOINT:"
            f"{metric.name}\" (in the window: the column table)")
    if layout is None:
        raise ImportError_(
            f"{file}, sheet '{clip(sheet)}': could not tell the layout. Expected a Touchpoint column with "
            f"metric columns (NPS, CSAT, ...), Touchpoint + Metric + Value columns, survey answers "
            f"(Touchpoint + Metric + Score, or one column per touchpoint) or a list of steps (Phase, Touchpoint). "
            f"Found: {names_list([h for h in cmap.headers if h]) or 'no headers'}" + _unmapped_hint(cmap, data))
    if layout not in LAYOUTS:
        raise ImportError_(f"unknown layout '{layout}' (use auto, wide, long, responses or steps)")
    missing = layout_needs(cmap, layout)
    if missing:
        raise ImportError_(f"{file}, sheet '{clip(sheet)}': the {layout} layout needs a column for "
                           f"{', '.join(missing)}")
    if layout == "steps" and not options.create_missing:
        raise ImportError_(f"{file}, sheet '{clip(sheet)}': a list of steps with no numbers; add "
                           "--create-missing (in the window: 'Create phases and touchpoints') to build the map from it")
    plan = ImportPlan(source=workbook.path.resolve() if workbook.query is None else workbook.path,
                      source_name=file, query=workbook.query, sheet=sheet, layout=layout, columns=cmap.describe(),
                      mapping=dict(options.mapping), create_missing=options.create_missing,
                      date_order=options.date_order or "", decimal=options.decimal or "", column_map=cmap)
    plan.decisions += workbook.notes
    if cmap.block.platform:
        plan.decisions.append(f"a {cmap.block.platform} export: data from row "
                              f"{data.first_row + cmap.data_start + 1}")
    plan.decisions.append(f"{layout} layout: {why}")
    plan.decisions += cmap.notes
    plan.unmapped = [f"column {column_letter(data.first_col + c)} ('{clip(cmap.label(c), 80)}'): {why}"
                     for c, why in sorted(cmap.unmapped.items())]
    tps = Touchpoints(journey, plan, options.create_missing)
    if data.table is not None:  # a table too large to have been read whole
        if can_count(cmap, layout, data.table):
            data, plan.rows_read = counted(data, cmap, plan.decisions)
        else:
            data = whole(data, file)
    if data.weights is None:
        plan.rows_read = count_filled(data.rows, cmap.data_start)
    if layout == "steps":
        plan_steps(plan, data, cmap, tps)
    else:
        if "period" not in cmap.roles and "date" not in cmap.roles:
            plan.default_period = options.default_period or quarter(dt.date.today())
            plan.warnings.append(f"no Period or Date column: values are recorded for {plan.default_period}")
        ctx = RowContext(data, cmap, file, plan.default_period, options.date_order, plan.decisions,
                         blank_date_period=options.default_period or quarter(dt.date.today()))
        value_cols = _number_columns(cmap)
        numbers = Numbers(data, cmap, value_cols, workbook.delimiter, options.decimal, plan.decisions)
        if layout in ("wide", "long"):
            cols = list(cmap.metric_columns) if layout == "wide" else [cmap.roles["value"]]
            percent_cols = workbook.percent_columns(data, cmap.data_start - 1, cols)
            plan_values(plan, data, cmap, tps, ctx, numbers, lookup, percent_cols, wide=layout == "wide")
        else:
            plan_responses(plan, data, cmap, tps, ctx, lookup, numbers.by_col)
    _added_metrics(journey, plan)
    if plan.new_phases:
        used = {tp.phase for tp in plan.new_touchpoints}
        plan.removed_phases = [p for p in placeholder_phases(journey) if p.id not in used]
    _collect_changes(journey, plan)
    _refuse_empty(plan, file, sheet)
    return plan


def _unmapped_hint(cmap: ColumnMap, data: SheetData) -> str:
    if not cmap.unmapped:
        return ""
    col, why = sorted(cmap.unmapped.items())[0]
    more = f" (and {len(cmap.unmapped) - 1} more)" if len(cmap.unmapped) > 1 else ""
    return (f". Column {column_letter(data.first_col + col)} ('{clip(cmap.label(col))}') {why}{more}: "
            "map it with --map \"COLUMN=TOUCHPOINT:METRIC\" (in the window: the column table)")


def _number_columns(cmap: ColumnMap) -> list[int]:
    roles = cmap.roles
    cols = list(cmap.metric_columns) + list(cmap.answer_columns)
    cols += [roles[r] for r in ("value", "score", "n", "target", "sd") if r in roles]
    return sorted(set(cols))


def _choose_sheet(workbook: Workbook, journey: Journey, lookup: dict[str, MetricDef], names: TouchpointNames,
                  options: ImportOptions) -> tuple[str, SheetData, ColumnMap, list[str]]:
    sheets = [options.sheet] if options.sheet else workbook.sheet_names
    for name in sheets:
        data = workbook.read(name)
        header = find_header(journey, data.rows, lookup, names=names)
        if header is None:
            if options.sheet:
                raise ImportError_(f"{workbook.name}, sheet '{clip(name)}': no header row with known columns "
                                   "(Touchpoint, Metric, Value, NPS, CSAT, ...) in the first 30 rows")
            continue
        cmap = map_columns(journey, data.rows, lookup, header, names, options.create_missing)
        problems = apply_mapping(cmap, options.mapping, journey, lookup, names) if options.mapping else []
        return name, data, cmap, problems
    raise ImportError_(f"{workbook.name}: no sheet looks like data (looked at "
                       f"{names_list(workbook.sheet_names)}); expected a header row naming touchpoints and metrics")


def read_columns(journey: Journey, workbook: Workbook, options: ImportOptions) -> tuple[SheetData, ColumnMap]:
    """The sheet and what its columns were taken for, also when no plan can
    be made from them (the wizard shows them so the user can map them)."""
    _sheet, data, cmap, _problems = _choose_sheet(workbook, journey, metric_lookup(journey),
                                                  TouchpointNames(journey), options)
    return data, cmap


def _added_metrics(journey: Journey, plan: ImportPlan) -> None:
    """Standard metrics the journey does not list yet come with the import."""
    own = {m.id for m in journey.metrics}
    used = {m.metric for m in plan.measurements} | {metric for _tp, metric in plan.target_overrides}
    plan.new_metrics = [STANDARD_METRICS[i] for i in sorted(used - own) if i in STANDARD_METRICS]


def _refuse_empty(plan: ImportPlan, file: str, sheet: str) -> None:
    """An import that would set nothing is an error, not a success."""
    if plan.measurements or plan.new_touchpoints or plan.new_phases:
        return
    reasons: dict[str, int] = {}
    for s in plan.skipped:
        reasons[s.reason] = reasons.get(s.reason, 0) + s.rows
    common = sorted(reasons.items(), key=lambda kv: -kv[1])[:2]
    detail = "; ".join(f"{clip(reason, 100)} ({count}x)" for reason, count in common)
    unmapped = f"; {len(plan.unmapped)} columns not used ({clip(plan.unmapped[0], 100)})" if plan.unmapped else ""
    raise ImportError_(f"{file}, sheet '{clip(sheet)}': nothing to import: no value could be read from "
                       f"{plan.rows_read} rows" + (f" ({detail})" if detail else "") + unmapped)


def _collect_changes(journey: Journey, plan: ImportPlan) -> None:
    names = {tp.id: tp.name for tp in journey.touchpoints} | {tp.id: tp.name for tp in plan.new_touchpoints}
    # A value typed in by hand has no period; a dated import of the same
    # touchpoint, metric and segment replaces it rather than leaving it hidden
    # beside the imported ones. The preview shows it as the old value.
    undated: dict[tuple[str, str, str], Measurement] = {}
    for m in plan.measurements:
        if m.period:
            hand = journey.measurement((m.node, m.metric, "", m.segment))
            if hand is not None:
                undated[(m.node, m.metric, m.segment)] = hand
    plan.replaced = sorted(h.key for h in undated.values())
    latest: dict[tuple[str, str, str], str] = {}  # the imported period the typed-in value is shown against
    for m in plan.measurements:
        key = (m.node, m.metric, m.segment)
        if key in undated and (key not in latest or period_key(m.period) > period_key(latest[key])):
            latest[key] = m.period
    for m in plan.measurements:
        old = journey.measurement(m.key)
        key = (m.node, m.metric, m.segment)
        if old is None and key in undated and latest.get(key) == m.period:
            old = undated[key]  # what the user sees now
        if old is not None and old.value == m.value and old.n == m.n and old.period == m.period:
            continue
        metric = journey.metric(m.metric) if journey.has_metric(m.metric) else STANDARD_METRICS[m.metric]
        plan.changes.append(Change(m.node, names.get(m.node, m.node), m.metric, metric.name, m.period,
                                   m.segment, None if old is None else old.value, m.value, m.n,
                                   None if old is None else old.n))
    # Listed as a reader scans them: by touchpoint, metric, period, then
    # all customers before each segment.
    plan.changes.sort(key=lambda c: (c.node_name.casefold(), c.metric_name, c.period, c.segment))
    few = [c for c in plan.changes if c.n is not None and c.n < FEW_ANSWERS]
    if few:
        replacing = sum(1 for c in few if c.old_n is not None and c.old_n >= FEW_ANSWERS)
        plan.warnings.append(f"{len(few)} of the values to set come from fewer than {FEW_ANSWERS} answers"
                             + (f", {replacing} of them replacing a value from more" if replacing else "")
                             + ": too few to trust on their own")
    shown = latest_period(journey.periods())
    imported = {m.period for m in plan.measurements if m.period}
    if shown and imported and all(period_key(p) < period_key(shown) for p in imported):
        newest_imported = latest_period(imported)
        plan.warnings.append(f"every value is for {newest_imported} or earlier, and the map shows its latest period, "
                             f"{shown}, by default: choose the period in the toolbar to see them")


def import_edits(journey: Journey, plan: ImportPlan) -> list[Edit]:
    """An import as one list of model edits: new metrics, phases and
    touchpoints, every value (replacing what it supersedes), target overrides,
    and the settings "Refresh data" reuses. The window pushes it as one undo
    step; the CLI applies it directly (`apply_plan`)."""
    edits: list[Edit] = [ed.SetMetric(m) for m in plan.new_metrics]
    edits += [ed.RemoveRow("phase", p.id) for p in plan.removed_phases]
    edits += [ed.AddRow("phase", p) for p in plan.new_phases]
    edits += [ed.AddTouchpoint(tp) for tp in plan.new_touchpoints]
    edits += [ed.RemoveMeasurement(key) for key in plan.replaced]
    edits += [ed.SetMeasurement(m) for m in plan.measurements]
    targets: dict[str, dict[str, float]] = {}
    for (tp_id, metric), value in plan.target_overrides.items():
        targets.setdefault(tp_id, {})[metric] = value
    new_tps = {tp.id: tp for tp in plan.new_touchpoints}
    for tp_id, values in targets.items():
        current = new_tps[tp_id] if tp_id in new_tps else journey.touchpoint(tp_id)
        merged = dict(current.target_overrides) | values
        edits.append(ed.update_touchpoint(tp_id, target_overrides=tuple(sorted(merged.items()))))
    info = journey.info
    edits.append(ed.SetInfo(JourneyInfo(info.name, info.description, plan.settings())))
    return edits


def apply_plan(journey: Journey, plan: ImportPlan) -> None:
    """Apply an import directly (the CLI); all or nothing."""
    ed.apply_edits(journey, import_edits(journey, plan))
