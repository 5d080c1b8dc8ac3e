#!/usr/bin/env python3
"""Write the sample platform exports in this folder, and expected.json.

Run:  python3 tests/io/exports/make_exports.py

Deterministic: every answer comes from random.Random(<fixed seed>) and the xlsx
files carry a fixed creation date, so a rerun rewrites identical bytes.
Standard library + xlsxwriter only (openpyxl is not needed to write).

How each file mimics its platform, and where that shape comes from, is in
SOURCES.md next to this script.  The expected values are computed here from
the generated answers themselves (before they are rendered into the platform's
format), with the plain definitions below, so they are an independent check
on the importer rather than a copy of its logic:

  nps  = % of 0-10 answers that are 9-10  minus  % that are 0-6
  csat = % of 1-5 answers that are 4 or 5 (top-two-box)
  ces  = mean of 1-7 answers
  fcr  = % of yes/no answers that are yes

Periods are calendar quarters of the response's local date as written in the
file ("2026-Q1").  Segment "" is every answer; per-segment values are given
only where the file has a segment column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections import defaultdict
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
FIXED_CREATED = dt.datetime(2026, 7, 1, 9, 0, 0)

# The sample journey's touchpoints, in journey order: id -> name.
TOUCHPOINTS = {
    "search-ad": "Search ad & blog article",
    "webinar": "Industry webinar",
    "pricing-page": "Pricing page",
    "free-trial": "Free trial sign-up",
    "sales-demo": "Sales demo",
    "security-review": "Security questionnaire",
    "contract": "Contract & invoice",
    "kickoff": "Onboarding kick-off",
    "data-import": "First data import",
    "provisioning": "Account provisioning",
    "daily-use": "Daily dashboards",
    "support-chat": "Support chat",
    "ticket-escalation": "Ticket escalation",
    "knowledge-base": "Help centre",
    "qbr": "Quarterly business review",
    "renewal-quote": "Renewal quote",
    "referral": "Referral & review",
}
TP_ORDER = list(TOUCHPOINTS)
METRIC_ORDER = ["nps", "csat", "ces", "fcr"]

SAT_LABELS = {
    1: "Very dissatisfied",
    2: "Dissatisfied",
    3: "Neither satisfied nor dissatisfied",
    4: "Satisfied",
    5: "Very satisfied",
}

# --------------------------------------------------------------------------
# The independent arithmetic.


def quarter(d: dt.date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def metric_value(metric: str, answers: list[int]) -> float:
    n = len(answers)
    if metric == "nps":
        promoters = sum(1 for a in answers if a >= 9)
        detractors = sum(1 for a in answers if a <= 6)
        return promoters * 100.0 / n - detractors * 100.0 / n
    if metric == "csat":
        return sum(1 for a in answers if a in (4, 5)) * 100.0 / n
    if metric == "ces":
        return sum(answers) / n
    if metric == "fcr":
        return sum(1 for a in answers if a == 1) * 100.0 / n
    raise ValueError(metric)


class Expected:
    """Collects (touchpoint, metric, period, segment) -> answers."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)

    def add(self, tp: str, metric: str, when: dt.date, answer: int, segment: str = "") -> None:
        assert tp in TOUCHPOINTS, tp
        period = quarter(when)
        self.answers[(tp, metric, period, "")].append(answer)
        if segment:
            self.answers[(tp, metric, period, segment)].append(answer)

    def values(self) -> list[dict]:
        def key(k):
            tp, metric, period, segment = k
            return (TP_ORDER.index(tp), METRIC_ORDER.index(metric), period, segment)

        out = []
        for k in sorted(self.answers, key=key):
            tp, metric, period, segment = k
            answers = self.answers[k]
            out.append({
                "touchpoint": tp,
                "metric": metric,
                "period": period,
                "segment": segment,
                "value": round(metric_value(metric, answers), 4),
                "n": len(answers),
            })
        return out


# --------------------------------------------------------------------------
# Answer generators (seeded).

NPS_W = {
    "good": [1, 0, 1, 1, 1, 2, 3, 6, 12, 20, 25],
    "mid": [2, 1, 2, 2, 3, 5, 7, 12, 14, 10, 8],
    "poor": [5, 3, 4, 5, 6, 8, 9, 9, 7, 4, 3],
}
CSAT_W = {"good": [2, 3, 8, 35, 45], "mid": [6, 10, 20, 38, 22], "poor": [15, 20, 25, 28, 12]}
CES_W = {
    "good": [1, 2, 3, 6, 14, 28, 26],
    "mid": [3, 5, 9, 16, 24, 16, 9],
    "poor": [10, 14, 18, 20, 14, 8, 4],
}
FCR_P = {"good": 0.82, "mid": 0.68, "poor": 0.5}


def draw_nps(rng, q):
    return rng.choices(range(11), weights=NPS_W[q])[0]


def draw_csat(rng, q):
    return rng.choices(range(1, 6), weights=CSAT_W[q])[0]


def draw_ces(rng, q):
    return rng.choices(range(1, 8), weights=CES_W[q])[0]


def draw_fcr(rng, q):
    return 1 if rng.random() < FCR_P[q] else 0


# Windows keep clear of quarter boundaries so no timezone reading can move a
# response into another quarter.
WINDOWS = {
    "2026-Q1": (dt.date(2026, 1, 5), dt.date(2026, 3, 20)),
    "2026-Q2": (dt.date(2026, 4, 6), dt.date(2026, 6, 19)),
}


