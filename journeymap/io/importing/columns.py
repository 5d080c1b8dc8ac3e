"""What each column of a sheet holds: its role (touchpoint, date, ...), the
metric it measures, or the touchpoint and metric its answers are for.

Metrics are looked up in the journey's library first, then in the standard
library (a "First contact resolution" column adds FCR). A question worded as
people word it ("How likely are you to recommend us?") is read by its cue
word, and the report says which word decided; anything that cannot be told
is reported as unmapped, never guessed, and can be mapped by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from journeymap.model.entities import MetricDef
from journeymap.model.journey import Journey
from journeymap.model.metrics import STANDARD_METRICS

from .cells import cell_text, normalize
from .headers import Column, HeaderBlock, is_subheader_row, read_header_block
from .safety import column_number

ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "touchpoint": ("touchpoint", "touch point", "touchpoint name", "touchpoint id", "touchpoints",
                   "journey step", "step", "interaction", "tp", "journey touchpoint"),
    "phase": ("phase", "stage", "journey phase", "journey stage", "phase name"),
    "lane": ("lane", "swimlane", "swim lane", "layer"),
    "metric": ("metric", "kpi", "measure", "indicator", "question", "metric name", "survey question"),
    "value": ("value", "result", "actual", "measured value", "metric value"),
    "score": ("score", "answer", "response", "rating", "answer value"),
    "n": ("n", "responses", "sample size", "sample", "count", "base", "respondents", "number of responses"),
    # The spread of the answers behind a value (a long table's): makes its
    # confidence interval exact rather than the widest possible.
    "sd": ("sd", "std dev", "std. dev.", "stdev", "standard deviation", "std deviation"),
    "target": ("target", "goal", "target value"),
    "period": ("period", "quarter", "month", "wave", "survey wave"),
    "segment": ("segment", "customer segment", "group", "customer group"),
    # In order of preference when a file has several: when the answer was
    # recorded or submitted beats when the survey or ticket was started.
    "date": ("recorded date", "end date", "date submitted", "submitted at", "submission date", "submitted",
             "response date", "responded at", "completed", "completed at", "completion date", "date",
             "survey date", "timestamp", "rated at", "rating date", "created at", "created", "ticket created",
             "creation date", "date created", "solved at", "start date"),
    "respondent": ("respondent", "respondent id", "response id", "customer id", "customer", "user id",
                   "email", "email address", "ticket id", "ticket"),
    "status": ("status", "response type"),
    "channel": ("channel",),
    "owner": ("owner", "department", "owner department", "team"),
    "description": ("description", "details", "step description"),
    "emotion": ("emotion", "feeling", "emotional state"),
    "moment": ("moment of truth", "moments of truth", "mot", "key moment"),
}
_ALIAS_TO_ROLE = {normalize(a): role for role, aliases in ROLE_ALIASES.items() for a in aliases}
DATE_PRIORITY = {normalize(a): i for i, a in enumerate(ROLE_ALIASES["date"])}
LAYOUTS = ("wide", "long", "responses", "steps")
_SEPARATORS = re.compile(r"\s+[-–—:|/]\s+|\s*[:|]\s*")
_SCALE = re.compile(r"\(\s*(-?\d+)\s*(?:-|–|to)\s*(-?\d+)\s*\)")
# Qualtrics companions of a question that hold no answer of their own.
_COMPANION = re.compile(r"_(NPS_GROUP|TEXT|DO(_\d+)?|Click Count|First Click|Last Click|Page Submit)$", re.I)
# Free-text questions: what people wrote, never a score.
_FREE_TEXT = re.compile(r"\b(comments?|reasons?|feedback|explain|verbatim|remarks?|suggestions?|anything else|"
                        r"tell us (more|why)|why did you|please specify|other \(please)\b", re.I)
_COMPANION_OPTIONS = {normalize(t) for t in ("Open-Ended Response", "Other (please specify)", "Comments",
                                             "Comment")}


def role_key(text: str) -> str:
    """"RecordedDate", "created_at", "Response ID:" -> "recorded date", "created at", "response id"."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(text))
    text = text.replace("_", " ").strip().rstrip(":")
    return normalize(text)


