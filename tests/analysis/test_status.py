import pytest

from journeymap.analysis import Filter, Scorecards, Status, rank_weak, status_of
from journeymap.analysis.scorecard import combine
from journeymap.model import Measurement
from journeymap.model.metrics import STANDARD_METRICS

NPS, TTR, CSAT = STANDARD_METRICS["nps"], STANDARD_METRICS["ttr"], STANDARD_METRICS["csat"]


@pytest.mark.parametrize(("value", "expected"), [
    (30, Status.GREEN), (45, Status.GREEN), (25, Status.AMBER), (20, Status.AMBER),
    (19.9, Status.RED), (-50, Status.RED), (None, Status.NONE)])
def test_higher_is_better_with_absolute_band(value, expected):
    assert NPS.target == 30
    assert NPS.amber == 10
    assert status_of(NPS, value, 30) is expected


@pytest.mark.parametrize(("value", "expected"), [
    (24, Status.GREEN), (10, Status.GREEN), (30, Status.AMBER), (30.1, Status.RED)])
def test_lower_is_better_with_percent_band(value, expected):
    # band is 25% of the 24 h target = 6 h
    assert status_of(TTR, value, 24) is expected


def test_no_target_means_no_status():
    assert status_of(NPS, 50, None) is Status.NONE


def test_combine_weights_by_n_when_known():
    assert combine([(10.0, 10), (40.0, 30)]) == (pytest.approx(32.5), 40)
    # an unknown n counts as the median known n (here 30): (10*30 + 40*30) / 60; the total n is unknown
    assert combine([(10.0, None), (40.0, 30)]) == (pytest.approx(25.0), None)
    assert combine([]) == (None, None)


def test_touchpoint_status_is_worst_metric(small_journey):
    small_journey.set_measurement(Measurement("b", "nps", 40.0, 10))  # green
    small_journey.set_measurement(Measurement("b", "csat", 77.0, 10))  # amber (80, band 5)
    cards = Scorecards(small_journey)
    assert cards.touchpoint_status("b") is Status.AMBER
    assert cards.touchpoint_status("a") is Status.NONE
    small_journey.set_measurement(Measurement("b", "ttr", 60.0, 10))  # red
    assert Scorecards(small_journey).touchpoint_status("b") is Status.RED


def test_target_override_on_touchpoint(small_journey):
    small_journey.set_measurement(Measurement("b", "nps", 15.0, 10))
    assert Scorecards(small_journey).touchpoint_status("b") is Status.RED
    small_journey.update_touchpoint("b", target_overrides=(("nps", 10.0),))
    cards = Scorecards(small_journey)
    assert cards.touchpoint_status("b") is Status.GREEN
    r = cards.result_for("b", "nps")
    assert r.target == 10.0
    assert r.target_overridden


def test_phase_rollup_weighted_by_n_and_own_measurement_wins(small_journey):
    small_journey.set_measurement(Measurement("b", "nps", 10.0, 10))
    small_journey.set_measurement(Measurement("c", "nps", 50.0, 30))
    cards = Scorecards(small_journey)
    phase_nps = cards.result_for("p2", "nps")
    assert phase_nps.value == pytest.approx(40.0)
    assert phase_nps.n == 40
    assert cards.phase_status("p2") is Status.GREEN
    assert cards.phase_status("p1") is Status.NONE
    small_journey.set_measurement(Measurement("p2", "nps", 5.0, 100))
    assert Scorecards(small_journey).result_for("p2", "nps").value == 5.0


def test_journey_rollup_and_counts(small_journey):
    small_journey.set_measurement(Measurement("a", "csat", 90.0, 100))
    small_journey.set_measurement(Measurement("b", "csat", 60.0, 100))
    cards = Scorecards(small_journey)
    overall = {r.metric: r for r in cards.overall}
    assert overall["csat"].value == pytest.approx(75.0)
    assert cards.journey_status() is Status.AMBER  # 75 vs 80 with band 5
    assert cards.status_counts() == {Status.GREEN: 1, Status.RED: 1, Status.AMBER: 0, Status.NONE: 1}
    assert cards.health_percent() == pytest.approx(50.0)


def test_latest_period_and_filters(small_journey):
    j = small_journey
    j.set_measurement(Measurement("a", "nps", 10.0, 10, "2026-Q1"))
    j.set_measurement(Measurement("a", "nps", 40.0, 10, "2026-Q2"))
    j.set_measurement(Measurement("a", "nps", 0.0, 10, "2026-Q2", "SMB"))
    j.set_measurement(Measurement("a", "nps", 80.0, 30, "2026-Q2", "Enterprise"))
    assert Scorecards(j).result_for("a", "nps").value == 40.0  # latest, all customers
    assert Scorecards(j, Filter(period="2026-Q1")).result_for("a", "nps").value == 10.0
    assert Scorecards(j, Filter(segment="SMB")).result_for("a", "nps").value == 0.0
    assert Scorecards(j, Filter(segment="SMB", period="2026-Q1")).result_for("a", "nps") is None


def test_segments_combined_when_no_all_customers_value(small_journey):
    j = small_journey
    j.set_measurement(Measurement("a", "nps", 0.0, 10, "", "SMB"))
    j.set_measurement(Measurement("a", "nps", 80.0, 30, "", "Enterprise"))
    assert Scorecards(j).result_for("a", "nps").value == pytest.approx(60.0)


def test_weak_ranking_by_normalised_shortfall_times_weight(small_journey):
    j = small_journey
    # NPS: 0 vs 30 -> 30/200 * 1.5 = 0.225 ; CSAT: 60 vs 80 -> 20/100 * 1 = 0.2
    j.set_measurement(Measurement("a", "nps", 0.0, 50))
    j.set_measurement(Measurement("b", "csat", 60.0, 50))
    # TTR 30 h vs 24 h -> amber, 6/120 * 1 = 0.05 ; plus CSAT 78 -> amber 2/100 = 0.02
    j.set_measurement(Measurement("c", "ttr", 30.0, 50))
    j.set_measurement(Measurement("c", "csat", 78.0, 50))
    weak = rank_weak(Scorecards(j))
    assert [(w.rank, w.id) for w in weak] == [(1, "a"), (2, "b"), (3, "c")]
    assert weak[0].score == pytest.approx(0.225)
    assert weak[2].score == pytest.approx(0.07)
    assert weak[0].reasons == ("NPS 0 vs target +30, 30 short",)
    assert weak[1].reasons == ("CSAT 60% vs target 80%, 20 points short",)
    assert weak[2].reasons[0] == "Time to resolution 30.0 h vs target 24.0 h, 6.0 h over"
    assert weak[2].status is Status.AMBER


def test_green_touchpoints_are_not_weak(small_journey):
    small_journey.set_measurement(Measurement("a", "nps", 50.0, 50))
    assert rank_weak(Scorecards(small_journey)) == []


def test_shortfall_beyond_scale_is_capped(small_journey):
    small_journey.set_measurement(Measurement("a", "ttr", 500.0, 5))   # 476 h over on 0-120 scale
    small_journey.set_measurement(Measurement("b", "nps", -100.0, 5))  # 130/200*1.5 = 0.975
    weak = rank_weak(Scorecards(small_journey))
    # Uncapped, TTR would score 476/120 = 3.97 and dwarf the NPS collapse.
    assert [(w.id, w.score) for w in weak] == [("a", pytest.approx(1.0)), ("b", pytest.approx(0.975))]