def draw_datetime(rng, period: str, day: int | None = None) -> dt.datetime:
    start, end = WINDOWS[period]
    if day is None:
        d = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    else:  # a fixed day of a random month in the window
        month = rng.choice(sorted({(start + dt.timedelta(days=i)).month for i in range((end - start).days + 1)}))
        d = dt.date(start.year, month, day)
        d = min(max(d, start), end)
    t = dt.time(rng.randrange(8, 20), rng.randrange(60), rng.randrange(60))
    return dt.datetime.combine(d, t)


def ip(rng) -> str:
    net = rng.choice(["192.0.2", "198.51.100", "203.0.113"])  # documentation ranges
    return f"{net}.{rng.randrange(1, 255)}"


ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def qualtrics_response_id(rng) -> str:
    return "R_" + "".join(rng.choice(ALNUM) for _ in range(15))


COMMENTS = [
    "",
    "",
    "",
    "Quick and friendly.",
    "Great demo, but the pricing tiers were confusing.",
    'The "Export" button is hard to find.',
    "Took three emails to get an answer,\nand the last one contradicted the first.",
    "Très bien, merci — rien à ajouter.",
    "Worked first time 👍",
    "Had to wait ~20 min; otherwise fine.",
    "Kick-off was useful; slides arrived late.",
    "N/A",
    "Costs in € would help our finance team.",
]


def csv_text(rows, **fmt) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, **fmt)
    w.writerows(rows)
    return buf.getvalue()


def write_text(name: str, text: str, encoding: str = "utf-8") -> None:
    with open(HERE / name, "w", encoding=encoding, newline="") as f:
        f.write(text)


def new_workbook(name: str) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(HERE / name))
    wb.set_properties({"created": FIXED_CREATED, "author": "journeymap fixtures"})
    return wb


# --------------------------------------------------------------------------
# 1. Qualtrics CSV, numeric values.

QUALTRICS_META = [
    # column id, row-2 text, ImportId object
    ("StartDate", "Start Date", {"ImportId": "startDate", "timeZone": "America/Denver"}),
    ("EndDate", "End Date", {"ImportId": "endDate", "timeZone": "America/Denver"}),
    ("Status", "Response Type", {"ImportId": "status"}),
    ("IPAddress", "IP Address", {"ImportId": "ipAddress"}),
    ("Progress", "Progress", {"ImportId": "progress"}),
    ("Duration (in seconds)", "Duration (in seconds)", {"ImportId": "duration"}),
    ("Finished", "Finished", {"ImportId": "finished"}),
    ("RecordedDate", "Recorded Date", {"ImportId": "recordedDate", "timeZone": "America/Denver"}),
    ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
    ("RecipientLastName", "Recipient Last Name", {"ImportId": "recipientLastName"}),
    ("RecipientFirstName", "Recipient First Name", {"ImportId": "recipientFirstName"}),
    ("RecipientEmail", "Recipient Email", {"ImportId": "recipientEmail"}),
    ("ExternalReference", "External Data Reference", {"ImportId": "externalDataReference"}),
    ("LocationLatitude", "Location Latitude", {"ImportId": "locationLatitude"}),
    ("LocationLongitude", "Location Longitude", {"ImportId": "locationLongitude"}),
    ("DistributionChannel", "Distribution Channel", {"ImportId": "distributionChannel"}),
    ("UserLanguage", "User Language", {"ImportId": "userLanguage"}),
]


def import_id(obj: dict) -> str:
    # Qualtrics writes compact JSON; the csv writer doubles the quotes.
    return json.dumps(obj, separators=(",", ":"))


LOCATIONS = [("39.7392", "-104.9903"), ("40.7128", "-74.0060"), ("51.5072", "-0.1276"),
             ("52.5200", "13.4050"), ("47.6062", "-122.3321")]


def qualtrics_meta_values(rng, start: dt.datetime, finished: bool, numeric: bool) -> tuple[list, dt.datetime]:
    duration = rng.randrange(45, 900)
    end = start + dt.timedelta(seconds=duration)
    # Partial responses are recorded when they expire, a week later.
    recorded = end + (dt.timedelta(seconds=rng.randrange(1, 4)) if finished else dt.timedelta(days=7))
    lat, lon = rng.choice(LOCATIONS)
    lat = f"{lat}{rng.randrange(10**7):07d}"
    lon = f"{lon}{rng.randrange(10**7):07d}"
    fmt = "%Y-%m-%d %H:%M:%S"
    if numeric:
        status, fin, progress = 0, (1 if finished else 0), (100 if finished else rng.choice([33, 50, 67]))
    else:
        status, fin = "IP Address", ("True" if finished else "False")
        progress = 100 if finished else rng.choice([33, 50, 67])
    channel = rng.choice(["anonymous", "anonymous", "email"])
    values = [
        start.strftime(fmt), end.strftime(fmt), status, ip(rng), progress, duration, fin,
        recorded.strftime(fmt), qualtrics_response_id(rng), "", "", "", "", lat, lon, channel, "EN",
    ]
    return values, recorded