# Columns every survey platform adds about the response rather than its answers.
SURVEY_METADATA = {role_key(t) for t in (
    "IPAddress", "IP Address", "Progress", "Duration (in seconds)", "Finished", "RecipientLastName",
    "RecipientFirstName", "RecipientEmail", "ExternalReference", "External Data Reference", "LocationLatitude",
    "LocationLongitude", "DistributionChannel", "UserLanguage", "Collector ID", "First Name", "Last Name",
    "Custom Data 1", "Custom Data", "Q_RecaptchaScore", "Q_RelevantIDDuplicate", "Q_RelevantIDDuplicateScore",
    "Q_RelevantIDFraudScore", "Q_RelevantIDLastStartDate", "Q_TotalDuration", "Q_URL", "Language")}

def role_of(header: str) -> str | None:
    key = role_key(header)
    return _ALIAS_TO_ROLE.get(key) or _ALIAS_TO_ROLE.get(normalize(header))


def metric_lookup(journey: Journey) -> dict[str, MetricDef]:
    """Normalised id, name and aliases -> metric, the journey's own first,
    then the standard library's, with unit decorations ("CSAT %", "CSAT (%)",
    "NPS score") accepted too."""
    table: dict[str, MetricDef] = {}
    own = {m.id for m in journey.metrics}
    library = list(journey.metrics) + [m for m in STANDARD_METRICS.values() if m.id not in own]
    for m in library:
        for key in (m.id, m.name, *m.aliases):
            base = normalize(key)
            for variant in (base, f"{base} %", f"{base} (%)", f"{base} score", f"{base} (h)", f"{base} rate"):
                table.setdefault(normalize(variant), m)
    return table


_PARENTHESES = re.compile(r"\s*\(([^()]*)\)\s*")


def find_metric(lookup: dict[str, MetricDef], text: str) -> MetricDef | None:
    """"NPS", "CSAT %", "Net Promoter Score (NPS)", "Customer Effort Score
    (1-7)", "Avg CES score" -> the metric, or None."""
    key = normalize(_SCALE.sub("", text))
    if key in lookup:
        return lookup[key]
    stripped = re.sub(r"[\s(]*(%|percent|pct|score|avg|average|mean)[)\s]*$", "", key).strip()
    if stripped in lookup:
        return lookup[stripped]
    # "Net Promoter Score (NPS)": the words outside the brackets, or inside them.
    outside = normalize(_PARENTHESES.sub(" ", key))
    inside = [normalize(m) for m in _PARENTHESES.findall(key)]
    for candidate in [outside, *inside]:
        if candidate in lookup:
            return lookup[candidate]
    prefix = re.sub(r"^(avg|average|mean|overall|total)\s+", "", stripped)
    return lookup.get(prefix)


# Cue words in a question's wording, strongest first. Each names a standard
# metric; the journey's own metric of that id is used when it has one.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("nps", re.compile(r"\brecommend|\bnet promoter\b|\bnps\b|\bltr\b")),
    ("fcr", re.compile(r"\b(first (contact|call|time)|one (contact|call)|single (contact|call))\b.*\bresolv|"
                       r"\bresolv\w*\b.*\b(first (contact|call|time)|one (contact|call)|single (contact|call))\b")),
    ("ces", re.compile(r"\beas(y|ier|e)\b|\beffort\b|\bdifficult")),
    ("csat", re.compile(r"\bsatisf|\bcsat\b")),
)


def metric_from_wording(lookup: dict[str, MetricDef], text: str) -> tuple[MetricDef, str] | None:
    words = normalize(text)
    for metric_id, cue in _CUES:
        m = cue.search(words)
        if m:
            metric = lookup.get(metric_id)
            if metric is not None:
                return metric, m.group(0).strip()
    return None


def stated_scale(text: str) -> tuple[float, float] | None:
    m = _SCALE.search(text)
    return (float(m.group(1)), float(m.group(2))) if m else None


def scale_conflict(metric: MetricDef, texts: list[str]) -> str | None:
    """A header that states a scale ("(1-10)") other than the metric's answers."""
    if metric.answer_min is None or metric.answer_max is None or metric.aggregation == "rate":
        return None
    for text in texts:
        scale = stated_scale(text)
        if scale and scale != (metric.answer_min, metric.answer_max):
            return (f"its header states a {scale[0]:g}-{scale[1]:g} scale, but {metric.name} answers are "
                    f"{metric.answer_min:g}-{metric.answer_max:g}; map it with a custom metric")
    return None


