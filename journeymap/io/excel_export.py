"""The Excel summary a manager can open and use as is (XlsxWriter).

Sheets: Summary (health, phase scorecards, status counts, top weak
touchpoints, a native chart of the gap to target per phase), Touchpoints (an
Excel table, frozen header, autofilter, percent formats, status by fill *and*
symbol), Weak touchpoints, Measurements, Metrics; and when the journey has
them, Priority matrix, What got worse, Actions, Personas, Emotions by
persona, Future state and Evidence (see excel_research).

Every text a user wrote is written with write_string, and the workbook is
opened with strings_to_formulas off, so a name such as "=HYPERLINK(...)"
stays text: the program itself writes no formulas at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from journeymap.analysis.compare import Comparison, compare_periods, previous_period
from journeymap.analysis.confidence import range_words
from journeymap.analysis.priority import (
    FIX_FIRST,
    KEEP_IT_UP,
    LOW_PRIORITY,
    OVERINVESTMENT,
    QUADRANTS,
    PriorityPoint,
    priority_matrix,
)
from journeymap.analysis.scorecard import Filter, MetricResult, Scorecards, status_words
from journeymap.analysis.status import Status
from journeymap.analysis.weak import WeakTouchpoint, no_weak_words, rank_weak
from journeymap.drawing.theme import LIGHT
from journeymap.model.entities import MetricDef
from journeymap.model.journey import Journey
from journeymap.model.metrics import format_value

from .atomic import atomic_write
from .excel_research import (
    has_evidence,
    has_future_state,
    write_evidence,
    write_future_state,
    write_persona_emotions,
    write_personas,
)

# Light fills with dark text: readable on screen, and the symbol in the cell
# keeps the meaning when printed in black and white.
_FILLS = {Status.GREEN: ("#dafbe1", "#116329"), Status.AMBER: ("#fff1c2", "#7d4e00"),
          Status.RED: ("#ffebe9", "#a40e26"), Status.NONE: ("#eaeef2", "#424a53")}


def status_text(status: Status) -> str:
    return f"{status.symbol} {status.label}"


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        self.text = wb.add_format({**base, "text_wrap": False})
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.title = wb.add_format({**base, "bold": True, "font_size": 18, "font_color": LIGHT.text})
        self.subtitle = wb.add_format({**base, "font_color": LIGHT.text_muted})
        self.h2 = wb.add_format({**base, "bold": True, "font_size": 13, "bottom": 1,
                                 "bottom_color": LIGHT.grid_line})
        self.header = wb.add_format({**base, "bold": True, "bg_color": LIGHT.header_background,
                                     "border": 1, "border_color": LIGHT.grid_line, "text_wrap": True})
        self.number = wb.add_format({**base, "num_format": "0.0"})
        # Weak scores: enough decimals that the order they rank in shows.
        self.score = wb.add_format({**base, "num_format": "0.000"})
        self.integer = wb.add_format({**base, "num_format": "#,##0"})
        self.percent = wb.add_format({**base, "num_format": "0.0%"})
        self.points = wb.add_format({**base, "num_format": "+0.0;-0.0;0"})
        self.percent_points = wb.add_format({**base, "num_format": "+0.0%;-0.0%;0%"})
        self.date = wb.add_format({**base, "num_format": "yyyy-mm-dd"})
        self.bold = wb.add_format({**base, "bold": True})
        self.status = {s: wb.add_format({**base, "bold": True, "bg_color": _FILLS[s][0],
                                         "font_color": _FILLS[s][1]}) for s in Status}
        # The same, wrapping: a phase's result and target in a narrow column.
        self.status_wrap = {s: wb.add_format({**base, "bold": True, "bg_color": _FILLS[s][0], "text_wrap": True,
                                              "font_color": _FILLS[s][1]}) for s in Status}
        self.cf = {s: wb.add_format({"bg_color": _FILLS[s][0], "font_color": _FILLS[s][1]}) for s in Status}


def _value_cell(metric: MetricDef, value: float | None, fmt: _Formats) -> tuple[float | None, Format | None]:
    """Percent metrics are stored as fractions with a percent format, so
    Excel sorts, filters and charts them as numbers."""
    if value is None:
        return None, None
    if metric.is_percent:
        return value / 100.0, fmt.percent
    return value, fmt.number


def _gap_cell(metric: MetricDef, gap: float | None, fmt: _Formats) -> tuple[float | None, Format | None]:
    if gap is None:
        return None, None
    if metric.is_percent:
        return gap / 100.0, fmt.percent_points
    return gap, fmt.points


class _Sheet:
    """Small helpers over a worksheet: write by type, never a formula."""

    def __init__(self, ws: Worksheet, fmt: _Formats) -> None:
        self.ws, self.fmt = ws, fmt

    def text(self, row: int, col: int, value: str | None, f: Format | None = None) -> None:
        if value is None or value == "":
            self.ws.write_blank(row, col, None, f or self.fmt.text)
        else:
            self.ws.write_string(row, col, str(value), f or self.fmt.text)

    def num(self, row: int, col: int, value: float | None, f: Format | None = None) -> None:
        if value is None:
            self.ws.write_blank(row, col, None, f or self.fmt.text)
        else:
            self.ws.write_number(row, col, float(value), f or self.fmt.number)

    def fit_row(self, row: int, cells: Sequence[tuple[int, int]]) -> None:
        """Give a row the lines its wrapped cells need, from (characters,
        column width) pairs: neither Excel nor LibreOffice grows a row for
        wrapped text a program wrote."""
        lines = max((_lines(chars, width) for chars, width in cells), default=1)
        if lines > 1:
            self.ws.set_row(row, LINE_HEIGHT * lines)

    def table(self, first_row: int, headers: list[str], rows: int, name: str, widths: Sequence[float],
              fit_width: bool = True) -> None:
        last_row = first_row + max(rows, 1)
        self.ws.add_table(first_row, 0, last_row, len(headers) - 1, {
            "name": name, "style": "Table Style Medium 2", "autofilter": True,
            "columns": [{"header": h, "header_format": self.fmt.header} for h in headers]})
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        self.fit_row(first_row, [(len(h), int(w)) for h, w in zip(headers, widths, strict=False)])
        self.ws.freeze_panes(first_row + 1, 0)
        self.ws.repeat_rows(first_row)
        _print_setup(self.ws, fit_width)


# Below this a sheet fitted to one page's width would print too small to
# read; a wider one prints across pages instead, its first column on each.
PRINT_SCALE = 85


# Width (in characters) of the Summary's metric columns.
SUMMARY_COLUMN = 17
LINE_HEIGHT = 15  # points, for 11 pt text


def _lines(chars: int, width: int) -> int:
    """Lines a wrapped text of this length takes in a column this many
    characters wide (a tenth more for words that do not break evenly)."""
    if chars <= width:
        return 1
    return -(-chars * 11 // (width * 10))


def _print_setup(ws: Worksheet, fit_width: bool = True) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    if fit_width:
        ws.fit_to_pages(1, 0)  # fit to width, as many pages tall as needed
    else:
        ws.set_print_scale(PRINT_SCALE)
        ws.repeat_columns(0)  # the touchpoint's name on every page
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&F&RPage &P of &N")


def export_workbook(journey: Journey, path: str | Path, flt: Filter = Filter(),
                    today: dt.date | None = None) -> None:
    """Write the summary atomically: an existing file is replaced only once
    the new one is complete."""
    atomic_write(Path(path), lambda tmp: _write(journey, tmp, flt, today or dt.date.today()))


def _write(journey: Journey, path: Path, flt: Filter, today: dt.date) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "constant_memory": False})
    wb.set_properties({"title": f"{journey.info.name}: journey summary",
                       "subject": "Customer journey CX metrics against targets",
                       "author": "journeymap", "comments": journey.info.description,
                       "created": dt.datetime.combine(today, dt.time())})
    fmt = _Formats(wb)
    cards = Scorecards(journey, flt)
    weak = rank_weak(cards)
    metrics = journey.metrics
    phase_names = {p.id: p.name for p in journey.phases}
    lane_names = {lane.id: lane.name for lane in journey.lanes}

    summary = wb.add_worksheet("Summary")
    tps = wb.add_worksheet("Touchpoints")
    weak_ws = wb.add_worksheet("Weak touchpoints")
    meas_ws = wb.add_worksheet("Measurements")
    metrics_ws = wb.add_worksheet("Metrics")
    points = priority_matrix(journey, cards)
    priority_ws = wb.add_worksheet("Priority matrix") if points else None
    before = previous_period(journey, cards.period)
    since = compare_periods(journey, before, cards.period, cards.filter.segment, cards.filter.state) \
        if before is not None and cards.period is not None else None
    since_ws = wb.add_worksheet("What got worse") if since is not None else None
    actions_ws = wb.add_worksheet("Actions") if journey.actions else None
    personas_ws = wb.add_worksheet("Personas") if journey.personas else None
    emotions_ws = wb.add_worksheet("Emotions by persona") if journey.personas else None
    future_ws = wb.add_worksheet("Future state") if has_future_state(journey) else None
    evidence_ws = wb.add_worksheet("Evidence") if has_evidence(journey) else None
    summary.activate()

    _write_summary(journey, _Sheet(summary, fmt), wb, cards, weak, today, flt)
    _write_touchpoints(journey, _Sheet(tps, fmt), cards, metrics, phase_names, lane_names)
    _write_weak(_Sheet(weak_ws, fmt), weak, phase_names)
    _write_measurements(journey, _Sheet(meas_ws, fmt), phase_names)
    _write_metrics(_Sheet(metrics_ws, fmt), metrics)
    if priority_ws is not None:
        _write_priority(_Sheet(priority_ws, fmt), wb, points, phase_names, journey)
    if since_ws is not None and since is not None:
        _write_worse(_Sheet(since_ws, fmt), since)
    if actions_ws is not None:
        _write_actions(journey, _Sheet(actions_ws, fmt))
    if personas_ws is not None and emotions_ws is not None:
        write_personas(journey, _Sheet(personas_ws, fmt))
        write_persona_emotions(journey, _Sheet(emotions_ws, fmt), phase_names)
    if future_ws is not None:
        write_future_state(journey, _Sheet(future_ws, fmt), phase_names, lane_names)
    if evidence_ws is not None:
        write_evidence(journey, _Sheet(evidence_ws, fmt), phase_names)
    wb.close()


ACTION_WIDTHS = [32, 12, 18, 9, 9, 12, 30, 48]


def _write_actions(journey: Journey, s: _Sheet) -> None:
    """The actions, open ones first, then by impact: a work list to track."""
    headers = ["Action", "Status", "Owner", "Impact", "Effort", "Due", "Touchpoints", "Description"]
    order = {"high": 0, "medium": 1, "low": 2}
    actions = sorted(journey.actions, key=lambda a: (not a.is_open, order[a.impact], a.due or "9999"))
    for r_i, a in enumerate(actions, start=1):
        names = "; ".join(journey.touchpoint(t).name for t in a.touchpoints)
        for col, text in enumerate((a.title, a.status, a.owner, a.impact, a.effort, a.due, names, a.description)):
            s.text(r_i, col, text, s.fmt.wrap if col in (0, 6, 7) else None)
        s.fit_row(r_i, [(len(a.title), ACTION_WIDTHS[0]), (len(names), ACTION_WIDTHS[6]),
                        (len(a.description), ACTION_WIDTHS[7])])
    s.table(0, headers, len(actions), "Actions", ACTION_WIDTHS)


WORSE_WIDTHS = [20, 28, 20, 11, 11, 14, 18, 18]


def _write_worse(s: _Sheet, since: Comparison) -> None:
    """What got worse since the previous period: one review list per owner
    (the owner column first, sorted, so a filter gives each theirs)."""
    fmt = s.fmt
    headers = ["Owner", "Touchpoint or phase", "Metric", since.old_label, since.new_label,
               "Better + / worse −", "Status before", "Status now"]
    r_i = 0
    for owner, changes in since.by_owner(since.worse()).items():
        for c in changes:
            r_i += 1
            s.text(r_i, 0, owner)
            s.text(r_i, 1, c.node_name, fmt.wrap)
            s.text(r_i, 2, c.metric_name)
            s.num(r_i, 3, c.old)
            s.num(r_i, 4, c.new)
            s.num(r_i, 5, None if c.change is None else round(c.change, 4))
            s.text(r_i, 6, status_text(c.old_status))
            s.text(r_i, 7, status_text(c.new_status))
    s.table(0, headers, r_i, "WhatGotWorse", WORSE_WIDTHS)
    for col in (6, 7):
        for status in Status:
            s.ws.conditional_format(1, col, max(r_i, 1), col, {
                "type": "text", "criteria": "begins with", "value": status.symbol, "format": fmt.cf[status]})


def _write_priority(s: _Sheet, wb: xlsxwriter.Workbook, points: list[PriorityPoint], phase_names: dict[str, str],
                    journey: Journey) -> None:
    """The priority matrix as a table and a native scatter chart, one series
    per quadrant so each has its own colour and legend entry."""
    fmt = s.fmt
    headers = ["Touchpoint", "Phase", "Importance for loyalty", "Performance vs target", "Quadrant"]
    order = {q: i for i, q in enumerate(QUADRANTS)}
    rows = sorted(points, key=lambda p: (order[p.quadrant], -p.importance))
    phase_of = {tp.id: tp.phase for tp in journey.touchpoints}
    for r_i, p in enumerate(rows, start=1):
        s.text(r_i, 0, p.name)
        s.text(r_i, 1, phase_names.get(phase_of[p.touchpoint], ""))
        s.num(r_i, 2, p.importance, fmt.percent)
        s.num(r_i, 3, p.performance, fmt.percent_points)
        s.text(r_i, 4, p.quadrant)
    s.table(0, headers, len(rows), "PriorityMatrix", [30, 20, 14, 14, 24])
    chart = wb.add_chart({"type": "scatter"})
    colours = {FIX_FIRST: "#c62828", KEEP_IT_UP: "#1a7f37", OVERINVESTMENT: "#0969da", LOW_PRIORITY: "#6e7781"}
    for quadrant in QUADRANTS:
        idx = [i for i, p in enumerate(rows, start=1) if p.quadrant == quadrant]
        if not idx:
            continue
        first, last = idx[0], idx[-1]  # rows are grouped by quadrant
        chart.add_series({
            "name": quadrant,
            "categories": ["Priority matrix", first, 2, last, 2],
            "values": ["Priority matrix", first, 3, last, 3],
            "marker": {"type": "circle", "size": 8, "fill": {"color": colours[quadrant]},
                       "border": {"color": colours[quadrant]}},
        })
    chart.set_title({"name": "Priority matrix: importance vs performance"})
    chart.set_x_axis({"name": "Importance for loyalty", "num_format": "0%", "min": 0})
    chart.set_y_axis({"name": "Performance vs target (share of scale)", "num_format": "0%",
                      "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 480})
    s.ws.insert_chart(len(rows) + 3, 0, chart)


# Which journey the figures are of, said on the Summary's Data line.
STATE_NOTES = {"both": "", "current": "; the current journey (without the future state's new touchpoints)",
               "future": "; the future journey (without retired touchpoints, by the future state's targets)"}


def _write_summary(journey: Journey, s: _Sheet, wb: xlsxwriter.Workbook, cards: Scorecards, weak: list[WeakTouchpoint],
                   today: dt.date, flt: Filter) -> None:
    fmt, ws = s.fmt, s.ws
    metrics = [m for m in journey.metrics if any(cards.result_for(p.id, m.id) for p in journey.phases)]
    # One page wide at a readable size: a narrow column per metric whose
    # result and target wrap onto two lines.
    last_col = max(4, len(metrics))
    ws.set_column(0, 0, 30)
    ws.set_column(1, last_col, SUMMARY_COLUMN)
    ws.set_row(0, 26)  # the title's larger type
    s.text(0, 0, journey.info.name, fmt.title)
    s.text(1, 0, "Customer journey summary", fmt.subtitle)
    s.text(2, 0, "Date", fmt.bold)
    ws.write_datetime(2, 1, dt.datetime.combine(today, dt.time()), fmt.date)
    filt = f"segment: {flt.segment or 'all customers'}; period: {cards.period or 'none'}" + (
        "" if flt.period else " (the latest in the data)") + STATE_NOTES[flt.state]
    s.text(3, 0, "Data", fmt.bold)
    s.text(3, 1, filt)
    health = cards.health_percent()
    overall = cards.journey_status()
    s.text(4, 0, "Overall health", fmt.bold)
    if health is None:
        s.text(4, 1, "no data")
    else:
        s.num(4, 1, health / 100.0, fmt.percent)
        s.text(4, 2, "of measured results meet their target")
    s.text(5, 0, "Overall status", fmt.bold)
    s.text(5, 1, status_text(overall), fmt.status[overall])

    row = 7
    s.text(row, 0, "Touchpoints by status", fmt.h2)
    row += 1
    counts = cards.status_counts()
    for status in (Status.RED, Status.AMBER, Status.GREEN, Status.NONE):
        s.text(row, 0, status_text(status), fmt.status[status])
        s.num(row, 1, counts[status], fmt.integer)
        row += 1

    row += 1
    s.text(row, 0, "Scorecard per phase", fmt.h2)
    row += 1
    s.text(row, 0, "Phase", fmt.header)
    for i, m in enumerate(metrics):
        s.text(row, 1 + i, m.name, fmt.header)
    row += 1
    for phase in journey.phases:
        status = cards.phase_status(phase.id)
        s.text(row, 0, f"{phase.name}  {status.symbol}", fmt.status[status] if status is not Status.NONE else fmt.text)
        longest = 0
        for i, m in enumerate(metrics):
            r = cards.result_for(phase.id, m.id)
            if r is None:
                s.text(row, 1 + i, "–")
                continue
            target = format_value(m, r.target) if r.target is not None else "no target"
            text = f"{format_value(m, r.value)} {r.status.symbol} (target {target})"
            s.text(row, 1 + i, text, fmt.status_wrap[r.status])
            longest = max(longest, len(text))
        # Neither Excel nor LibreOffice grows a row for wrapped text written
        # by a program: the row is given the lines its longest cell needs.
        ws.set_row(row, LINE_HEIGHT * _lines(longest, SUMMARY_COLUMN))
        row += 1

    row += 1
    s.text(row, 0, "Top weak touchpoints", fmt.h2)
    row += 1
    for header, col in (("#", 0), ("Touchpoint", 1), ("Phase", 2)):
        s.text(row, col, header, fmt.header)
    ws.merge_range(row, 3, row, last_col, "Why", fmt.header)
    row += 1
    if not weak:
        s.text(row, 0, no_weak_words(cards))
        row += 1
    phase_names = {p.id: p.name for p in journey.phases}
    for w in weak[:10]:
        s.text(row, 0, f"{w.rank}  {w.status.symbol}", fmt.status[w.status])
        s.text(row, 1, w.name, fmt.wrap)
        s.text(row, 2, phase_names.get(w.phase, w.phase), fmt.wrap)
        # The reasons span the columns to the right, wrapped; a merged cell
        # does not grow to fit its text, so its row is given the height.
        why = "; ".join(w.reasons)
        ws.merge_range(row, 3, row, last_col, why, fmt.wrap)
        ws.set_row(row, LINE_HEIGHT * max(_lines(len(why), (last_col - 2) * SUMMARY_COLUMN),
                                          _lines(len(w.name), SUMMARY_COLUMN)))
        row += 1

    # The chart starts a page of its own, so it never splits across two.
    ws.set_h_pagebreaks([row + 1])
    _write_gap_chart(journey, s, wb, cards, metrics, row + 1)
    _print_setup(ws)


def _write_gap_chart(journey: Journey, s: _Sheet, wb: xlsxwriter.Workbook, cards: Scorecards, metrics: list[MetricDef],
                     row: int) -> None:
    """A native clustered bar chart: per phase, each metric's gap to its
    target as a share of the metric's scale (so NPS points and hours can
    stand side by side); below zero misses the target."""
    if not metrics or not journey.phases:
        return
    fmt = s.fmt
    s.text(row, 0, "Gap to target per phase (% of each metric's scale; below 0 misses the target)", fmt.h2)
    head = row + 1
    s.text(head, 0, "Phase", fmt.header)
    for i, m in enumerate(metrics):
        s.text(head, 1 + i, m.name, fmt.header)
    for r_i, phase in enumerate(journey.phases):
        s.text(head + 1 + r_i, 0, phase.name)
        for i, m in enumerate(metrics):
            r = cards.result_for(phase.id, m.id)
            gap = r.gap(m) if r else None
            s.num(head + 1 + r_i, 1 + i, None if gap is None else gap / m.scale_range, fmt.percent_points)
    last = head + len(journey.phases)
    chart = wb.add_chart({"type": "bar"})
    for i in range(len(metrics)):
        chart.add_series({
            "name": ["Summary", head, 1 + i],
            "categories": ["Summary", head + 1, 0, last, 0],
            "values": ["Summary", head + 1, 1 + i, last, 1 + i],
            "gap": 60,
        })
    chart.set_title({"name": "Gap to target per phase"})
    chart.set_x_axis({"name": "Gap (% of scale)", "num_format": "0%", "major_gridlines": {"visible": True}})
    # Phase names at the left edge, not on the zero line among the bars.
    chart.set_y_axis({"reverse": True, "label_position": "low"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 860, "height": 60 + 50 * len(journey.phases) + 40})
    s.ws.insert_chart(last + 2, 0, chart)


# Touchpoints sheet: the widths of its columns before the metrics'.
TP_WIDTHS = [26, 18, 16, 12, 16, 9, 10, 7, 14, 30, 30, 30]
PER_METRIC = 6  # value, n, interval, target, gap, status
LOW_CONFIDENCE = "low: may meet its targets"


def interval_text(metric: MetricDef, r: MetricResult) -> str:
    """"64%–79%", and "(target inside)" when the data cannot yet tell the
    value from its target."""
    iv = r.interval(metric)
    if iv is None:
        return ""
    text = range_words(metric, iv)
    if iv.widest:
        text += " (widest possible)"
    return f"{text} (target inside)" if r.target is not None and iv.contains(r.target) else text


def _write_touchpoints(journey: Journey, s: _Sheet, cards: Scorecards, metrics: list[MetricDef],
                       phase_names: dict[str, str], lane_names: dict[str, str]) -> None:
    fmt = s.fmt
    base = ["Touchpoint", "Phase", "Lane", "Channel", "Owner", "Emotion", "Moment of truth",
            "Votes", "Status", "Pain points", "Opportunities", "Notes"]
    headers = list(base)
    for m in metrics:
        headers += [f"{m.name} value", f"{m.name} n", f"{m.name} 95% interval", f"{m.name} target",
                    f"{m.name} gap", f"{m.name} status"]
    rows = [tp for tp in journey.touchpoints if cards.in_view(tp)]
    first = 0
    for r_i, tp in enumerate(rows, start=first + 1):
        status = cards.touchpoint_status(tp.id)
        s.text(r_i, 0, tp.name, fmt.wrap)
        s.text(r_i, 1, phase_names.get(tp.phase, tp.phase))
        s.text(r_i, 2, lane_names.get(tp.lane, tp.lane))
        s.text(r_i, 3, tp.channel)
        s.text(r_i, 4, tp.owner)
        s.num(r_i, 5, tp.emotion, fmt.points)
        s.text(r_i, 6, "★ yes" if tp.moment_of_truth else "")
        s.num(r_i, 7, tp.votes or None, fmt.integer)
        s.text(r_i, 8, status_text(status))
        s.text(r_i, 9, "; ".join(tp.pain_points), fmt.wrap)
        s.text(r_i, 10, "; ".join(tp.opportunities), fmt.wrap)
        s.text(r_i, 11, "; ".join(tp.notes), fmt.wrap)
        s.fit_row(r_i, [(len(tp.name), TP_WIDTHS[0])] + [
            (len("; ".join(texts)), TP_WIDTHS[9 + k])
            for k, texts in enumerate((tp.pain_points, tp.opportunities, tp.notes))])
        results = {r.metric: r for r in cards.touchpoints.get(tp.id, [])}
        col = len(base)
        for m in metrics:
            r = results.get(m.id)
            if r is not None:
                value, vf = _value_cell(m, r.value, fmt)
                target, tf = _value_cell(m, r.target, fmt)
                gap, gf = _gap_cell(m, r.gap(m), fmt)
                s.num(r_i, col, value, vf)
                s.num(r_i, col + 1, r.n, fmt.integer)
                s.text(r_i, col + 2, interval_text(m, r))
                s.num(r_i, col + 3, target, tf)
                s.num(r_i, col + 4, gap, gf)
                s.text(r_i, col + 5, status_words(m, r))
            else:
                for k in (0, 1, 3, 4):
                    s.num(r_i, col + k, None)
                s.text(r_i, col + 2, "")
                s.text(r_i, col + 5, "")
            col += PER_METRIC
    widths = TP_WIDTHS + [11, 7, 17, 10, 10, 14] * len(metrics)
    # Too wide for one page at a readable size (27 columns with three
    # metrics): printed across pages at a fixed scale instead.
    s.table(first, headers, len(rows), "Touchpoints", widths, fit_width=False)
    last = first + max(len(rows), 1)
    status_cols = [8] + [len(base) + PER_METRIC * i + 5 for i in range(len(metrics))]
    for col in status_cols:
        for status in Status:
            s.ws.conditional_format(first + 1, col, last, col, {
                "type": "text", "criteria": "begins with", "value": status.symbol, "format": fmt.cf[status]})


WEAK_WIDTHS = [7, 28, 18, 16, 9, 14, 60]


def _write_weak(s: _Sheet, weak: list[WeakTouchpoint], phase_names: dict[str, str]) -> None:
    fmt = s.fmt
    headers = ["Rank", "Touchpoint", "Phase", "Status", "Score", "Confidence", "Reasons"]
    for r_i, w in enumerate(weak, start=1):
        s.num(r_i, 0, w.rank, fmt.integer)
        s.text(r_i, 1, w.name, fmt.wrap)
        s.text(r_i, 2, phase_names.get(w.phase, w.phase))
        s.text(r_i, 3, status_text(w.status))
        s.num(r_i, 4, w.score, fmt.score)
        s.text(r_i, 5, LOW_CONFIDENCE if w.low_confidence else "", fmt.wrap)
        s.text(r_i, 6, "; ".join(w.reasons), fmt.wrap)
        s.fit_row(r_i, [(len("; ".join(w.reasons)), WEAK_WIDTHS[6]), (len(w.name), WEAK_WIDTHS[1]),
                        (len(LOW_CONFIDENCE) if w.low_confidence else 0, WEAK_WIDTHS[5])])
    s.table(0, headers, len(weak), "WeakTouchpoints", WEAK_WIDTHS)
    for status in Status:
        s.ws.conditional_format(1, 3, max(len(weak), 1), 3, {
            "type": "text", "criteria": "begins with", "value": status.symbol, "format": fmt.cf[status]})


def _write_measurements(journey: Journey, s: _Sheet, phase_names: dict[str, str]) -> None:
    fmt = s.fmt
    names = {tp.id: tp.name for tp in journey.touchpoints}
    metric_defs = {m.id: m for m in journey.metrics}
    headers = ["Touchpoint or phase", "Kind", "Metric", "Value", "n", "Period", "Segment", "Source", "sd"]
    ms = sorted(journey.measurements, key=lambda m: m.key)
    ws = s.ws
    for r_i, m in enumerate(ms, start=1):
        metric = metric_defs[m.metric]
        is_tp = m.node in names
        ws.write_string(r_i, 0, names.get(m.node) or phase_names.get(m.node, m.node))
        ws.write_string(r_i, 1, "touchpoint" if is_tp else "phase")
        ws.write_string(r_i, 2, metric.name)
        value, vf = _value_cell(metric, m.value, fmt)
        ws.write_number(r_i, 3, value, vf)
        if m.n is not None:
            ws.write_number(r_i, 4, m.n, fmt.integer)
        if m.period:
            ws.write_string(r_i, 5, m.period)
        if m.segment:
            ws.write_string(r_i, 6, m.segment)
        if m.source:
            ws.write_string(r_i, 7, m.source)
        if m.sd is not None:
            ws.write_number(r_i, 8, m.sd, fmt.score)
    s.table(0, headers, len(ms), "Measurements", [30, 11, 20, 10, 8, 12, 14, 24, 9])


def _write_metrics(s: _Sheet, metrics: list[MetricDef]) -> None:
    headers = ["Metric", "Id", "Unit", "Scale from", "Scale to", "Better when", "Aggregation",
               "Target", "Amber band", "Band is", "Weight", "Minimum n"]
    for r_i, m in enumerate(metrics, start=1):
        s.text(r_i, 0, m.name)
        s.text(r_i, 1, m.id)
        s.text(r_i, 2, m.unit)
        s.num(r_i, 3, m.scale_min)
        s.num(r_i, 4, m.scale_max)
        s.text(r_i, 5, m.direction)
        s.text(r_i, 6, m.aggregation)
        s.num(r_i, 7, m.target)
        s.num(r_i, 8, m.amber)
        s.text(r_i, 9, "% of target" if m.amber_mode == "percent" else "absolute")
        s.num(r_i, 10, m.weight)
        s.num(r_i, 11, m.min_n or None, s.fmt.integer)
    s.table(0, headers, len(metrics), "Metrics", [24, 10, 8, 10, 10, 11, 12, 9, 11, 12, 8, 10])

