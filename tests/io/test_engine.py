"""Large tables are counted, not read row by row: a CSV over 16 MB and any
Parquet file go to DuckDB, which returns each distinct answer with how many
rows gave it; the plan is made from those counts with the same formulas.
The counted import must give exactly what reading every row gives, messy
rows, repeats and skips included."""

import datetime as dt
import random

import duckdb
import pytest

from journeymap.io.importing import ImportError_, ImportOptions, build_plan, isolation, reader
from journeymap.io.importing.reader import Workbook
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path

FILES = __import__("pathlib").Path(__file__).parent / "files" / "parquet"
OPTS = ImportOptions(date_order="dmy")
NAMES = ["Pricing page", "Support chat", "Help centre", "support chat ", "Unknown place", ""]
QUESTIONS = ["NPS", "CSAT", "CES", "How easy was it?", "Weird"]


@pytest.fixture
def journey():
    return load(sample_path())


def messy_answers(seed, rows=6000):
    """Raw answers as survey exports hold them, with what goes wrong in them:
    blank and word answers, labels, out-of-scale codes, unknown touchpoints
    and questions, two date formats, blank dates and segments, respondents
    who repeat an identical row (copy-paste) and some with no id."""
    rnd = random.Random(seed)
    out = [["Respondent", "Touchpoint", "Question", "Score", "Date", "Segment"]]
    for _ in range(rows):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randint(0, 200))
        row = [f"R{rnd.randint(0, 3000)}" if rnd.random() > 0.1 else "", rnd.choice(NAMES), rnd.choice(QUESTIONS),
               rnd.choice([str(rnd.randint(0, 10))] * 4 + ["", "abc", "Very satisfied", "4.5", "99"]),
               day.strftime(rnd.choice(["%Y-%m-%d", "%d/%m/%Y"])) if rnd.random() > 0.05 else "",
               rnd.choice(["SMB", "Enterprise", ""])]
        out.append(row)
        if rnd.random() < 0.05:
            out.append(list(row))  # an identical repeat
    return out


def write_csv(path, rows):
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def outcome(plan):
    return (sorted((m.node, m.metric, m.period, m.segment, round(m.value, 9), m.n) for m in plan.measurements),
            plan.rows_read, plan.rows_used, plan.duplicates, plan.rows_skipped, plan.cells_skipped,
            sorted({s.reason for s in plan.skipped}))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counting_by_duckdb_gives_what_reading_every_row_gives(journey, tmp_path, monkeypatch, seed):
    monkeypatch.setattr(isolation, "ENABLED", False)  # both paths in this process, to switch between them
    rows = messy_answers(seed)
    path = write_csv(tmp_path / "answers.csv", rows)
    monkeypatch.setattr(reader, "TABLE_TEXT_BYTES", 10 ** 12)
    by_row = build_plan(journey, path, OPTS)
    assert not any("DuckDB" in d for d in by_row.decisions)
    monkeypatch.setattr(reader, "TABLE_TEXT_BYTES", 0)
    by_count = build_plan(journey, path, OPTS)
    assert any(d.startswith(f"{len(rows) - 1:,} rows counted by DuckDB") for d in by_count.decisions)
    assert outcome(by_count) == outcome(by_row)
    assert by_row.duplicates > 0
    assert by_row.measurements  # the comparison is not of two empty plans
    # the same answers as Parquet (typed by DuckDB's writer: no text to parse)
    parquet = tmp_path / "answers.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{path}', all_varchar=true)) TO '{parquet}' (FORMAT parquet)")
    monkeypatch.setattr("journeymap.io.importing.table.WHOLE_ROWS", 0)  # counted, not read whole
    assert outcome(build_plan(journey, parquet, OPTS))[:6] == outcome(by_row)[:6]