def make_qualtrics_nps_csat() -> dict:
    rng = random.Random(20260101)
    name = "qualtrics_nps_csat.csv"
    nps_text = "How likely are you to recommend Acme Analytics to a friend or colleague?"
    csat_text = "Overall, how satisfied are you with Acme Analytics?"
    comment_text = "What is the main reason for your score?"
    role_text = "Which best describes your role?"
    roles = {1: "Analyst", 2: "Team lead", 3: "Executive", 4: "IT / admin", 5: "Other (please specify)"}
    columns = [
        *QUALTRICS_META,
        ("Q1_NPS_GROUP", nps_text, {"ImportId": "QID1_NPS_GROUP"}),
        ("Q1", nps_text, {"ImportId": "QID1"}),
        ("Q2", csat_text, {"ImportId": "QID2"}),
        ("Q3", comment_text, {"ImportId": "QID3_TEXT"}),
        ("Q4", f"{role_text} - Selected Choice", {"ImportId": "QID4"}),
        ("Q4_5_TEXT", f"{role_text} - {roles[5]} - Text", {"ImportId": "QID4_5_TEXT"}),
        ("Touchpoint", "Touchpoint", {"ImportId": "Touchpoint"}),
    ]
    rows = [[c[0] for c in columns], [c[1] for c in columns], [import_id(c[2]) for c in columns]]

    plan = {  # touchpoint -> quality
        "sales-demo": "good", "kickoff": "mid", "support-chat": "mid",
        "qbr": "good", "renewal-quote": "poor",
    }
    exp = Expected()
    not_counted = 0
    records = []
    for period in ["2026-Q1", "2026-Q2"]:
        for tp, q in plan.items():
            for _ in range(rng.randrange(11, 17)):
                records.append((draw_datetime(rng, period), tp, q))
    # Three responses where the panel never set the embedded field.
    for period in ["2026-Q1", "2026-Q2", "2026-Q2"]:
        records.append((draw_datetime(rng, period), None, "mid"))
    records.sort(key=lambda r: r[0])

    for start, tp, q in records:
        finished = rng.random() > 0.06
        meta, recorded = qualtrics_meta_values(rng, start, finished, numeric=True)
        assert quarter(start.date()) == quarter(recorded.date())
        nps = draw_nps(rng, q) if rng.random() > 0.04 else None
        csat = draw_csat(rng, q) if finished and rng.random() > 0.06 else None
        comment = rng.choice(COMMENTS) if finished else ""
        role = rng.choice(list(roles)) if finished and rng.random() > 0.1 else None
        role_other = rng.choice(["Consultant", "Procurement", "Data engineer"]) if role == 5 else ""
        group = "" if nps is None else (1 if nps <= 6 else 2 if nps <= 8 else 3)
        rows.append([
            *meta, group, "" if nps is None else nps, "" if csat is None else csat, comment,
            "" if role is None else role, role_other, TOUCHPOINTS[tp] if tp else "",
        ])
        for metric, answer in (("nps", nps), ("csat", csat)):
            if answer is None:
                continue
            if tp is None:
                not_counted += 1
            else:
                exp.add(tp, metric, start.date(), answer)

    write_text(name, csv_text(rows), encoding="utf-8-sig")
    return {name: {
        "platform": "Qualtrics (Data & Analysis > Export data > CSV, numeric values)",
        "values": exp.values(),
        "date_order": "ymd",
        "date_column": "RecordedDate (StartDate/EndDate fall in the same quarter)",
        "header_rows": 3,
        "encoding": "utf-8-sig",
        "touchpoint_source": "embedded data column 'Touchpoint' (touchpoint names)",
        "notes": (
            "Three header rows: column ids, question texts, ImportId JSON. Q1 is the NPS 0-10 answer; "
            "Q1_NPS_GROUP is Qualtrics' derived group (1 detractor, 2 passive, 3 promoter) and must not be "
            "counted as a second answer. Q2 is CSAT 1-5 (1 Very dissatisfied .. 5 Very satisfied). "
            "Rows with Finished=0 are partial responses Qualtrics recorded a week later; their answers count. "
            "answers_not_counted = NPS/CSAT answers in rows whose Touchpoint field is empty."
        ),
        "unmapped_columns": ["Q1_NPS_GROUP", "Q3", "Q4", "Q4_5_TEXT"],
        "answers_not_counted": not_counted,
    }}


# --------------------------------------------------------------------------
# 2. Qualtrics xlsx, choice text.


