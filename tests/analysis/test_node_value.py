"""node_value finds the usual cell's measurement by its key (issue 13): it
must choose exactly what the documented rule (`select`, then the roll-up)
chooses, whatever mix of periods, undated values and segments a node has."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analysis.scorecard import Filter, node_value, roll_up, select, with_spread
from journeymap.model.entities import Lane, Measurement, Phase, Touchpoint
from journeymap.model.journey import Journey
from journeymap.model.metrics import STANDARD_METRICS

PERIODS = ("", "2026-Q1", "2026-Q2")
SEGMENTS = ("", "SMB", "Enterprise")

cells = st.dictionaries(st.tuples(st.sampled_from(PERIODS), st.sampled_from(SEGMENTS)),
                        st.tuples(st.floats(-100, 100), st.one_of(st.none(), st.integers(0, 500))),
                        max_size=9)


def _journey(cell: dict[tuple[str, str], tuple[float, int | None]]) -> Journey:
    j = Journey()
    j.add_phase(Phase("p", "Phase"))
    j.add_lane(Lane("l", "Lane"))
    j.add_touchpoint(Touchpoint("t", "Card", "p", "l"))
    j.set_metric(STANDARD_METRICS["nps"])
    j.add_measurements(Measurement("t", "nps", value, n, period, segment)
                       for (period, segment), (value, n) in cell.items())
    return j


@settings(max_examples=300, deadline=None)
@given(cells, st.sampled_from((*PERIODS[1:], "2026-Q3")), st.sampled_from((None, *SEGMENTS)))
def test_the_value_found_by_key_is_the_one_the_rule_chooses(cell, period, segment):
    journey = _journey(cell)
    metric = STANDARD_METRICS["nps"]
    flt = Filter(segment, period)
    chosen = select(journey.measurements_of("t", "nps"), flt)
    expected = (with_spread(roll_up(metric.aggregation, [(m.value, m.n) for m in chosen]), metric,
                            [(m.value, m.n, m.sd) for m in chosen])
                if len(chosen) != 1 else None)
    got = node_value(journey, "t", metric, flt)
    if len(chosen) == 1:
        assert (got.value, got.n, got.sd) == (chosen[0].value, chosen[0].n, chosen[0].sd)
    else:
        assert got == expected
