"""How a card's future state reads: what changes, and its targets today and
in the future, in one wording for the card's tooltip, the Excel summary and
the report."""

from __future__ import annotations

from collections.abc import Mapping

from .entities import MetricDef, Touchpoint
from .metrics import format_value

STATE_SENTENCES = {"new": "New in the future state", "changed": "Changed in the future state",
                   "retired": "Retired in the future state"}


def target_changes(tp: Touchpoint, metrics: Mapping[str, MetricDef]) -> list[tuple[MetricDef, float | None, float]]:
    """(metric, today's target, the future state's) for each future target."""
    today = dict(tp.target_overrides)
    return [(metrics[m], today.get(m, metrics[m].target), value) for m, value in tp.future_targets if m in metrics]


def target_change_words(tp: Touchpoint, metrics: Mapping[str, MetricDef]) -> list[str]:
    """"NPS target +30 → +45" per future target."""
    return [f"{metric.name} target {'none' if now is None else format_value(metric, now)} → "
            f"{format_value(metric, future)}" for metric, now, future in target_changes(tp, metrics)]


def future_words(tp: Touchpoint, metrics: Mapping[str, MetricDef]) -> str:
    """"Changed in the future state: a bot answers first · NPS target +30 → +45"
    ("" for a card the future state leaves as it is)."""
    parts = []
    if tp.state in STATE_SENTENCES:
        parts.append(STATE_SENTENCES[tp.state] + (f": {tp.future_note}" if tp.future_note else ""))
    parts += target_change_words(tp, metrics)
    return " · ".join(parts)