def make_qualtrics_labels() -> dict:
    rng = random.Random(20260102)
    name = "qualtrics_labels.xlsx"
    csat_text = "Overall, how satisfied are you with the support you received?"
    fcr_text = "Was your issue resolved on first contact?"
    comment_text = "What could we have done better?"
    columns = [
        *QUALTRICS_META,
        ("Q1", csat_text, {"ImportId": "QID1"}),
        ("Q2", fcr_text, {"ImportId": "QID2"}),
        ("Q3", comment_text, {"ImportId": "QID3_TEXT"}),
        ("Touchpoint", "Touchpoint", {"ImportId": "Touchpoint"}),
    ]
    plan = {"support-chat": "good", "ticket-escalation": "poor", "knowledge-base": "mid",
            "data-import": "mid", "provisioning": "good"}
    exp = Expected()
    records = []
    for period in ["2026-Q1", "2026-Q2"]:
        for tp, q in plan.items():
            for _ in range(rng.randrange(8, 13)):
                records.append((draw_datetime(rng, period), tp, q))
    records.sort(key=lambda r: r[0])

    wb = new_workbook(name)
    ws = wb.add_worksheet("Sheet0")
    for c, col in enumerate(columns):
        ws.write_string(0, c, col[0])
        ws.write_string(1, c, col[1])
        ws.write_string(2, c, import_id(col[2]))
    r = 3
    for start, tp, q in records:
        finished = rng.random() > 0.05
        meta, recorded = qualtrics_meta_values(rng, start, finished, numeric=False)
        assert quarter(start.date()) == quarter(recorded.date())
        csat = draw_csat(rng, q) if rng.random() > 0.05 else None
        fcr = draw_fcr(rng, q) if finished and rng.random() > 0.08 else None
        comment = rng.choice(COMMENTS) if finished else ""
        values = [
            *meta,
            SAT_LABELS[csat] if csat else "",
            "" if fcr is None else ("Yes" if fcr else "No"),
            comment,
            TOUCHPOINTS[tp],
        ]
        for c, v in enumerate(values):
            if v == "":
                continue
            if isinstance(v, int):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, v)
        r += 1
        if csat is not None:
            exp.add(tp, "csat", start.date(), csat)
        if fcr is not None:
            exp.add(tp, "fcr", start.date(), fcr)
    wb.close()
    return {name: {
        "platform": "Qualtrics (Export data > Excel, 'Use choice text')",
        "values": exp.values(),
        "date_order": "ymd",
        "date_column": "RecordedDate (text cells; StartDate/EndDate fall in the same quarter)",
        "header_rows": 3,
        "sheet": "Sheet0",
        "touchpoint_source": "embedded data column 'Touchpoint' (touchpoint names)",
        "notes": (
            "Same three header rows as the CSV export. Answers are choice text: Q1 uses the 5-point "
            "satisfaction labels (csat = share of 'Satisfied' + 'Very satisfied'), Q2 is Yes/No (fcr = share of "
            "Yes). Status is the text 'IP Address' and Finished is 'True'/'False' in a choice-text export. "
            "Skipped questions are empty cells."
        ),
        "unmapped_columns": ["Q3"],
        "answers_not_counted": 0,
    }}


# --------------------------------------------------------------------------
# 3. SurveyMonkey "All responses data", expanded, actual answer text.


def make_surveymonkey() -> dict:
    rng = random.Random(20260103)
    matrix_q = "How satisfied were you with each of the following?"
    nps_q = "How likely is it that you would recommend Acme Analytics to a friend or colleague?"
    open_q = "Is there anything else you would like to tell us?"
    options = [("support-chat", "mid"), ("pricing-page", "poor"), ("knowledge-base", "good"), ("kickoff", "mid")]
    meta_cols = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
                 "Email Address", "First Name", "Last Name", "Custom Data 1"]
    row1 = meta_cols + [matrix_q] + [""] * (len(options) - 1) + [nps_q, open_q]
    row2 = [""] * len(meta_cols) + [TOUCHPOINTS[tp] for tp, _ in options] + ["Response", "Open-Ended Response"]

    exp = Expected()
    not_counted = 0
    nps_answers = 0
    responses = []
    collectors = [431870215, 431870644]
    respondent = 114902356811
    forced_days = [14, 23, 28, 3, 17, 9]  # make sure day > 12 occurs (and day <= 12 too)
    for period in ["2026-Q1", "2026-Q2"]:
        for i in range(rng.randrange(34, 42)):
            day = forced_days[i] if i < len(forced_days) else None
            responses.append(draw_datetime(rng, period, day))
    responses.sort()
    data = []
    for start in responses:
        respondent += rng.randrange(40, 4000)
        end = start + dt.timedelta(seconds=rng.randrange(40, 600))
        matrix = []
        for tp, q in options:
            roll = rng.random()
            if roll < 0.08:
                matrix.append(("", None))
            elif roll < 0.14:
                matrix.append(("N/A", None))
                not_counted += 1
            else:
                a = draw_csat(rng, q)
                matrix.append((SAT_LABELS[a], a))
                exp.add(tp, "csat", start.date(), a)
        nps = draw_nps(rng, "mid") if rng.random() > 0.05 else None
        if nps is not None:
            nps_answers += 1
        comment = rng.choice(COMMENTS)
        data.append({
            "id": respondent, "collector": rng.choice(collectors), "start": start, "end": end,
            "ip": ip(rng), "matrix": [m[0] for m in matrix], "nps": nps, "comment": comment,
        })

    fmt = "%m/%d/%Y %I:%M:%S %p"
    assert any(d["start"].day > 12 for d in data)
    assert any(d["start"].day <= 12 for d in data)

    # CSV
    rows = [row1, row2]
    for d in data:
        rows.append([str(d["id"]), str(d["collector"]), d["start"].strftime(fmt), d["end"].strftime(fmt),
                     d["ip"], "", "", "", ""] + d["matrix"] +
                    ["" if d["nps"] is None else str(d["nps"]), d["comment"]])
    write_text("surveymonkey_matrix.csv", csv_text(rows))

    # XLSX: question text merged across the matrix columns, as SurveyMonkey does.
    wb = new_workbook("surveymonkey_matrix.xlsx")
    ws = wb.add_worksheet("Sheet")
    bold_wrap = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    date_fmt = wb.add_format({"num_format": "mm/dd/yyyy hh:mm:ss AM/PM"})
    m0 = len(meta_cols)
    for c, v in enumerate(row1):
        if m0 < c < m0 + len(options):
            continue
        if c == m0:
            ws.merge_range(0, m0, 0, m0 + len(options) - 1, v, bold_wrap)
        else:
            ws.write_string(0, c, v, bold_wrap)
    for c, v in enumerate(row2):
        if v:
            ws.write_string(1, c, v, bold_wrap)
    for r, d in enumerate(data, start=2):
        ws.write_number(r, 0, d["id"])
        ws.write_number(r, 1, d["collector"])
        ws.write_datetime(r, 2, d["start"], date_fmt)
        ws.write_datetime(r, 3, d["end"], date_fmt)
        ws.write_string(r, 4, d["ip"])
        for i, v in enumerate(d["matrix"]):
            if v:
                ws.write_string(r, m0 + i, v)
        if d["nps"] is not None:
            ws.write_number(r, m0 + len(options), d["nps"])
        if d["comment"]:
            ws.write_string(r, m0 + len(options) + 1, d["comment"])
    ws.set_column(0, 3, 20)
    wb.close()

    common = {
        "platform": "SurveyMonkey (Analyze results > Save as > Export file > All responses data; "
                    "Expanded columns, Actual answer text)",
        "values": exp.values(),
        "date_order": "mdy",
        "date_column": "Start Date (End Date is the same day)",
        "header_rows": 2,
        "touchpoint_source": "matrix row labels in header row 2 under the question "
                            "'How satisfied were you with each of the following?'",
        "notes": (
            "Row 1 names each question once, in the first of its columns (merged across them in the xlsx); "
            "row 2 holds 'Response' / 'Open-Ended Response' for single questions and the matrix row label "
            "(a touchpoint name) under each matrix column; metadata columns have an empty row 2. "
            "Matrix answers are satisfaction labels (csat = 'Satisfied' + 'Very satisfied'), 'N/A' "
            "(not an answer) or empty (skipped). answers_not_counted = number of 'N/A' matrix cells. "
            f"The NPS question names no touchpoint, so its {nps_answers} answers have no expected value."
        ),
        "unmapped_columns": [nps_q, open_q, "Custom Data 1"],
        "answers_not_counted": not_counted,
    }
    csv_entry = dict(common, date_format="%m/%d/%Y %I:%M:%S %p (text)", encoding="utf-8")
    xlsx_entry = dict(common, date_format="Excel datetime cells shown as mm/dd/yyyy hh:mm:ss AM/PM",
                      sheet="Sheet")
    return {"surveymonkey_matrix.csv": csv_entry, "surveymonkey_matrix.xlsx": xlsx_entry}


