"""How far to trust a figure: its 95% confidence interval, from n and, when
the answers were imported one by one, their spread.

* Top-two-box and yes/no rates (CSAT, FCR, churn, renewal): the Wilson score
  interval of the proportion.
* NPS: the normal interval of a difference of shares, NPS ± z·√((p + d −
  (p − d)²) / n) in points, p and d the promoter and detractor shares. With
  only the score and n, p + d is unknown: the interval is the widest the
  score allows (p + d = 1, no passives), and says so.
* Means (CES, time to resolution, custom means): the t-interval, mean ± t(n − 1)
  · s / √n. Without the answers' spread, on a scale with both ends, the
  widest the mean allows (the Bhatia–Davis bound on the variance,
  (max − mean)(mean − min)); on an open scale, none.
* Medians, sums, minimums and maximums: none.

A roll-up (a phase, the journey, segments combined) is treated as one sample
of all its answers: the spreads pool exactly when every part has one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from journeymap.model.entities import MetricDef
from journeymap.model.metrics import answer_range, format_amount, format_value

LEVEL = 0.95
# The standard normal quantile for 97.5% (statistics.NormalDist().inv_cdf(0.975);
# checked in the tests): the statistics module costs a small report's start.
Z = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    """A value's 95% interval and how it was computed."""

    low: float
    high: float
    method: str  # "wilson", "nps" or "t"
    # The spread of the answers was not known: the widest interval the value
    # and n allow, so the truth is at least this narrow.
    widest: bool = False

    @property
    def margin(self) -> float:
        """Half the width: the "± 18" of NPS -12 ± 18."""
        return (self.high - self.low) / 2

    def contains(self, x: float) -> bool:
        return self.low - 1e-9 <= x <= self.high + 1e-9


def interval(metric: MetricDef, value: float | None, n: int | None, sd: float | None = None) -> Interval | None:
    """The 95% interval of a value of this metric from n answers (None when
    the metric's aggregation has none, or n is unknown or too small)."""
    if value is None or n is None or n < 1:
        return None
    aggregation = metric.aggregation
    if aggregation in ("top2box", "rate"):
        low, high = wilson(min(1.0, max(0.0, value / 100.0)), n)
        return Interval(100.0 * low, 100.0 * high, "wilson")
    if sd == 0:
        # Every answer alike: that says nothing about how sure the value is
        # (two equal answers would give a zero-width t-interval).
        sd = None
    if aggregation == "nps":
        if sd is not None and n >= 2:
            variance, widest = sd * sd * (n - 1) / n, False  # p + d - (p - d)^2, from the answers' spread
        else:
            variance, widest = max(0.0, 100.0 ** 2 - value * value), True
        margin = Z * math.sqrt(variance / n)
        if margin == 0:
            return None  # all promoters or all detractors: no spread to judge by
        return Interval(max(-100.0, value - margin), min(100.0, value + margin), "nps", widest)
    if aggregation == "mean" and n >= 2:
        widest = sd is None
        if sd is None:
            lo, hi = answer_range(metric)
            if lo is None or hi is None:
                return None
            # Bhatia–Davis: no answers in [lo, hi] with this mean vary more.
            sd = math.sqrt(max(0.0, (hi - value) * (value - lo)) * n / (n - 1))
        margin = t_quantile(n - 1) * sd / math.sqrt(n)
        if margin == 0:
            return None  # every answer at one end of the scale
        return Interval(value - margin, value + margin, "t", widest)
    return None


def why_none(metric: MetricDef, value: float | None, n: int | None) -> str:
    """Why a value has no interval, in plain words ("" when it has one or
    has no value)."""
    if value is None:
        return ""
    if n is None:
        return "No interval: n is unknown."
    if metric.aggregation in ("median", "sum", "min", "max"):
        return f"No interval for a {metric.aggregation}: only means and shares of answers get one."
    if n < 2 and metric.aggregation == "mean":
        return "No interval from a single answer."
    lo, hi = answer_range(metric)
    if metric.aggregation == "mean" and (lo is None or hi is None):
        return ("No interval: the spread of the answers is not in the data, and this scale has no upper end "
                "to bound it. Import the answers one by one, or a standard deviation column.")
    return "No interval: every answer was the same, which says nothing about how sure the value is."


