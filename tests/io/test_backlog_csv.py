"""Actions: in the file, as a backlog CSV for Jira and Azure DevOps (read
back column by column), and through the CLI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import openpyxl
import pytest

from journeymap.io.backlog_csv import label, write_backlog_csv
from journeymap.io.excel_export import export_workbook
from journeymap.io.journey_file import JourneyFileError, load, loads, save
from journeymap.io.templates import sample_path
from journeymap.model import edits as ed
from journeymap.model.actions import Action


@pytest.fixture
def journey():
    j = load(sample_path())
    j.set_action(Action("action-1", "Answer chats within 2 minutes", "Staff the evening shift.",
                        ("support-chat", "ticket-escalation"), "Customer care", "planned", "high", "medium",
                        "2026-12-31"))
    j.set_action(Action("action-2", "Shorter security questionnaire", touchpoints=("security-review",)
                        if j.has_touchpoint("security-review") else (), owner="Sales ops", impact="low"))
    j.set_action(Action("action-3", "Done already", status="done"))
    return j


def _read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_jira_csv_column_by_column(journey, tmp_path):
    path = tmp_path / "jira.csv"
    assert write_backlog_csv(journey, path) == 2  # open actions only
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM: Jira would read it into the first header
    rows = _read(path)
    assert rows[0] == ["Summary", "Description", "Assignee", "Labels", "Labels", "Labels", "Priority", "Due Date"]
    first = dict(zip(rows[0][:3], rows[1][:3], strict=True))
    assert first["Summary"] == "Answer chats within 2 minutes"
    assert first["Assignee"] == "Customer care"
    assert rows[1][3:6] == ["journeymap", "support-chat", "ticket-escalation"]
    assert all(" " not in lab for lab in rows[1][3:6])
    assert rows[1][6:] == ["High", "2026-12-31"]
    description = rows[1][1]
    assert description.startswith("Staff the evening shift.\nTouchpoints:\n- Support chat (Use & support): ✕")
    assert "NPS -12 (target +30)" in description
    assert rows[2][6] == "Low"
    assert rows[2][7] == ""


def test_azure_csv_has_its_required_columns(journey, tmp_path):
    path = tmp_path / "azure.csv"
    write_backlog_csv(journey, path, "azure", include_done=True, work_item_type="User Story")
    rows = _read(path)
    assert rows[0] == ["Work Item Type", "Title", "Description", "Assigned To", "Tags", "Priority", "Due Date"]
    assert len(rows) == 4
    assert rows[1][0] == "User Story"
    assert rows[1][4] == "journeymap; Support chat; Ticket escalation"
    assert rows[1][5] == "1"
    assert rows[3][1] == "Done already"


def test_labels_never_hold_spaces():
    assert label("Purchase & onboard") == "purchase-onboard"
    assert label("  ") == "touchpoint"


def test_actions_round_trip_and_a_bad_one_is_named(journey, tmp_path):
    path = tmp_path / "a.journey"
    save(journey, path)
    again = load(path)
    assert again.actions == journey.actions
    data = json.loads(path.read_text(encoding="utf-8"))
    data["actions"][0]["touchpoints"] = ["ghost"]
    with pytest.raises(JourneyFileError, match="action 'Answer chats within 2 minutes': no touchpoint 'ghost'"):
        loads(json.dumps(data))
    data["actions"][0]["touchpoints"] = []
    data["actions"][0]["due"] = "next week"
    with pytest.raises(JourneyFileError, match="due date 'next week' is not a date"):
        loads(json.dumps(data))


def test_deleting_a_touchpoint_unlinks_it_and_undo_links_it_back(journey):
    before = journey.action("action-1")
    inverses = ed.apply_edits(journey, ed.removal_edits(journey, ["support-chat"]))
    assert journey.action("action-1").touchpoints == ("ticket-escalation",)
    ed.apply_edits(journey, inverses)  # already in the order that undoes
    assert journey.action("action-1") == before


def test_excel_summary_has_an_actions_sheet_open_first(journey, tmp_path):
    path = tmp_path / "s.xlsx"
    export_workbook(journey, path)
    rows = list(openpyxl.load_workbook(path)["Actions"].iter_rows(values_only=True))
    assert rows[0] == ("Action", "Status", "Owner", "Impact", "Effort", "Due", "Touchpoints", "Description")
    assert [r[0] for r in rows[1:]] == ["Answer chats within 2 minutes", "Shorter security questionnaire",
                                         "Done already"]
    assert rows[1][6] == "Support chat; Ticket escalation"


def test_cli_lists_actions_and_writes_the_csv(journey, tmp_path):
    path = tmp_path / "a.journey"
    save(journey, path)
    run = lambda *a: subprocess.run([sys.executable, "-m", "journeymap", *a], capture_output=True, text=True)  # noqa: E731
    r = run("actions", str(path))
    assert r.returncode == 0
    assert r.stdout.splitlines()[0] == ("[planned] Answer chats within 2 minutes (Support chat, Ticket escalation; "
                                        "impact high, effort medium; owner Customer care; due 2026-12-31)")
    out = tmp_path / "backlog.csv"
    r = run("actions", str(path), "--csv", str(out), "--tracker", "azure")
    assert r.returncode == 0
    assert r.stdout.strip() == "wrote 2 actions to backlog.csv for Azure's CSV importer"
    assert _read(out)[0][0] == "Work Item Type"
    r = run("actions", str(path), "--csv", str(tmp_path / "missing" / "x.csv"))
    assert r.returncode == 2
    assert r.stderr.startswith("journeymap: ")
