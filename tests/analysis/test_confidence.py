"""Confidence intervals against independent computations: scipy's t and
binomial intervals, numpy over the raw answers, and a simulation of the NPS
interval's coverage."""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from journeymap.analysis.confidence import Z, interval, pooled_sd, t_quantile, wilson
from journeymap.analysis.report import build_report
from journeymap.analysis.scorecard import Scorecards
from journeymap.analysis.status import Status
from journeymap.analysis.weak import rank_weak
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path
from journeymap.model.entities import Measurement
from journeymap.model.metrics import STANDARD_METRICS, aggregate_histogram, answer_spread

NPS, CSAT, CES, FCR, TTR = (STANDARD_METRICS[k] for k in ("nps", "csat", "ces", "fcr", "ttr"))


def test_normal_quantile_is_the_975th():
    assert statistics.NormalDist().inv_cdf(0.975) == pytest.approx(Z, abs=1e-15)


@pytest.mark.parametrize("df", [*range(1, 80), 99, 120, 250, 1000, 12_345, 10**6])
def test_t_quantile_matches_scipy(df):
    assert t_quantile(df) == pytest.approx(stats.t.ppf(0.975, df), abs=1e-9)


@pytest.mark.parametrize(("k", "n"), [(0, 1), (1, 1), (0, 20), (3, 20), (41, 50), (50, 50), (412, 1000)])
def test_wilson_matches_scipy(k, n):
    expected = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson(k / n, n)
    assert (low, high) == (pytest.approx(expected.low, abs=1e-12), pytest.approx(expected.high, abs=1e-12))
    iv = interval(CSAT, 100 * k / n, n)
    assert (iv.low, iv.high) == (pytest.approx(100 * expected.low), pytest.approx(100 * expected.high))


def _raw_answers(seed: int, n: int, low: int, high: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(low, high + 1, size=n)


@pytest.mark.parametrize(("seed", "n"), [(0, 2), (2, 7), (3, 41), (4, 300)])
def test_mean_t_interval_matches_scipy_over_the_raw_answers(seed, n):
    answers = _raw_answers(seed, n, 1, 7)
    counts = Counter(float(a) for a in answers)
    value = aggregate_histogram("mean", counts)
    sd = answer_spread("mean", counts)
    assert sd == pytest.approx(np.std(answers, ddof=1))
    low, high = stats.t.interval(0.95, n - 1, loc=answers.mean(), scale=stats.sem(answers))
    iv = interval(CES, value, n, sd)
    assert iv.method == "t"
    assert not iv.widest
    assert (iv.low, iv.high) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))


@pytest.mark.parametrize(("seed", "n"), [(5, 10), (6, 41), (7, 500)])
def test_nps_interval_from_promoter_and_detractor_shares(seed, n):
    answers = _raw_answers(seed, n, 0, 10)
    p, d = np.mean(answers >= 9), np.mean(answers <= 6)
    expected = 100 * Z * math.sqrt((p + d - (p - d) ** 2) / n)  # the textbook NPS margin
    counts = Counter(float(a) for a in answers)
    value = aggregate_histogram("nps", counts)
    assert value == pytest.approx(100 * (p - d))
    iv = interval(NPS, value, n, answer_spread("nps", counts))
    assert iv.margin == pytest.approx(expected) or iv.low == -100 or iv.high == 100
    assert not iv.widest


def test_nps_interval_covers_the_true_score_about_95_percent_of_the_time():
    """A simulation: the interval's stated level is what it delivers."""
    rng = np.random.default_rng(11)
    shares = (0.45, 0.30, 0.25)  # promoters, passives, detractors: true NPS +20
    covered = 0
    trials = 2000
    for _ in range(trials):
        promoters, passives, detractors = rng.multinomial(200, shares)
        counts = Counter({10.0: promoters, 8.0: passives, 3.0: detractors})
        value = aggregate_histogram("nps", counts)
        iv = interval(NPS, value, 200, answer_spread("nps", counts))
        covered += iv.contains(20.0)
    assert 0.93 <= covered / trials <= 0.97


@given(st.integers(0, 300), st.integers(0, 300), st.integers(0, 300))
@settings(max_examples=200, deadline=None)
def test_without_the_split_the_nps_interval_is_never_narrower(promoters, passives, detractors):
    n = promoters + passives + detractors
    if n < 2:
        return
    counts = Counter({10.0: promoters, 8.0: passives, 0.0: detractors})
    value = aggregate_histogram("nps", counts)
    exact = interval(NPS, value, n, answer_spread("nps", counts))
    widest = interval(NPS, value, n)
    if widest is None:  # all promoters or all detractors
        assert exact is None
        assert abs(value) == 100
        return
    assert widest.widest
    assert exact is None or widest.margin >= exact.margin - 1e-9


@given(st.lists(st.integers(1, 7), min_size=2, max_size=60))
@settings(max_examples=200, deadline=None)
def test_without_the_spread_a_bounded_mean_gets_the_widest_interval(answers):
    counts = Counter(float(a) for a in answers)
    value = aggregate_histogram("mean", counts)
    exact = interval(CES, value, len(answers), answer_spread("mean", counts))
    widest = interval(CES, value, len(answers))
    if widest is None:  # every answer at one end of the scale
        assert exact is None
        assert value in (1, 7)
        return
    assert widest.widest
    assert exact is None or widest.margin >= exact.margin - 1e-9


