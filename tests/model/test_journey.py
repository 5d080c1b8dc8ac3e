import pytest

from journeymap.model import Connection, JourneyError, Lane, Measurement, MetricDef, Phase, Touchpoint


def recorder(journey):
    seen = []

    class Listener:  # held weakly by the journey, as a view is
        def on_changed(self, change):
            seen.append(change)

    listener = Listener()
    journey.changed.connect(listener.on_changed)
    return seen, listener


def test_add_touchpoint_says_what_changed(small_journey):
    seen, _keep = recorder(small_journey)
    tp = Touchpoint("d", "Delivery", "p2", "front")
    small_journey.add_touchpoint(tp)
    assert len(seen) == 1
    assert seen[0].touchpoints == {"d"}
    assert seen[0].layout
    assert seen[0].structure
    assert small_journey.touchpoint("d") is tp


def test_update_touchpoint_returns_old_and_says_what_changed(small_journey):
    seen, _keep = recorder(small_journey)
    old = small_journey.update_touchpoint("a", name="Search ad", emotion=2.0)
    assert old.name == "Ad"
    assert small_journey.touchpoint("a").name == "Search ad"
    assert seen[0].touchpoints == {"a"}
    assert seen[0].emotion
    # A rename does not move anything: the map is not laid out again.
    assert not seen[0].layout
    assert not seen[0].structure


def test_a_move_changes_the_layout_and_both_phases(small_journey):
    seen, _keep = recorder(small_journey)
    small_journey.update_touchpoint("a", phase="p2")
    assert seen[0].layout
    assert seen[0].touched_phases == {"p1", "p2"}


def test_a_batch_is_announced_once(small_journey):
    seen, _keep = recorder(small_journey)
    with small_journey.batch():
        small_journey.update_touchpoint("a", name="One")
        small_journey.update_touchpoint("b", name="Two")
        assert seen == []
    assert len(seen) == 1
    assert seen[0].touchpoints == {"a", "b"}


def test_a_listener_that_is_gone_is_not_called(small_journey):
    import gc
    seen, listener = recorder(small_journey)
    del listener
    gc.collect()
    small_journey.update_touchpoint("a", name="One")
    assert seen == []
    assert len(small_journey.changed) == 0


@pytest.mark.parametrize(("changes", "message"), [
    ({"phase": "nope"}, "no phase 'nope'"),
    ({"lane": "nope"}, "no lane 'nope'"),
    ({"emotion": 3.0}, "outside -2..\\+2"),
    ({"name": "  "}, "needs a name"),
    ({"votes": -1}, "negative"),
])
def test_touchpoint_validation(small_journey, changes, message):
    with pytest.raises(JourneyError, match=message):
        small_journey.update_touchpoint("a", **changes)
    assert small_journey.touchpoint("a").name == "Ad"  # unchanged


def test_touchpoint_must_sit_in_existing_phase(small_journey):
    with pytest.raises(JourneyError, match="there is no phase 'ghost'"):
        small_journey.add_touchpoint(Touchpoint("z", "Z", "ghost", "customer"))


def test_ids_are_unique_across_kinds(small_journey):
    with pytest.raises(JourneyError, match="already used"):
        small_journey.add_touchpoint(Touchpoint("p1", "Clash", "p1", "customer"))
    with pytest.raises(JourneyError, match="already used"):
        small_journey.add_phase(Phase("a", "Clash"))
    with pytest.raises(JourneyError, match="already used"):
        small_journey.add_lane(Lane("customer", "Again"))


def test_connections_allow_branches_and_loops(small_journey):
    small_journey.add_connection(Connection("a", "c"))  # branch
    small_journey.add_connection(Connection("c", "b", "retry"))  # loop b -> c -> b
    assert {c.key for c in small_journey.connections_of("b")} == {("a", "b"), ("b", "c"), ("c", "b")}
    with pytest.raises(JourneyError, match="exists already"):
        small_journey.add_connection(Connection("a", "b"))
    with pytest.raises(JourneyError, match="no touchpoint 'x'"):
        small_journey.add_connection(Connection("a", "x"))
    with pytest.raises(JourneyError, match=r"share 1\.5"):
        small_journey.add_connection(Connection("c", "a", share=1.5))


