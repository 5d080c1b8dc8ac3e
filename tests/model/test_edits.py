"""Edits as data: each edit undoes exactly, and any sequence of them, undone,
gives back the journey it started from (pure: no Qt)."""

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.io.journey_file import dumps, loads
from journeymap.model import Connection, JourneyError, JourneyInfo, Lane, Measurement, MetricDef, Phase, Touchpoint
from journeymap.model import edits as ed
from journeymap.model.actions import Action
from journeymap.model.evidence import Evidence
from journeymap.model.personas import Persona


def snapshot(journey) -> dict:
    """Everything the journey holds, as its file says it."""
    return json.loads(dumps(journey))


EVERY_KIND = [
    ed.AddTouchpoint(Touchpoint("z", "Z", "p1", "customer")),
    ed.update_touchpoint("a", name="A2", emotion=1.0),
    ed.RemoveTouchpoint("c"),  # refused: it still has a connection
    ed.AddConnection(Connection("a", "c")),
    ed.update_connection("a", "b", label="go", share=0.3),
    ed.RemoveConnection("b", "c"),
    ed.AddRow("phase", Phase("p9", "Nine"), 0),
    ed.update_row("phase", "p1", name="First", macro="Before"),
    ed.MoveRow("phase", "p2", 0),
    ed.AddRow("lane", Lane("l9", "Nine")),
    ed.update_row("lane", "front", name="Front"),
    ed.MoveRow("lane", "front", 0),
    ed.SetMetric(MetricDef("x", "X", target=5)),
    ed.SetMetric(dataclasses.replace(MetricDef("nps", "NPS"), target=40, scale_min=-100)),
    ed.RemoveMetric("ttr"),
    ed.SetMeasurement(Measurement("b", "nps", 50.0)),
    ed.RemoveMeasurement(("a", "nps", "", "")),
    ed.SetInfo(JourneyInfo(name="Other")),
    ed.SetAction(Action("act-1", "Shorten the wait", touchpoints=("a", "b"), owner="Care", status="planned",
                        impact="high", effort="low", due="2026-12-31")),
    ed.SetAction(Action("act-2", "Linked to nothing that exists", touchpoints=("ghost",))),  # refused
    ed.SetAction(Action("act-3", "Due someday", due="someday")),  # refused
    ed.SetPersona(Persona("persona-1", "Busy parent", color="#e69f00", segment="SMB")),
    ed.SetPersona(Persona("persona-2", "", color="red")),  # refused
    ed.update_touchpoint("b", state="new", future_note="Self-service", future_targets=(("nps", 30.0),),
                         evidence_level="anecdote", link="detail.journey",
                         evidence=(Evidence("quote", "Too slow", "Call 12"),)),
    ed.update_touchpoint("a", state="soon"),  # refused
    ed.update_touchpoint("a", persona_emotions=(("nobody", 1.0),)),  # refused
]


@pytest.mark.parametrize("edit", EVERY_KIND, ids=lambda e: type(e).__name__)
def test_every_edit_undoes_and_redoes_exactly(small_journey, edit):
    j = small_journey
    j.set_measurement(Measurement("a", "nps", 10.0, 5))
    before = snapshot(j)
    try:
        inverse = edit.apply(j)
    except JourneyError:
        assert snapshot(j) == before  # refused: nothing changed
        return
    after = snapshot(j)
    assert after != before
    again = inverse.apply(j)
    assert snapshot(j) == before
    again.apply(j)
    assert snapshot(j) == after


def test_a_refused_list_changes_nothing_and_says_one_change(small_journey):
    j = small_journey
    before = snapshot(j)
    heard = []

    class Listener:
        def on(self, change):
            heard.append(change)

    listener = Listener()
    j.changed.connect(listener.on)
    with pytest.raises(JourneyError, match="no touchpoint 'ghost'"):
        ed.apply_edits(j, [ed.update_touchpoint("a", name="Renamed"), ed.AddConnection(Connection("a", "ghost"))])
    assert snapshot(j) == before
    assert len(heard) == 1  # the change and its rollback, heard once


