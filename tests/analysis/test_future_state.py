"""The current, future and combined views of a journey's figures, and what
the report and the Excel summary say about personas, the future state,
evidence and links."""

import dataclasses
import json
import subprocess
import sys

import openpyxl
import pytest

from journeymap.analysis.report import build_report
from journeymap.analysis.scorecard import Filter, Scorecards
from journeymap.analysis.status import Status
from journeymap.io.excel_export import export_workbook
from journeymap.io.journey_file import save
from journeymap.model.entities import Measurement
from journeymap.model.evidence import Evidence
from journeymap.model.personas import Persona


@pytest.fixture
def planned(small_journey):
    """'a' stays, 'b' is done differently in the future (its own NPS target),
    'c' is retired, and 'n' is new in the future state."""
    j = small_journey
    from journeymap.model.entities import Touchpoint
    j.set_metric(dataclasses.replace(j.metric("nps"), target=20.0, amber=0.0))
    j.add_touchpoint(Touchpoint("n", "Chatbot", "p2", "front", state="new"))
    j.update_touchpoint("b", state="changed", future_targets=(("nps", 50.0),), future_note="One-page checkout")
    j.update_touchpoint("c", state="retired")
    for node, value in (("a", 30.0), ("b", 40.0), ("c", -20.0)):
        j.set_measurement(Measurement(node, "nps", value, 100))
    return j


def test_each_view_has_its_cards_and_targets(planned):
    both = Scorecards(planned, Filter())
    current = Scorecards(planned, Filter(state="current"))
    future = Scorecards(planned, Filter(state="future"))
    assert set(both.touchpoints) == {"a", "b", "c", "n"}
    assert set(current.touchpoints) == {"a", "b", "c"}  # the new card is not there yet
    assert set(future.touchpoints) == {"a", "b", "n"}  # the retired card is gone
    # 'b' meets today's target of 20 and misses the future state's 50.
    assert current.result_for("b", "nps").status is Status.GREEN
    assert future.result_for("b", "nps").target == 50.0
    assert future.result_for("b", "nps").status is Status.RED
    # The phase rolls up only the cards of its view: the retired card's -20
    # drags today's phase down and not the future one.
    assert current.result_for("p2", "nps").value == pytest.approx(10.0)
    assert future.result_for("p2", "nps").value == pytest.approx(40.0)


def test_an_edit_of_a_cards_state_updates_the_view_incrementally(planned):
    from journeymap.analysis.live import JourneyAnalysis
    analysis = JourneyAnalysis(planned, Filter(state="future"))
    planned.changed.connect(analysis.update)
    planned.update_touchpoint("c", state="current")  # un-retired: back in the future view
    assert "c" in analysis.cards.touchpoints
    assert analysis.cards.result_for("p2", "nps").value == pytest.approx(10.0)
    fresh = Scorecards(planned, Filter(state="future"))
    assert analysis.cards.phases == fresh.phases
    assert analysis.cards.overall == fresh.overall


