"""Respondent-level data for driver analysis: a row per respondent, a column
per touchpoint answer ("Support chat - CSAT", or just "Support chat") and
one or more outcome columns (likelihood to recommend, intent to renew...)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from journeymap.model.entities import MetricDef
from journeymap.model.journey import Journey

from .cells import CellError, cell_text, error_code, normalize, parse_number
from .columns import TouchpointNames, find_header, find_metric, metric_lookup, split_answer_header
from .isolation import Waiter, run_isolated
from .reader import Workbook
from .safety import ImportError_

OUTCOME_WORDS = ("recommend", "renew", "buy more", "repurchase", "purchase again", "intent", "loyal",
                 "stay", "continue", "expand", "upgrade")


def _number(value: object) -> float:
    if value is None or value == "" or error_code(value):
        return math.nan
    try:
        return parse_number(value)[0]
    except CellError:
        return math.nan


Respondents = tuple[pd.DataFrame, dict[str, str], list[str], list[str]]


def read_respondents(journey: Journey, path: str | Path, sheet: str | None = None,
                     outcomes: list[str] | None = None, waiter: Waiter | None = None) -> Respondents:
    """(answers as numbers, column -> touchpoint id, outcome columns, notes),
    read in a child process (see isolation): a hostile file is refused, not fatal."""
    result: Respondents = run_isolated(Path(path).name, lambda: _read_respondents(journey, path, sheet, outcomes),
                                       waiter)
    return result


def _read_respondents(journey: Journey, path: str | Path, sheet: str | None = None,
                      outcomes: list[str] | None = None) -> Respondents:
    """(answers as numbers, column -> touchpoint id, outcome columns, notes).

    Answers outside a column's scale (the touchpoint's metric, or the
    outcome's when it names one: "Likelihood to recommend" is 0-10) are left
    out, as are "don't know" codes such as 99 and words; the notes say how many."""
    path = Path(path)
    workbook = Workbook(path)
    lookup = metric_lookup(journey)
    tp_names = TouchpointNames(journey)
    names = [sheet] if sheet else workbook.sheet_names
    for name in names:
        data = workbook.read(name)
        header = find_header(journey, data.rows, lookup, names=tp_names)
        if header is None:
            continue
        headers = [cell_text(v) for v in data.rows[header]]
        tp_cols: dict[str, str] = {}
        scales: dict[str, MetricDef | None] = {}
        outcome_cols: list[str] = []
        wanted = {normalize(o) for o in outcomes or []}
        for h in headers:
            if not h:
                continue
            if wanted:
                if normalize(h) in wanted:
                    outcome_cols.append(h)
                    continue
            elif any(word in normalize(h) for word in OUTCOME_WORDS):
                outcome_cols.append(h)
                continue
            answer = split_answer_header(tp_names, lookup, h)
            if answer is not None and answer[0] not in tp_cols.values():
                tp_cols[h] = answer[0]
                scales[h] = answer[1]
        missing = wanted - {normalize(o) for o in outcome_cols}
        if missing:
            raise ImportError_(f"{path.name}, sheet '{name}': no outcome column named "
                               f"{', '.join(sorted(missing))} (columns: {', '.join(h for h in headers if h)})")
        if not tp_cols or not outcome_cols:
            continue
        body = data.rows[header + 1:]
        index = {h: i for i, h in enumerate(headers)}
        frame = pd.DataFrame({h: [_number(row[index[h]]) if index[h] < len(row) else math.nan for row in body]
                              for h in list(tp_cols) + outcome_cols})
        frame = frame.dropna(how="all")
        notes = []
        for h in list(tp_cols) + outcome_cols:
            metric = scales.get(h) or find_metric(lookup, h)
            if metric is None or metric.answer_min is None or metric.answer_max is None:
                continue
            outside = (frame[h] < metric.answer_min) | (frame[h] > metric.answer_max)
            if outside.any():
                codes = sorted({f"{v:g}" for v in frame.loc[outside, h]})[:3]
                notes.append(f"'{h}': {int(outside.sum())} answers outside {metric.name}'s "
                             f"{metric.answer_min:g}-{metric.answer_max:g} scale (such as {', '.join(codes)}; "
                             "don't-know codes) left out")
                frame.loc[outside, h] = math.nan
        return frame, tp_cols, outcome_cols, notes
    raise ImportError_(f"{path.name}: no sheet has both touchpoint answer columns and an outcome column "
                       "(such as 'Likelihood to recommend' or 'Intent to renew'); name the outcome with --outcome")