def test_deleting_a_phase_of_ten_thousand_cards_is_not_quadratic():
    """The edits for deleting a phase look each card's measurements up
    directly; this guards the shape of the work, not a time."""
    from journeymap.model import Journey
    j = Journey()
    j.add_phase(Phase("p", "P"))
    j.add_lane(Lane("l", "L"))
    j.set_metric(MetricDef("m", "M"))
    for i in range(10_000):
        j.add_touchpoint(Touchpoint(f"t{i}", f"T{i}", "p", "l"))
    j.add_measurements(Measurement(f"t{i}", "m", 1.0) for i in range(10_000))
    edits = ed.delete_row_edits(j, "phase", "p")
    assert len(edits) == 10_002  # the measurements go in one edit
    undo = ed.apply_edits(j, edits)
    assert not j.touchpoints
    assert not j.measurements
    ed.apply_edits(j, undo)
    assert len(j.touchpoints) == 10_000
    assert len(j.measurements) == 10_000


# ------------------------------------------------------- property: any sequence
def gesture(draw, j) -> list:
    """One user gesture, as the window or the CLI would build it."""
    tps = [tp.id for tp in j.touchpoints]
    phases = [p.id for p in j.phases]
    lanes = [lane.id for lane in j.lanes]
    metrics = [m.id for m in j.metrics]
    pick = lambda items: items[draw(st.integers(0, len(items) - 1))] if items else None  # noqa: E731
    kind = draw(st.sampled_from([
        "rename", "move", "emotion", "add", "delete", "connect", "disconnect", "label", "add_phase",
        "delete_phase", "move_phase", "move_lane", "measure", "unmeasure", "target", "override",
        "delete_metric", "info", "paste", "importance", "action", "unaction", "persona", "unpersona",
        "persona_emotion", "state"]))
    tp, phase, lane, metric = pick(tps), pick(phases), pick(lanes), pick(metrics)
    if kind == "rename" and tp:
        return [ed.update_touchpoint(tp, name=draw(st.text(min_size=0, max_size=6)))]  # "" is refused
    if kind == "move" and tp and phase and lane:
        return [ed.update_touchpoint(tp, phase=phase, lane=lane,
                                     position=draw(st.none() | st.tuples(st.floats(0, 300), st.floats(0, 300))))]
    if kind == "emotion" and tp:
        return [ed.update_touchpoint(tp, emotion=draw(st.none() | st.floats(-3, 3)))]  # beyond ±2 is refused
    if kind == "add" and phase and lane:
        return [ed.AddTouchpoint(Touchpoint(j.new_id("tp"), "New", phase, lane), draw(st.none() | st.just(0)))]
    if kind == "delete" and tps:
        return ed.removal_edits(j, draw(st.lists(st.sampled_from(tps), max_size=3)))
    if kind == "connect" and len(tps) > 1:
        return [ed.AddConnection(Connection(pick(tps), pick(tps), draw(st.sampled_from(["", "yes"]))))]
    if kind == "disconnect" and j.connections:
        c = pick(j.connections)
        return [ed.RemoveConnection(c.source, c.target)]
    if kind == "label" and j.connections:
        c = pick(j.connections)
        return [ed.update_connection(c.source, c.target, share=draw(st.none() | st.floats(0, 1.5)))]
    if kind == "add_phase":
        return [ed.AddRow("phase", Phase(j.new_id("phase"), "Phase"), draw(st.none() | st.integers(0, 5)))]
    if kind == "delete_phase" and phase:
        return ed.delete_row_edits(j, "phase", phase)
    if kind == "move_phase" and phase:
        return [ed.MoveRow("phase", phase, draw(st.integers(0, 5)))]
    if kind == "move_lane" and lane:
        return [ed.MoveRow("lane", lane, draw(st.integers(0, 3)))]
    if kind == "measure" and metric and (tp or phase):
        node = tp or phase
        return [ed.SetMeasurement(Measurement(node, metric, draw(st.floats(-50, 50)),
                                              draw(st.none() | st.integers(0, 9)),
                                              draw(st.sampled_from(["", "Q1", "Q2"])),
                                              draw(st.sampled_from(["", "SMB"]))))]
    if kind == "unmeasure" and j.measurements:
        return [ed.RemoveMeasurement(pick(j.measurements).key)]
    if kind == "target" and metric:
        return [ed.SetMetric(dataclasses.replace(j.metric(metric), target=draw(st.none() | st.floats(0, 10))))]
    if kind == "override" and tp and metric:
        edit = ed.target_override_edit(j, tp, metric, draw(st.none() | st.floats(0, 10)))
        return [edit] if edit else []
    if kind == "delete_metric" and metric:
        return [ed.RemoveMeasurement(m.key) for m in j.measurements if m.metric == metric] + [
            ed.RemoveMetric(metric)]
    if kind == "info":
        return [ed.SetInfo(JourneyInfo(name=draw(st.sampled_from(["A", "B"]))))]
    if kind == "paste" and tps:
        items = [{"id": t, "name": j.touchpoint(t).name, "phase": j.touchpoint(t).phase,
                  "lane": j.touchpoint(t).lane, "links": []} for t in tps[:2]]
        return ed.paste_edits(j, items, None, None)[0]
    if kind == "importance" and tps:
        return ed.importance_edits(j, {t: draw(st.floats(0, 1)) for t in tps[:3]})
    if kind == "action":  # a new one, or an edit of one there (deleting a card then unlinks it)
        existing = [a.id for a in j.actions]
        action_id = pick(existing) if existing and draw(st.booleans()) else f"act-{len(existing) + 1}"
        return [ed.SetAction(Action(action_id, draw(st.sampled_from(["Fix it", ""])),
                                    touchpoints=tuple(draw(st.lists(st.sampled_from(tps), max_size=2, unique=True)))
                                    if tps else (),
                                    status=draw(st.sampled_from(["idea", "done", "later"]))))]
    if kind == "persona":  # a new one, or an edit of one there
        existing = [p.id for p in j.personas]
        persona_id = pick(existing) if existing and draw(st.booleans()) else j.new_persona_id()
        return [ed.SetPersona(Persona(persona_id, draw(st.sampled_from(["Parent", "Owner", ""])),
                                      segment=draw(st.sampled_from(["", "SMB"]))))]
    if kind == "unpersona" and j.personas:
        return ed.persona_removal_edits(j, pick([p.id for p in j.personas]))
    if kind == "persona_emotion" and tp and j.personas:
        edit = ed.persona_emotion_edit(j, tp, pick([p.id for p in j.personas]),
                                       draw(st.none() | st.floats(-3, 3)))  # beyond ±2 is refused
        return [edit] if edit else []
    if kind == "state" and tp:
        return [ed.update_touchpoint(tp, state=draw(st.sampled_from(["current", "new", "changed", "retired"])))]
    if kind == "unaction" and j.actions:
        return [ed.RemoveAction(pick([a.id for a in j.actions]))]
    return []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_edit_sequence_undone_gives_back_the_journey(small_journey, data):
    j = loads(dumps(small_journey))  # a fresh copy for every example
    j.set_measurement(Measurement("a", "nps", 10.0, 5, "Q1"))
    start = snapshot(j)
    undo_stack = []
    for _ in range(data.draw(st.integers(1, 12))):
        edits = gesture(data.draw, j)
        before = snapshot(j)
        try:
            undo_stack.append(ed.apply_edits(j, edits))
        except JourneyError:
            assert snapshot(j) == before  # all or nothing
    final = snapshot(j)
    redo_stack = []
    while undo_stack:
        redo_stack.append(ed.apply_edits(j, undo_stack.pop()))
    assert snapshot(j) == start
    while redo_stack:
        ed.apply_edits(j, redo_stack.pop())
    assert snapshot(j) == final