def test_report_json_carries_personas_states_evidence_and_links(planned, tmp_path):
    planned.set_persona(Persona("persona-1", "Busy parent", segment="SMB"))
    planned.update_touchpoint("a", persona_emotions=(("persona-1", -1.0),), evidence_level="measured",
                              evidence=(Evidence("quote", "Too many steps", "Survey", "2026-09-01"),),
                              link="a-detail.journey")
    report = build_report(planned, Filter(state="future"))
    assert report["journey"]["state"] == "future"
    assert report["personas"][0]["name"] == "Busy parent"
    rows = {tp["id"]: tp for tp in report["touchpoints"]}
    assert set(rows) == {"a", "b", "n"}
    assert rows["a"]["persona_emotions"] == {"persona-1": -1.0}
    assert rows["a"]["evidence"][0]["text"] == "Too many steps"
    assert rows["b"]["future_targets"] == {"nps": 50.0}
    assert rows["b"]["state"] == "changed"
    # Through the CLI: the linked file is missing, which is reported, not fatal.
    path = tmp_path / "planned.journey"
    save(planned, path)
    out = subprocess.run([sys.executable, "-m", "journeymap", "report", str(path), "--json", "--state", "future"],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    linked = next(tp for tp in data["touchpoints"] if tp["id"] == "a")["linked"]
    assert linked["problem"] == "the file is missing (moved or renamed?)"
    assert any("a-detail.journey" in p for p in data["problems"])


def test_a_linked_journey_shows_its_name_and_health(planned, tmp_path):
    from tests.conftest import small_journey as make_small
    detail = make_small.__wrapped__()
    detail.set_measurement(Measurement("a", "nps", 99.0, 50))
    (tmp_path / "details").mkdir()
    save(detail, tmp_path / "details" / "a.journey")
    planned.update_touchpoint("a", link="details/a.journey")
    save(planned, tmp_path / "top.journey")
    out = subprocess.run([sys.executable, "-m", "journeymap", "report", str(tmp_path / "top.journey"), "--json"],
                         capture_output=True, text=True, check=True).stdout
    linked = next(tp for tp in json.loads(out)["touchpoints"] if tp["id"] == "a")["linked"]
    assert linked == {"name": "Small", "health_percent": 100.0, "problem": ""}


def test_excel_lists_personas_differences_and_evidence(planned, tmp_path):
    planned.set_persona(Persona("persona-1", "Busy parent", "Shops at night", segment="SMB"))
    planned.update_touchpoint("a", persona_emotions=(("persona-1", -1.5),), evidence_level="researched",
                              evidence=(Evidence("quote", "I gave up", "Interview 3"),
                                        Evidence("link", "Study", ref="https://example.org/s")))
    path = tmp_path / "summary.xlsx"
    export_workbook(planned, path, Filter(state="current"))
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["Personas"][2]][:3] == ["Busy parent", "Shops at night", "SMB"]
    emotions = [[c.value for c in row] for row in wb["Emotions by persona"].iter_rows()]
    assert emotions[0] == ["Touchpoint", "Phase", "Everyone", "Busy parent"]
    assert emotions[1][0] == "Ad"
    assert emotions[1][3] == -1.5
    future = [[c.value for c in row] for row in wb["Future state"].iter_rows(min_row=2)]
    assert [(r[0], r[3]) for r in future] == [("Shop", "● Changed"), ("Call centre", "⊘ Retired"),
                                              ("Chatbot", "✚ New")]
    assert future[0][4] == "One-page checkout"
    assert future[0][5] == "NPS target +20 → +50"
    evidence = [[c.value for c in row] for row in wb["Evidence"].iter_rows(min_row=2)]
    assert [(r[0], r[2], r[3], r[4]) for r in evidence] == [("Ad", "Researched", "quote", "I gave up"),
                                                            ("Ad", "Researched", "link", "Study")]
    # The current view's Touchpoints sheet has no card that is new in the future.
    names = [row[0].value for row in wb["Touchpoints"].iter_rows(min_row=2) if row[0].value]
    assert "Chatbot" not in names
    assert "Call centre" in names


def test_a_journey_without_any_of_it_gets_none_of_the_sheets(small_journey, tmp_path):
    path = tmp_path / "plain.xlsx"
    export_workbook(small_journey, path)
    names = openpyxl.load_workbook(path).sheetnames
    assert not {"Personas", "Emotions by persona", "Future state", "Evidence"} & set(names)


def test_a_cards_future_reads_the_same_everywhere(planned):
    from journeymap.model.future import future_words
    metrics = {m.id: m for m in planned.metrics}
    assert future_words(planned.touchpoint("b"), metrics) == ("Changed in the future state: One-page checkout · "
                                                              "NPS target +20 → +50")
    assert future_words(planned.touchpoint("c"), metrics) == "Retired in the future state"
    assert future_words(planned.touchpoint("a"), metrics) == ""


def test_the_summary_says_which_journey_its_figures_are_of(planned, tmp_path):
    for state, words in (("future", "the future journey"), ("current", "the current journey"), ("both", None)):
        path = tmp_path / f"{state}.xlsx"
        export_workbook(planned, path, Filter(state=state))
        data = openpyxl.load_workbook(path)["Summary"]["B4"].value
        assert (words in data) if words else ("journey" not in data)