def wilson(p: float, n: int) -> tuple[float, float]:
    """The Wilson score interval of a proportion p of n (Wilson 1927)."""
    z2 = Z * Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@lru_cache(maxsize=4096)
def t_quantile(df: int) -> float:
    """The 97.5% quantile of Student's t with df degrees of freedom.

    Up to 60, exactly: the t distribution's probability within ±t is a finite
    trigonometric sum for whole df (Abramowitz and Stegun 26.7.3-4), solved
    by bisection. Above, the Cornish–Fisher expansion (A&S 26.7.5), within
    1e-9 there. scipy computes the same, but importing it costs a second."""
    if df < 1:
        raise ValueError("t needs at least one degree of freedom")
    if df > 60:
        return _cornish_fisher(df)
    low, high = 0.0, math.pi / 2
    for _ in range(60):
        theta = (low + high) / 2
        if _within(theta, df) < LEVEL:
            low = theta
        else:
            high = theta
    return math.sqrt(df) * math.tan((low + high) / 2)


def _within(theta: float, df: int) -> float:
    """P(|T| <= sqrt(df) tan(theta)) for Student's t with df degrees of freedom."""
    c2 = math.cos(theta) ** 2
    if df % 2:
        term = total = math.cos(theta)
        for k in range(3, df, 2):  # cos + 2/3 cos^3 + (2·4)/(3·5) cos^5 + ...
            term *= c2 * (k - 1) / k
            total += term
        return 2 / math.pi * (theta + (math.sin(theta) * total if df > 1 else 0.0))
    term = total = 1.0
    for k in range(2, df, 2):  # 1 + 1/2 cos^2 + (1·3)/(2·4) cos^4 + ...
        term *= c2 * (k - 1) / k
        total += term
    return math.sin(theta) * total


def _cornish_fisher(df: int) -> float:
    x = Z
    g1 = (x ** 3 + x) / 4
    g2 = (5 * x ** 5 + 16 * x ** 3 + 3 * x) / 96
    g3 = (3 * x ** 7 + 19 * x ** 5 + 17 * x ** 3 - 15 * x) / 384
    g4 = (79 * x ** 9 + 776 * x ** 7 + 1482 * x ** 5 - 1920 * x ** 3 - 945 * x) / 92160
    return x + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4


def pooled_sd(parts: Sequence[tuple[float, int | None, float | None]]) -> float | None:
    """The sample standard deviation of all the answers of several groups,
    from each group's (mean, n, sd): exact, as if the answers were pooled.
    None when a group's n or spread is unknown (a group of one answer needs
    no spread)."""
    if any(n is None or (sd is None and n > 1) for _, n, sd in parts):
        return None
    total = sum(n for _, n, _ in parts if n is not None)
    if total < 2:
        return None
    mean = math.fsum(v * n for v, n, _ in parts if n is not None) / total
    within = math.fsum((n - 1) * sd * sd for _, n, sd in parts if n is not None and sd is not None)
    between = math.fsum(n * (v - mean) ** 2 for v, n, _ in parts if n is not None)
    return math.sqrt((within + between) / (total - 1))


def describe(metric: MetricDef, value: float, n: int | None, iv: Interval | None) -> str:
    """"-12 ± 18, n=41" (the NPS of 41 answers) as the inspector, the tour
    and the report say it: ± for a symmetric interval, the range for
    Wilson's, which is not symmetric."""
    shown = format_value(metric, value)
    if iv is None:
        return f"{shown}, n={n}" if n is not None else shown
    if iv.method == "wilson":
        return f"{shown} (95%: {range_words(metric, iv)}), n={n}"
    return f"{shown} {margin_words(metric, iv)}, n={n}"


def range_words(metric: MetricDef, iv: Interval) -> str:
    """"64%–79%"."""
    return f"{format_value(metric, iv.low)}–{format_value(metric, iv.high)}"


def margin_words(metric: MetricDef, iv: Interval) -> str:
    """"± 9", "± up to 9" (the answers' spread unknown), or the range for
    Wilson's interval, which is not symmetric."""
    if iv.method == "wilson":
        return range_words(metric, iv)
    return f"± {'up to ' if iv.widest else ''}{format_amount(metric, iv.margin)}"