def test_adding_measurements_back_is_all_or_nothing(small_journey):
    j = small_journey
    metric = j.metrics[0].id
    good = Measurement(j.touchpoints[0].id, metric, 1.0, 3, "Q9")
    bad = Measurement("no-such-touchpoint", metric, 1.0, 3, "Q9")
    before = dumps(j)
    with pytest.raises(JourneyError):
        ed.apply_edits(j, [ed.AddMeasurements((good, bad))])
    assert dumps(j) == before


def test_removing_many_touchpoints_uses_one_pass_and_undoes_exactly(small_journey):
    j = small_journey
    phase, lane, metric = j.phases[0].id, j.lanes[0].id, j.metrics[0].id
    for i in range(30):  # beyond SEARCH_EACH: removed by their places, last first
        j.add_touchpoint(Touchpoint(f"many{i}", f"Many {i}", phase, lane), index=i % 3)
        j.set_measurement(Measurement(f"many{i}", metric, float(i), 4))
        if i:
            j.add_connection(Connection(f"many{i - 1}", f"many{i}"), index=0)
    before = dumps(j)
    edits = ed.removal_edits(j, [tp.id for tp in j.touchpoints])
    assert sum(isinstance(e, ed.RemoveMeasurements) for e in edits) == 1
    assert all(e.hint is not None for e in edits if isinstance(e, ed.RemoveTouchpoint | ed.RemoveConnection))
    undo = ed.apply_edits(j, edits)
    assert not j.touchpoints
    assert not j.connections
    assert not j.measurements
    ed.apply_edits(j, undo)
    assert dumps(j) == before