# --------------------------------------------------------------------------
# 4. Google Forms responses CSV with a grid question.


def google_timestamp(local: dt.datetime) -> str:
    # Form set to Europe/Berlin: CET (GMT+1) until 2026-03-29, CEST (GMT+2) after.
    offset = "GMT+2" if local.date() >= dt.date(2026, 3, 29) else "GMT+1"
    hour12 = local.hour % 12 or 12
    ampm = "AM" if local.hour < 12 else "PM"
    return f"{local:%Y/%m/%d} {hour12}:{local:%M:%S} {ampm} {offset}"


def make_google_forms() -> dict:
    rng = random.Random(20260104)
    name = "google_forms.csv"
    grid_q = "How easy was it to get what you needed?"
    rows_tp = [("support-chat", "good"), ("knowledge-base", "mid"), ("ticket-escalation", "poor")]
    header = ["Timestamp", "Email Address"] + [f"{grid_q} [{TOUCHPOINTS[tp]}]" for tp, _ in rows_tp] + [
        "Anything else we should know?"]
    exp = Expected()
    stamps = [draw_datetime(rng, p) for p in ["2026-Q1"] * 33 + ["2026-Q2"] * 31]
    # The example from the issue text, and a morning/afternoon spread.
    stamps[0] = dt.datetime(2026, 2, 20, 10, 2, 57)
    stamps.sort()
    rows = [header]
    for ts in stamps:
        email = f"user{rng.randrange(100, 999)}@example.{rng.choice(['com', 'org', 'de'])}"
        cells = []
        for tp, q in rows_tp:
            if rng.random() < 0.12:
                cells.append("")
            else:
                a = draw_ces(rng, q)
                cells.append(str(a))
                exp.add(tp, "ces", ts.date(), a)
        rows.append([google_timestamp(ts), email, *cells, rng.choice(COMMENTS)])
    assert "2026/02/20 10:02:57 AM GMT+1" in [r[0] for r in rows]
    write_text(name, csv_text(rows, quoting=csv.QUOTE_ALL))
    return {name: {
        "platform": "Google Forms (Responses > Download responses (.csv))",
        "values": exp.values(),
        "date_order": "ymd",
        "date_column": "Timestamp",
        "date_format": "YYYY/MM/DD h:mm:ss AM|PM GMT+N (zone suffix changes with daylight saving)",
        "header_rows": 1,
        "encoding": "utf-8",
        "touchpoint_source": "grid row label in brackets: 'Question [Row]'",
        "notes": (
            "One column per grid row, headed 'Question text [Row label]'; the row labels are touchpoint "
            "names. Answers are the grid's column labels 1..7 (ces = mean). Empty cell = row skipped. "
            "Timestamps are in the form's time zone with a GMT+1 / GMT+2 suffix; quarters use that local date."
        ),
        "unmapped_columns": ["Email Address", "Anything else we should know?"],
        "answers_not_counted": 0,
    }}


