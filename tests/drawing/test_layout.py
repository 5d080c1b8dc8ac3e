"""The layout kept up to date edit by edit equals a fresh one."""

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.drawing.layout import Layout, compute_layout, relayout
from journeymap.io.journey_file import dumps, loads
from journeymap.model import JourneyError, Touchpoint
from journeymap.model import edits as ed
from tests.model.test_edits import gesture


def kept_up_to_date(lay: Layout, journey, change) -> Layout:
    """What the canvas does with a change (phases or lanes: start over)."""
    if not change.layout:
        return lay
    if change.phases or change.lanes:
        return compute_layout(journey, lay.sizes, lay.top)
    return relayout(lay, journey, change.touchpoints)


def assert_same(lay: Layout, journey) -> None:
    fresh = compute_layout(journey, lay.sizes, lay.top)
    assert lay == fresh
    # What the next edit builds on must be right too.
    assert lay.members == fresh.members
    assert lay.offsets == fresh.offsets
    assert lay.cell_need == fresh.cell_need


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), top=st.sampled_from([0.0, 40.0]))
def test_after_any_edits_the_kept_layout_equals_a_fresh_one(small_journey, data, top):
    j = loads(dumps(small_journey))
    lay = compute_layout(j, top=top)
    changes = []
    j.changed.connect(changes.append)
    undo = []
    for _ in range(data.draw(st.integers(1, 12))):
        with contextlib.suppress(JourneyError):
            undo.append(ed.apply_edits(j, gesture(data.draw, j)))
        for change in changes:
            lay = kept_up_to_date(lay, j, change)
        changes.clear()
        assert_same(lay, j)
    while undo:
        ed.apply_edits(j, undo.pop())
        for change in changes:
            lay = kept_up_to_date(lay, j, change)
        changes.clear()
        assert_same(lay, j)


def test_a_nudge_inside_a_cell_moves_only_that_card(small_journey):
    j = small_journey
    lay = compute_layout(j)
    tp = j.touchpoints[0]
    # Into the cell's corner: the cell needs no more room than before.
    j.update_touchpoint(tp.id, position=(0.0, 0.0))
    new = relayout(lay, j, {tp.id})
    assert new == compute_layout(j)
    assert new.columns == lay.columns
    assert new.rows == lay.rows
    assert {t for t in new.cards if new.cards[t] != lay.cards[t]} == {tp.id}


def test_a_card_added_at_the_front_of_its_cell_takes_the_first_slot(small_journey):
    j = small_journey
    lay = compute_layout(j)
    first = j.touchpoints[0]
    j.add_touchpoint(Touchpoint("tp_front", "Front", first.phase, first.lane), index=0)
    new = relayout(lay, j, {"tp_front"})
    assert new == compute_layout(j)
    assert new.members[(first.phase, first.lane)][0] == "tp_front"


def test_the_first_twenty_five_personas_never_share_a_line_and_marker():
    from journeymap.drawing.theme import persona_style
    styles = [persona_style(i) for i in range(25)]
    assert len({(s.dash, s.marker) for s in styles}) == 25
    assert persona_style(2, "#123456").color == "#123456"


def test_a_persona_keeps_its_line_and_marker_when_another_is_removed():
    from journeymap.drawing.theme import PERSONA_COLORS, free_persona_color, persona_style
    colours = [free_persona_color([]), free_persona_color([PERSONA_COLORS[0]]),
               free_persona_color(list(PERSONA_COLORS[:2]))]
    assert colours == list(PERSONA_COLORS[:3])
    third = persona_style(2, colours[2])
    assert persona_style(1, colours[2]) == third  # the second removed: the third moves up, unchanged
    assert free_persona_color(list(PERSONA_COLORS)) == ""
