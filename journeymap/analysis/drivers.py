"""Driver analysis: which touchpoints move loyalty outcomes.

From respondent-level data (a row per respondent, answers per touchpoint,
one or more outcome answers such as likelihood to recommend) each
touchpoint gets, per outcome:

* Pearson and Spearman correlation on pairwise-complete answers, with n and a
  95% confidence interval from Fisher's z transform;
* relative importance: the share of the absolute standardised regression
  coefficients when the outcome is regressed on all touchpoints at once
  (computed from the pairwise-complete correlation matrix, so missing
  answers cost only their own pairs).

Warnings say when n is below 30 or answers do not vary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MIN_TRUSTED_N = 30
Z_95 = 1.959963984540054
IMPORTANCE_METHOD = ("Relative importance: each touchpoint's share of the absolute standardised "
                     "regression coefficients (outcome regressed on all touchpoints, from "
                     "pairwise-complete correlations).")


@dataclass(frozen=True)
class Correlation:
    r: float | None
    n: int
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True)
class DriverResult:
    touchpoint: str
    outcome: str
    pearson: Correlation
    spearman: Correlation
    importance: float | None            # 0..1, shares sum to 1 per outcome
    warnings: tuple[str, ...] = field(default_factory=tuple)


def fisher_ci(r: float, n: int) -> tuple[float | None, float | None]:
    if n <= 3 or abs(r) >= 1.0:
        return (r, r) if abs(r) >= 1.0 and n > 3 else (None, None)
    z = math.atanh(r)
    se = 1.0 / math.sqrt(n - 3)
    return math.tanh(z - Z_95 * se), math.tanh(z + Z_95 * se)


def correlate(x: pd.Series, y: pd.Series, method: str = "pearson") -> Correlation:
    """Pairwise-complete correlation with its n and 95% CI; r is None when
    fewer than 3 pairs remain or either side does not vary."""
    pair = pd.concat([x, y], axis=1).dropna()
    n = len(pair)
    if n < 3:
        return Correlation(None, n)
    a, b = pair.iloc[:, 0].astype(float), pair.iloc[:, 1].astype(float)
    if method == "spearman":
        a, b = a.rank(), b.rank()
    if a.std() == 0 or b.std() == 0:
        return Correlation(None, n)
    r = float(np.corrcoef(a.to_numpy(), b.to_numpy())[0, 1])
    low, high = fisher_ci(r, n)
    return Correlation(r, n, low, high)


def relative_importance(data: pd.DataFrame, predictors: list[str], outcome: str) -> dict[str, float]:
    """Shares of |standardised beta| from the pairwise correlation matrix.
    Predictors that do not vary get no share."""
    usable = [p for p in predictors if data[p].dropna().std() > 0]
    if not usable or data[outcome].dropna().std() == 0:
        return {}
    corr = data[usable + [outcome]].astype(float).corr(method="pearson", min_periods=3)
    rxx = corr.loc[usable, usable].to_numpy()
    rxy = corr.loc[usable, outcome].to_numpy()
    if np.isnan(rxx).any() or np.isnan(rxy).any():
        keep = [p for p in usable if not np.isnan(corr.loc[p, outcome])]
        if not keep:
            return {}
        return relative_importance(data, keep, outcome) if keep != usable else {}
    beta = np.linalg.pinv(rxx) @ rxy  # pinv: collinear touchpoints share rather than explode
    total = float(np.abs(beta).sum())
    if total == 0:
        return {}
    return {p: float(abs(b) / total) for p, b in zip(usable, beta)}


def analyse(data: pd.DataFrame, touchpoint_columns: dict[str, str], outcomes: list[str]) -> list[DriverResult]:
    """touchpoint_columns: column name -> touchpoint id."""
    results = []
    columns = list(touchpoint_columns)
    for outcome in outcomes:
        weights = relative_importance(data, columns, outcome)
        for col in columns:
            pearson = correlate(data[col], data[outcome], "pearson")
            spearman = correlate(data[col], data[outcome], "spearman")
            warnings = []
            if pearson.n < MIN_TRUSTED_N:
                warnings.append(f"only {pearson.n} respondents answered both: below {MIN_TRUSTED_N}, too few to trust")
            if pearson.r is None and pearson.n >= 3:
                warnings.append("answers do not vary, so no correlation can be computed")
            results.append(DriverResult(touchpoint_columns[col], outcome, pearson, spearman,
                                        weights.get(col), tuple(warnings)))
    return results


def importance_by_touchpoint(results: list[DriverResult], outcome: str) -> dict[str, float]:
    return {r.touchpoint: r.importance for r in results if r.outcome == outcome and r.importance is not None}
