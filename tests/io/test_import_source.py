"""An import read once (io/importing/source.py): the plan from one
ImportSource reused across many choices is the plan a one-off read of the
file gives (what build_plan made before it went through the source), the
file is checked and opened once, and each set of choices is planned once."""

from collections import Counter
from pathlib import Path

import pytest

from journeymap.io.importing import ImportError_, ImportOptions, isolation, read_source, reader, source
from journeymap.io.importing.plan import plan_import
from journeymap.io.importing.reader import Workbook
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path

from .formats import format_factory as ff
from .xlsx_factory import xlsx

FILES = Path(__file__).parent / "files"
BASE = ImportOptions(default_period="2026-Q1")
# Choices a user goes through in the wizard: some plan, some are refused.
CHOICES = [BASE,
           ImportOptions(default_period="2026-Q1", layout="wide"),
           ImportOptions(default_period="2026-Q1", create_missing=True),
           ImportOptions(default_period="2026-Q1", mapping={"2": "ignore"}),
           ImportOptions(default_period="2026-Q1", decimal=",", date_order="dmy"),
           BASE]


@pytest.fixture
def journey():
    return load(sample_path())


def one_off(journey, path, options):
    """A fresh read of the file for this plan alone, as before."""
    try:
        return plan_import(journey, Workbook(Path(path)), options)
    except ImportError_ as exc:
        return str(exc)


def same(plan):
    if isinstance(plan, str):
        return plan
    return (plan.report(), plan.settings(), plan.summary_lines(limit=500), plan.measurements, plan.new_metrics,
            plan.new_phases, plan.new_touchpoints, plan.removed_phases, plan.replaced, plan.target_overrides)


def percent_xlsx(path):
    return xlsx(path, {"Scores": [["Touchpoint", "CSAT", "FCR", "Period"],
                                  ["Support chat", 0.813, 0.7, "2026-Q1"],
                                  ["Pricing page", 0.9, 0.655, "2026-Q1"]]}, percent_cells=("B2", "B3", "C2"))


FIXTURES = {
    "xls-libreoffice": lambda _tmp: FILES / "long-table-libreoffice.xls",
    "ods-libreoffice-percent": lambda _tmp: FILES / "percent-scorecard-libreoffice.ods",
    "xlsb": lambda tmp: ff.write_xlsb(tmp / "table.xlsb"),
    "ods-openoffice-percent": lambda tmp: ff.write_ods_openoffice(tmp / "table.ods", percent=True),
    "xlsm-macro-sheet": lambda tmp: ff.write_xlsm_with_macro_sheet(tmp / "table.xlsm"),
    "unicode-text": lambda tmp: ff.write_excel_unicode_text(tmp / "table.txt"),
    "csv-cp1252": lambda tmp: ff.write_csv_cp1252(tmp / "table.csv"),
    "xlsx-percent": lambda tmp: percent_xlsx(tmp / "scores.xlsx"),
}


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_one_source_plans_as_a_fresh_read_for_every_choice(journey, tmp_path, fixture):
    path = FIXTURES[fixture](tmp_path)
    src = read_source(path)
    planned = 0
    for options in CHOICES:
        try:
            got = src.plan(journey, options)
        except ImportError_ as exc:
            got = str(exc)
        else:
            planned += 1
        assert same(got) == same(one_off(journey, path, options)), options
    assert planned  # every fixture plans for at least one choice


@pytest.fixture
def in_process(monkeypatch):
    """Reads counted where they happen: in this process (see test_isolation
    for the child process, which answers each choice once too)."""
    monkeypatch.setattr(isolation, "ENABLED", False)


@pytest.mark.usefixtures("in_process")
def test_the_file_is_read_once_and_each_choice_planned_once(journey, tmp_path, monkeypatch):
    counts: Counter = Counter()
    built: list = []

    def counted(module, name):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            counts[name] += 1
            return original(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    for name in ("check_file", "open_values", "read_text_table", "xlsx_percent_columns", "ods_percent_cells"):
        counted(reader, name)
    monkeypatch.setattr(source, "plan_import",
                        lambda j, wb, o: built.append(source.choices_key(o)) or plan_import(j, wb, o))
    path = percent_xlsx(tmp_path / "scores.xlsx")
    src = read_source(path)
    plans = [src.plan(journey, o) for o in (BASE, ImportOptions(default_period="2026-Q1", mapping={"2": "ignore"}),
                                           BASE, ImportOptions(default_period="2026-Q1", mapping={"2": "ignore"}))]
    assert plans[0] is plans[2]
    assert plans[1] is plans[3]
    assert {(m.node, m.metric) for m in plans[0].measurements} == {
        ("support-chat", "csat"), ("support-chat", "fcr"), ("pricing-page", "csat"), ("pricing-page", "fcr")}
    assert plans[0].measurements[0].value == pytest.approx(81.3)  # the percent format read
    # a refused choice is refused again with the same words, without planning again
    wide_steps = ImportOptions(default_period="2026-Q1", layout="steps")
    for _ in range(2):
        with pytest.raises(ImportError_, match="--create-missing"):
            src.plan(journey, wide_steps)
    assert src.columns(journey, BASE) is src.columns(journey, BASE)
    assert counts == {"check_file": 1, "open_values": 1, "xlsx_percent_columns": 1}
    assert len(built) == len(set(built)) == 3


@pytest.mark.usefixtures("in_process")
def test_a_changed_journey_is_planned_again_from_the_same_read(journey, tmp_path, monkeypatch):
    opened = Counter()
    original = reader.open_values
    monkeypatch.setattr(reader, "open_values", lambda p: opened.update([p]) or original(p))
    path = ff.write_xlsb(tmp_path / "table.xlsb")
    src = read_source(path)
    first = src.plan(journey, BASE)
    assert all(c.old is None for c in first.changes if c.node == "support-chat")
    journey.set_measurement(first.measurements[0])
    src.forget_plans()
    again = src.plan(journey, BASE)
    assert again is not first
    assert len(again.changes) == len(first.changes) - 1
    other = load(sample_path())  # another journey is never given this one's plans
    assert len(src.plan(other, BASE).changes) == len(first.changes)
    assert sum(opened.values()) == 1
