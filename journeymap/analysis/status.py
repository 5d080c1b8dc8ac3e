"""Status against a target: the one rule every view and export uses."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from journeymap.model.entities import MetricDef


class Status(str, Enum):  # noqa: UP042 (StrEnum would change how a status formats in f-strings)
    NONE = "none"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]

    @property
    def symbol(self) -> str:
        return _SYMBOL[self]

    @property
    def label(self) -> str:
        return _LABEL[self]

    @classmethod
    def worst(cls, statuses: Iterable[Status]) -> Status:
        worst = cls.NONE
        for s in statuses:
            if s.severity > worst.severity:
                worst = s
        return worst


_SEVERITY = {Status.NONE: 0, Status.GREEN: 1, Status.AMBER: 2, Status.RED: 3}
# Status never rests on colour alone: this symbol travels with it everywhere.
_SYMBOL = {Status.NONE: "–", Status.GREEN: "✓", Status.AMBER: "!", Status.RED: "✕"}
_LABEL = {Status.NONE: "No data", Status.GREEN: "Meets target",
          Status.AMBER: "Near target", Status.RED: "Misses target"}


def signed_gap(metric: MetricDef, value: float, target: float) -> float:
    """How far the value is better (+) or worse (-) than the target."""
    return value - target if metric.direction == "higher" else target - value


def amber_band(metric: MetricDef, target: float) -> float:
    if metric.amber_mode == "percent":
        return abs(target) * metric.amber / 100.0
    return metric.amber


def status_of(metric: MetricDef, value: float | None, target: float | None) -> Status:
    """Green meets the target, amber misses it within the amber band, red is
    beyond the band; no value or no target gives none."""
    if value is None or target is None:
        return Status.NONE
    gap = signed_gap(metric, value, target)
    # A tolerance so 80.0 vs a target of 80 computed as 79.99999999 still meets it.
    if gap >= -1e-9:
        return Status.GREEN
    if -gap <= amber_band(metric, target) + 1e-9:
        return Status.AMBER
    return Status.RED