# --------------------------------------------------------------------------
# 5. Zendesk tickets with satisfaction ratings.

SUBJECTS = {
    "support-chat": ["Can't find the export button", "Dashboard filter resets", "How do I add a user?",
                     "Chart shows wrong currency", "SSO login loop"],
    "ticket-escalation": ["Data import stuck at 80%", "API returns 502 since update", "Scheduled report not sent",
                          "Billing: charged twice", "Missing rows after sync"],
}


def make_zendesk() -> dict:
    rng = random.Random(20260105)
    name = "zendesk_satisfaction.csv"
    header = ["Ticket ID", "Subject", "Status", "Priority", "Group", "Assignee", "Via",
              "Created at", "Updated at", "Solved at", "Satisfaction score", "Satisfaction comment"]
    groups = [("support-chat", "good", "Chat"), ("ticket-escalation", "poor", "Web form")]
    agents = ["Priya Raman", "Tomás Ortega", "Jana Novak", "Sam Okafor"]
    exp = Expected()
    not_counted = 0
    tickets = []
    for period in ["2026-Q1", "2026-Q2"]:
        for tp, q, via in groups:
            for _ in range(rng.randrange(32, 42)):
                tickets.append((draw_datetime(rng, period), tp, q, via))
    tickets.sort(key=lambda t: t[0])
    iso = "%Y-%m-%dT%H:%M:%SZ"
    rows = [header]
    ticket_id = 48210
    counts = defaultdict(int)
    for created, tp, q, via in tickets:
        ticket_id += rng.randrange(1, 40)
        solved_after = dt.timedelta(minutes=rng.randrange(20, 60 * 30))
        roll = rng.random()
        if roll < 0.10:  # still open: never offered
            status, score, solved = rng.choice(["open", "pending"]), "unoffered", None
        elif roll < 0.18:  # solved, survey not sent (e.g. spam or internal)
            status, score, solved = "closed", "unoffered", created + solved_after
        elif roll < 0.40:  # offered, customer did not answer
            status, score, solved = rng.choice(["solved", "closed"]), "offered", created + solved_after
        else:
            status, solved = rng.choice(["solved", "closed"]), created + solved_after
            good = rng.random() < {"good": 0.88, "poor": 0.62}[q]
            score = "good" if good else "bad"
        if solved is not None:
            # keep solve in the creation quarter (windows end mid-March / mid-June)
            assert quarter(solved.date()) == quarter(created.date())
        updated = (solved or created) + dt.timedelta(minutes=rng.randrange(1, 600))
        comment = ""
        if score in ("good", "bad") and rng.random() < 0.35:
            comment = rng.choice(["Thanks, solved quickly!", "Agent was great", "Took too long",
                                  "Still not fixed, had to reopen", "Clear answer, \"perfect\"",
                                  "ok"])
        rows.append([str(ticket_id), rng.choice(SUBJECTS[tp]), status, rng.choice(["low", "normal", "normal", "high"]),
                     TOUCHPOINTS[tp], rng.choice(agents), via, created.strftime(iso), updated.strftime(iso),
                     solved.strftime(iso) if solved else "", score, comment])
        counts[score] += 1
        if score in ("good", "bad"):
            exp.add(tp, "csat", created.date(), 5 if score == "good" else 1)
        else:
            not_counted += 1
    write_text(name, csv_text(rows))
    return {name: {
        "platform": "Zendesk Support (tickets with satisfaction_rating, flattened to CSV; API spellings)",
        "values": exp.values(),
        "date_order": "ymd",
        "date_column": "Created at",
        "date_format": "ISO 8601 UTC, e.g. 2026-01-14T09:12:44Z",
        "header_rows": 1,
        "touchpoint_source": "Group column (group names are touchpoint names); Via is the ticket channel, "
                             "not a touchpoint ('Chat' is also the channel of support-chat - do not map by it)",
        "notes": (
            "One row per ticket. Satisfaction score: good = satisfied, bad = not satisfied, csat = "
            "good / (good + bad) * 100 (n = good + bad). 'offered' (survey sent, no answer) and 'unoffered' "
            "(never sent) are not answers. Period from Created at. Score counts: "
            + ", ".join(f"{k} {counts[k]}" for k in ["good", "bad", "offered", "unoffered"])
            + ". answers_not_counted = offered + unoffered rows."
        ),
        "unmapped_columns": ["Via", "Satisfaction comment"],
        "answers_not_counted": not_counted,
    }}


# --------------------------------------------------------------------------
# 6. Medallia-style row-per-response workbook with a segment.


