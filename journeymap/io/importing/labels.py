"""Answers exported as words ("Very satisfied", "Strongly agree", "good")
turned into the numbers the metric formulas take.

Which scale a label belongs to depends on the metric: "Agree" is 4 on a
5-point scale and 6 on a 7-point one, so the metric's answer range picks the
table. A label no table knows is not counted: the caller reports it.
"""

from __future__ import annotations

import re

from journeymap.model.entities import MetricDef

from .cells import normalize


def _table(*rows: tuple[float, tuple[str, ...]]) -> dict[str, float]:
    return {normalize(label): value for value, labels in rows for label in labels}


SATISFACTION_5 = _table(
    (1, ("very dissatisfied", "extremely dissatisfied", "very unsatisfied", "completely dissatisfied")),
    (2, ("dissatisfied", "somewhat dissatisfied", "unsatisfied", "somewhat unsatisfied", "slightly dissatisfied")),
    (3, ("neither satisfied nor dissatisfied", "neither satisfied or dissatisfied", "neutral",
         "neither dissatisfied nor satisfied")),
    (4, ("satisfied", "somewhat satisfied", "slightly satisfied")),
    (5, ("very satisfied", "extremely satisfied", "completely satisfied")),
)
AGREEMENT_5 = _table(
    (1, ("strongly disagree",)),
    (2, ("disagree", "somewhat disagree")),
    (3, ("neither agree nor disagree", "neither agree or disagree", "neutral")),
    (4, ("agree", "somewhat agree")),
    (5, ("strongly agree",)),
)
# Customer Effort Score 2.0 asks for agreement with "The company made it easy
# for me to handle my issue" on seven points; others ask easy..difficult.
AGREEMENT_7 = _table(
    (1, ("strongly disagree",)), (2, ("disagree",)), (3, ("somewhat disagree", "slightly disagree")),
    (4, ("neither agree nor disagree", "neither agree or disagree", "neutral")),
    (5, ("somewhat agree", "slightly agree")), (6, ("agree",)), (7, ("strongly agree",)),
)
EASE_7 = _table(
    (1, ("very difficult", "extremely difficult")), (2, ("difficult",)),
    (3, ("somewhat difficult", "slightly difficult")), (4, ("neither easy nor difficult", "neither easy or difficult")),
    (5, ("somewhat easy", "slightly easy")), (6, ("easy",)), (7, ("very easy", "extremely easy")),
)
EASE_5 = _table(
    (1, ("very difficult", "extremely difficult")), (2, ("difficult", "somewhat difficult")),
    (3, ("neither easy nor difficult", "neither easy or difficult", "neutral")),
    (4, ("easy", "somewhat easy")), (5, ("very easy", "extremely easy")),
)
# The two labelled ends of the 0-10 likelihood scale, exported as words.
LIKELIHOOD_11 = _table((0, ("not at all likely", "not likely at all", "extremely unlikely")),
                       (10, ("extremely likely",)))
# Helpdesk ratings (Zendesk: good/bad; others satisfied/unsatisfied). For a
# top-two-box metric "good" is a satisfied answer and "bad" is not.
GOOD = {normalize(t) for t in ("good", "good, i'm satisfied", "satisfied", "great", "happy", "positive",
                               "thumbs up", "good with comment")}
BAD = {normalize(t) for t in ("bad", "bad, i'm unsatisfied", "unsatisfied", "not good", "unhappy", "negative",
                              "thumbs down", "bad with comment")}
YES = {normalize(t) for t in ("yes", "y", "true", "resolved", "ja", "oui", "si", "sí", "yes, resolved",
                              "yes, it was resolved")}
NO = {normalize(t) for t in ("no", "n", "false", "unresolved", "not resolved", "nein", "non",
                             "no, not resolved")}
# A rating that was asked for but not given: not an answer at all.
NOT_ANSWERED = {normalize(t) for t in ("offered", "unoffered", "not offered", "no rating", "not rated",
                                       "n/a", "na", "don't know", "dont know", "prefer not to say")}

# "10 - Extremely likely", "0 (Not at all likely)", "5 = Very satisfied", "4 stars"
_LEADING_NUMBER = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(?:[-–—:=(.]\s*\D.*|stars?)?$", re.I)
# "4/5", "4 out of 5": a rating on a stated scale
_OUT_OF = re.compile(r"^\s*(\d+)\s*(?:/|out of|of)\s*(\d+)\s*(?:stars?)?\s*$", re.I)


def label_tables(metric: MetricDef) -> tuple[dict[str, float], ...]:
    lo, hi = metric.answer_min, metric.answer_max
    if metric.aggregation == "rate":
        return ()
    if (lo, hi) == (1, 5):
        return (SATISFACTION_5, AGREEMENT_5, EASE_5)
    if (lo, hi) == (1, 7):
        return (AGREEMENT_7, EASE_7)
    if (lo, hi) == (0, 10):
        return (LIKELIHOOD_11,)
    return ()


def label_value(metric: MetricDef, text: str) -> float | str | None:
    """The number a worded answer stands for; "" when it is no answer at all
    (a rating offered but not given); None when the label is unknown."""
    key = normalize(text)
    if key in NOT_ANSWERED:
        return ""
    if metric.aggregation == "rate":
        if key in YES or key in GOOD:
            return 1.0
        if key in NO or key in BAD:
            return 0.0
        return None
    if metric.aggregation == "top2box" and metric.answer_max is not None and metric.answer_min is not None:
        if key in GOOD and key not in SATISFACTION_5:
            return float(metric.answer_max)
        if key in BAD and key not in SATISFACTION_5:
            return float(metric.answer_min)
    for table in label_tables(metric):
        if key in table:
            return table[key]
    m = _OUT_OF.match(text)
    if m:
        # Only on the metric's own scale: 4/10 is not a 4 on a 1-5 scale.
        return float(m.group(1)) if metric.answer_max is not None and float(m.group(2)) == metric.answer_max else None
    m = _LEADING_NUMBER.match(text)
    if m:
        return float(m.group(1).replace(",", "."))
    return None
