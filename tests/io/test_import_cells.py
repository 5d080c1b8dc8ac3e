"""One cell at a time: dates as survey tools write them, numbers in either
decimal convention, answers exported as words. Expected values are worked
out by hand in each case."""

import datetime as dt

import pytest

from journeymap.io.importing.cells import AmbiguousNumberError, CellError, decimal_evidence, parse_number
from journeymap.io.importing.dates import infer_order, parse_date, quarter
from journeymap.io.importing.responses import interpret_answer
from journeymap.model.metrics import STANDARD_METRICS, custom_metric

NPS, CSAT, CES, FCR = (STANDARD_METRICS[k] for k in ("nps", "csat", "ces", "fcr"))


@pytest.mark.parametrize(("text", "expected"), [
    ("2024/02/20 10:02:57 AM GMT+1", dt.date(2024, 2, 20)),      # Google Forms CSV
    ("2024/02/20 11:59:59 PM GMT-8", dt.date(2024, 2, 20)),      # the respondent's own day, not UTC's
    ("2026-02-03 09:15:27", dt.date(2026, 2, 3)),                # Qualtrics
    ("2026-02-03T09:15:27Z", dt.date(2026, 2, 3)),               # Zendesk API
    ("2026-02-03T23:15:27+02:00", dt.date(2026, 2, 3)),
    ("2026-12-31T23:59:59.123-05:00", dt.date(2026, 12, 31)),
    ("3 Feb 2026", dt.date(2026, 2, 3)),
    ("Feb 3, 2026 10:22 AM", dt.date(2026, 2, 3)),
    ("Tuesday, February 3, 2026", dt.date(2026, 2, 3)),
    ("03-Feb-2026", dt.date(2026, 2, 3)),
    ("46082", dt.date(2026, 3, 1)),                              # an Excel serial written as text
    ("15.02.2026", dt.date(2026, 2, 15)),
    ("03/14/2026 10:22:01 AM", dt.date(2026, 3, 14)),            # SurveyMonkey: only m/d possible
    ("14/03/26", dt.date(2026, 3, 14)),
    ("05/05/2026", dt.date(2026, 5, 5)),                         # day equals month: no order needed
])
def test_dates_as_tools_write_them(text, expected):
    assert parse_date(text) == expected


def test_serials_and_cells():
    assert parse_date(46082) == dt.date(2026, 3, 1)
    assert parse_date(dt.datetime(2026, 3, 1, 23, 59)) == dt.date(2026, 3, 1)
    with pytest.raises(CellError, match="as an Excel date it would be 1905"):
        parse_date(2026)  # a year in a date column is not a serial of 1905
    with pytest.raises(CellError, match="not a date"):
        parse_date("2026-02-30")


def test_day_month_order_is_inferred_per_column_or_refused():
    assert infer_order(["03/04/2026", "13/04/2026"])[0] == "dmy"
    assert infer_order(["03/04/2026", "04/13/2026 9:00 AM"])[0] == "mdy"
    order, why = infer_order(["03/04/2026", "04/05/2026"])
    assert order is None
    assert "could be day/month or month/day" in why
    order, why = infer_order(["13/04/2026", "04/13/2026"])
    assert order is None
    assert "mixes" in why
    assert infer_order(["2026-04-03", dt.date(2026, 1, 1)]) == (None, "")
    with pytest.raises(CellError, match="could be day/month or month/day"):
        parse_date("03/04/2026")
    assert parse_date("03/04/2026", "mdy") == dt.date(2026, 3, 4)
    assert parse_date("03/04/2026", "dmy") == dt.date(2026, 4, 3)
    assert quarter(parse_date("03/04/2026", "mdy")) == "2026-Q1"
    assert quarter(parse_date("03/04/2026", "dmy")) == "2026-Q2"