# Marks a touchpoint that --create-missing makes from a matrix or grid row.
NEW_TOUCHPOINT = "\x00new:"
_NON_WORD = re.compile(r"[^\w&]+")


class TouchpointNames:
    """Normalised ids and names of the journey's touchpoints, for columns
    and values that name them."""

    def __init__(self, journey: Journey) -> None:
        self.keys: dict[str, str] = {}
        for tp in journey.touchpoints:
            self.keys[normalize(tp.id)] = tp.id
            self.keys.setdefault(normalize(tp.name), tp.id)
        self._names = sorted(((normalize(tp.name), tp.id) for tp in journey.touchpoints),
                             key=lambda p: -len(p[0]))

    def exact(self, text: str) -> str | None:
        return self.keys.get(normalize(text))

    def mentioned(self, text: str) -> str | None:
        """The one touchpoint whose name appears in `text` ("How satisfied
        were you with our Support chat?"); None when none or two do."""
        words = " " + _NON_WORD.sub(" ", normalize(text)) + " "
        found: list[tuple[str, str]] = []
        for name, tp_id in self._names:
            flat = _NON_WORD.sub(" ", name).strip()
            if len(flat) >= 3 and f" {flat} " in words and not any(flat in f for f, _ in found):
                found.append((flat, tp_id))
        ids = {tp_id for _, tp_id in found}
        return ids.pop() if len(ids) == 1 else None


@dataclass
class ColumnMap:
    block: HeaderBlock
    roles: dict[str, int] = field(default_factory=dict)                 # role -> column
    metric_columns: dict[int, MetricDef] = field(default_factory=dict)   # column -> metric
    # a row per respondent: column -> (touchpoint id, metric or None)
    answer_columns: dict[int, tuple[str, MetricDef | None]] = field(default_factory=dict)
    ignored: dict[int, str] = field(default_factory=dict)                # column -> why
    unmapped: dict[int, str] = field(default_factory=dict)               # column -> why it is not used
    notes: list[str] = field(default_factory=list)                       # how columns were read

    @property
    def header_row(self) -> int:
        return self.block.header_row

    @property
    def data_start(self) -> int:
        return self.block.data_start

    @property
    def headers(self) -> list[str]:
        return self.block.headers

    def label(self, col: int) -> str:
        return self.block.columns[col].label if col < len(self.block.columns) else f"column {col + 1}"

    def describe(self) -> dict[str, str]:
        """Header -> what it is used for (the preview of the mapping)."""
        out: dict[str, str] = {}
        for role, col in self.roles.items():
            out[self.headers[col] or f"column {col + 1}"] = role
        for col, metric in self.metric_columns.items():
            out[self.headers[col]] = f"metric: {metric.name}"
        for col, (tp, answered) in self.answer_columns.items():
            shown = f"new touchpoint '{tp[len(NEW_TOUCHPOINT):]}'" if tp.startswith(NEW_TOUCHPOINT) else tp
            out[self.headers[col]] = f"answers: {shown}" + (f" / {answered.name}" if answered else "")
        return out

    def encode(self) -> dict[str, str]:
        """Column -> role as plain strings (the wizard's starting point)."""
        enc = {str(col): role for role, col in self.roles.items()}
        enc.update({str(col): f"metric:{m.id}" for col, m in self.metric_columns.items()})
        enc.update({str(col): f"answers:{tp}:{m.id}" for col, (tp, m) in self.answer_columns.items() if m})
        return enc

    def clear(self, col: int) -> None:
        for role, c in list(self.roles.items()):
            if c == col:
                del self.roles[role]
        for table in (self.metric_columns, self.answer_columns, self.ignored, self.unmapped):
            table.pop(col, None)


def split_answer_header(names: TouchpointNames, lookup: dict[str, MetricDef],
                        header: str) -> tuple[str, MetricDef | None] | None:
    """"Support chat - CSAT" -> (touchpoint id, CSAT); "Support chat" -> (id, None)."""
    whole = names.exact(header)
    if whole:
        return whole, None
    parts = _SEPARATORS.split(header.strip())
    if len(parts) >= 2:
        for cut in range(len(parts) - 1, 0, -1):
            left, right = " ".join(parts[:cut]), " ".join(parts[cut:])
            metric = find_metric(lookup, right)
            tp = names.exact(left)
            if metric and tp:
                return tp, metric
            metric = find_metric(lookup, left)
            tp = names.exact(right)
            if metric and tp:
                return tp, metric
    return None


