"""Driver analysis against scipy and hand-worked numbers, the priority
matrix, paths, and the ranking when importance is known."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from journeymap.analysis import Scorecards, rank_weak
from journeymap.analysis.drivers import analyse, correlate, fisher_ci, relative_importance
from journeymap.analysis.paths import analyse_paths
from journeymap.analysis.priority import FIX_FIRST, KEEP_IT_UP, LOW_PRIORITY, OVERINVESTMENT, priority_matrix
from journeymap.model import Connection, Measurement, Touchpoint


@pytest.fixture
def survey():
    rng = np.random.default_rng(11)
    n = 120
    chat = rng.integers(1, 6, n).astype(float)
    web = rng.integers(1, 6, n).astype(float)
    ltr = np.clip(np.round(chat * 1.5 + web * 0.4 + rng.normal(0, 1.2, n)), 0, 10)
    frame = pd.DataFrame({"chat": chat, "web": web, "ltr": ltr, "flat": np.full(n, 3.0)})
    frame.loc[[1, 5, 9, 40], "chat"] = np.nan   # missing answers, pairwise-complete
    frame.loc[[2, 3], "ltr"] = np.nan
    return frame


def test_pearson_and_spearman_match_scipy_with_missing_data(survey):
    pair = survey[["chat", "ltr"]].dropna()
    p = correlate(survey["chat"], survey["ltr"], "pearson")
    s = correlate(survey["chat"], survey["ltr"], "spearman")
    assert p.n == len(pair) == 114
    assert p.r == pytest.approx(stats.pearsonr(pair["chat"], pair["ltr"]).statistic, abs=1e-12)
    assert s.r == pytest.approx(stats.spearmanr(pair["chat"], pair["ltr"]).statistic, abs=1e-12)
    ci = stats.pearsonr(pair["chat"], pair["ltr"]).confidence_interval(0.95)
    assert (p.ci_low, p.ci_high) == (pytest.approx(ci.low, abs=1e-9), pytest.approx(ci.high, abs=1e-9))


def test_fisher_interval_by_hand():
    # r = 0.5, n = 28: z = atanh(0.5) = 0.549306, se = 1/5 = 0.2
    low, high = fisher_ci(0.5, 28)
    assert low == pytest.approx(math.tanh(0.549306 - 1.959964 * 0.2), abs=1e-6)
    assert high == pytest.approx(math.tanh(0.549306 + 1.959964 * 0.2), abs=1e-6)
    assert fisher_ci(0.3, 3) == (None, None)


def test_constant_answers_and_small_n_warn(survey):
    results = analyse(survey, {"chat": "tp-chat", "web": "tp-web", "flat": "tp-flat"}, ["ltr"])
    flat = next(r for r in results if r.touchpoint == "tp-flat")
    assert flat.pearson.r is None
    assert flat.importance is None
    assert any("do not vary" in w for w in flat.warnings)
    small = analyse(survey.head(20), {"chat": "tp-chat"}, ["ltr"])[0]
    assert small.pearson.n < 30
    assert any("below 30" in w for w in small.warnings)


def _johnson_from_raw_data(frame, predictors, outcome):
    """Johnson (2000) the original way, independently of the correlation-matrix
    route: Z = U V' from the SVD of the standardised predictors, the outcome
    regressed on Z, the predictors regressed on Z, weights = Lambda^2 beta^2."""
    z = (frame - frame.mean()) / frame.std(ddof=1)
    x = z[predictors].to_numpy()
    y = z[outcome].to_numpy()
    u, _s, vt = np.linalg.svd(x, full_matrices=False)
    orthogonal = u @ vt * math.sqrt(len(x) - 1)
    beta, *_ = np.linalg.lstsq(orthogonal, y, rcond=None)
    lam, *_ = np.linalg.lstsq(orthogonal, x, rcond=None)
    raw = (lam.T ** 2) @ (beta ** 2)
    return raw / raw.sum()


def _lmg(frame, predictors, outcome):
    """LMG / Shapley: each predictor's R^2 gain averaged over all orders."""
    from itertools import combinations
    def r2(cols):
        if not cols:
            return 0.0
        x = np.column_stack([np.ones(len(frame))] + [frame[c].to_numpy() for c in cols])
        coef, *_ = np.linalg.lstsq(x, frame[outcome].to_numpy(), rcond=None)
        resid = frame[outcome].to_numpy() - x @ coef
        return 1 - resid.var() / frame[outcome].to_numpy().var()
    p = len(predictors)
    shares = {}
    for c in predictors:
        others = [o for o in predictors if o != c]
        total = 0.0
        for k in range(p):
            for subset in combinations(others, k):
                weight = math.factorial(k) * math.factorial(p - k - 1) / math.factorial(p)
                total += weight * (r2([*subset, c]) - r2(list(subset)))
        shares[c] = total
    s = sum(shares.values())
    return {c: v / s for c, v in shares.items()}