def us_date(d: dt.date) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def make_medallia() -> dict:
    rng = random.Random(20260106)
    name = "medallia_responses.xlsx"
    header = ["Response ID", "Response Date", "Touchpoint", "Segment", "Account Name",
              "Likelihood to Recommend (0-10)", "Overall Satisfaction (1-5)", "Comments"]
    plan = [("pricing-page", "poor"), ("free-trial", "mid"), ("sales-demo", "good"),
            ("daily-use", "good"), ("qbr", "mid")]
    accounts = {"SMB": ["Brightside Bakery", "Nordlicht GmbH", "Kiwi Logistics", "Cedar Dental"],
                "Enterprise": ["Globex Corporation", "Initech", "Umbrella Health", "Stark Industries"]}
    exp = Expected()
    recs = []
    for period in ["2026-Q1", "2026-Q2"]:
        for tp, q in plan:
            for i in range(rng.randrange(12, 19)):
                day = [13, 27, 6][i] if i < 3 else None
                recs.append((draw_datetime(rng, period, day), tp, q))
    recs.sort(key=lambda r: r[0])
    wb = new_workbook(name)
    ws = wb.add_worksheet("Responses")
    bold = wb.add_format({"bold": True})
    for c, h in enumerate(header):
        ws.write_string(0, c, h, bold)
    rid = 7730150
    for r, (when, tp, q) in enumerate(recs, start=1):
        rid += rng.randrange(3, 90)
        seg_roll = rng.random()
        segment = "SMB" if seg_roll < 0.5 else "Enterprise" if seg_roll < 0.88 else ""
        account = rng.choice(accounts[segment]) if segment else ""
        ltr = draw_nps(rng, q) if rng.random() > 0.05 else None
        osat = draw_csat(rng, q) if rng.random() > 0.07 else None
        ws.write_number(r, 0, rid)
        ws.write_string(r, 1, us_date(when.date()))
        ws.write_string(r, 2, TOUCHPOINTS[tp])
        if segment:
            ws.write_string(r, 3, segment)
        if account:
            ws.write_string(r, 4, account)
        if ltr is not None:
            ws.write_number(r, 5, ltr)
            exp.add(tp, "nps", when.date(), ltr, segment)
        if osat is not None:
            ws.write_number(r, 6, osat)
            exp.add(tp, "csat", when.date(), osat, segment)
        comment = rng.choice(COMMENTS)
        if comment:
            ws.write_string(r, 7, comment)
    assert any(w.day > 12 for w, _, _ in recs)
    assert any(w.day <= 12 for w, _, _ in recs)
    ws.set_column(0, 7, 18)
    wb.close()
    return {name: {
        "platform": "Medallia-style response export (row per survey response)",
        "values": exp.values(),
        "date_order": "mdy",
        "date_column": "Response Date",
        "date_format": "m/d/yyyy as text, no leading zeros",
        "header_rows": 1,
        "sheet": "Responses",
        "segment_column": "Segment",
        "segments": ["SMB", "Enterprise"],
        "touchpoint_source": "Touchpoint column (touchpoint names, repeated)",
        "notes": (
            "Likelihood to Recommend is 0-10 (nps); Overall Satisfaction is 1-5 (csat top-two-box). "
            "Segment is SMB, Enterprise or empty; segment '' values aggregate every answer including the "
            "rows with an empty segment, which have no per-segment value of their own."
        ),
        "unmapped_columns": ["Account Name", "Comments"],
        "answers_not_counted": 0,
    }}


# --------------------------------------------------------------------------
# 7a. Plain CSV with US dates.


def make_us_dates() -> dict:
    rng = random.Random(20260107)
    name = "us_dates.csv"
    header = ["Response date", "Touchpoint", "Satisfaction (1-5)", "Effort (1-7)"]
    plan = [("security-review", "poor"), ("contract", "mid"), ("referral", "good")]
    exp = Expected()
    recs = []
    for period in ["2026-Q1", "2026-Q2"]:
        for tp, q in plan:
            for i in range(rng.randrange(6, 9)):
                day = [21, 4, 15][i] if i < 3 else None
                recs.append((draw_datetime(rng, period, day).date(), tp, q))
    recs.sort(key=lambda r: r[0])
    rows = [header]
    for d, tp, q in recs:
        sat = draw_csat(rng, q) if rng.random() > 0.06 else None
        eff = draw_ces(rng, q) if rng.random() > 0.06 else None
        rows.append([us_date(d), TOUCHPOINTS[tp], "" if sat is None else str(sat), "" if eff is None else str(eff)])
        if sat is not None:
            exp.add(tp, "csat", d, sat)
        if eff is not None:
            exp.add(tp, "ces", d, eff)
    assert any(d.day > 12 for d, _, _ in recs)
    write_text(name, csv_text(rows))
    return {name: {
        "platform": "generic spreadsheet CSV (US locale)",
        "values": exp.values(),
        "date_order": "mdy",
        "date_column": "Response date",
        "date_format": "m/d/yyyy",
        "header_rows": 1,
        "touchpoint_source": "Touchpoint column (names with '&')",
        "notes": "Raw answers, one row per response: Satisfaction 1-5 (csat top-two-box), Effort 1-7 (ces mean). "
                 "At least one date has day > 12, which fixes the order as month/day.",
        "unmapped_columns": [],
        "answers_not_counted": 0,
    }}


# --------------------------------------------------------------------------
# 7b. European long table, pre-aggregated.


