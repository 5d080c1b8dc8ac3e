"""What each column of a sheet holds: the header row, column roles, metric
columns and the layout (wide scorecard, long table, raw responses)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from journeymap.model.entities import MetricDef
from journeymap.model.journey import Journey

from .cells import cell_text, normalize

ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "touchpoint": ("touchpoint", "touch point", "touchpoint name", "touchpoint id", "touchpoints",
                   "journey step", "step", "interaction", "tp"),
    "phase": ("phase", "stage", "journey phase", "journey stage", "phase name"),
    "lane": ("lane", "swimlane", "swim lane", "layer"),
    "metric": ("metric", "kpi", "measure", "indicator", "question", "metric name", "survey question"),
    "value": ("value", "result", "actual", "measured value", "metric value"),
    "score": ("score", "answer", "response", "rating", "answer value"),
    "n": ("n", "responses", "sample size", "sample", "count", "base", "respondents", "number of responses"),
    "target": ("target", "goal", "target value"),
    "period": ("period", "quarter", "month", "wave", "survey wave"),
    "segment": ("segment", "customer segment", "group", "customer group"),
    "date": ("date", "response date", "submitted", "submitted at", "timestamp", "survey date"),
    "respondent": ("respondent", "respondent id", "response id", "customer id", "customer", "user id"),
    "channel": ("channel",),
    "owner": ("owner", "department", "owner department", "team"),
}
_ALIAS_TO_ROLE = {normalize(a): role for role, aliases in ROLE_ALIASES.items() for a in aliases}
LAYOUTS = ("wide", "long", "responses")
_SEPARATORS = re.compile(r"\s+[-–—:|/]\s+|\s*[:|]\s*")


def metric_lookup(journey: Journey) -> dict[str, MetricDef]:
    """Normalised id, name and aliases -> metric, with unit decorations
    ("CSAT %", "CSAT (%)", "NPS score") accepted too."""
    table: dict[str, MetricDef] = {}
    for m in journey.metrics:
        for key in (m.id, m.name, *m.aliases):
            base = normalize(key)
            for variant in (base, f"{base} %", f"{base} (%)", f"{base} score", f"{base} (h)",
                            f"{base} rate", f"{base} %"):
                table.setdefault(normalize(variant), m)
    return table


def find_metric(lookup: dict[str, MetricDef], text: str) -> MetricDef | None:
    key = normalize(text)
    if key in lookup:
        return lookup[key]
    stripped = re.sub(r"[\s(]*(%|percent|pct|score|avg|average|mean)[)\s]*$", "", key).strip()
    return lookup.get(stripped)


@dataclass
class ColumnMap:
    header_row: int
    headers: list[str]
    roles: dict[str, int] = field(default_factory=dict)               # role -> column
    metric_columns: dict[int, MetricDef] = field(default_factory=dict)  # wide layout
    # responses, one column per touchpoint (or touchpoint + metric)
    answer_columns: dict[int, tuple[str, MetricDef | None]] = field(default_factory=dict)

    def describe(self) -> dict[str, str]:
        """Header -> what it is used for (the preview of the mapping)."""
        out = {}
        for role, col in self.roles.items():
            out[self.headers[col] or f"column {col + 1}"] = role
        for col, metric in self.metric_columns.items():
            out[self.headers[col]] = f"metric: {metric.name}"
        for col, (tp, metric) in self.answer_columns.items():
            out[self.headers[col]] = f"answers: {tp}" + (f" / {metric.name}" if metric else "")
        return out

    def encode(self) -> dict[str, str]:
        """Column -> role as plain strings, stored in the journey for "Refresh data"."""
        enc = {str(col): role for role, col in self.roles.items()}
        enc.update({str(col): f"metric:{m.id}" for col, m in self.metric_columns.items()})
        return enc


def _role_of(header: str) -> str | None:
    return _ALIAS_TO_ROLE.get(normalize(header))


def _touchpoint_keys(journey: Journey) -> dict[str, str]:
    keys = {}
    for tp in journey.touchpoints:
        keys[normalize(tp.id)] = tp.id
        keys.setdefault(normalize(tp.name), tp.id)
    return keys


def split_answer_header(journey: Journey, lookup: dict, header: str) -> tuple[str, MetricDef | None] | None:
    """"Support chat - CSAT" -> (touchpoint id, CSAT); "Support chat" -> (id, None)."""
    keys = _touchpoint_keys(journey)
    whole = normalize(header)
    if whole in keys:
        return keys[whole], None
    parts = _SEPARATORS.split(header.strip())
    if len(parts) >= 2:
        for cut in range(len(parts) - 1, 0, -1):
            left, right = " ".join(parts[:cut]), " ".join(parts[cut:])
            metric = find_metric(lookup, right)
            if metric and normalize(left) in keys:
                return keys[normalize(left)], metric
            metric = find_metric(lookup, left)
            if metric and normalize(right) in keys:
                return keys[normalize(right)], metric
    return None


def _score_row(journey: Journey, lookup: dict, row: list) -> int:
    score = 0
    for value in row:
        text = cell_text(value)
        if not text or not isinstance(value, str):
            continue
        if _role_of(text) or find_metric(lookup, text) or split_answer_header(journey, lookup, text):
            score += 1
    return score


def find_header(journey: Journey, rows: list[list], lookup: dict, scan: int = 30) -> int | None:
    """The row (of the first `scan`) that names the most known columns; title
    rows and merged banners above the table score nothing."""
    best, best_score = None, 0
    for i, row in enumerate(rows[:scan]):
        score = _score_row(journey, lookup, row)
        if score > best_score:
            best, best_score = i, score
    return best


def map_columns(journey: Journey, rows: list[list], lookup: dict, header_row: int) -> ColumnMap:
    headers = [cell_text(v) for v in rows[header_row]]
    cmap = ColumnMap(header_row, headers)
    for col, header in enumerate(headers):
        if not header:
            continue
        role = _role_of(header)
        if role and role not in cmap.roles:
            cmap.roles[role] = col
            continue
        metric = find_metric(lookup, header)
        if metric is not None:
            cmap.metric_columns[col] = metric
            continue
        answer = split_answer_header(journey, lookup, header)
        if answer is not None:
            cmap.answer_columns[col] = answer
    return cmap


def detect_layout(cmap: ColumnMap) -> str | None:
    roles = cmap.roles
    if "metric" in roles and "value" in roles:
        return "long"
    if "metric" in roles and "score" in roles:
        return "responses"
    if cmap.answer_columns and ("touchpoint" not in roles or "respondent" in roles):
        return "responses"
    if "touchpoint" in roles and cmap.metric_columns:
        return "wide"
    return None


def apply_mapping(cmap: ColumnMap, mapping: dict[str, str], lookup_by_id: dict[str, MetricDef]) -> ColumnMap:
    """Overrides chosen in the wizard: column -> role, "metric:<id>" or "ignore"."""
    for key, choice in mapping.items():
        col = int(key)
        for role, c in list(cmap.roles.items()):
            if c == col:
                del cmap.roles[role]
        cmap.metric_columns.pop(col, None)
        cmap.answer_columns.pop(col, None)
        if choice == "ignore" or not choice:
            continue
        if choice.startswith("metric:"):
            metric = lookup_by_id.get(choice.split(":", 1)[1])
            if metric is not None:
                cmap.metric_columns[col] = metric
        elif choice in ROLE_ALIASES:
            cmap.roles[choice] = col
    return cmap