def test_relative_importance_is_johnsons_weights_checked_independently():
    rng = np.random.default_rng(3)
    base = rng.normal(size=600)
    x1 = base + rng.normal(scale=0.6, size=600)          # correlated touchpoints
    x2 = base + rng.normal(scale=0.8, size=600)
    x3 = rng.normal(size=600)
    y = 1.0 * x1 + 0.6 * x2 + 0.3 * x3 + rng.normal(scale=1.0, size=600)
    frame = pd.DataFrame({"a": x1, "b": x2, "c": x3, "y": y})
    shares = relative_importance(frame, ["a", "b", "c"], "y")
    expected = _johnson_from_raw_data(frame, ["a", "b", "c"], "y")
    for i, col in enumerate("abc"):
        assert shares[col] == pytest.approx(expected[i], abs=1e-9)
    assert sum(shares.values()) == pytest.approx(1.0)
    lmg = _lmg(frame, ["a", "b", "c"], "y")
    assert sorted(shares, key=shares.get) == sorted(lmg, key=lmg.get)
    assert max(abs(shares[c] - lmg[c]) for c in "abc") < 0.02   # Johnson approximates LMG closely


def test_spearman_interval_uses_bonett_wright():
    # rho = 0.8, n = 50: z = atanh(0.8), se = sqrt((1 + 0.32) / 47)
    low, high = fisher_ci(0.8, 50, spearman=True)
    se = math.sqrt(1.32 / 47)
    assert low == pytest.approx(math.tanh(math.atanh(0.8) - 1.959964 * se), abs=1e-6)
    assert high == pytest.approx(math.tanh(math.atanh(0.8) + 1.959964 * se), abs=1e-6)
    assert high - low > fisher_ci(0.8, 50)[1] - fisher_ci(0.8, 50)[0]


def test_spearman_interval_covers_95_percent_at_strong_correlation():
    """Coverage by simulation: bivariate normal with rho_s = 0.8, n = 40."""
    rng = np.random.default_rng(11)
    rho_s = 0.8
    r = 2 * math.sin(math.pi * rho_s / 6)  # the Pearson r giving Spearman 0.8 for normal data
    cov = [[1, r], [r, 1]]
    hits = 0
    trials = 1500
    for _ in range(trials):
        x, y = rng.multivariate_normal([0, 0], cov, size=40).T
        s = correlate(pd.Series(x), pd.Series(y), "spearman")
        hits += s.ci_low <= rho_s <= s.ci_high
    assert hits / trials >= 0.935


def test_drivers_say_when_touchpoints_were_never_answered_together():
    from journeymap.analysis.drivers import run_drivers
    rng = np.random.default_rng(5)
    n = 200
    chat = rng.integers(1, 6, n).astype(float)
    web = rng.integers(1, 6, n).astype(float)
    chat[:100] = np.nan        # a branching survey: chat asked of one half,
    web[100:] = np.nan         # web of the other
    ltr = np.clip(np.nan_to_num(chat, nan=3) + np.nan_to_num(web, nan=3) + rng.normal(0, 1, n), 0, 10)
    frame = pd.DataFrame({"chat": chat, "web": web, "ltr": ltr})
    analysis = run_drivers(frame, {"chat": "c", "web": "w"}, ["ltr"])
    by = {r.touchpoint: r for r in analysis.results}
    assert by["c"].pearson.r is not None
    assert by["w"].pearson.r is not None
    assert sum(1 for r in analysis.results if r.importance is not None) == 1
    assert any("hardly ever answered together" in note for note in analysis.notes)