def _score_row(names: TouchpointNames, lookup: dict[str, MetricDef], row: list[Any]) -> int:
    score = 0
    for value in row:
        if not isinstance(value, str):
            continue
        text = value.strip()
        if not text or len(text) > 300:
            continue
        if role_of(text) or find_metric(lookup, text) or split_answer_header(names, lookup, text):
            score += 1
    return score


def find_header(journey: Journey, rows: list[list[Any]], lookup: dict[str, MetricDef], scan: int = 30,
                names: TouchpointNames | None = None) -> int | None:
    """The row (of the first `scan`) that names the most known columns; title
    rows and merged banners above the table score nothing."""
    names = names or TouchpointNames(journey)
    best, best_score = None, 0
    for i, row in enumerate(rows[:scan]):
        score = _score_row(names, lookup, row)
        if score > best_score:
            best, best_score = i, score
    # SurveyMonkey's second header row ("Response", the matrix rows naming
    # touchpoints) can outscore the first; the header starts above it.
    if best and is_subheader_row(rows[best]) and not is_subheader_row(rows[best - 1]):
        return best - 1
    return best


def map_columns(journey: Journey, rows: list[list[Any]], lookup: dict[str, MetricDef], header_row: int,
                names: TouchpointNames | None = None, create: bool = False) -> ColumnMap:
    """`create`: a matrix or grid row that names no touchpoint on the map
    names a new one (--create-missing)."""
    names = names or TouchpointNames(journey)
    block = read_header_block(rows, header_row, role_of)
    cmap = ColumnMap(block)
    dates: list[tuple[int, int]] = []
    for column in block.columns:
        _classify(cmap, column, names, lookup, dates, create)
    if dates:
        dates.sort()
        cmap.roles["date"] = dates[0][1]
        if len(dates) > 1:
            cmap.notes.append(f"dates from column '{cmap.label(dates[0][1])}' (of "
                              f"{', '.join(repr(cmap.label(c)) for _, c in dates)})")
    _touchpoint_column_from_values(cmap, rows, names)
    return cmap


def _classify(cmap: ColumnMap, column: Column, names: TouchpointNames, lookup: dict[str, MetricDef],
              dates: list[tuple[int, int]], create: bool = False) -> None:
    col, header = column.index, column.header
    if not header and not column.question:
        return
    if _COMPANION.search(header) or normalize(column.option) in _COMPANION_OPTIONS:
        cmap.ignored[col] = "a companion of another question (group code, text or timing)"
        return
    if role_key(header) in SURVEY_METADATA:
        cmap.ignored[col] = "survey metadata"
        return
    if any(_FREE_TEXT.search(t) for t in column.texts()):
        cmap.ignored[col] = "free text"
        return
    role = role_of(header) if not column.option else None
    if role == "date":
        dates.append((DATE_PRIORITY.get(role_key(header), DATE_PRIORITY.get(normalize(header), 99)), col))
        return
    if role and role not in cmap.roles:
        cmap.roles[role] = col
        return
    if role:
        return
    # A metric named by the header itself: a scorecard column or one answer per row.
    for text in (header, column.question if not column.option else ""):
        metric = find_metric(lookup, text) if text else None
        if metric is not None:
            _metric_column(cmap, column, metric, None)
            return
    for text in (header, f"{column.question} - {column.option}" if column.option else ""):
        answer = split_answer_header(names, lookup, text) if text else None
        if answer is not None:
            tp_id, answered = answer
            if answered is None and column.question and not column.option:
                found = metric_from_wording(lookup, column.question)
                answered = found[0] if found else None
            _answer_column(cmap, column, tp_id, answered, None)
            return
    # A question: its wording names the metric, its option or text the touchpoint.
    question = " ".join(t for t in (column.question or header,) if t)
    option_tp = names.exact(column.option) if column.option else None
    wording = metric_from_wording(lookup, question) or (
        metric_from_wording(lookup, column.option) if column.option and not option_tp else None)
    option_metric = find_metric(lookup, column.option) if column.option else None
    if option_metric is not None:
        wording = (option_metric, column.option)
    tp = option_tp or names.mentioned(question) or (names.exact(column.question) if column.question else None)
    if wording is not None and tp is None and create and column.option and option_metric is None:
        tp = NEW_TOUCHPOINT + column.option.strip()
    if wording is not None:
        metric, cue = wording
        if tp:
            _answer_column(cmap, column, tp, metric, cue)
        else:
            _metric_column(cmap, column, metric, cue)
        return
    if tp:
        cmap.unmapped[col] = "names a touchpoint but no metric"
        cmap.answer_columns[col] = (tp, None)
        return
    if column.question or column.option or "?" in header or len(header) > 24:
        cmap.unmapped[col] = "names neither a known touchpoint nor a metric"


