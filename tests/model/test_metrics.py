import pytest

from journeymap.model.metrics import (
    STANDARD_METRICS,
    MetricError,
    aggregate,
    custom_metric,
    format_amount,
    format_value,
)

NPS, CSAT, CES, FCR = (STANDARD_METRICS[k] for k in ("nps", "csat", "ces", "fcr"))
TTR, CHURN, RENEWAL = (STANDARD_METRICS[k] for k in ("ttr", "churn", "renewal"))


def test_nps_is_promoters_minus_detractors():
    # 4 promoters (9,10,10,9), 3 passives (7,8,8), 3 detractors (0,5,6): (4-3)/10 = +10
    value, n = aggregate(NPS, [9, 10, 10, 9, 7, 8, 8, 0, 5, 6])
    assert (value, n) == (pytest.approx(10.0), 10)


def test_nps_extremes():
    assert aggregate(NPS, [10, 9])[0] == 100.0
    assert aggregate(NPS, [0, 6, 3])[0] == -100.0
    assert aggregate(NPS, [7, 8])[0] == 0.0


def test_csat_top_two_box():
    # 4s and 5s: 3 of 5 -> 60%
    assert aggregate(CSAT, [5, 4, 4, 3, 1]) == (pytest.approx(60.0), 5)


def test_csat_as_mean_when_configured():
    mean_csat = custom_metric("csat_mean", "CSAT mean", "mean", scale_min=1, scale_max=5)
    assert aggregate(mean_csat, [5, 4, 3]) == (pytest.approx(4.0), 3)


def test_ces_mean_on_one_to_seven():
    assert aggregate(CES, [7, 6, 5, 2])[0] == pytest.approx(5.0)


def test_fcr_from_yes_no_and_ones_and_zeros():
    assert aggregate(FCR, ["yes", "No", "YES", "no"])[0] == pytest.approx(50.0)
    assert aggregate(FCR, [1, 1, 1, 0]) == (pytest.approx(75.0), 4)
    assert aggregate(FCR, [True, False])[0] == pytest.approx(50.0)


def test_time_to_resolution_mean_hours_lower_is_better():
    assert TTR.direction == "lower"
    assert aggregate(TTR, [2, 4, 30])[0] == pytest.approx(12.0)


def test_churn_and_renewal_rates():
    assert aggregate(CHURN, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0])[0] == pytest.approx(10.0)
    assert CHURN.direction == "lower"
    assert aggregate(RENEWAL, [1, 1, 1, 0])[0] == pytest.approx(75.0)


@pytest.mark.parametrize(("aggregation", "expected"), [
    ("mean", 4.0), ("median", 3.0), ("sum", 20.0), ("min", 1.0), ("max", 10.0)])
def test_custom_aggregations(aggregation, expected):
    metric = custom_metric("x", "X", aggregation, scale_min=0, scale_max=10)
    assert aggregate(metric, [1, 3, 10, 2, 4])[0] == pytest.approx(expected)


def test_custom_rate():
    metric = custom_metric("conv", "Conversion", "rate", unit="%", answer_min=0, answer_max=1)
    assert aggregate(metric, [1, 0, 0, 0])[0] == pytest.approx(25.0)


def test_no_answers_gives_no_value_and_n_zero():
    for metric in STANDARD_METRICS.values():
        assert aggregate(metric, []) == (None, 0)


@pytest.mark.parametrize(("metric", "bad"), [
    (NPS, 11), (NPS, -1), (NPS, 7.5), (CSAT, 0), (CSAT, 6), (CES, 8), (FCR, 2), (TTR, -3)])
def test_out_of_scale_answers_are_rejected_not_averaged(metric, bad):
    with pytest.raises(MetricError, match=r"outside the scale|whole number"):
        aggregate(metric, [metric.answer_min or 1, bad])


def test_non_numeric_answer_names_the_value():
    with pytest.raises(MetricError, match="'great' is not a number"):
        aggregate(NPS, [9, "great"])


def test_decimal_comma_text_answer():
    assert aggregate(CES, ["4,5", "5,5"])[0] == pytest.approx(5.0)


def test_unknown_custom_aggregation():
    with pytest.raises(MetricError):
        custom_metric("x", "X", "geomean")


def test_formatting():
    assert format_value(NPS, 12.0) == "+12"
    assert format_value(NPS, -4.2) == "-4"
    assert format_value(CSAT, 71.4) == "71%"
    assert format_value(CHURN, 7.5) == "7.5%"
    assert format_value(TTR, 30) == "30.0 h"
    assert format_value(CES, None) == "–"
    assert format_amount(CSAT, -1.0) == "1 point"
    assert format_amount(NPS, 18.2) == "18"