def test_priority_quadrants(small_journey):
    j = small_journey
    j.add_touchpoint(Touchpoint("d", "Delivery", "p2", "front"))
    for tp, importance, nps in (("a", 0.5, 0.0), ("b", 0.3, 60.0), ("c", 0.1, 50.0), ("d", 0.1, 10.0)):
        j.update_touchpoint(tp, importance=importance)
        j.set_measurement(Measurement(tp, "nps", nps, 50))
    points = {p.touchpoint: p for p in priority_matrix(j)}
    # mean importance 0.25: a and b are above it
    assert points["a"].quadrant == FIX_FIRST
    assert points["b"].quadrant == KEEP_IT_UP
    assert points["c"].quadrant == OVERINVESTMENT
    assert points["d"].quadrant == LOW_PRIORITY
    assert points["a"].performance == pytest.approx((0 - 30) / 200)


def test_ranking_uses_importance_and_says_so(small_journey):
    j = small_journey
    j.set_measurement(Measurement("a", "nps", 0.0, 50))     # 0.225 without importance
    j.set_measurement(Measurement("b", "csat", 60.0, 50))   # 0.200 without importance
    assert [w.id for w in rank_weak(Scorecards(j))] == ["a", "b"]
    j.update_touchpoint("a", importance=0.1)
    j.update_touchpoint("b", importance=0.5)
    weak = rank_weak(Scorecards(j))
    assert [w.id for w in weak] == ["b", "a"]   # 0.2 x (0.5/0.3) beats 0.225 x (0.1/0.3)
    assert weak[0].score == pytest.approx(0.2 * 0.5 / 0.3, abs=1e-6)  # scores are rounded to 6 places
    assert weak[0].reasons[-1] == "importance for loyalty 50% (1.7x the average touchpoint)"


def test_paths_reach_dropoffs_and_warnings(small_journey):
    j = small_journey   # a -> b (0.5), b -> c (no share)
    j.add_touchpoint(Touchpoint("x", "Orphan loop", "p1", "front"))
    j.add_touchpoint(Touchpoint("y", "Loop partner", "p1", "front"))
    j.add_connection(Connection("x", "y", share=1.0))
    j.add_connection(Connection("y", "x", share=0.5))
    report = analyse_paths(j)
    assert report.entries == ["a"]
    assert report.reach["a"] == pytest.approx(1.0)
    assert report.reach["b"] == pytest.approx(0.5)
    assert report.reach["c"] == pytest.approx(0.5)  # b's one connection without a share takes everyone
    assert report.drop_offs[0].touchpoint == "a"
    assert report.drop_offs[0].lost == pytest.approx(0.5)
    assert set(report.unreachable) == {"x", "y"}
    assert report.dead_ends == []  # c ends the journey in the last phase


def test_paths_with_a_loop_solve_exactly(small_journey):
    j = small_journey
    j.update_connection("a", "b", share=1.0)
    j.update_connection("b", "c", share=0.8)
    j.add_connection(Connection("c", "b", share=0.5))   # half of c goes back to b
    report = analyse_paths(j)
    # visits: b = 1 + 0.5 c ; c = 0.8 b  ->  b = 1 / (1 - 0.4) = 5/3, c = 4/3
    assert report.visits["b"] == pytest.approx(5 / 3)
    assert report.visits["c"] == pytest.approx(4 / 3)
    # reach is a probability: everyone gets to b; c only via b's 80% (c's 50% back to b
    # brings nobody new to c)
    assert report.reach["b"] == pytest.approx(1.0)
    assert report.reach["c"] == pytest.approx(0.8)
    # everyone stops somewhere exactly once: b loses 5/3 x 20%, c 4/3 x 50%
    assert sum(d.lost for d in report.drop_offs) == pytest.approx(1.0)


def test_dead_end_outside_last_phase(small_journey):
    j = small_journey
    j.add_touchpoint(Touchpoint("z", "Brochure", "p1", "front"))
    j.add_connection(Connection("a", "z"))
    report = analyse_paths(j)
    assert report.dead_ends == ["z"]
    assert any("'Brochure' is a dead end" in w for w in report.warnings)


def _hitting_probability(j, entries, target):
    """Independent check: P(ever reaching `target`), with `target` made
    absorbing: h(u) = sum_w P(u->w) h(w), h(target) = 1, solved directly."""
    import numpy as np

    from journeymap.analysis.paths import effective_shares
    shares = effective_shares(j)
    nodes = [tp.id for tp in j.touchpoints]
    idx = {n: i for i, n in enumerate(nodes)}
    a = np.eye(len(nodes))
    b = np.zeros(len(nodes))
    for n in nodes:
        if n == target:
            b[idx[n]] = 1.0
            continue
        for t in j.graph.successors(n):
            a[idx[n], idx[t]] -= shares[(n, t)]
    h = np.linalg.solve(a, b)
    return sum(h[idx[e]] for e in entries) / len(entries)


