"""The standard CX metric library and the formulas that turn raw answers into
one value.

Formulas (n is the number of valid answers):

* NPS: % of answers 9-10 minus % of answers 0-6, on 0-10 answers (-100..100).
* CSAT top-two-box: % of answers 4-5 on a 1-5 scale.
* CES: mean of 1-7 answers (7 = easiest).
* FCR, churn, renewal: % of yes/1 answers.
* Time to resolution: mean hours.
* Custom: mean, median, sum, rate, min or max.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .entities import MetricDef


class MetricError(ValueError):
    """An answer or definition the library cannot use."""


AGGREGATIONS = ("nps", "top2box", "mean", "median", "sum", "rate", "min", "max")

_YES = {"yes", "y", "true", "1", "resolved", "ja", "oui", "si", "sí"}
_NO = {"no", "n", "false", "0", "unresolved", "nein", "non"}


STANDARD_METRICS: dict[str, MetricDef] = {
    m.id: m
    for m in (
        MetricDef(
            id="nps", name="NPS", unit="pts", scale_min=-100, scale_max=100,
            direction="higher", aggregation="nps", answer_min=0, answer_max=10,
            target=30, amber=10, weight=1.5,
            aliases=("net promoter score", "net promoter", "nps score", "likelihood to recommend"),
        ),
        MetricDef(
            id="csat", name="CSAT", unit="%", scale_min=0, scale_max=100,
            direction="higher", aggregation="top2box", answer_min=1, answer_max=5,
            target=80, amber=5,
            aliases=("csat %", "csat (%)", "customer satisfaction", "satisfaction", "csat score"),
        ),
        MetricDef(
            id="ces", name="CES", unit="", scale_min=1, scale_max=7,
            direction="higher", aggregation="mean", answer_min=1, answer_max=7,
            target=5.5, amber=0.5,
            aliases=("customer effort score", "customer effort", "effort score", "effort"),
        ),
        MetricDef(
            id="fcr", name="FCR", unit="%", scale_min=0, scale_max=100,
            direction="higher", aggregation="rate", answer_min=0, answer_max=1,
            target=75, amber=5,
            aliases=("first contact resolution", "first call resolution", "fcr %", "fcr (%)"),
        ),
        MetricDef(
            id="ttr", name="Time to resolution", unit="h", scale_min=0, scale_max=120,
            direction="lower", aggregation="mean", answer_min=0, answer_max=None,
            target=24, amber=25, amber_mode="percent",
            aliases=("ttr", "time to resolution (h)", "average time to resolution",
                     "resolution time", "hours to resolve"),
        ),
        MetricDef(
            id="churn", name="Churn rate", unit="%", scale_min=0, scale_max=100,
            direction="lower", aggregation="rate", answer_min=0, answer_max=1,
            target=5, amber=2, weight=1.5,
            aliases=("churn", "churn %", "churn rate %", "customer churn"),
        ),
        MetricDef(
            id="renewal", name="Renewal rate", unit="%", scale_min=0, scale_max=100,
            direction="higher", aggregation="rate", answer_min=0, answer_max=1,
            target=90, amber=5, weight=1.5,
            aliases=("renewal", "renewal %", "renewal rate %", "retention", "retention rate"),
        ),
    )
}


def standard_metric(metric_id: str) -> MetricDef:
    try:
        return STANDARD_METRICS[metric_id]
    except KeyError:
        raise MetricError(f"unknown standard metric '{metric_id}'") from None


def custom_metric(metric_id: str, name: str, aggregation: str = "mean", **fields: Any) -> MetricDef:
    if aggregation not in AGGREGATIONS:
        raise MetricError(f"metric '{metric_id}': unknown aggregation '{aggregation}'")
    return MetricDef(id=metric_id, name=name, aggregation=aggregation, **fields)


def answer_range(metric: MetricDef) -> tuple[float | None, float | None]:
    lo = metric.answer_min if metric.answer_min is not None else None
    hi = metric.answer_max if metric.answer_max is not None else None
    if metric.aggregation in ("mean", "median", "min", "max") and lo is None and hi is None:
        return metric.scale_min, metric.scale_max
    return lo, hi


def parse_answer(metric: MetricDef, answer: object) -> float:
    """One raw answer as a number, or MetricError saying why it is unusable."""
    if isinstance(answer, bool):
        # A TRUE/FALSE cell is a yes/no answer, never a score of 1 or 0.
        if metric.aggregation != "rate":
            raise MetricError(f"{metric.name}: a TRUE/FALSE cell is not an answer on its scale")
        value = 1.0 if answer else 0.0
    elif isinstance(answer, (int, float)):
        value = float(answer)
    elif isinstance(answer, str):
        text = answer.strip().lower()
        if metric.aggregation == "rate" and text in _YES:
            value = 1.0
        elif metric.aggregation == "rate" and text in _NO:
            value = 0.0
        else:
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                raise MetricError(f"{metric.name}: '{answer}' is not a number") from None
    else:
        raise MetricError(f"{metric.name}: '{answer!r}' is not a number")
    if math.isnan(value) or math.isinf(value):
        raise MetricError(f"{metric.name}: '{answer}' is not a number")
    lo, hi = answer_range(metric)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        shown = f"{lo:g}..{hi:g}" if lo is not None and hi is not None else (
            f">= {lo:g}" if lo is not None else f"<= {hi:g}")
        raise MetricError(f"{metric.name}: answer {value:g} is outside the scale {shown}")
    if metric.aggregation in ("nps", "top2box") and value != int(value):
        raise MetricError(f"{metric.name}: answer {value:g} must be a whole number")
    if metric.aggregation == "rate" and value not in (0.0, 1.0):
        raise MetricError(f"{metric.name}: answer {value:g} is not yes/no (1 or 0)")
    return value


def aggregate(metric: MetricDef, answers: Iterable[object]) -> tuple[float | None, int]:
    """Aggregate raw answers with the metric's formula: (value, n).

    Every answer is checked first: one out-of-scale answer rejects the batch
    with a MetricError rather than skewing the result. With no answers the
    value is None and n is 0.
    """
    values = [parse_answer(metric, a) for a in answers]
    return aggregate_numbers(metric.aggregation, values), len(values)


def aggregate_numbers(aggregation: str, values: Sequence[float]) -> float | None:
    """The formula alone, for values already checked against the scale."""
    return aggregate_histogram(aggregation, Counter(values))


def aggregate_histogram(aggregation: str, counts: Mapping[float, int]) -> float | None:
    """The formula, from how many times each answer was given: the one
    definition of every metric, whatever counted the answers (rows read here,
    or a GROUP BY in DuckDB or the database a query ran in)."""
    counts = {value: n for value, n in counts.items() if n > 0}
    n = sum(counts.values())
    if n == 0:
        return None
    if aggregation == "nps":
        promoters = sum(c for v, c in counts.items() if v >= 9)
        detractors = sum(c for v, c in counts.items() if v <= 6)
        return 100.0 * (promoters - detractors) / n
    if aggregation == "top2box":
        return 100.0 * sum(c for v, c in counts.items() if v >= 4) / n
    if aggregation == "rate":
        return 100.0 * math.fsum(v * c for v, c in counts.items()) / n
    if aggregation == "mean":
        return math.fsum(v * c for v, c in counts.items()) / n
    if aggregation == "median":
        return _weighted_median(counts, n)
    if aggregation == "sum":
        return math.fsum(v * c for v, c in counts.items())
    if aggregation == "min":
        return float(min(counts))
    if aggregation == "max":
        return float(max(counts))
    raise MetricError(f"unknown aggregation '{aggregation}'")


def _coded(aggregation: str, answer: float) -> float:
    """An answer in the value's units: what the value is the mean of."""
    if aggregation == "nps":
        return 100.0 if answer >= 9 else (-100.0 if answer <= 6 else 0.0)
    if aggregation == "top2box":
        return 100.0 if answer >= 4 else 0.0
    if aggregation == "rate":
        return 100.0 * answer
    return answer