def test_pasted_measurements_keep_only_what_means_the_same_here(small_journey):
    j = small_journey
    metric = j.metrics[0]
    good = {"metric": metric.id, "metric_name": metric.name, "unit": metric.unit, "value": 7, "n": 12,
            "period": "Q1", "segment": "", "source": "survey"}
    hostile = [
        {**good, "metric": "no-such-metric"},
        {**good, "metric_name": "Something else"},
        {**good, "value": float("nan")},
        {**good, "value": "7"},
        {**good, "value": True},
        {**good, "n": -3},
        {**good, "period": 2024},
        "not a dict",
    ]
    item = {"measurements": [good, *hostile]}
    out = ed.pasted_measurements(j, item, "tp_new")
    assert out == [Measurement("tp_new", metric.id, 7.0, 12, "Q1", "", "survey")]


def test_a_pasted_card_keeps_its_research_and_only_emotions_of_personas_here(small_journey):
    small_journey.set_persona(Persona("persona-1", "Busy parent"))
    item = {"id": "x", "name": "Chat", "phase": "p1", "lane": "customer", "links": [],
            "state": "changed", "future_note": "Bot first", "link": "detail.journey", "evidence_level": "anecdote",
            "evidence": [{"kind": "quote", "text": "Slow", "source": "Call 3", "date": "", "ref": ""},
                         {"kind": "video", "text": "?"}, "junk"],
            "persona_emotions": [{"persona": "persona-1", "name": "Busy parent", "emotion": -1.5},
                                 {"persona": "persona-1", "name": "Someone else", "emotion": 2},
                                 {"persona": "persona-9", "name": "Ghost", "emotion": 1}]}
    edits, (new_id,) = ed.paste_edits(small_journey, [item], None, None)
    ed.apply_edits(small_journey, edits)
    tp = small_journey.touchpoint(new_id)
    assert (tp.state, tp.future_note, tp.link, tp.evidence_level) == ("changed", "Bot first", "detail.journey",
                                                                      "anecdote")
    assert tp.evidence == (Evidence("quote", "Slow", "Call 3"),)
    assert tp.persona_emotions == (("persona-1", -1.5),)