def test_reach_is_a_probability_on_random_maps_with_loops():
    import random

    from journeymap.model import Journey, Lane, Phase
    rnd = random.Random(7)
    for trial in range(25):
        j = Journey()
        j.add_phase(Phase("p", "P"))
        j.add_lane(Lane("l", "L"))
        size = rnd.randint(4, 9)
        for i in range(size):
            j.add_touchpoint(Touchpoint(f"t{i}", f"T{i}", "p", "l"))
        for i in range(size - 1):  # a chain from t0, with loops back
            j.add_connection(Connection(f"t{i}", f"t{i + 1}", share=round(rnd.uniform(0.3, 0.7), 2)))
        for _ in range(rnd.randint(1, 3)):
            s, t = rnd.randrange(1, size), rnd.randrange(1, size)
            if s != t and not j.has_connection(f"t{s}", f"t{t}"):
                j.add_connection(Connection(f"t{s}", f"t{t}", share=round(rnd.uniform(0.05, 0.25), 2)))
        for tp in j.touchpoints:  # keep every card's outgoing shares at most 100%
            out = j.connections_of(tp.id)
            out = [c for c in out if c.source == tp.id]
            total = sum(c.share for c in out)
            if total > 0.95:
                for c in out:
                    j.update_connection(c.source, c.target, share=round(c.share * 0.9 / total, 4))
        report = analyse_paths(j)
        for tp in j.touchpoints:
            expected = _hitting_probability(j, report.entries, tp.id)
            assert report.reach[tp.id] == pytest.approx(expected, abs=1e-9), (trial, tp.id)
            assert report.reach[tp.id] <= 1.0 + 1e-9


def test_an_unsolvable_loop_is_named_and_the_rest_is_computed(small_journey):
    j = small_journey   # a -> b (0.5), b -> c
    j.add_touchpoint(Touchpoint("x", "Orphan loop", "p1", "front"))
    j.add_touchpoint(Touchpoint("y", "Loop partner", "p1", "front"))
    j.add_connection(Connection("x", "y", share=0.9))
    j.add_connection(Connection("y", "x", share=0.9))
    j.add_touchpoint(Touchpoint("z", "After the loop", "p2", "front"))
    j.add_connection(Connection("x", "z", share=0.6))   # x's shares add up to 150%, x has no inflow
    report = analyse_paths(j)
    assert report.reach["b"] == pytest.approx(0.5)      # an unreachable bad loop changes nothing
    j.add_connection(Connection("c", "x", share=0.5))    # now customers reach the bad loop
    report = analyse_paths(j)
    assert report.reach["x"] is None
    assert report.reach["y"] is None
    assert report.reach["b"] == pytest.approx(0.5)
    assert report.reach["c"] == pytest.approx(0.5)
    assert any("the loop through" in w and "150%" in w and "'Orphan loop'" in w for w in report.warnings)


def test_drivers_say_when_pairwise_correlations_contradict_each_other():
    """Three touchpoints answered only in pairs (no complete cases): a and b
    move together, b and c together, but a and c against each other, which
    no real data can do; the matrix is not positive definite."""
    from journeymap.analysis.drivers import run_drivers
    rng = np.random.default_rng(21)
    parts = []
    for first, second, sign in (("a", "b", 1), ("b", "c", 1), ("a", "c", -1)):
        x = rng.normal(size=60)
        y = sign * x + rng.normal(scale=0.2, size=60)
        frame = pd.DataFrame({first: x, second: y, "ltr": x + rng.normal(scale=0.5, size=60)})
        parts.append(frame)
    data = pd.concat(parts, ignore_index=True)
    corr = data[["a", "b", "c"]].corr(min_periods=3).to_numpy()
    assert np.linalg.eigvalsh(corr).min() < -0.1  # the premise: contradictory pairs
    analysis = run_drivers(data, {"a": "A", "b": "B", "c": "C"}, ["ltr"])
    assert any("contradict each other" in note for note in analysis.notes)
    shares = [r.importance for r in analysis.results]
    assert all(s is not None and s >= 0 for s in shares)
    assert sum(shares) == pytest.approx(1.0)
