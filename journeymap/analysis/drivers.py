"""Driver analysis: which touchpoints move loyalty outcomes.

From respondent-level data (a row per respondent, answers per touchpoint,
one or more outcome answers such as likelihood to recommend) each
touchpoint gets, per outcome:

* Pearson and Spearman correlation on pairwise-complete answers, with n and a
  95% confidence interval from Fisher's z transform (for Spearman with the
  Bonett-Wright standard error, sqrt((1 + rho^2 / 2) / (n - 3)), whose
  coverage holds for strong correlations where 1 / sqrt(n - 3) is too narrow);
* relative importance by Johnson's relative weights (Johnson 2000): the
  touchpoints are replaced by their closest orthogonal counterparts, the
  outcome's explained variance is split among those, and each part is
  given back to the touchpoints in proportion to how much of it they carry.
  Unlike shares of standardised betas it agrees closely with the all-subsets
  (LMG / Shapley) decomposition on correlated data. Computed from the
  pairwise-complete correlation matrix, so missing answers cost only their
  own pairs.

Warnings say when n is below 30 or answers do not vary, when two touchpoints
were never answered together (importance is computed without the one with
fewer answers) and when pairwise correlations contradict each other (a
matrix that is not positive definite; the nearest consistent one is used).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MIN_TRUSTED_N = 30
Z_95 = 1.959963984540054
IMPORTANCE_METHOD = ("Relative importance: Johnson's relative weights (each touchpoint's share of the "
                     "outcome's explained variance, from pairwise-complete correlations).")


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


def fisher_ci(r: float, n: int, spearman: bool = False) -> tuple[float | None, float | None]:
    """95% interval on Fisher's z; Spearman's with the Bonett-Wright standard error."""
    if n <= 3 or abs(r) >= 1.0:
        return (r, r) if abs(r) >= 1.0 and n > 3 else (None, None)
    z = math.atanh(r)
    se = math.sqrt((1.0 + r * r / 2.0) / (n - 3)) if spearman else 1.0 / math.sqrt(n - 3)
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
    low, high = fisher_ci(r, n, spearman=method == "spearman")
    return Correlation(r, n, low, high)


def johnson_weights(rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """Johnson's relative weights from the predictors' correlation matrix and
    their correlations with the outcome: raw weights that sum to R²."""
    values, vectors = np.linalg.eigh(rxx)
    root = vectors @ np.diag(np.sqrt(values)) @ vectors.T      # corr(X, Z): X's orthogonal counterparts Z
    beta = vectors @ np.diag(1.0 / np.sqrt(values)) @ vectors.T @ rxy  # the outcome regressed on Z
    weights: np.ndarray = (root ** 2) @ (beta ** 2)
    return weights


def relative_importance(data: pd.DataFrame, predictors: list[str], outcome: str,
                        notes: list[str] | None = None) -> dict[str, float]:
    """Each predictor's share of the explained variance (Johnson's relative
    weights, shares summing to 1). Predictors that do not vary get no share;
    a predictor never answered together with another is left out (the one
    with fewer answers), and `notes` says so."""
    notes = notes if notes is not None else []
    usable = [p for p in predictors if data[p].dropna().std() > 0]
    if not usable or data[outcome].dropna().std() == 0:
        return {}
    corr = data[[*usable, outcome]].astype(float).corr(method="pearson", min_periods=3)
    gap = corr.isna()  # pairs never answered together (fewer than 3 both)
    usable = [p for p in usable if not bool(gap.loc[p, outcome])]
    # Drop, one at a time, the predictor with most missing pairs (fewest answers on a tie).
    while usable:
        missing = {p: int(np.isnan(corr.loc[p, usable].to_numpy()).sum()) for p in usable}
        worst = max(usable, key=lambda p: (missing[p], -data[p].count()))
        if missing[worst] == 0:
            break
        partners = [q for q in usable if q != worst and bool(gap.loc[worst, q])]
        notes.append(f"'{worst}' was hardly ever answered together with '{partners[0]}' (fewer than 3 "
                     f"respondents answered both): its importance for '{outcome}' is left out")
        usable.remove(worst)
    if not usable:
        return {}
    rxx = corr.loc[usable, usable].to_numpy()
    rxy = corr.loc[usable, outcome].to_numpy()
    values, vectors = np.linalg.eigh(rxx)
    if values.min() <= 1e-10:
        if values.min() < -1e-8:
            notes.append(f"the pairwise correlations behind '{outcome}' contradict each other (smallest "
                         f"eigenvalue {values.min():.2f}; too few respondents answered everything): importance "
                         "uses the nearest consistent correlations and is approximate")
        values = np.clip(values, 1e-6, None)
        rxx = vectors @ np.diag(values) @ vectors.T
        scale = np.sqrt(np.diag(rxx))
        rxx = rxx / np.outer(scale, scale)
    raw = johnson_weights(rxx, rxy)
    total = float(raw.sum())
    if total <= 0:
        return {}
    return {p: float(w / total) for p, w in zip(usable, raw, strict=True)}


@dataclass
class DriverAnalysis:
    results: list[DriverResult]
    notes: list[str]  # warnings about the data as a whole, in plain words


def analyse(data: pd.DataFrame, touchpoint_columns: dict[str, str], outcomes: list[str]) -> list[DriverResult]:
    return run_drivers(data, touchpoint_columns, outcomes).results


def run_drivers(data: pd.DataFrame, touchpoint_columns: dict[str, str], outcomes: list[str]) -> DriverAnalysis:
    """touchpoint_columns: column name -> touchpoint id."""
    results = []
    notes: list[str] = []
    columns = list(touchpoint_columns)
    for outcome in outcomes:
        weights = relative_importance(data, columns, outcome, notes)
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
    return DriverAnalysis(results, notes)


def importance_by_touchpoint(results: list[DriverResult], outcome: str) -> dict[str, float]:
    return {r.touchpoint: r.importance for r in results if r.outcome == outcome and r.importance is not None}