def test_answers_all_alike_give_the_widest_interval_not_a_zero_width_one():
    assert interval(CES, 4.0, 2, 0.0).widest  # two 4s: not "4.0 exactly"
    assert interval(NPS, 100.0, 3, 0.0) is None  # three promoters: nothing to judge by


def test_no_interval_without_n_or_for_an_open_scale_without_spread():
    assert interval(NPS, 12.0, None) is None
    assert interval(TTR, 30.0, 50) is None  # hours: no upper end to bound the spread
    assert interval(TTR, 30.0, 50, 12.0).method == "t"
    assert interval(CES, 5.0, 1) is None  # one answer: no t-interval


@given(st.lists(st.lists(st.integers(0, 10), min_size=1, max_size=30), min_size=1, max_size=6))
@settings(max_examples=150, deadline=None)
def test_pooled_spread_is_the_spread_of_all_the_answers(groups):
    parts = []
    for g in groups:
        counts = Counter(float(a) for a in g)
        parts.append((aggregate_histogram("mean", counts), len(g), answer_spread("mean", counts)))
    everything = [a for g in groups for a in g]
    if len(everything) < 2:
        assert pooled_sd(parts) is None
        return
    assert pooled_sd(parts) == pytest.approx(np.std(everything, ddof=1), abs=1e-9)


# ------------------------------------------------------------ in the analysis
@pytest.fixture
def sample():
    return load(sample_path())


def test_a_rolled_up_value_gets_the_pooled_interval(sample):
    """Two touchpoints' raw-answer NPS rolled up for their phase: the
    interval is the one of all their answers together."""
    phase = sample.touchpoint("support-chat").phase
    for tp in sample.touchpoints:
        if tp.phase == phase:
            for m in sample.measurements_of(tp.id, "nps"):
                sample.remove_measurement(m.key)
    for m in sample.measurements_of(phase, "nps"):
        sample.remove_measurement(m.key)
    a = _raw_answers(21, 80, 0, 10)
    b = _raw_answers(22, 120, 0, 10)
    for tp_id, answers in (("support-chat", a), ("ticket-escalation", b)):
        counts = Counter(float(x) for x in answers)
        sample.set_measurement(Measurement(tp_id, "nps", aggregate_histogram("nps", counts), len(answers),
                                           "2026-Q3", "", "test", answer_spread("nps", counts)))
    r = Scorecards(sample).result_for(phase, "nps")
    both = np.concatenate([a, b])
    p, d = np.mean(both >= 9), np.mean(both <= 6)
    assert r.value == pytest.approx(100 * (p - d))
    iv = r.interval(NPS)
    assert not iv.widest
    assert iv.margin == pytest.approx(100 * Z * math.sqrt((p + d - (p - d) ** 2) / len(both)))
    # One part without its spread: the roll-up falls back to the widest interval.
    m = sample.measurement(("support-chat", "nps", "2026-Q3", ""))
    sample.set_measurement(m._replace(sd=None))
    assert Scorecards(sample).result_for(phase, "nps").interval(NPS).widest


def test_minimum_n_shows_the_value_but_it_does_not_count(sample):
    cards = Scorecards(sample)
    before = cards.result_for("support-chat", "nps")
    assert before.status is Status.RED
    sample.set_metric(dataclasses.replace(sample.metric("nps"), min_n=before.n + 1))
    cards = Scorecards(sample)
    after = cards.result_for("support-chat", "nps")
    assert after.value == before.value
    assert after.status is Status.NONE
    assert f"n={before.n} is below the {before.n + 1} answers NPS needs to count" in after.note
    weak = {w.id: w for w in rank_weak(cards)}
    reasons = " ".join(weak["support-chat"].reasons) if "support-chat" in weak else ""
    assert "NPS" not in reasons


def test_weak_entries_whose_misses_are_all_uncertain_are_flagged(sample):
    weak = {w.name: w for w in rank_weak(Scorecards(sample))}
    dashboards = weak["Daily dashboards"]  # NPS +22 vs +30 from n=512 without the split: ±8 reaches 30
    assert dashboards.low_confidence
    assert any(r.startswith("not yet distinguishable from the target: NPS +22 ± up to 8, n=512")
               for r in dashboards.reasons)
    assert not weak["Ticket escalation"].low_confidence


def test_report_carries_intervals_and_distinguishability(sample):
    report = build_report(sample)
    chat = next(t for t in report["touchpoints"] if t["name"] == "Support chat")
    nps = next(m for m in chat["metrics"] if m["metric"] == "nps")
    iv = interval(NPS, nps["value"], nps["n"])
    assert nps["interval"] == {"low": round(iv.low, 4), "high": round(iv.high, 4), "method": "nps", "widest": True}
    assert nps["distinguishable"] is True  # -12 ± 9 is clear of +30
    assert nps["confidence"].startswith("-12 ± up to ")
    assert any(w["low_confidence"] for w in report["weak"])