def test_report_names_every_difference_whatever_the_view_and_rounds_health_once(planned):
    for state in ("both", "current", "future"):
        report = build_report(planned, Filter(state=state))
        assert report["future_state"] == {"new": ["Chatbot"], "changed": ["Shop"], "retired": ["Call centre"]}
    report = build_report(planned, Filter())
    health = Scorecards(planned, Filter()).health_percent()
    assert report["journey"]["health_display"] == f"{health:.0f}%"


def test_a_template_keeps_the_structure_and_drops_what_the_team_found(planned, tmp_path):
    from journeymap.io.journey_file import load
    from journeymap.io.templates import as_template, save_template
    planned.update_touchpoint("a", pain_points=("Slow",), notes=("Ask legal",), votes=3,
                              evidence=(Evidence("quote", "Meh"),), evidence_level="anecdote", link="x.journey")
    planned.set_persona(Persona("persona-1", "Parent"))
    path = save_template(planned, tmp_path / "mine", "Team map: v2!")
    assert path.name == "Team map v2.journey"
    template = load(path)
    assert template.measurements == []
    assert [tp.id for tp in template.touchpoints] == ["a", "b", "c"]  # the future-only card is not in it
    assert all(tp.state == "current" and not tp.future_targets for tp in template.touchpoints)
    a = template.touchpoint("a")
    assert (a.pain_points, a.notes, a.votes, a.evidence, a.evidence_level, a.link) == ((), (), 0, (), "", "")
    assert [p.name for p in template.personas] == ["Parent"]
    assert template.metric("nps").target == 20.0
    with pytest.raises(FileExistsError):
        save_template(planned, tmp_path / "mine", "Team map: v2!")
    assert as_template(planned).connection_count() == 2


def test_cli_new_from_a_saved_template_and_validate_warns_of_missing_files(planned, tmp_path):
    planned.update_touchpoint("a", link="gone.journey",
                              evidence=(Evidence("picture", "wall", ref="pics/wall.png"),))
    source = tmp_path / "mine.journey"
    save(planned, source)
    made = tmp_path / "new.journey"
    run = subprocess.run([sys.executable, "-m", "journeymap", "new", str(made), "--template", str(source),
                          "--name", "Fresh"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    from journeymap.io.journey_file import load
    fresh = load(made)
    assert fresh.info.name == "Fresh"
    assert fresh.measurements == []
    run = subprocess.run([sys.executable, "-m", "journeymap", "validate", str(source)], capture_output=True,
                         text=True)
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert lines[0].startswith("mine.journey: valid")
    assert "warning: touchpoint 'Ad', evidence 1: picture pics/wall.png is missing" in lines
    assert any(line.startswith("warning: touchpoint 'Ad': Linked journey gone.journey: the file is missing")
               for line in lines)


def test_the_future_journeys_paths_do_not_run_through_a_retired_step(planned):
    from journeymap.model.entities import Connection
    planned.add_connection(Connection("a", "n"))  # the future route: past the retired call centre, to the bot
    reach = {row["id"] for row in build_report(planned, Filter(state="future"))["paths"]["reach"]}
    assert "c" not in reach
    assert {"a", "b", "n"} <= reach
    assert "n" not in {row["id"] for row in build_report(planned, Filter(state="current"))["paths"]["reach"]}


def test_what_got_worse_in_the_future_journey_leaves_out_retired_cards(planned):
    from journeymap.analysis.compare import compare_periods
    for node, value in (("b", 40.0), ("c", -20.0)):
        planned.set_measurement(Measurement(node, "nps", value + 30, 100, "Q1"))
        planned.set_measurement(Measurement(node, "nps", value, 100, "Q2"))
    worse = {c.node for c in compare_periods(planned, "Q1", "Q2").worse()}
    assert {"b", "c"} <= worse
    future = {c.node for c in compare_periods(planned, "Q1", "Q2", state="future").worse()}
    assert "b" in future
    assert "c" not in future  # retired: not in the future journey
    report = build_report(planned, Filter(state="future"), since="previous")
    assert all(c["node"] != "c" for c in report["since"]["figures"])
