"""Every metric is computed from a histogram (answer -> how many gave it),
whatever counted the answers: rows read one by one, DuckDB or a database.
Checked against the formulas computed independently from the answers
themselves, on random answers."""

import statistics
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.model.metrics import aggregate_histogram

SCALE = st.lists(st.integers(0, 10), min_size=1, max_size=300)
HOURS = st.lists(st.floats(0, 500, allow_nan=False).map(lambda v: round(v, 2)), min_size=1, max_size=300)


def independent(aggregation, answers):
    n = len(answers)
    if aggregation == "nps":
        return 100 * (len([a for a in answers if a >= 9]) - len([a for a in answers if a <= 6])) / n
    if aggregation == "top2box":
        return 100 * len([a for a in answers if a >= 4]) / n
    if aggregation == "rate":
        return 100 * statistics.fmean(answers)
    return {"mean": statistics.fmean, "median": statistics.median, "sum": sum, "min": min,
            "max": max}[aggregation](answers)


@pytest.mark.parametrize("aggregation", ["nps", "top2box", "mean", "median", "sum", "min", "max"])
@given(answers=SCALE)
def test_scale_answers(aggregation, answers):
    assert aggregate_histogram(aggregation, Counter(answers)) == pytest.approx(independent(aggregation, answers),
                                                                              rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("aggregation", ["mean", "median", "sum", "min", "max"])
@given(answers=HOURS)
def test_measured_amounts(aggregation, answers):
    assert aggregate_histogram(aggregation, Counter(answers)) == pytest.approx(independent(aggregation, answers),
                                                                              rel=1e-9, abs=1e-9)


@given(answers=st.lists(st.sampled_from([0.0, 1.0]), min_size=1, max_size=300))
def test_yes_no_rates(answers):
    assert aggregate_histogram("rate", Counter(answers)) == pytest.approx(independent("rate", answers))


def test_no_answers_and_zero_counts_are_no_value():
    assert aggregate_histogram("nps", {}) is None
    assert aggregate_histogram("mean", {4.0: 0}) is None
    assert aggregate_histogram("median", {1.0: 2, 5.0: 0, 9.0: 1}) == 1.0
