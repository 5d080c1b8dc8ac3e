"""Raw survey answers, aggregated with the metric library's formulas, n kept.

Three shapes, as survey platforms and helpdesks export them:

* a row per answer: Touchpoint, Question (or Metric), Score;
* a row per response with a Touchpoint column and a column per metric
  (Medallia, Qualtrics with an embedded Touchpoint field, a helpdesk's
  tickets with a satisfaction rating);
* a row per respondent with a column per touchpoint (and metric), as in a
  SurveyMonkey matrix or a Google Forms grid.

Every answer counts for all customers, and for its segment too when it has
one. With a respondent column, a respondent's identical answer to the same
question repeated in the file (an export or copy-paste accident) counts once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from journeymap.model.entities import Measurement, MetricDef
from journeymap.model.metrics import MetricError, aggregate_histogram, answer_spread, parse_answer

from .cells import AmbiguousNumberError, CellError, cell_text, error_code, is_blank, normalize, parse_number
from .columns import NEW_TOUCHPOINT, ColumnMap, find_metric
from .context import RowContext
from .labels import label_value
from .matching import Touchpoints
from .reader import SheetData, column_letter, row_is_blank
from .safety import shown as clip
from .values import skip, text_at

if TYPE_CHECKING:
    from .plan import ImportPlan

# Qualtrics marks responses that are not a customer's: previews, tests, spam.
_NOT_CUSTOMERS = {normalize(t) for t in ("Survey Preview", "Survey Test", "Spam", "Preview Spam",
                                         "Offline Preview", "1", "2", "8", "9", "17")}


Histogram = Counter[float]  # answer -> how many gave it


class Answers:
    """Answers counted by touchpoint, metric, period and segment: a histogram
    of each group, which the metric library turns into the value."""

    def __init__(self, plan: ImportPlan, data: SheetData, cmap: ColumnMap, ctx: RowContext,
                 decimals: dict[int, str | None]) -> None:
        self.plan, self.data, self.cmap, self.ctx = plan, data, cmap, ctx
        self.decimals = decimals
        self.groups: dict[tuple[str, str, str, str], Histogram] = {}
        self.metrics: dict[str, MetricDef] = {}
        self.respondent_col = _repeating(data, cmap, cmap.roles.get("respondent"))
        self.context_cols = [cmap.roles[role] for role in ("touchpoint", "phase", "metric", "period", "date", "segment")
                             if role in cmap.roles]
        self.seen: set[tuple[object, ...]] = set()
        self.memo: dict[tuple[object, ...], float | str] = {}
        self.segment_memo: dict[object, str] = {}
        status_col = cmap.roles.get("status") if cmap.block.platform == "Qualtrics" else None
        self.status_col = status_col

    def row_context(self, r: int, row: list[Any]) -> tuple[str, str, object] | None:
        """(period, segment, respondent) of a row, or None when it is skipped.
        The hot path of a 200,000-row import: each distinct cell is read once."""
        if self.status_col is not None and normalize(text_at(row, self.status_col)) in _NOT_CUSTOMERS:
            skip(self.plan, self.data, r, self.status_col,
                 f"a {text_at(row, self.status_col)} response (Qualtrics status), not a customer's")
            return None
        try:
            period = self.ctx.period(row)
        except CellError as exc:
            skip(self.plan, self.data, r, self.ctx.date_col, str(exc))
            return None
        segment = ""
        col = self.ctx.segment_col
        if col is not None and col < len(row):
            raw = row[col]
            memo = self.segment_memo.get(raw)
            if memo is None:
                memo = self.segment_memo[raw] = cell_text(raw)
            segment = memo
        col = self.respondent_col
        respondent = row[col] if col is not None and col < len(row) else None
        if respondent == "":
            respondent = None
        return period, segment, respondent

    def add(self, r: int, c: int, value: object, node: str, metric: MetricDef,
            where: tuple[str, str, object]) -> bool:
        """One answer (or, for a counted row, as many as it stands for)."""
        code = self.data.errors.get((r, c)) if value == "" else None
        # The class is part of the key: TRUE == 1 in Python, not as an answer.
        key = (metric.id, value, value.__class__, c)
        number = self.memo.get(key) if not code else f"Excel error {code}"
        if number is None:
            number = self.memo[key] = interpret_answer(metric, value, self.decimals.get(c))
        if isinstance(number, str):
            skip(self.plan, self.data, r, c, number)
            return False
        period, segment, respondent = where
        if respondent is not None:
            # The same respondent's identical answer: the same cells (as
            # written, so the engine's GROUP BY in counted.py agrees exactly)
            # in the same answer column.
            row = self.data.rows[r]
            seen = (respondent, c, value, *(row[k] if k < len(row) else "" for k in self.context_cols))
            if seen in self.seen:
                self.plan.duplicates += 1
                return False
            self.seen.add(seen)
        self.count(node, metric, period, segment, number, self.data.weight(r))
        return True

    def count(self, node: str, metric: MetricDef, period: str, segment: str, answer: float, n: int) -> None:
        """`n` more of `answer`: for all customers, and for the segment."""
        self.metrics[metric.id] = metric
        group = (node, metric.id, period, "")
        counts = self.groups.get(group)
        if counts is None:
            counts = self.groups[group] = Counter()
        counts[answer] += n
        if segment:
            key = (node, metric.id, period, segment)
            if key not in self.groups:
                self.groups[key] = Counter()
            self.groups[key][answer] += n

    def measurements(self) -> list[Measurement]:
        source = f"{self.plan.name}:{self.plan.sheet}"
        out: list[Measurement] = []
        for (node, metric_id, period, segment), counts in self.groups.items():
            aggregation = self.metrics[metric_id].aggregation
            value = aggregate_histogram(aggregation, counts)
            assert value is not None  # a group is made with its first answer
            out.append(Measurement(node, metric_id, value, counts.total(), period, segment, source,
                                   answer_spread(aggregation, counts)))
        return out


def _repeating(data: SheetData, cmap: ColumnMap, col: int | None) -> int | None:
    """The respondent column, when some respondent appears on more than one
    row; None when each appears once, so no answer can be a repeat (and the
    200,000-row import skips the bookkeeping)."""
    if col is None or data.weights is not None:  # counted rows: the engine counted each respondent once
        return None
    ids = [row[col] for row in data.rows[cmap.data_start:] if col < len(row)]
    return col if len(set(ids)) < len(ids) else None


def interpret_answer(metric: MetricDef, value: object, decimal: str | None = None) -> float | str:
    """The number an answer stands for, or the reason it cannot be used."""
    code = error_code(value)
    if code:
        return f"Excel error {code}"
    if is_blank(value):
        return "no answer"
    if isinstance(value, str):
        text = value.strip()
        try:
            value, _ = parse_number(text, decimal)
        except AmbiguousNumberError as exc:
            return str(exc)
        except CellError:
            labelled = label_value(metric, text)
            if labelled == "":
                return f"'{text}': no rating given"
            if labelled is None:
                return f"'{text[:60]}' is not an answer {metric.name} knows (a number or a label such as " \
                       f"{_example_label(metric)})"
            value = labelled
    try:
        return parse_answer(metric, value)
    except MetricError as exc:
        return str(exc)


def _example_label(metric: MetricDef) -> str:
    if metric.aggregation == "rate":
        return "'Yes' or 'No'"
    if (metric.answer_min, metric.answer_max) == (1, 7):
        return "'Very easy' or 'Strongly agree'"
    if (metric.answer_min, metric.answer_max) == (1, 5):
        return "'Very satisfied' or 'Strongly agree'"
    return f"'{metric.answer_max:g} - Extremely likely'" if metric.answer_max is not None else "a number"


def plan_responses(plan: ImportPlan, data: SheetData, cmap: ColumnMap, tps: Touchpoints, ctx: RowContext,
                   lookup: dict[str, MetricDef], decimals: dict[int, str | None]) -> None:
    answers = Answers(plan, data, cmap, ctx, decimals)
    usable = {c: (tp, m) for c, (tp, m) in cmap.answer_columns.items() if m is not None}
    if "metric" in cmap.roles and "score" in cmap.roles:
        _a_row_per_answer(plan, data, cmap, tps, lookup, answers)
    elif usable and ("touchpoint" not in cmap.roles or ("respondent" in cmap.roles and not cmap.metric_columns)):
        _a_row_per_respondent(plan, data, cmap, tps, usable, answers)
        for c, metric in sorted(cmap.metric_columns.items()):
            plan.unmapped.append(f"column {column_letter(data.first_col + c)} ('{clip(cmap.label(c), 80)}'): "
                                 f"measures {metric.name} but names no touchpoint; map it to one (--map, or "
                                 "the wizard's column table)")
    else:
        _a_row_per_response(plan, data, cmap, tps, answers)
    plan.measurements.extend(answers.measurements())


def _a_row_per_respondent(plan: ImportPlan, data: SheetData, cmap: ColumnMap, tps: Touchpoints,
                          usable: dict[int, tuple[str, MetricDef]], answers: Answers) -> None:
    columns: list[tuple[int, str, MetricDef]] = []
    for c, (tp_id, metric) in usable.items():
        if tp_id.startswith(NEW_TOUCHPOINT):  # a matrix row naming a touchpoint to create
            tp_id = tps.find(tp_id[len(NEW_TOUCHPOINT):]).id
        columns.append((c, tp_id, metric))
    for r in range(cmap.data_start, len(data.rows)):
        row = data.rows[r]
        if row_is_blank(row):
            continue
        where = answers.row_context(r, row)
        if where is None:
            continue
        used = False
        for c, tp_id, metric in columns:
            value = row[c] if c < len(row) else None
            if is_blank(value) and (r, c) not in data.errors:
                continue
            used |= answers.add(r, c, value, tp_id, metric, where)
        plan.rows_used += used


def _a_row_per_response(plan: ImportPlan, data: SheetData, cmap: ColumnMap, tps: Touchpoints,
                        answers: Answers) -> None:
    roles = cmap.roles
    tp_col, phase_col = roles["touchpoint"], roles.get("phase")
    columns = list(cmap.metric_columns.items())
    for r in range(cmap.data_start, len(data.rows)):
        row = data.rows[r]
        if row_is_blank(row):
            continue
        values = [(c, row[c] if c < len(row) else None) for c, _ in columns]
        if all(is_blank(v) and (r, c) not in data.errors for c, v in values):
            continue  # a response that answered none of the metric questions
        try:
            tp = tps.find(row[tp_col] if tp_col < len(row) else None, text_at(row, phase_col))
        except CellError as exc:
            skip(plan, data, r, tp_col, str(exc))
            continue
        where = answers.row_context(r, row)
        if where is None:
            continue
        used = False
        for (c, value), (_, metric) in zip(values, columns, strict=True):
            if is_blank(value) and (r, c) not in data.errors:
                continue
            used |= answers.add(r, c, value, tp.id, metric, where)
        plan.rows_used += used


def _a_row_per_answer(plan: ImportPlan, data: SheetData, cmap: ColumnMap, tps: Touchpoints,
                      lookup: dict[str, MetricDef], answers: Answers) -> None:
    """A row per answer. Written for speed (200,000 rows should cost little
    more than reading them): each column is taken out whole, dates become
    periods through one look-up per distinct date, and rows are counted by
    their distinct (touchpoint, phase, question, answer, period, segment);
    each distinct one is then interpreted once. Rows that need a look of
    their own (a problem to report, a respondent who may repeat, an error
    cell, a preview response) go through the exact per-row path, which says
    what was wrong where."""
    roles = cmap.roles
    width = max(c for c in roles.values()) + 1
    rows = data.rows
    start = cmap.data_start
    body = rows[start:]
    if answers.respondent_col is not None or answers.status_col is not None or \
            any(len(row) < width for row in body):
        _answers_row_by_row(plan, data, cmap, tps, lookup, answers, range(start, len(rows)))
        return
    ctx = answers.ctx

    def column(role: str) -> list[Any]:
        col = roles.get(role)
        return list(map(itemgetter(col), body)) if col is not None else [""] * len(body)

    dates = column("date")
    if "date" in roles:
        period_of: dict[object, object] = {}
        for raw in set(dates):
            try:
                period_of[raw] = ctx.period([raw if i == roles["date"] else "" for i in range(width)])
            except CellError as exc:
                period_of[raw] = exc
        dates = list(map(period_of.__getitem__, dates))
    parts = (column("touchpoint"), column("phase"), column("metric"), column("score"), column("period"), dates,
             column("segment"))
    metric_memo: dict[object, MetricDef | None] = {}
    tp_memo: dict[tuple[object, object], str | None] = {}
    bad: set[tuple[Any, ...]] = set()
    used = 0
    if data.weights is None:
        counted = Counter(zip(*parts, strict=True))
    else:  # counted rows (see counted.py): each stands for its weight
        counted = Counter()
        repeats: Counter[tuple[Any, ...]] = Counter()
        for key, weight, dropped in zip(zip(*parts, strict=True), data.weights[start:],
                                        data.repeats[start:] if data.repeats else [0] * len(body), strict=True):
            counted[key] += weight or 0
            repeats[key] += dropped
    for key, n in counted.items():
        raw_tp, raw_phase, raw_metric, value, raw_period, date_period, raw_segment = key
        if raw_tp in ("", None) and raw_metric in ("", None) and value in ("", None):
            continue  # blank rows
        tp_id: str | None
        try:
            tp_id = tp_memo[(raw_tp, raw_phase)]
        except KeyError:
            try:
                tp_id = tps.find(raw_tp, cell_text(raw_phase)).id
            except CellError:
                tp_id = None
            tp_memo[(raw_tp, raw_phase)] = tp_id
        try:
            metric = metric_memo[raw_metric]
        except KeyError:
            metric = metric_memo[raw_metric] = find_metric(lookup, cell_text(raw_metric))
        period = cell_text(raw_period) if not is_blank(raw_period) else (
            date_period if "date" in roles else ctx.default_period)
        if tp_id is None or metric is None or type(period) is not str or value in ("", None):
            bad.add(key)
            continue
        number = interpret_answer(metric, value, answers.decimals.get(roles["score"]))
        if isinstance(number, str):
            bad.add(key)
            continue
        answers.count(tp_id, metric, period, cell_text(raw_segment), number, n)
        used += n
        if data.weights is not None:
            plan.duplicates += repeats[key]
    plan.rows_used += used
    if bad:
        again = [start + i for i, key in enumerate(zip(*parts, strict=True)) if key in bad]
        _answers_row_by_row(plan, data, cmap, tps, lookup, answers, again)


def _answers_row_by_row(plan: ImportPlan, data: SheetData, cmap: ColumnMap, tps: Touchpoints,
                        lookup: dict[str, MetricDef], answers: Answers, indices: Iterable[int]) -> None:
    roles = cmap.roles
    tp_col, metric_col, score_col = roles["touchpoint"], roles["metric"], roles["score"]
    phase_col = roles.get("phase")
    width = max(c for c in roles.values()) + 1
    metric_memo: dict[object, MetricDef | None] = {}
    tp_memo: dict[tuple[object, object], tuple[str] | str] = {}
    empty = ("", None)
    rows = data.rows
    used = 0
    for r in indices:
        row = rows[r]
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        value = row[score_col]
        raw_tp = row[tp_col]
        if raw_tp in empty and row[metric_col] in empty and value in empty:
            continue  # a blank row (other columns alone carry no answer)
        key = (raw_tp, row[phase_col] if phase_col is not None else "")
        tp = tp_memo.get(key)
        if tp is None:
            try:
                tp = (tps.find(raw_tp, cell_text(key[1])).id,)
            except CellError as exc:
                tp = str(exc)
            tp_memo[key] = tp
        if isinstance(tp, str):
            skip(plan, data, r, tp_col, tp)
            continue
        raw_metric = row[metric_col]
        try:
            metric = metric_memo[raw_metric]
        except KeyError:
            metric = metric_memo[raw_metric] = find_metric(lookup, cell_text(raw_metric))
        if metric is None:
            skip(plan, data, r, metric_col, f"unknown metric '{cell_text(raw_metric)[:60]}'")
            continue
        where = answers.row_context(r, row)
        if where is None:
            continue
        if value in empty and (r, score_col) not in data.errors:
            skip(plan, data, r, score_col, "no answer")
            continue
        if answers.add(r, score_col, value, tp[0], metric, where):
            used += data.weight(r)
            plan.duplicates += data.repeats[r] if data.repeats else 0
    plan.rows_used += used