def _metric_column(cmap: ColumnMap, column: Column, metric: MetricDef, cue: str | None) -> None:
    conflict = scale_conflict(metric, column.texts())
    if conflict:
        cmap.unmapped[column.index] = conflict
        return
    cmap.metric_columns[column.index] = metric
    if cue:
        cmap.notes.append(f"column '{column.label}' read as {metric.name} (its wording says '{cue}')")


def _answer_column(cmap: ColumnMap, column: Column, tp: str, metric: MetricDef | None, cue: str | None) -> None:
    if metric is not None:
        conflict = scale_conflict(metric, column.texts())
        if conflict:
            cmap.unmapped[column.index] = conflict
            return
    cmap.answer_columns[column.index] = (tp, metric)
    if cue and metric is not None:
        cmap.notes.append(f"column '{column.label}' read as {metric.name} (its wording says '{cue}')")


def _touchpoint_column_from_values(cmap: ColumnMap, rows: list[list[Any]], names: TouchpointNames,
                                   sample: int = 500) -> None:
    """No Touchpoint header: a column whose values are touchpoint names (a
    helpdesk's Channel or Group, a survey's embedded field) names them."""
    if "touchpoint" in cmap.roles or (cmap.answer_columns and not cmap.metric_columns):
        return
    body = rows[cmap.data_start: cmap.data_start + sample]
    taken = set(cmap.metric_columns) | set(cmap.answer_columns) | {c for r, c in cmap.roles.items()
                                                                   if r not in ("channel", "segment", "owner")}
    best = None
    for column in cmap.block.columns:
        col = column.index
        if col in taken:
            continue
        values = [row[col] for row in body if col < len(row) and isinstance(row[col], str) and row[col].strip()]
        if len(values) < 2:
            continue
        hits = sum(1 for v in values if names.exact(v))
        if hits * 2 >= len(values) and (best is None or hits > best[1]):
            best = (col, hits, len(values))
    if best is None:
        return
    col, hits, total = best
    cmap.clear(col)
    cmap.roles["touchpoint"] = col
    cmap.notes.append(f"touchpoints from column '{cmap.label(col)}': {hits} of {total} values name touchpoints")


def detect_layout(cmap: ColumnMap, rows: list[list[Any]]) -> tuple[str | None, str]:
    """(layout, why)."""
    roles = cmap.roles
    if "metric" in roles and "value" in roles:
        return "long", "Metric and Value columns"
    if "metric" in roles and "score" in roles:
        return "responses", "Metric and Score columns: a row per answer"
    usable_answers = {c: a for c, a in cmap.answer_columns.items() if a[1] is not None}
    if usable_answers and ("touchpoint" not in roles or "respondent" in roles):
        return "responses", (f"{len(usable_answers)} answer columns, each for one touchpoint and metric: "
                             "a row per respondent")
    if "touchpoint" in roles and cmap.metric_columns:
        repeat = _repeated_touchpoint(cmap, rows)
        if repeat:
            return "responses", repeat
        if "respondent" in roles and "n" not in roles:
            return "responses", f"a {cmap.label(roles['respondent'])} column: a row per response"
        return "wide", "a row per touchpoint with metric columns (each touchpoint once per period and segment)"
    if "touchpoint" in roles and "phase" in roles and not cmap.metric_columns and "value" not in roles:
        return "steps", "phases and touchpoints with no numbers: a list of steps"
    return None, ""