def answer_spread(aggregation: str, counts: Mapping[float, int]) -> float | None:
    """The sample standard deviation (n - 1) of the answers, in the value's
    units (NPS answers as +100, 0 and -100; top-two-box and yes/no answers as
    100 and 0): with the value and n, what an exact confidence interval
    needs. None for fewer than two answers, and for the aggregations whose
    value is not a mean of the answers (median, sum, min, max)."""
    if aggregation not in ("nps", "top2box", "rate", "mean"):
        return None
    coded = Counter[float]()
    for answer, n in counts.items():
        if n > 0:
            coded[_coded(aggregation, answer)] += n
    total = sum(coded.values())
    if total < 2:
        return None
    mean = math.fsum(v * c for v, c in coded.items()) / total
    squares = math.fsum(c * (v - mean) ** 2 for v, c in coded.items())
    return math.sqrt(squares / (total - 1))


def _weighted_median(counts: Mapping[float, int], n: int) -> float:
    """The middle answer (the mean of the two middle ones for an even n)."""
    middle = [(n - 1) // 2, n // 2]  # 0-based positions in the sorted answers
    found: list[float] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] < seen:
            found.append(float(value))
            middle.pop(0)
        if not middle:
            break
    return (found[0] + found[1]) / 2


def _number(value: float) -> str:
    """Whole numbers from 10 up, one decimal below (7.5% churn, not 8%)."""
    if abs(value) >= 10 or value == round(value):
        return f"{value:.0f}"
    return f"{value:.1f}"


def format_value(metric: MetricDef, value: float | None) -> str:
    """Short display text used by the canvas, panels, reasons and exports."""
    if value is None:
        return "–"
    if metric.unit == "%":
        return f"{_number(value)}%"
    if metric.aggregation == "nps" or metric.unit == "pts":
        return f"{value:+.0f}" if round(value) else "0"
    text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}"
    return f"{text} {metric.unit}" if metric.unit else text


def format_amount(metric: MetricDef, amount: float) -> str:
    """A distance between two values: "18", "2.5 points", "6.0 h"."""
    amount = abs(amount)
    if metric.unit == "%":
        text = _number(amount)
        return f"{text} point" if text == "1" else f"{text} points"
    if metric.aggregation == "nps" or metric.unit == "pts":
        return f"{amount:.0f}"
    text = f"{amount:.0f}" if amount >= 100 else f"{amount:.1f}"
    return f"{text} {metric.unit}" if metric.unit else text
