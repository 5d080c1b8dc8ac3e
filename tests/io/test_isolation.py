"""Spreadsheets are read in a child process: what the native reader does on a
hostile file (abort on a runaway allocation, loop forever) becomes a
one-line refusal, and the process that asked (the window, the CLI) lives on
with nothing changed. The cheap checks that catch the known cases before the
reader sees them are switched off here, to reach the reader itself."""

import os
import resource

import pytest

from journeymap.io.importing import ImportError_, ImportOptions, build_plan, isolation, read_source, safety
from journeymap.io.importing.isolation import ReadCancelled
from journeymap.io.importing.source import ImportSource, IsolatedSource
from journeymap.io.journey_file import dumps, load
from journeymap.io.templates import sample_path
from journeymap.model import edits as ed

from .test_import_formats import HEADER, ROWS, _ods
from .xlsx_factory import rewrite_members, xlsx

OPTS = ImportOptions(default_period="2026-Q1")
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="reading is isolated where there is fork")


@pytest.fixture
def journey():
    return load(sample_path())


def scorecard(tmp_path):
    return xlsx(tmp_path / "ok.xlsx", {"Data": [HEADER, *ROWS]})


def far_cell(tmp_path):
    """One cell at XFD1048576: calamine allocates A1 to it (17 billion cells)."""
    return rewrite_members(scorecard(tmp_path), tmp_path / "far.xlsx", {
        "xl/worksheets/sheet1.xml": lambda d: d.replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')})


def short_ods(tmp_path):
    """content.xml ends right after <table:table>: calamine never returns."""
    whole = _ods(tmp_path / "whole.ods", "<table:table-row>")
    return rewrite_members(whole, tmp_path / "short.ods", {"content.xml": lambda d: d[:d.index(b"<table:table-row>")]})


def test_an_allocation_that_would_abort_the_process_is_a_refusal(journey, tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(safety, "_check_extent", lambda *_: None)
    before = dumps(journey)
    with pytest.raises(ImportError_, match=r"^far\.xlsx: reading it needs more than \d+ MB of memory and was stopped"):
        build_plan(journey, far_cell(tmp_path), OPTS)
    assert dumps(journey) == before
    # the reader's own last words ("memory allocation of … failed") are kept from the user
    assert "memory allocation" not in capfd.readouterr().err
    # this process never held the allocation
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1024 * 1024  # KiB: under 1 GB


def test_a_read_that_never_returns_is_stopped_by_the_clock(journey, tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "_check_xml", lambda *_, **__: None)
    monkeypatch.setenv("JOURNEYMAP_READ_SECONDS", "2")
    with pytest.raises(ImportError_, match=r"^short\.ods: reading it took longer than 2 s and was stopped"):
        build_plan(journey, short_ods(tmp_path), OPTS)


def test_a_stopped_reader_says_why_again_when_asked_again(journey, tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "_check_extent", lambda *_: None)
    source = read_source(far_cell(tmp_path), journey)  # opening is fine; reading the sheet is not
    for options in (OPTS, ImportOptions(sheet="Data")):
        with pytest.raises(ImportError_, match=r"needs more than \d+ MB of memory"):
            source.plan(journey, options)


def test_a_cancelled_read_changes_nothing_and_can_be_asked_again(journey, tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "_check_xml", lambda *_, **__: None)
    seen = []

    def cancel_after_half_a_second(elapsed):
        seen.append(elapsed)
        return elapsed < 0.5
    with pytest.raises(ReadCancelled, match=r"^short\.ods: reading was cancelled; nothing was changed"):
        read_source(short_ods(tmp_path), journey, waiter=cancel_after_half_a_second)
    assert len(seen) > 3  # the waiter was asked while the child worked (the window paints meanwhile)
    # a good file, cancelled while it is read, reads again when asked again
    good = read_source(scorecard(tmp_path), journey)
    answers = iter([False])
    good.waiter = lambda _elapsed: next(answers, True)  # Cancel is pressed at once
    with pytest.raises(ReadCancelled):
        good.plan(journey, OPTS)
    assert len(good.plan(journey, OPTS).measurements) == 4


def test_plans_made_in_the_child_equal_plans_made_here(journey, tmp_path, monkeypatch):
    path = scorecard(tmp_path)
    far = read_source(path, journey)
    assert isinstance(far, IsolatedSource)
    monkeypatch.setattr(isolation, "ENABLED", False)
    near = read_source(path, journey)
    assert isinstance(near, ImportSource)
    a, b = far.plan(journey, OPTS), near.plan(journey, OPTS)
    assert a.measurements == b.measurements
    assert a.changes == b.changes
    assert a.decisions == b.decisions
    assert a.report() == b.report()
    data, cmap = far.columns(journey, OPTS)
    assert cmap.headers == near.columns(journey, OPTS)[1].headers
    assert data.rows == [HEADER, *ROWS]  # the preview: header and the first rows under it


def test_the_child_plans_against_the_journey_as_it_is_now(journey, tmp_path):
    source = read_source(scorecard(tmp_path), journey)
    assert {m.node for m in source.plan(journey, OPTS).measurements} >= {"sales-demo"}
    # the user deletes a touchpoint while the wizard is open: its row no longer matches
    ed.apply_edits(journey, ed.removal_edits(journey, ["sales-demo"]))
    plan = source.plan(journey, OPTS)
    assert "sales-demo" not in {m.node for m in plan.measurements}
    assert "Sales demo" in " ".join(s.text() for s in plan.skipped)


def test_a_broken_file_is_refused_when_it_is_opened(tmp_path, journey):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    with pytest.raises(ImportError_, match=r"^broken\.xlsx: "):
        read_source(path, journey)