def _repeated_touchpoint(cmap: ColumnMap, rows: list[list[Any]]) -> str:
    """A Touchpoint column that repeats within one period and segment holds
    responses, not a scorecard row per touchpoint."""
    roles = cmap.roles
    keyed = [roles.get(r) for r in ("touchpoint", "phase", "period", "segment", "date")]
    seen: dict[tuple[Any, ...], int] = {}
    for r in range(cmap.data_start, len(rows)):
        row = rows[r]
        key = tuple(cell_text(row[c]) if c is not None and c < len(row) else "" for c in keyed)
        if not key[0]:
            continue
        if key[4]:  # a date column: answers on one day still repeat per quarter
            key = (*key[:4], key[4][:7])
        if key in seen:
            return (f"'{key[0]}' appears on rows {seen[key] + 1} and {r + 1} of column "
                    f"'{cmap.label(roles['touchpoint'])}': a row per response")
        seen[key] = r
    return ""


# `journey` is unused; it stays until its caller, plan.py (owned elsewhere), stops passing it.
def apply_mapping(cmap: ColumnMap, mapping: dict[str, str], journey: Journey,  # noqa: ARG001
                  lookup: dict[str, MetricDef], names: TouchpointNames) -> list[str]:
    """Columns mapped by hand (the wizard, --map): column -> role,
    "metric:<id>", "answers:<touchpoint>:<metric>" or "ignore". A column is
    named by its number (the wizard), letter or header text. Returns the
    problems, one line each."""
    problems = []
    for key, choice in mapping.items():
        col = _column_named(cmap, key)
        if col is None:
            problems.append(f"no column '{key}' to map (columns: {', '.join(h for h in cmap.headers if h)[:300]})")
            continue
        choice = choice.strip()
        cmap.clear(col)
        if choice in ("ignore", ""):
            cmap.ignored[col] = "not used (mapped by hand)"
        elif choice.startswith("metric:"):
            metric = lookup.get(normalize(choice.split(":", 1)[1]))
            if metric is None:
                problems.append(f"column '{key}': no metric '{choice.split(':', 1)[1]}'")
            else:
                cmap.metric_columns[col] = metric
        elif choice.startswith("answers:") or (":" in choice and choice.split(":", 1)[0] not in ROLE_ALIASES):
            body = choice.split(":", 1)[1] if choice.startswith("answers:") else choice
            tp_text, _, metric_text = body.rpartition(":")
            tp = names.exact(tp_text)
            metric = find_metric(lookup, metric_text)
            if tp is None:
                problems.append(f"column '{key}': no touchpoint '{tp_text}'")
            elif metric is None:
                problems.append(f"column '{key}': no metric '{metric_text}'")
            else:
                cmap.answer_columns[col] = (tp, metric)
        elif choice in ROLE_ALIASES:
            if choice in cmap.roles:
                cmap.clear(cmap.roles[choice])
            cmap.roles[choice] = col
        else:
            metric = find_metric(lookup, choice)
            if metric is not None:
                cmap.metric_columns[col] = metric
            else:
                problems.append(f"column '{key}': '{choice}' is not a role, metric or TOUCHPOINT:METRIC")
    return problems


def _column_named(cmap: ColumnMap, key: str) -> int | None:
    columns = cmap.block.columns
    if key.isdigit() and int(key) < len(columns):
        return int(key)
    wanted = normalize(key)
    for column in columns:
        if wanted in (normalize(column.header), normalize(column.label)) or (
                column.question and wanted in (normalize(f"{column.question} - {column.option}"),
                                               normalize(f"{column.question} [{column.option}]"))):
            return column.index
    if re.fullmatch(r"[A-Za-z]{1,3}", key) and column_number(key.upper()) - 1 < len(columns):
        return column_number(key.upper()) - 1
    return None


def layout_needs(cmap: ColumnMap, layout: str) -> list[str]:
    need = {"wide": ["touchpoint"], "long": ["touchpoint", "metric", "value"], "steps": ["touchpoint"]}.get(layout, [])
    usable_answers = [a for a in cmap.answer_columns.values() if a[1] is not None]
    if layout == "responses" and not usable_answers and not ("touchpoint" in cmap.roles and cmap.metric_columns):
        need = ["touchpoint", "metric", "score"]
    missing = [r for r in need if r not in cmap.roles]
    if layout == "wide" and not cmap.metric_columns:
        missing.append("at least one metric column (NPS, CSAT, ...)")
    return missing
