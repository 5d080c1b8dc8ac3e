import os

# Qt tests render offscreen: no display needed, same pixels everywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from journeymap.model import Connection, Journey, JourneyInfo, Lane, Phase, Touchpoint
from journeymap.model.metrics import STANDARD_METRICS


@pytest.fixture
def small_journey() -> Journey:
    """Two phases, two lanes, three touchpoints, NPS and CSAT and TTR defined."""
    j = Journey(JourneyInfo(name="Small"))
    j.add_phase(Phase("p1", "Discover"))
    j.add_phase(Phase("p2", "Buy"))
    j.add_lane(Lane("customer", "Customer actions"))
    j.add_lane(Lane("front", "Frontstage"))
    for metric in ("nps", "csat", "ttr"):
        j.set_metric(STANDARD_METRICS[metric])
    j.add_touchpoint(Touchpoint("a", "Ad", "p1", "customer", channel="Web"))
    j.add_touchpoint(Touchpoint("b", "Shop", "p2", "customer", emotion=1.0))
    j.add_touchpoint(Touchpoint("c", "Call centre", "p2", "front", emotion=-1.5))
    j.add_connection(Connection("a", "b", "click", 0.5))
    j.add_connection(Connection("b", "c"))
    return j