def make_decimal_comma() -> dict:
    name = "decimal_comma.csv"
    rows_spec = [
        # touchpoint id, metric label, value, n
        ("search-ad", "NPS", -12.5, 1250),
        ("webinar", "NPS", 31.25, 312),
        ("pricing-page", "CSAT", 64.75, 1875),
        ("knowledge-base", "CSAT", 78.4, 2310),
        ("knowledge-base", "CES", 4.5, 1042),
        ("support-chat", "CES", 5.25, 3204),
        ("support-chat", "FCR", 72.5, 1118),
        ("renewal-quote", "CSAT", 81.0, 96),
        ("referral", "NPS", 44.0, 1006),
    ]

    def de_number(x: float) -> str:
        s = f"{x:.2f}".rstrip("0")
        if s.endswith("."):
            s += "0"
        return s.replace(".", ",")

    def de_int(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    rows = [["Touchpoint", "Metric", "Value", "n"]]
    values = []
    for tp, metric, value, n in rows_spec:
        rows.append([TOUCHPOINTS[tp], metric, de_number(value), de_int(n)])
        values.append({"touchpoint": tp, "metric": metric.lower(), "period": "", "segment": "",
                       "value": round(value, 4), "n": n})
    write_text(name, csv_text(rows, delimiter=";"), encoding="utf-8-sig")
    return {name: {
        "platform": "European spreadsheet export (Excel 'CSV UTF-8' with German/Dutch regional settings)",
        "values": values,
        "decimal": ",",
        "thousands": ".",
        "delimiter": ";",
        "encoding": "utf-8-sig",
        "header_rows": 1,
        "touchpoint_source": "Touchpoint column (names)",
        "notes": (
            "Long table of already-aggregated values: Value uses a decimal comma ('4,5' = 4.5, '-12,5' = -12.5) "
            "and n uses '.' as thousands separator ('1.250' = 1250, '96' = 96). The file has no date column, "
            "so period is '' here: the period is whatever the import assigns (e.g. the user's choice)."
        ),
        "unmapped_columns": [],
        "answers_not_counted": 0,
    }}


# --------------------------------------------------------------------------
# 7c. A workshop's list of steps (structure, no numbers).

STEPS = [
    ("Research", "Comparison site listing", "Customer actions", "Web", "Marketing",
     "Compares current accounts on a price-comparison site"),
    ("Research", "Account features page", "Frontstage", "Web", "Digital team",
     "Fees, interest and card options, explained on one page"),
    ("Apply", "Online application form", "Customer actions", "Web", "Digital team",
     "Personal details, income and tax residency; saves progress"),
    ("Apply", "Mobile app download", "Customer actions", "App", "Digital team",
     "Applicant continues on the phone via a QR code"),
    ("Verify identity", "ID document scan", "Frontstage", "App", "KYC operations",
     "Passport or ID card photographed in the app"),
    ("Verify identity", "Video selfie check", "Frontstage", "App", "KYC operations",
     "Liveness check matched against the ID photo"),
    ("Verify identity", "Manual KYC review", "Backstage", "Back office", "Compliance",
     "Flagged applications reviewed by an analyst within 24 h"),
    ("First use", "Debit card delivery", "Customer actions", "Post", "Card operations",
     "Card arrives 3–5 working days after approval"),
    ("First use", "First card payment", "Customer actions", "Card terminal", "Card operations",
     "Contactless payment, confirmed by a push notification"),
    ("First use", "Welcome call", "Frontstage", "Phone", "Customer care",
     "Optional call offering help with switching salary and direct debits"),
]


def make_steps_list() -> dict:
    name = "steps_list.xlsx"
    wb = new_workbook(name)
    ws = wb.add_worksheet("Workshop steps")
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    phase_fmt = wb.add_format({"bold": True, "valign": "top", "border": 1})
    cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    header = ["Phase", "Touchpoint", "Lane", "Channel", "Owner", "Description"]
    for c, h in enumerate(header):
        ws.write_string(0, c, h, head)
    # Phase cells merged down over each phase's steps, as workshop sheets often are.
    r = 1
    i = 0
    while i < len(STEPS):
        phase = STEPS[i][0]
        j = i
        while j < len(STEPS) and STEPS[j][0] == phase:
            j += 1
        if j - i > 1:
            ws.merge_range(r, 0, r + (j - i) - 1, 0, phase, phase_fmt)
        else:
            ws.write_string(r, 0, phase, phase_fmt)
        for k in range(i, j):
            for c, v in enumerate(STEPS[k][1:], start=1):
                ws.write_string(r + (k - i), c, v, cell)
        r += j - i
        i = j
    ws.set_column(0, 0, 16)
    ws.set_column(1, 4, 24)
    ws.set_column(5, 5, 60)
    ws.freeze_panes(1, 0)
    wb.close()
    phases = []
    for s in STEPS:
        if s[0] not in phases:
            phases.append(s[0])
    return {name: {
        "platform": "workshop spreadsheet (list of steps)",
        "values": [],
        "sheet": "Workshop steps",
        "header_rows": 1,
        "phases": phases,
        "touchpoints": [{"name": s[1], "phase": s[0], "lane": s[2], "channel": s[3], "owner": s[4],
                         "description": s[5]} for s in STEPS],
        "notes": (
            "Structure only, no measurements. Phase order is the sheet's order (not alphabetical). The Phase "
            "cells are merged vertically over each phase's steps, so only the first row of a phase holds the "
            "text; the rows below read as empty and belong to the phase above. Names are an online bank's "
            "account opening, unrelated to the sample journey."
        ),
        "unmapped_columns": [],
        "answers_not_counted": 0,
    }}


# --------------------------------------------------------------------------


def main() -> None:
    expected: dict = {}
    for make in (make_qualtrics_nps_csat, make_qualtrics_labels, make_surveymonkey, make_google_forms,
                 make_zendesk, make_medallia, make_us_dates, make_decimal_comma, make_steps_list):
        expected.update(make())
    write_text("expected.json", json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
    for n in expected:
        print(f"wrote {n}")
    print("wrote expected.json")


if __name__ == "__main__":
    main()
