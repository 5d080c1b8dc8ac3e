"""Pure model of a customer journey (no Qt)."""

from .entities import Connection, JourneyInfo, Lane, Measurement, MetricDef, Phase, Touchpoint
from .journey import Journey, JourneyError

__all__ = ["Connection", "Journey", "JourneyError", "JourneyInfo", "Lane",
           "Measurement", "MetricDef", "Phase", "Touchpoint"]
