"""Pure analysis: targets, status, scorecards and weak-touchpoint ranking."""

from .scorecard import Filter, MetricResult, Scorecards
from .status import Status, status_of
from .weak import WeakTouchpoint, rank_weak

__all__ = ["Filter", "MetricResult", "Scorecards", "Status", "WeakTouchpoint",
           "rank_weak", "status_of"]
