"""The survey and helpdesk exports in tests/io/exports, built from the
platforms' public documentation and public sample files (SOURCES.md there),
imported through the CLI; every figure is compared with expected.json, which
make_exports.py computed from the generated answers on its own."""

import json
import shutil
from pathlib import Path

import pytest

from journeymap.io.templates import sample_path

from .formulas import run

EXPORTS = Path(__file__).parent.parent / "io" / "exports"
EXPECTED = json.loads((EXPORTS / "expected.json").read_text(encoding="utf-8"))
VALUE_FILES = sorted(name for name, spec in EXPECTED.items() if spec["values"])


@pytest.mark.parametrize("name", VALUE_FILES)
def test_every_figure_of_a_platform_export(sample, name):
    before = sample.read_bytes()
    r = run("import", str(sample), str(EXPORTS / name), "--dry-run", "--json")
    assert r.returncode == 0, r.stderr
    assert sample.read_bytes() == before
    out = json.loads(r.stdout)
    got = {(c["touchpoint_id"], c["metric"], c["period"], c["segment"]): (c["new"], c["n"]) for c in out["changes"]}
    periods = {c["period"] for c in out["changes"]}
    expected = {}
    for v in EXPECTED[name]["values"]:
        # A file with no date says nothing of its period: the import states
        # the one it used (the current quarter), the same for every value.
        period = v["period"] or (periods.pop() if len(periods) == 1 else "?")
        periods.add(period)
        expected[(v["touchpoint"], v["metric"], period, v["segment"])] = (v["value"], v["n"])
    assert set(got) == set(expected)
    for key, (value, n) in expected.items():
        assert got[key][0] == pytest.approx(value, abs=1e-4), key
        assert got[key][1] == n, key
    order = EXPECTED[name].get("date_order")
    if order in ("mdy", "dmy") and name.endswith(".csv"):  # text dates (an .xlsx holds date cells)
        words = {"mdy": "month/day/year", "dmy": "day/month/year"}[order]
        assert any(words in d for d in out["decisions"])


def test_the_workshop_steps_become_the_map(tmp_path):
    spec = EXPECTED["steps_list.xlsx"]
    journey = tmp_path / "bank.journey"
    shutil.copy(sample_path().parent.parent / "templates" / "blank.journey", journey)
    r = run("import", str(journey), str(EXPORTS / "steps_list.xlsx"), "--create-missing")
    assert r.returncode == 0, r.stderr
    saved = json.loads(journey.read_text(encoding="utf-8"))
    assert [p["name"] for p in saved["phases"]] == spec["phases"]
    phases = {p["id"]: p["name"] for p in saved["phases"]}
    lanes = {lane["id"]: lane["name"] for lane in saved["lanes"]}
    got = {tp["name"]: tp for tp in saved["touchpoints"]}
    assert list(got) == [tp["name"] for tp in spec["touchpoints"]]
    for tp in spec["touchpoints"]:
        card = got[tp["name"]]
        assert phases[card["phase"]] == tp["phase"]
        assert lanes[card["lane"]] == tp["lane"]
        for field in ("channel", "owner", "description"):
            assert card.get(field, "") == tp.get(field, ""), (tp["name"], field)