@pytest.mark.parametrize(("text", "decimal", "expected"), [
    ("4,5", None, 4.5), ("4.5", None, 4.5), ("1 234,5", None, 1234.5), ("1.234,5", None, 1234.5),
    ("1,234.5", None, 1234.5), ("1,250", ",", 1.25), ("1,250", ".", 1250.0), ("1.250", ",", 1250.0),
    ("1.250", ".", 1.25), ("0,125", None, 0.125), ("82%", None, 82.0), ("-3", None, -3.0),
    ("1.234.567", None, 1234567.0), ("1,234,567", None, 1234567.0),
])
def test_numbers_in_either_convention(text, decimal, expected):
    assert parse_number(text, decimal)[0] == pytest.approx(expected)


def test_a_number_that_reads_two_ways_is_refused_not_guessed():
    with pytest.raises(AmbiguousNumberError, match=r"could be 1250 or 1\.25"):
        parse_number("1,250")
    assert decimal_evidence("1,250") is None
    assert decimal_evidence("4,5") == ","
    assert decimal_evidence("4.25") == "."
    with pytest.raises(CellError, match="TRUE/FALSE"):
        parse_number(True)


@pytest.mark.parametrize(("metric", "answer", "expected"), [
    (CSAT, "Very satisfied", 5), (CSAT, "  very   SATISFIED ", 5), (CSAT, "Somewhat dissatisfied", 2),
    (CSAT, "Neither satisfied nor dissatisfied", 3), (CSAT, "Extremely satisfied", 5),
    (CSAT, "Strongly agree", 5), (CSAT, "Agree", 4), (CSAT, "good", 5), (CSAT, "Bad", 1),
    (CES, "Strongly agree", 7), (CES, "Agree", 6), (CES, "Somewhat disagree", 3), (CES, "Very easy", 7),
    (CES, "Neither easy nor difficult", 4), (FCR, "Yes", 1), (FCR, "no", 0), (FCR, True, 1),
    (NPS, "10 - Extremely likely", 10), (NPS, "0 - Not at all likely", 0), (NPS, "9", 9),
    (NPS, "Extremely likely", 10), (NPS, "Not at all likely", 0), (CSAT, "4/5", 4), (CSAT, "4 out of 5", 4),
    (CSAT, "5 stars", 5), (NPS, "7/10", 7),
])
def test_answer_labels_become_numbers(metric, answer, expected):
    assert interpret_answer(metric, answer) == expected


@pytest.mark.parametrize(("metric", "answer", "reason"), [
    (CSAT, "Kinda ok", "'Kinda ok' is not an answer CSAT knows"),
    (CSAT, "offered", "no rating given"),
    (NPS, True, "TRUE/FALSE cell is not an answer"),
    (FCR, 0.5, "not yes/no"),
    (NPS, 11, "outside the scale"),
    (CSAT, "4.5", "must be a whole number"),
    (CSAT, "4/10", "is not an answer CSAT knows"),
])
def test_answers_that_are_not_answers_are_refused_with_a_reason(metric, answer, reason):
    result = interpret_answer(metric, answer)
    assert isinstance(result, str)
    assert reason in result


def test_custom_metric_on_another_scale_takes_no_five_point_labels():
    ten = custom_metric("ease10", "Ease (1-10)", "mean", answer_min=1, answer_max=10, scale_min=1, scale_max=10)
    assert isinstance(interpret_answer(ten, "Very easy"), str)
    assert interpret_answer(ten, "7") == 7


@pytest.mark.parametrize(("header", "metric"), [
    ("Net Promoter Score (NPS)", "nps"), ("Customer Satisfaction (CSAT)", "csat"),
    ("Customer Effort Score (1-7)", "ces"),
    ("Avg CES score", "ces"), ("Overall CSAT", "csat"), ("CSAT (%)", "csat"), ("Time to resolution (hours)", "ttr"),
    ("First contact resolution", "fcr"), ("Churn rate", "churn"), ("Happiness (index)", None),
])
def test_metric_names_as_people_write_them(header, metric):
    from journeymap.io.importing.columns import find_metric, metric_lookup
    from journeymap.io.journey_file import load
    from journeymap.io.templates import sample_path
    found = find_metric(metric_lookup(load(sample_path())), header)
    assert (found.id if found else None) == metric