def test_remove_touchpoint_requires_connections_and_data_gone_first(small_journey):
    with pytest.raises(JourneyError, match="still has connections"):
        small_journey.remove_touchpoint("b")
    small_journey.remove_connection("a", "b")
    small_journey.remove_connection("b", "c")
    small_journey.set_measurement(Measurement("b", "nps", 10.0))
    with pytest.raises(JourneyError, match="still has measurements"):
        small_journey.remove_touchpoint("b")
    small_journey.remove_measurement(("b", "nps", "", ""))
    seen, _keep = recorder(small_journey)
    removed = small_journey.remove_touchpoint("b")
    assert removed.name == "Shop"
    assert not small_journey.has_touchpoint("b")
    assert seen[0].touchpoints == {"b"}
    assert seen[0].structure


def test_phase_order_move_and_remove(small_journey):
    small_journey.add_phase(Phase("p3", "Use"), index=0)
    assert [p.id for p in small_journey.phases] == ["p3", "p1", "p2"]
    assert small_journey.move_phase("p3", 2) == 0
    assert [p.id for p in small_journey.phases] == ["p1", "p2", "p3"]
    with pytest.raises(JourneyError, match="still holds touchpoints"):
        small_journey.remove_phase("p1")
    assert small_journey.remove_phase("p3") == (Phase("p3", "Use"), 2)


def test_lane_order_move_and_remove(small_journey):
    small_journey.add_lane(Lane("back", "Backstage"))
    small_journey.move_lane("back", 0)
    assert [lane.id for lane in small_journey.lanes] == ["back", "customer", "front"]
    small_journey.update_lane("back", name="Back office")
    assert small_journey.lane("back").name == "Back office"
    small_journey.remove_lane("back")
    with pytest.raises(JourneyError, match="still holds touchpoints"):
        small_journey.remove_lane("front")


def test_measurements_keyed_by_node_metric_period_segment(small_journey):
    seen, _keep = recorder(small_journey)
    assert small_journey.set_measurement(Measurement("a", "nps", 10.0, 20, "Q1")) is None
    old = small_journey.set_measurement(Measurement("a", "nps", 15.0, 25, "Q1"))
    assert old.value == 10.0
    small_journey.set_measurement(Measurement("a", "nps", 5.0, 10, "Q1", "SMB"))
    assert len(small_journey.measurements_of("a", "nps")) == 2
    assert small_journey.segments() == ["SMB"]
    assert small_journey.periods() == ["Q1"]
    assert [c.measured for c in seen] == [{"a"}] * 3
    small_journey.remove_measurement(("a", "nps", "Q1", "SMB"))
    assert small_journey.segments() == []


@pytest.mark.parametrize(("m", "message"), [
    (Measurement("ghost", "nps", 1.0), "no touchpoint or phase 'ghost'"),
    (Measurement("a", "ghost", 1.0), "no metric 'ghost'"),
    (Measurement("a", "nps", float("nan")), "not a number"),
    (Measurement("a", "nps", 1.0, n=-2), "n cannot be negative"),
])
def test_measurement_validation(small_journey, m, message):
    with pytest.raises(JourneyError, match=message):
        small_journey.set_measurement(m)


def test_phase_measurement_allowed(small_journey):
    small_journey.set_measurement(Measurement("p1", "csat", 80.0))
    assert small_journey.measurements_of("p1")[0].value == 80.0


def test_metric_definitions(small_journey):
    custom = MetricDef("effort2", "Effort", aggregation="median", scale_min=0, scale_max=10, target=7)
    assert small_journey.set_metric(custom) is None
    with pytest.raises(JourneyError, match="direction"):
        small_journey.set_metric(MetricDef("bad", "Bad", direction="sideways"))
    with pytest.raises(JourneyError, match="scale maximum"):
        small_journey.set_metric(MetricDef("bad", "Bad", scale_min=5, scale_max=5))
    small_journey.set_measurement(Measurement("a", "effort2", 6.0))
    with pytest.raises(JourneyError, match="still has measurements"):
        small_journey.remove_metric("effort2")


def test_new_id_is_fresh(small_journey):
    small_journey.add_touchpoint(Touchpoint("tp-1", "One", "p1", "customer"))
    assert small_journey.new_id("tp") == "tp-2"


def test_journey_gives_a_networkx_graph_that_follows_changes(small_journey):
    import networkx as nx
    assert isinstance(small_journey.graph, nx.DiGraph)
    assert list(nx.topological_sort(small_journey.graph)) == ["a", "b", "c"]
    small_journey.remove_connection("b", "c")
    assert not small_journey.graph.has_edge("b", "c")


