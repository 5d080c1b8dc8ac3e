"""What changed between two versions of a journey or two periods of one."""

from __future__ import annotations

import json

import openpyxl
import pytest

from journeymap.analysis.compare import compare_journeys, compare_periods, comparison_dict, previous_period
from journeymap.analysis.report import build_report
from journeymap.analysis.status import Status
from journeymap.io.excel_export import export_workbook
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path
from journeymap.model.entities import Measurement


@pytest.fixture
def sample():
    return load(sample_path())


def test_two_periods_worst_news_first_and_a_list_per_owner(sample):
    c = compare_periods(sample, "2026-Q2", "2026-Q3")
    worse = c.worse()
    assert len(worse) == 32  # 19 at or below target, 13 green ones that fell
    # A fall in status comes before a fall in value within a status.
    falls = [f.new_status.severity - f.old_status.severity for f in worse]
    assert falls == sorted(falls, reverse=True)
    assert worse[0].old_status is not worse[0].new_status
    lists = c.by_owner(worse)
    assert list(lists)[:3] == ["Customer care", "Customer success", "Engineering"]
    assert list(lists)[-1] == "(phases)"
    chat = [f.text for f in lists["Customer care"]]
    assert chat[0] == "Support chat: CSAT 75% → 71% (worse by 4 points); ! near target → ✕ misses target"
    assert "Support chat: Time to resolution 26.0 h → 30.0 h (worse by 4.0 h)" in chat  # lower is better
    # Every listed change really is worse in its metric's direction, and a
    # green value that fell is listed too (a manager wants to see it slip).
    for f in worse:
        assert f.new_status.severity > f.old_status.severity or f.change < 0
    assert any(f.old_status is f.new_status is Status.GREEN for f in worse)
    # The precision of the values follows the change between them.
    evaluate = next(f for f in worse if f.node_name == "Evaluate" and f.metric == "csat")
    assert evaluate.text.startswith("Evaluate: CSAT 83.2% → 78.5% (worse by 4.7 points)")


def test_figures_in_one_period_only_are_neither_better_nor_worse(sample):
    tp_id, metric = next((tp.id, m.id) for tp in sample.touchpoints for m in sample.metrics
                         if not sample.measurements_of(tp.id, m.id))
    sample.set_measurement(Measurement(tp_id, metric, 50.0, 40, "2026-Q3"))
    c = compare_periods(sample, "2026-Q2", "2026-Q3")
    new = next(f for f in c.figures if f.node == tp_id and f.metric == metric)
    assert new.old is None
    assert new.new == 50.0
    assert not new.worse
    assert not new.better


def test_two_versions_structure_renames_moves_additions_and_removals(sample):
    new = load(sample_path())
    new.update_touchpoint("support-chat", name="Live chat")
    new.update_touchpoint("pricing-page", phase="purchase")
    new.update_phase("discover", name="Discovery")
    new.update_touchpoint("support-chat", owner="Support Ops", pain_points=("Long wait", "Bots loop"))
    from journeymap.model.actions import Action
    new.set_action(Action("action-1", "Staff evenings", touchpoints=("support-chat",)))
    c = compare_journeys(sample, new, old_label="q2.journey", new_label="q3.journey")
    texts = [s.text() for s in c.structure]
    edited = next(t for t in texts if t.startswith("touchpoint 'Live chat' edited"))
    assert "owner 'Customer care' → 'Support Ops'" in edited
    assert "pain points: 2 added, 1 removed" in edited
    assert "action 'Staff evenings' added" in texts
    assert "touchpoint 'Live chat' renamed: was 'Support chat'" in texts
    assert "phase 'Discovery' renamed: was 'Discover'" in texts
    assert any(t.startswith("touchpoint 'Pricing page' moved: from phase 'Evaluate' to 'Purchase") for t in texts)
    assert c.changed_nodes()["support-chat"] == "changed"
    same = compare_journeys(sample, load(sample_path()))
    assert same.empty


def test_previous_period_and_report_since(sample):
    assert previous_period(sample, "2026-Q3") == "2026-Q2"
    assert previous_period(sample, "2026-Q2") is None
    report = build_report(sample, since="previous")
    assert report["since"]["old"] == "2026-Q2"
    assert report["since"]["new"] == "2026-Q3"
    assert report["since"]["worse_by_owner"]["Customer care"][0].startswith("Support chat: CSAT 75% → 71%")
    assert build_report(sample)["journey"]["name"]  # without since, no section
    assert "since" not in build_report(sample)
    data = comparison_dict(compare_periods(sample, "2026-Q2", "2026-Q3"))
    json.dumps(data)  # plain data
    worst = data["figures"][0]
    assert (worst["old_status"], worst["new_status"]) == (Status.AMBER.value, Status.RED.value)


def test_excel_summary_lists_what_got_worse_since_the_previous_period_by_owner(sample, tmp_path):
    path = tmp_path / "summary.xlsx"
    export_workbook(sample, path)
    ws = openpyxl.load_workbook(path)["What got worse"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("Owner", "Touchpoint or phase", "Metric", "2026-Q2", "2026-Q3")
    assert rows[1][:5] == ("Customer care", "Support chat", "CSAT", 75, 71)
    assert len(rows) - 1 == 32
    owners = [r[0] for r in rows[1:]]
    assert owners == sorted(owners, key=lambda o: (o == "(no owner)", o == "(phases)", o.casefold()))
