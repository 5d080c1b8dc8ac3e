"""From a sheet to an import plan: what would change, what was skipped and
why. Nothing touches the journey until the plan is applied, and applying
either succeeds whole or changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.model.entities import JourneyInfo, Measurement, MetricDef, Phase, Touchpoint
from journeymap.model.journey import Journey, JourneyError
from journeymap.model.metrics import MetricError, aggregate_numbers, parse_answer

from .cells import CellError, cell_text, error_code, is_blank, normalize, parse_date, parse_number, quarter
from .columns import (LAYOUTS, ColumnMap, apply_mapping, detect_layout, find_header, find_metric,
                      map_columns, metric_lookup)
from .reader import SheetData, Workbook, column_letter, row_is_blank
from .safety import ImportError_


@dataclass
class ImportOptions:
    sheet: str | None = None
    layout: str = "auto"
    create_missing: bool = False
    mapping: dict[str, str] = field(default_factory=dict)  # column -> role override
    # The period for rows that have neither a Period nor a Date column:
    # measured data is as of now, so it counts for this quarter by default.
    default_period: str | None = None


@dataclass(frozen=True)
class Skip:
    sheet: str
    row: int          # 1-based, as Excel shows it
    column: str       # letter, or "" for the whole row
    reason: str

    def text(self) -> str:
        where = f"sheet '{self.sheet}', row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


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

    def report(self) -> dict:
        return {
            "file": self.source.name, "sheet": self.sheet, "layout": self.layout,
            "columns": self.columns, "rows_read": self.rows_read, "rows_used": self.rows_used,
            "rows_skipped": len({(s.sheet, s.row) for s in self.skipped}),
            "skipped": [{"sheet": s.sheet, "row": s.row, "column": s.column, "reason": s.reason}
                        for s in self.skipped],
            "warnings": self.warnings,
            "created": {"phases": [p.name for p in self.new_phases],
                        "touchpoints": [t.name for t in self.new_touchpoints]},
            "changes": [{"touchpoint": c.node_name, "metric": c.metric, "period": c.period,
                         "segment": c.segment, "old": c.old, "new": round(c.new, 4), "n": c.n}
                        for c in self.changes],
            "targets": [{"touchpoint": tp, "metric": m, "target": v}
                        for (tp, m), v in sorted(self.target_overrides.items())],
        }

    def summary_lines(self, limit: int = 20) -> list[str]:
        lines = [f"{self.source.name}, sheet '{self.sheet}': {self.layout} layout; "
                 f"{self.rows_used} of {self.rows_read} rows used, "
                 f"{len(self.skipped)} cells skipped; {len(self.changes)} values to set"]
        if self.new_phases or self.new_touchpoints:
            lines.append(f"creates {len(self.new_phases)} phases and {len(self.new_touchpoints)} touchpoints")
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"skipped {s.text()}" for s in self.skipped[:limit]]
        if len(self.skipped) > limit:
            lines.append(f"... and {len(self.skipped) - limit} more skipped cells")
        for c in self.changes[:limit]:
            old = "–" if c.old is None else f"{c.old:g}"
            label = " ".join(x for x in (c.period, c.segment) if x)
            lines.append(f"{c.node_name} · {c.metric_name}{f' ({label})' if label else ''}: {old} → {c.new:g}")
        if len(self.changes) > limit:
            lines.append(f"... and {len(self.changes) - limit} more values")
        return lines

    def settings(self) -> tuple[tuple[str, str], ...]:
        """What "Refresh data" needs to run this import again."""
        return (("create_missing", "1" if self.create_missing else "0"),
                ("layout", self.layout), ("mapping", json.dumps(self.mapping, sort_keys=True)),
                ("path", str(self.source)), ("sheet", self.sheet))


class _Touchpoints:
    """Finds touchpoints by id or name (case, accents and spaces ignored),
    using the Phase column when two share a name; creates them on request."""

    def __init__(self, journey: Journey, plan: ImportPlan, create: bool) -> None:
        self.journey, self.plan, self.create = journey, plan, create
        self.by_id = {tp.id: tp for tp in journey.touchpoints}
        self.by_name: dict[str, list[Touchpoint]] = {}
        for tp in journey.touchpoints:
            self.by_name.setdefault(normalize(tp.name), []).append(tp)
        self.phases = {}
        for p in journey.phases:
            self.phases.setdefault(normalize(p.id), p)
            self.phases.setdefault(normalize(p.name), p)
        self.used_ids = journey.ids()
        self.memo: dict[tuple, Touchpoint | str] = {}

    def _new_id(self, prefix: str) -> str:
        i = 1
        while f"{prefix}-{i}" in self.used_ids:
            i += 1
        self.used_ids.add(f"{prefix}-{i}")
        return f"{prefix}-{i}"

    def phase(self, text: str) -> Phase | None:
        key = normalize(text)
        if key in self.phases:
            return self.phases[key]
        if not self.create:
            return None
        phase = Phase(self._new_id("phase"), text.strip())
        self.phases[key] = phase
        self.plan.new_phases.append(phase)
        return phase

    def find(self, name: object, phase_text: str = "", lane_text: str = "",
             channel: str = "", owner: str = "") -> Touchpoint:
        key = (name, phase_text)
        hit = self.memo.get(key)
        if hit is None:
            hit = self._find(cell_text(name), phase_text, lane_text, channel, owner)
            self.memo[key] = hit
        if isinstance(hit, str):
            raise CellError(hit)
        return hit

    def _find(self, text: str, phase_text: str, lane_text: str, channel: str, owner: str) -> Touchpoint | str:
        if not text:
            return "no touchpoint named"
        if text in self.by_id:
            return self.by_id[text]
        found = self.by_name.get(normalize(text), [])
        phase = self.phases.get(normalize(phase_text)) if phase_text else None
        if phase_text and phase is None and not self.create:
            return f"unknown phase '{phase_text}'"
        if phase is not None:
            found = [tp for tp in found if tp.phase == phase.id] or ([] if len(found) != 1 else [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return (f"'{text}' names {len(found)} touchpoints; add a Phase column to tell them apart")
        if not self.create:
            return f"unknown touchpoint '{text}'"
        phase = self.phase(phase_text) if phase_text else (self.journey.phases[0] if self.journey.phases
                                                            else self.phase("Imported"))
        lane = self._lane(lane_text)
        if lane is None:
            return "the journey has no lanes to put a new touchpoint in"
        tp = Touchpoint(self._new_id("tp"), text, phase.id, lane, channel=channel, owner=owner)
        self.plan.new_touchpoints.append(tp)
        self.by_id[tp.id] = tp
        self.by_name.setdefault(normalize(text), []).append(tp)
        return tp

    def _lane(self, text: str) -> str | None:
        lanes = self.journey.lanes
        if text:
            for lane in lanes:
                if normalize(lane.name) == normalize(text) or normalize(lane.id) == normalize(text):
                    return lane.id
        return lanes[0].id if lanes else None


def _text_at(row: list, col: int | None) -> str:
    if col is None or col >= len(row):
        return ""
    return cell_text(row[col])


def build_plan(journey: Journey, path: str | Path, options: ImportOptions = ImportOptions()) -> ImportPlan:
    """Read the file and work out every change; raises ImportError_ for a
    file or sheet that cannot be used at all."""
    path = Path(path)
    workbook = Workbook(path)
    lookup = metric_lookup(journey)
    sheet, data, cmap = _choose_sheet(workbook, journey, lookup, options)
    layout = options.layout if options.layout != "auto" else detect_layout(cmap)
    if layout is None:
        raise ImportError_(
            f"{path.name}, sheet '{sheet}': could not tell the layout. Expected a Touchpoint column with "
            f"metric columns (NPS, CSAT, ...), Touchpoint + Metric + Value columns, or survey answers "
            f"(Touchpoint + Metric + Score, or one column per touchpoint). Found: "
            f"{', '.join(h for h in cmap.headers if h) or 'no headers'}")
    if layout not in LAYOUTS:
        raise ImportError_(f"unknown layout '{layout}' (use auto, wide, long or responses)")
    plan = ImportPlan(source=path.resolve(), sheet=sheet, layout=layout, columns=cmap.describe(),
                      mapping=cmap.encode(), create_missing=options.create_missing)
    _require(cmap, layout, path.name, sheet)
    tps = _Touchpoints(journey, plan, options.create_missing)
    if "period" not in cmap.roles and "date" not in cmap.roles:
        plan.default_period = options.default_period or quarter(dt.date.today())
        plan.warnings.append(f"no Period or Date column: values are recorded for {plan.default_period}")
    body = range(cmap.header_row + 1, len(data.rows))
    plan.rows_read = sum(1 for r in body if not row_is_blank(data.rows[r]))
    if layout == "wide":
        percent_cols = workbook.percent_columns(data, cmap.header_row, list(cmap.metric_columns))
        _plan_values(journey, plan, data, cmap, tps, percent_cols, wide=True)
    elif layout == "long":
        percent_cols = workbook.percent_columns(data, cmap.header_row, [cmap.roles["value"]])
        _plan_values(journey, plan, data, cmap, tps, percent_cols, wide=False)
    else:
        _plan_responses(journey, plan, data, cmap, tps, lookup)
    _collect_changes(journey, plan, tps)
    return plan


def _choose_sheet(workbook: Workbook, journey: Journey, lookup: dict, options: ImportOptions):
    names = [options.sheet] if options.sheet else workbook.sheet_names
    first_error = None
    for name in names:
        data = workbook.read(name)
        header = find_header(journey, data.rows, lookup)
        if header is None:
            first_error = first_error or name
            if options.sheet:
                raise ImportError_(f"{workbook.path.name}, sheet '{name}': no header row with known columns "
                                   "(Touchpoint, Metric, Value, NPS, CSAT, ...) in the first 30 rows")
            continue
        cmap = map_columns(journey, data.rows, lookup, header)
        if options.mapping:
            cmap = apply_mapping(cmap, options.mapping, {m.id: m for m in journey.metrics})
        return name, data, cmap
    raise ImportError_(f"{workbook.path.name}: no sheet looks like data (looked at "
                       f"{', '.join(workbook.sheet_names)}); expected a header row naming touchpoints and metrics")


def _require(cmap: ColumnMap, layout: str, file: str, sheet: str) -> None:
    need = {"wide": ["touchpoint"], "long": ["touchpoint", "metric", "value"]}.get(layout, [])
    if layout == "responses" and not cmap.answer_columns:
        need = ["touchpoint", "metric", "score"]
    missing = [r for r in need if r not in cmap.roles]
    if layout == "wide" and not cmap.metric_columns:
        missing.append("at least one metric column (NPS, CSAT, ...)")
    if missing:
        raise ImportError_(f"{file}, sheet '{sheet}': the {layout} layout needs a column for "
                           f"{', '.join(missing)}")


def _context(row: list, cmap: ColumnMap, data: SheetData, r: int, plan: ImportPlan) -> tuple[str, str] | None:
    """Period and segment of a row (a date column gives the quarter)."""
    period = _text_at(row, cmap.roles.get("period")) or plan.default_period
    if not period and "date" in cmap.roles:
        col = cmap.roles["date"]
        value = row[col] if col < len(row) else None
        if not is_blank(value):
            try:
                period = quarter(parse_date(value))
            except CellError as exc:
                plan.skipped.append(Skip(data.name, data.first_row + r + 1, column_letter(data.first_col + col),
                                         f"{exc} (expected a date)"))
                return None
    return period, _text_at(row, cmap.roles.get("segment"))


def _skip(plan: ImportPlan, data: SheetData, r: int, c: int | None, reason: str) -> None:
    plan.skipped.append(Skip(data.name, data.first_row + r + 1,
                             column_letter(data.first_col + c) if c is not None else "", reason))


def _cell_number(data: SheetData, r: int, c: int, value: object) -> tuple[float, bool]:
    code = error_code(value) or (data.errors.get((r, c)) if value == "" else None)
    if code:
        raise CellError(f"Excel error {code}")
    return parse_number(value)


def _in_scale(metric: MetricDef, value: float) -> bool:
    if metric.answer_max is None:  # open-ended, such as hours
        return value >= metric.scale_min
    return metric.scale_min <= value <= metric.scale_max


def _plan_values(journey: Journey, plan: ImportPlan, data: SheetData, cmap: ColumnMap, tps: _Touchpoints,
                 percent_cols: set[int], wide: bool) -> None:
    roles = cmap.roles
    tp_col = roles["touchpoint"]
    n_col = roles.get("n")
    seen: dict[tuple, int] = {}
    lookup = metric_lookup(journey)
    numbers_in: dict[int, int] = {}
    fractions_in: dict[int, int] = {}
    for r in range(cmap.header_row + 1, len(data.rows)):
        row = data.rows[r]
        if row_is_blank(row):
            continue
        try:
            tp = tps.find(row[tp_col] if tp_col < len(row) else None, _text_at(row, roles.get("phase")),
                          _text_at(row, roles.get("lane")), _text_at(row, roles.get("channel")),
                          _text_at(row, roles.get("owner")))
        except CellError as exc:
            _skip(plan, data, r, tp_col, str(exc))
            continue
        ctx = _context(row, cmap, data, r, plan)
        if ctx is None:
            continue
        period, segment = ctx
        n = None
        if n_col is not None and n_col < len(row) and not is_blank(row[n_col]):
            try:
                n_value, _ = _cell_number(data, r, n_col, row[n_col])
                if n_value < 0 or n_value != int(n_value):
                    raise CellError(f"n must be a whole number of 0 or more, not {n_value:g}")
                n = int(n_value)
            except CellError as exc:
                _skip(plan, data, r, n_col, str(exc))
        if wide:
            cells = [(c, m) for c, m in cmap.metric_columns.items()]
        else:
            metric_col = roles["metric"]
            metric = find_metric(lookup, _text_at(row, metric_col))
            if metric is None:
                _skip(plan, data, r, metric_col, f"unknown metric '{_text_at(row, metric_col)}'")
                continue
            cells = [(roles["value"], metric)]
        used = False
        for c, metric in cells:
            value = row[c] if c < len(row) else None
            if is_blank(value) and not data.errors.get((r, c)):
                continue
            try:
                number, had_percent = _cell_number(data, r, c, value)
            except CellError as exc:
                _skip(plan, data, r, c, str(exc))
                continue
            if metric.is_percent and c in percent_cols and not isinstance(value, str):
                number *= 100.0  # 0.82 shown as 82%
            elif metric.is_percent and not had_percent:
                numbers_in[c] = numbers_in.get(c, 0) + 1
                fractions_in[c] = fractions_in.get(c, 0) + (0 < number <= 1)
            if not _in_scale(metric, number):
                _skip(plan, data, r, c, f"{metric.name} {number:g} is outside the scale "
                                        f"{metric.scale_min:g}..{metric.scale_max:g}")
                continue
            key = (tp.id, metric.id, period, segment)
            if key in seen:
                _skip(plan, data, r, c, f"same touchpoint, metric, period and segment as row {seen[key]}")
                continue
            seen[key] = data.first_row + r + 1
            plan.measurements.append(Measurement(tp.id, metric.id, number, n, period, segment,
                                                 f"{plan.source.name}:{plan.sheet}"))
            used = True
        if not wide and "target" in roles and used:
            t_col = roles["target"]
            if t_col < len(row) and not is_blank(row[t_col]):
                try:
                    target, had_percent = _cell_number(data, r, t_col, row[t_col])
                    if metric.is_percent and t_col in percent_cols and not isinstance(row[t_col], str):
                        target *= 100.0
                    if target != metric.target:
                        plan.target_overrides[(tp.id, metric.id)] = target
                except CellError as exc:
                    _skip(plan, data, r, t_col, f"target: {exc}")
        if used:
            plan.rows_used += 1
    for c, count in numbers_in.items():
        if count and fractions_in.get(c) != count:
            continue
        plan.warnings.append(
            f"column {column_letter(data.first_col + c)} ('{cmap.headers[c]}') has percent values between 0 and 1; "
            "they were read as written (format the cells as percent, or write 82 or 82%, if 0.82 means 82%)")


def _plan_responses(journey: Journey, plan: ImportPlan, data: SheetData, cmap: ColumnMap,
                    tps: _Touchpoints, lookup: dict) -> None:
    """Raw answers, aggregated with the metric library's formulas and n kept.
    Long form: a row per answer. Wide form: a row per respondent with one
    column per touchpoint (or touchpoint and metric)."""
    groups: dict[tuple[str, str, str, str], list[float]] = {}
    sheet_metric = find_metric(lookup, data.name)
    rows = data.rows
    if cmap.answer_columns:
        columns = []
        for c, (tp_id, metric) in cmap.answer_columns.items():
            metric = metric or sheet_metric
            if metric is None:
                plan.warnings.append(f"column {column_letter(data.first_col + c)} ('{cmap.headers[c]}') names no "
                                     "metric; name it like 'Support chat - CSAT' (or name the sheet after a metric)")
                continue
            columns.append((c, tps.by_id[tp_id], metric))
        for r in range(cmap.header_row + 1, len(rows)):
            row = rows[r]
            if row_is_blank(row):
                continue
            ctx = _context(row, cmap, data, r, plan)
            if ctx is None:
                continue
            used = False
            for c, tp, metric in columns:
                value = row[c] if c < len(row) else None
                if is_blank(value) and (r, c) not in data.errors:
                    continue
                used |= _add_answer(plan, data, groups, r, c, value, tp.id, metric, ctx)
            plan.rows_used += used
    else:
        _responses_long(plan, data, cmap, tps, lookup, groups)
    for (node, metric_id, period, segment), values in groups.items():
        metric = journey.metric(metric_id)
        value = aggregate_numbers(metric.aggregation, values)
        plan.measurements.append(Measurement(node, metric_id, value, len(values), period, segment,
                                             f"{plan.source.name}:{plan.sheet}"))


def _responses_long(plan: ImportPlan, data: SheetData, cmap: ColumnMap, tps: _Touchpoints,
                    lookup: dict, groups: dict) -> None:
    """A row per answer. Written for speed (200,000 rows should cost little
    more than reading them): answers, metrics and dates repeat, so each
    distinct cell value is interpreted once and remembered."""
    roles = cmap.roles
    tp_col, metric_col, score_col = roles["touchpoint"], roles["metric"], roles["score"]
    phase_col, date_col = roles.get("phase"), roles.get("date")
    period_col, segment_col = roles.get("period"), roles.get("segment")
    width = max(c for c in roles.values()) + 1
    metric_memo: dict[object, MetricDef | None] = {}
    period_memo: dict[object, str | None] = {}
    answer_memo: dict[tuple[str, object], float | str] = {}
    rows = data.rows
    default_period = plan.default_period
    segment_memo: dict[object, str] = {}
    tp_memo: dict[tuple, object] = {}
    empty = ("", None)
    for r in range(cmap.header_row + 1, len(rows)):
        row = rows[r]
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        value = row[score_col]
        raw_tp = row[tp_col]
        if raw_tp in empty and row[metric_col] in empty and value in empty:
            continue  # a blank row (other columns alone carry no answer)
        phase_text = row[phase_col] if phase_col is not None else ""
        tp = tp_memo.get((raw_tp, phase_text))
        if tp is None:
            try:
                tp = tps.find(raw_tp, cell_text(phase_text))
            except CellError as exc:
                tp = str(exc)
            tp_memo[(raw_tp, phase_text)] = tp
        if isinstance(tp, str):
            _skip(plan, data, r, tp_col, tp)
            continue
        raw_metric = row[metric_col]
        metric = metric_memo.get(raw_metric, False)
        if metric is False:
            metric = metric_memo[raw_metric] = find_metric(lookup, cell_text(raw_metric))
        if metric is None:
            _skip(plan, data, r, metric_col, f"unknown metric '{cell_text(raw_metric)}'")
            continue
        if period_col is not None and row[period_col] != "":
            period = cell_text(row[period_col])
        elif date_col is not None and row[date_col] not in ("", None):
            raw_date = row[date_col]
            period = period_memo.get(raw_date, False)
            if period is False:
                try:
                    period = quarter(parse_date(raw_date))
                except CellError:
                    period = None
                period_memo[raw_date] = period
            if period is None:
                _skip(plan, data, r, date_col, f"'{cell_text(raw_date)}' is not a date (expected a date)")
                continue
        else:
            period = default_period
        if segment_col is None:
            segment = ""
        else:
            raw_segment = row[segment_col]
            segment = segment_memo.get(raw_segment)
            if segment is None:
                segment = segment_memo[raw_segment] = cell_text(raw_segment)
        if value == "" and (r, score_col) in data.errors:
            _skip(plan, data, r, score_col, f"Excel error {data.errors[(r, score_col)]}")
            continue
        key = (metric.id, value)
        number = answer_memo.get(key)
        if number is None:
            number = answer_memo[key] = _interpret_answer(metric, value)
        if isinstance(number, str):
            _skip(plan, data, r, score_col, number)
            continue
        groups.setdefault((tp.id, metric.id, period, segment), []).append(number)
        plan.rows_used += 1


def _interpret_answer(metric: MetricDef, value: object) -> float | str:
    """The number an answer stands for, or the reason it cannot be used."""
    code = error_code(value)
    if code:
        return f"Excel error {code}"
    if is_blank(value):
        return "no answer"
    if isinstance(value, str) and metric.aggregation != "rate":
        try:
            value, _ = parse_number(value)
        except CellError as exc:
            return str(exc)
    try:
        return parse_answer(metric, value)
    except MetricError as exc:
        return str(exc)


def _add_answer(plan, data, groups, r, c, value, node, metric, ctx) -> bool:
    # An error cell reads as empty; only then is the sheet's error list asked.
    code = data.errors.get((r, c)) if value == "" else None
    number = f"Excel error {code}" if code else _interpret_answer(metric, value)
    if isinstance(number, str):
        _skip(plan, data, r, c, number)
        return False
    groups.setdefault((node, metric.id, ctx[0], ctx[1]), []).append(number)
    return True


def _collect_changes(journey: Journey, plan: ImportPlan, tps: _Touchpoints) -> None:
    names = {tp.id: tp.name for tp in journey.touchpoints} | {tp.id: tp.name for tp in plan.new_touchpoints}
    for m in plan.measurements:
        old = journey.measurement(m.key)
        if old is not None and old.value == m.value and old.n == m.n:
            continue
        metric = journey.metric(m.metric)
        plan.changes.append(Change(m.node, names.get(m.node, m.node), m.metric, metric.name, m.period,
                                   m.segment, None if old is None else old.value, m.value, m.n))
    if not plan.measurements and not plan.skipped:
        plan.warnings.append("no values found under the header row")


def apply_plan(journey: Journey, plan: ImportPlan) -> None:
    """Apply directly to a journey (the CLI; the GUI wraps the same steps in
    undo commands). On any error the journey is rolled back."""
    undo: list = []
    try:
        for phase in plan.new_phases:
            journey.add_phase(phase)
            undo.append(lambda p=phase: journey.remove_phase(p.id))
        for tp in plan.new_touchpoints:
            journey.add_touchpoint(tp)
            undo.append(lambda t=tp: journey.remove_touchpoint(t.id))
        for m in plan.measurements:
            old = journey.set_measurement(m)
            undo.append(lambda m=m, old=old: journey.set_measurement(old) if old else journey.remove_measurement(m.key))
        for (tp_id, metric), target in plan.target_overrides.items():
            tp = journey.touchpoint(tp_id)
            overrides = dict(tp.target_overrides)
            overrides[metric] = target
            old = journey.update_touchpoint(tp_id, target_overrides=tuple(sorted(overrides.items())))
            undo.append(lambda i=tp_id, o=old: journey.update_touchpoint(i, target_overrides=o.target_overrides))
        info = journey.info
        old_info = journey.set_info(JourneyInfo(info.name, info.description, plan.settings()))
        undo.append(lambda: journey.set_info(old_info))
    except JourneyError:
        for step in reversed(undo):
            step()
        raise