def test_a_metric_put_back_goes_where_it_was():
    from journeymap.io.templates import load_template
    j = load_template("blank")
    order = [m.id for m in j.metrics]
    index = j.metric_index("csat")
    removed = j.remove_metric("csat")
    j.set_metric(removed, index)
    assert [m.id for m in j.metrics] == order


def test_adding_many_measurements_at_once_is_setting_them_one_by_one(small_journey):
    """The bulk add (a file load) looks up a node and metric once per run of
    them; in any order, with repeats and with a phase's own value, it must
    leave the journey exactly as set_measurement one by one does."""
    import copy
    import random
    rnd = random.Random(7)
    choices = [("a", "nps"), ("b", "nps"), ("a", "csat"), ("c", "ttr"), ("p1", "nps")]
    ms = [Measurement(node, metric, float(rnd.randint(0, 90)), rnd.choice((None, 12, 40)),
                      rnd.choice(("2026-Q1", "2026-Q2", "")), rnd.choice(("", "SMB")))
          for _ in range(300) for node, metric in [rnd.choice(choices)]]
    ms.sort(key=lambda m: (m.node, m.metric))  # runs, as a file has them
    ms[100:100] = ms[5:8]  # and repeats out of their run
    bulk, one_by_one = copy.deepcopy(small_journey), copy.deepcopy(small_journey)
    bulk.add_measurements(ms)
    for m in ms:
        one_by_one.set_measurement(m)
    assert bulk.measurements == one_by_one.measurements
    assert bulk.period_segments() == one_by_one.period_segments()
    for node, metric in choices:
        assert bulk.measurements_of(node, metric) == one_by_one.measurements_of(node, metric)
    assert bulk.measurements_of("a") == one_by_one.measurements_of("a")
    # The (period, segment) pairs are counted afresh after a bulk add: a
    # removal then must leave the same choices as it does one by one.
    for journey in (bulk, one_by_one):
        journey.remove_measurements([m.key for m in journey.measurements if m.segment == "SMB"])
        journey.set_measurement(Measurement("b", "csat", 4.0, period="2027-Q1", segment="Enterprise"))
    assert bulk.period_segments() == one_by_one.period_segments()
    assert ("2027-Q1", "Enterprise") in bulk.period_segments()
    assert all(segment != "SMB" for _, segment in bulk.period_segments())


def test_measurements_added_back_into_a_measured_journey_keep_the_period_choices_exact(small_journey):
    """An undone deletion adds measurements back into a journey that has
    many: the (period, segment) counts follow the ones added instead of
    being recounted, a replaced one adding nothing, so removing them again
    takes their choice away exactly when the last goes."""
    j = small_journey
    j.set_measurement(Measurement("a", "nps", 10.0, period="2026-Q1"))
    before = j.period_segments()  # counted now, so the bulk add counts on from here
    j.add_measurements([Measurement("b", "nps", 1.0, period="2031-Q4", segment="X"),
                        Measurement("b", "nps", 2.0, period="2031-Q4", segment="X"),  # replaces the first
                        Measurement("c", "ttr", 3.0, period="2031-Q4", segment="X")])
    assert j.period_segments() == before | {("2031-Q4", "X")}
    j.remove_measurement(("b", "nps", "2031-Q4", "X"))
    assert ("2031-Q4", "X") in j.period_segments()  # c's is still there
    j.remove_measurement(("c", "ttr", "2031-Q4", "X"))
    assert j.period_segments() == before


@pytest.mark.parametrize("bad", [
    Measurement("a", "nps", float("nan")), Measurement("a", "nps", 1.0, -2),
    Measurement("a", "nps", 1.0, sd=-1.0), Measurement("zz", "nps", 1.0), Measurement("a", "zz", 1.0)])
def test_a_bad_measurement_inside_a_run_is_refused_as_set_measurement_refuses_it(small_journey, bad):
    import copy
    good = [Measurement("a", "nps", float(v), 10, f"2026-Q{v}") for v in (1, 2, 3)]
    with pytest.raises(JourneyError) as alone:
        copy.deepcopy(small_journey).set_measurement(bad)
    with pytest.raises(JourneyError) as among:
        small_journey.add_measurements([*good[:2], bad, good[2]])
    assert str(among.value) == str(alone.value)
