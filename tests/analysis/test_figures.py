"""Every figure equals the textbook: roll-ups by aggregation, unknown n,
one period for the whole view, periods as time, stable ties. Expected
values are worked out by hand in each test."""

import statistics

import pytest

from journeymap.analysis import Filter, Scorecards, rank_weak
from journeymap.analysis.scorecard import roll_up, status_words
from journeymap.model import Measurement, Touchpoint
from journeymap.model.metrics import custom_metric
from journeymap.model.periods import latest_period, sort_periods


def _value(cards, node, metric):
    r = cards.result_for(node, metric)
    return None if r is None else (r.value, r.n, r.note)


@pytest.mark.parametrize(("aggregation", "expected"), [
    ("sum", (60.0, 6)), ("min", (10.0, 6)), ("max", (30.0, 6)),
    ("mean", ((10 * 1 + 20 * 2 + 30 * 3) / 6, 6)),
])
def test_roll_up_follows_the_aggregation(aggregation, expected):
    combined = roll_up(aggregation, [(10.0, 1), (20.0, 2), (30.0, 3)])
    assert (combined.value, combined.n) == (pytest.approx(expected[0]), expected[1])


def test_a_median_is_not_rolled_up_and_says_so(small_journey):
    j = small_journey
    j.set_metric(custom_metric("wait", "Median wait", "median", unit="min", scale_min=0, scale_max=60,
                               target=10, direction="lower"))
    j.set_measurement(Measurement("b", "wait", 8.0, 40, "2026-Q1"))
    j.set_measurement(Measurement("c", "wait", 14.0, 10, "2026-Q1"))
    cards = Scorecards(j)
    assert _value(cards, "b", "wait")[0] == 8.0
    value, _n, note = _value(cards, "p2", "wait")
    assert value is None
    assert "not rolled up" in note
    overall = next(r for r in cards.overall if r.metric == "wait")
    assert overall.value is None
    assert "not rolled up" in overall.note
    # Said so wherever a status is worded (inspector, tour, Excel, web page), not "No data".
    assert status_words(cards.metrics["wait"], overall) == "– Not rolled up"
    j.set_metric(custom_metric("calls", "Calls", "sum", scale_min=0, scale_max=10000, target=500,
                               direction="lower"))
    j.set_measurement(Measurement("b", "calls", 120.0, None, "2026-Q1"))
    j.set_measurement(Measurement("c", "calls", 80.0, None, "2026-Q1"))
    assert _value(Scorecards(j), "p2", "calls")[0] == 200.0  # a sum rolls up as a sum


def test_unknown_n_counts_as_the_median_known_n_and_is_flagged(small_journey):
    j = small_journey
    j.add_touchpoint(Touchpoint("d", "Delivery", "p2", "front"))
    # The example: +60 (n=100), +60 (n=100), -20 (n unknown): one rule, not an unweighted mean.
    j.set_measurement(Measurement("b", "nps", 60.0, 100, "2026-Q1"))
    j.set_measurement(Measurement("c", "nps", 60.0, 100, "2026-Q1"))
    j.set_measurement(Measurement("d", "nps", -20.0, None, "2026-Q1"))
    value, n, note = _value(Scorecards(j), "p2", "nps")
    stand_in = statistics.median([100, 100])
    assert value == pytest.approx((60 * 100 + 60 * 100 - 20 * stand_in) / (100 + 100 + stand_in))
    assert n is None
    assert "n unknown for 1 of 3 values" in note


def test_one_period_for_the_whole_view(small_journey):
    j = small_journey
    j.set_measurement(Measurement("a", "nps", 10.0, 50, "Q4 2025"))
    j.set_measurement(Measurement("b", "nps", 40.0, 50, "2026-Q1"))
    j.set_measurement(Measurement("c", "nps", 90.0, 50, "Q4 2025"))   # stale: no 2026-Q1 figure
    j.set_measurement(Measurement("c", "csat", 70.0, 50))               # undated: stands for any period
    cards = Scorecards(j)
    assert cards.period == "2026-Q1"                                      # as time, not as text
    assert _value(cards, "a", "nps") is None
    assert _value(cards, "c", "nps") is None
    assert _value(cards, "b", "nps")[0] == 40.0
    assert _value(cards, "p2", "nps")[0] == 40.0                           # no stale quarter mixed in
    assert _value(cards, "c", "csat")[0] == 70.0
    old = Scorecards(j, Filter(period="Q4 2025"))
    assert _value(old, "p2", "nps")[0] == 90.0
    assert _value(old, "a", "nps")[0] == 10.0


def test_period_filter_finds_segment_rows_when_all_customers_are_elsewhere(small_journey):
    j = small_journey
    j.set_measurement(Measurement("b", "nps", 5.0, 30, "2026-Q1", ""))
    j.set_measurement(Measurement("b", "nps", 50.0, 20, "2026-Q2", "SMB"))
    j.set_measurement(Measurement("b", "nps", 10.0, 30, "2026-Q2", "Enterprise"))
    cards = Scorecards(j, Filter(period="2026-Q2"))
    assert _value(cards, "b", "nps")[:2] == (pytest.approx((50 * 20 + 10 * 30) / 50), 50)
    assert _value(Scorecards(j, Filter(segment="SMB")), "b", "nps")[0] == 50.0


def test_periods_sort_as_time():
    assert sort_periods(["2026-10", "2026-9", "2026-Q1", "Q4 2025", "2025"]) == \
        ["2025", "Q4 2025", "2026-Q1", "2026-9", "2026-10"]
    assert latest_period(["Q4 2025", "2026-Q1", ""]) == "2026-Q1"
    assert latest_period(["2026-9", "2026-10"]) == "2026-10"


def test_ties_in_the_weak_ranking_follow_phase_lane_and_name(small_journey):
    j = small_journey
    j.add_touchpoint(Touchpoint("e", "Email", "p2", "customer"))
    j.add_touchpoint(Touchpoint("d", "Delivery", "p2", "customer"))
    # 0.1 + 0.2 and 0.3 differ in floating point; both miss NPS 30 by the same amount
    for tp, value in (("c", 0.1 + 0.2), ("e", 0.3), ("d", 0.3), ("a", 0.3)):
        j.set_measurement(Measurement(tp, "nps", value, 10, "2026-Q1"))
    ranked = [w.id for w in rank_weak(Scorecards(j))]
    assert ranked == ["a", "d", "e", "c"]  # phase p1 first; then lane customer (Delivery, Email), then front