def test_a_skipped_counted_row_names_the_first_row_like_it(journey, tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "TABLE_TEXT_BYTES", 0)
    rows = [["Touchpoint", "Question", "Score"]] + [["Support chat", "NPS", str(i % 11)] for i in range(50)]
    rows[7][2] = rows[30][2] = "lots"  # rows 8 and 31 of the file
    plan = build_plan(journey, write_csv(tmp_path / "a.csv", rows), ImportOptions(default_period="2026-Q1"))
    assert [s.text() for s in plan.skipped] == [
        "sheet 'a', row 8, column C: 'lots' is not an answer NPS knows (a number or a label such as "
        "'10 - Extremely likely') (2 rows like it)"]
    assert plan.rows_used == 48
    assert plan.rows_skipped == plan.cells_skipped == 2


def test_a_large_table_in_another_layout_is_read_whole(journey, tmp_path, monkeypatch):
    """Counting is for raw answers; a scorecard (a row per touchpoint) is
    read whole, as any CSV."""
    monkeypatch.setattr(reader, "TABLE_TEXT_BYTES", 0)
    path = write_csv(tmp_path / "scores.csv", [["Touchpoint", "NPS", "n", "Period"],
                                               ["Support chat", "12", "340", "2026-Q1"],
                                               ["Pricing page", "-4", "51", "2026-Q1"]])
    plan = build_plan(journey, path, ImportOptions())
    assert sorted((m.node, m.value, m.n) for m in plan.measurements) == [("pricing-page", -4.0, 51),
                                                                           ("support-chat", 12.0, 340)]
    assert "read by DuckDB as UTF-8 text, comma-separated" in plan.decisions


def test_a_small_parquet_file_is_read_whole_with_its_types(journey, tmp_path):
    path = tmp_path / "scores.parquet"
    duckdb.sql(f"""COPY (SELECT * FROM (VALUES ('Support chat', 12::DECIMAL(5,1), 340, DATE '2026-02-14'),
                                          ('Pricing page', -4.0, 51, DATE '2026-03-01'))
                      t("Touchpoint", "NPS", "n", "Date")) TO '{path}' (FORMAT parquet)""")
    plan = build_plan(journey, path, ImportOptions())
    assert sorted((m.node, m.value, m.n, m.period) for m in plan.measurements) == [
        ("pricing-page", -4.0, 51, "2026-Q1"), ("support-chat", 12.0, 340, "2026-Q1")]
    assert "read by DuckDB (Parquet)" in plan.decisions


@pytest.mark.parametrize(("name", "first_rows"), [
    ("byte_array_decimal.parquet", [["value"], [1.0], [2.0]]),             # DECIMAL in byte arrays -> float
    ("hadoop_lz4_compressed.parquet", [["c0", "c1", "v11"], [1593604800, "abc", 42.0]]),  # text kept as BINARY
    ("nulls.snappy.parquet", [["b_struct"], ["{'b_c_int': None}"]]),       # a struct shown as text
])
def test_parquet_written_by_other_programs_reads_with_plain_types(name, first_rows):
    workbook = Workbook(FILES / name)
    data = workbook.read(workbook.sheet_names[0])
    assert data.rows[: len(first_rows)] == first_rows


@pytest.mark.parametrize(("name", "message"), [
    ("PARQUET-1481.parquet", r"^PARQUET-1481\.parquet: cannot be read \(TProtocolException: Invalid data\)$"),
    ("ARROW-GH-45185.parquet", r"^ARROW-GH-45185\.parquet: cannot be read \(Corrupt Parquet file"),
    ("int96_from_spark.parquet", r"^int96_from_spark\.parquet: cannot be read \(.*Int96 timestamp is out of range"),
])
def test_broken_or_unreadable_parquet_is_refused_in_one_line(journey, name, message):
    with pytest.raises(ImportError_, match=message):
        build_plan(journey, FILES / name, ImportOptions())


def test_a_file_named_parquet_that_is_not_is_refused(journey, tmp_path):
    path = tmp_path / "answers.parquet"
    path.write_text("Touchpoint,NPS\nSupport chat,9\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=r"^answers\.parquet: not a Parquet file"):
        build_plan(journey, path, ImportOptions())
