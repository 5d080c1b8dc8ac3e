"""The import as a user runs it: `journeymap import` in a subprocess, exit
codes, the report, and the journey file byte for byte unchanged on error
and on --dry-run. Expected figures are computed here from the answers."""

import csv
import json
import random
import shutil
import subprocess
import sys

import openpyxl
import pytest

from journeymap.io.templates import sample_path

from .formulas import nps, run, top2


def template_path(name):
    return sample_path().parent.parent / "templates" / f"{name}.journey"

pytestmark = pytest.mark.filterwarnings("ignore")


def imported(path, data, *extra):
    r = run("import", str(path), str(data), "--dry-run", "--json", *extra)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    return out, {(c["touchpoint_id"], c["metric"], c["period"], c["segment"]): (c["new"], c["n"])
                 for c in out["changes"]}


def test_a_repeating_touchpoint_column_is_responses_not_a_scorecard(sample, tmp_path):
    """Medallia-like: a row per response. Read as a scorecard, the first
    respondent's 10 would become the touchpoint's NPS."""
    rnd = random.Random(5)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Response ID", "Touchpoint", "Likelihood to Recommend (0-10)", "Overall Satisfaction (1-5)",
               "Response Date", "Segment"])
    answers: dict = {}
    for i in range(60):
        tp = rnd.choice(["Support chat", "Pricing page"])
        month, day = rnd.randint(1, 6), rnd.randint(1, 28)
        segment = rnd.choice(["SMB", "Enterprise", None])
        ltr, sat = rnd.randint(0, 10), rnd.randint(1, 5)
        ws.append([f"R{i}", tp, ltr, sat, f"{month}/{day}/2026", segment])
        q = f"2026-Q{(month - 1) // 3 + 1}"
        for seg in ("", segment or ""):
            answers.setdefault((tp, q, seg), []).append((ltr, sat))
            if not segment:
                break
    ws.append(["R0", "Support chat", 3, 1, "1/20/2026", "SMB"])  # a different answer: counts
    answers[("Support chat", "2026-Q1", "")].append((3, 1))
    answers[("Support chat", "2026-Q1", "SMB")].append((3, 1))
    ws.cell(row=2, column=5).value = "1/13/2026"  # a day above 12 tells month/day
    first = ws.cell(row=2, column=2).value, ws.cell(row=2, column=3).value, ws.cell(row=2, column=4).value
    data = tmp_path / "medallia.xlsx"
    wb.save(data)
    # rebuild the expected groups from the file as written (row 2's date was changed)
    answers = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        _rid, tp, ltr, sat, when, segment = row
        month = int(when.split("/")[0])
        q = f"2026-Q{(month - 1) // 3 + 1}"
        for seg in {"", segment or ""}:
            answers.setdefault((tp, q, seg), []).append((ltr, sat))
    out, got = imported(sample, data)
    assert out["layout"] == "responses"
    assert any("a row per response" in d for d in out["decisions"])
    assert any("month/day" in d for d in out["decisions"])
    ids = {"Support chat": "support-chat", "Pricing page": "pricing-page"}
    for (tp, q, seg), pairs in answers.items():
        value, n = got.get((ids[tp], "nps", q, seg), (None, None))
        expected_nps = nps([a for a, _ in pairs])
        assert value == pytest.approx(round(expected_nps, 4)), (tp, q, seg)
        assert n == len(pairs), (tp, q, seg)
        value, n = got[(ids[tp], "csat", q, seg)]
        assert value == pytest.approx(round(top2([b for _, b in pairs]), 4))
        assert n == len(pairs)
    assert first[0] in ids


def test_ambiguous_dates_are_refused_until_the_order_is_given(sample, tmp_path):
    data = tmp_path / "dates.csv"
    data.write_text("Touchpoint,Question,Score,Date\nSupport chat,NPS,10,03/04/2026\n"
                    "Support chat,NPS,0,04/05/2026\n", encoding="utf-8")
    before = sample.read_bytes()
    r = run("import", str(sample), str(data))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1
    assert "dates.csv, sheet 'dates', column D ('Date')" in r.stderr
    assert "--date-order" in r.stderr
    assert sample.read_bytes() == before
    _, got = imported(sample, data, "--date-order", "dmy")
    assert got[("support-chat", "nps", "2026-Q2", "")] == (0.0, 2)  # 3 April and 4 May
    _, got = imported(sample, data, "--date-order", "mdy")
    assert got[("support-chat", "nps", "2026-Q1", "")] == (100.0, 1)  # 4 March
    assert got[("support-chat", "nps", "2026-Q2", "")] == (-100.0, 1)  # 5 April


def test_nothing_to_import_is_an_error_and_changes_nothing(sample, tmp_path):
    data = tmp_path / "labels.csv"
    data.write_text("Touchpoint,CSAT\nSupport chat,meh\nPricing page,so-so\n", encoding="utf-8")
    before = sample.read_bytes()
    for extra in ((), ("--dry-run",)):
        r = run("import", str(sample), str(data), *extra)
        assert r.returncode == 2
        assert "nothing to import" in r.stderr
        assert "'meh' is not a number" in r.stderr
        assert r.stderr.count("\n") == 1
    assert sample.read_bytes() == before
    ok = tmp_path / "ok.csv"
    ok.write_text("Touchpoint,NPS\nSupport chat,12\n", encoding="utf-8")
    r = run("import", str(sample), str(ok), "--dry-run")
    assert r.returncode == 0
    assert sample.read_bytes() == before


def test_decimal_comma_file_and_thousands_in_counts(sample, tmp_path):
    data = tmp_path / "eu.csv"
    data.write_text("Touchpoint;Metric;Value;n\nHelp centre;CES;4,5;1.250\nPricing page;CSAT;81,3;1.040\n"
                    "Sales demo;Time to resolution;1,250;12\n", encoding="cp1252")
    out, got = imported(sample, data)
    period = out["changes"][0]["period"]
    assert got[("knowledge-base", "ces", period, "")] == (4.5, 1250)
    assert got[("pricing-page", "csat", period, "")] == (81.3, 1040)
    assert got[("sales-demo", "ttr", period, "")] == (1.25, 12)  # "1,250" h in a decimal-comma file
    assert any("decimal comma" in d for d in out["decisions"])
    assert any("a count is a whole number" in d for d in out["decisions"])


def test_comma_number_that_nothing_explains_is_skipped_with_the_way_out(sample, tmp_path):
    data = tmp_path / "amb.csv"
    data.write_text('Touchpoint,Time to resolution,NPS\nSupport chat,"1,250",5\n', encoding="utf-8")
    out, got = imported(sample, data)
    assert [s["reason"] for s in out["skipped"]] == [
        "'1,250' could be 1250 or 1.25: the file does not say which separator is decimal; "
        "say which with --decimal comma or point"]
    _, got = imported(sample, data, "--decimal", "point")
    assert next(v for k, v in got.items() if k[1] == "ttr")[0] == 1250.0


def test_a_list_of_steps_becomes_a_map_in_a_blank_journey(tmp_path):
    journey = tmp_path / "bank.journey"
    shutil.copy(template_path("blank"), journey)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Phase", "Touchpoint", "Lane", "Channel", "Owner", "Description", "Emotion", "Moment of truth"])
    ws.append(["Research", "Compare accounts", "Customer actions", "Web", "Marketing", "Reads the fees", 0, "no"])
    ws.append(["Apply", "Application form", "Frontstage", "App", "Digital", "", -1, "yes"])
    ws.append(["Research", "Ask a friend", "", "", "", "", 1, ""])
    ws.append(["Verify identity", "Video ident", "Backstage", "App", "Compliance", "", -2, "x"])
    data = tmp_path / "steps.xlsx"
    wb.save(data)
    r = run("import", str(journey), str(data))
    assert r.returncode == 2
    assert "--create-missing" in r.stderr
    r = run("import", str(journey), str(data), "--create-missing")
    assert r.returncode == 0, r.stderr
    saved = json.loads(journey.read_text())
    assert [p["name"] for p in saved["phases"]] == ["Research", "Apply", "Verify identity"]  # Phase 1-3 replaced
    tps = {t["name"]: t for t in saved["touchpoints"]}
    phase_names = {p["id"]: p["name"] for p in saved["phases"]}
    assert phase_names[tps["Ask a friend"]["phase"]] == "Research"
    assert tps["Application form"]["lane"] == "frontstage"
    assert tps["Application form"]["channel"] == "App"
    assert tps["Application form"].get("moment_of_truth") is True
    assert tps["Video ident"]["emotion"] == -2
    assert tps["Compare accounts"]["description"] == "Reads the fees"


def test_standard_metric_columns_add_the_metric(tmp_path):
    journey = tmp_path / "b.journey"
    shutil.copy(template_path("blank"), journey)
    data = tmp_path / "kpi.csv"
    data.write_text("Phase,Touchpoint,First contact resolution,Churn rate\nSupport,Hotline,72%,4.5\n", encoding="utf-8")
    r = run("import", str(journey), str(data), "--create-missing")
    assert r.returncode == 0, r.stderr
    assert "adds the standard metric FCR (target 75%)" in r.stdout
    saved = json.loads(journey.read_text())
    metrics = {m["id"]: m for m in saved["metrics"]}
    assert metrics["fcr"]["target"] == 75
    assert metrics["churn"]["target"] == 5
    values = {m["metric"]: m["value"] for m in saved["measurements"]}
    assert values == {"fcr": 72.0, "churn": 4.5}


def test_map_columns_by_hand_and_refresh_repeats_it(sample, tmp_path):
    data = tmp_path / "wording.csv"
    rows = [["Respondent", "How did we do overall? - Support chat", "Q7"]]
    scores = [5, 4, 2, 5, 3]
    for i, s in enumerate(scores):
        rows.append([f"r{i}", s, s])
    with open(data, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    r = run("import", str(sample), str(data), "--dry-run")
    assert r.returncode == 2
    assert "names a touchpoint but no metric" in r.stderr
    assert "--map" in r.stderr
    mapping = tmp_path / "map.txt"
    mapping.write_text("# column = touchpoint : metric\nHow did we do overall? - Support chat=Support chat:CSAT\n")
    r = run("import", str(sample), str(data), "--mapping-file", str(mapping), "--map", "Q7=Help centre:csat")
    assert r.returncode == 0, r.stderr
    saved = json.loads(sample.read_text())
    settings = dict(saved["journey"]["import_settings"])  # a dict or a list of pairs
    assert json.loads(settings["mapping"]) == {"How did we do overall? - Support chat": "Support chat:CSAT",
                                               "Q7": "Help centre:csat"}
    got = {(m["node"], m["metric"]): (m["value"], m.get("n")) for m in saved["measurements"]
           if m.get("source", "").startswith("wording.csv")}
    assert got[("support-chat", "csat")] == (pytest.approx(top2(scores)), 5)
    assert got[("knowledge-base", "csat")] == (pytest.approx(top2(scores)), 5)
    r = run("import", str(sample), str(data), "--map", "Nope=Support chat:CSAT")
    assert r.returncode == 2
    assert "no column 'Nope'" in r.stderr


def test_messages_stay_short_with_a_thousand_sheets(sample, tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i in range(1000):
        wb.create_sheet(f"Sheet number {i}").append(["nothing", "here\nat all"])
    data = tmp_path / "many.xlsx"
    wb.save(data)
    r = run("import", str(sample), str(data))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1
    assert len(r.stderr) < 400
    assert "and 992 more" in r.stderr


def test_drivers_leave_out_dont_know_codes_and_say_how_many(sample, tmp_path):
    rnd = random.Random(9)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Respondent", "Support chat - CSAT", "Likelihood to recommend"])
    clean_chat, clean_ltr = [], []
    for i in range(400):
        chat = rnd.randint(1, 5)
        ltr = max(0, min(10, round(chat * 1.2 + rnd.gauss(2, 2))))
        if i % 11 == 0 and len([1 for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == 99]) < 35:
            ws.append([f"r{i}", 99, ltr])  # 99 = don't know
            continue
        ws.append([f"r{i}", chat, ltr])
        clean_chat.append(chat)
        clean_ltr.append(ltr)
    data = tmp_path / "drivers.xlsx"
    wb.save(data)
    r = run("drivers", str(sample), str(data), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    chat = next(d for d in out["drivers"] if d["touchpoint"] == "support-chat")
    import numpy as np
    assert chat["pearson"] == pytest.approx(float(np.corrcoef(clean_chat, clean_ltr)[0, 1]), abs=1e-9)
    assert chat["n"] == len(clean_chat) == 365
    assert any("35 answers outside CSAT's 1-5 scale (such as 99" in note for note in out["notes"])
    assert "Johnson" in out["method"]


def test_json_output_survives_a_closed_pipe(sample):
    proc = subprocess.Popen([sys.executable, "-m", "journeymap", "report", str(sample), "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err


def test_a_map_too_large_to_draw_is_refused_quickly(tmp_path):
    from journeymap.io.journey_file import save
    from journeymap.io.limits import MAX_DRAWN_CONNECTIONS
    from journeymap.model import Connection, Journey, Lane, Phase, Touchpoint
    j = Journey()
    j.add_phase(Phase("p", "P"))
    j.add_lane(Lane("l", "L"))
    for i in range(400):
        j.add_touchpoint(Touchpoint(f"t{i}", f"T{i}", "p", "l"))
    added = 0
    for a in range(400):
        for b in range(400):
            if a != b and added <= MAX_DRAWN_CONNECTIONS:
                j.add_connection(Connection(f"t{a}", f"t{b}"))
                added += 1
    path = tmp_path / "huge.journey"
    save(j, path)
    r = run("export", str(path), str(tmp_path / "huge.png"))
    assert r.returncode == 2
    assert "more than a picture can show" in r.stderr
    assert not (tmp_path / "huge.png").exists()


def test_a_read_beyond_the_memory_bound_is_one_line_and_changes_nothing(sample, tmp_path):
    """The file is read in a child process with a memory limit: going over
    it is a refusal on one line (exit 2), not a crash, and the journey stays."""
    import os
    data = tmp_path / "answers.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Touchpoint", "Question", "Score"])
    for i in range(3000):
        ws.append(["Support chat", "NPS", i % 11])
    wb.save(data)
    before = sample.read_bytes()
    env = dict(os.environ, JOURNEYMAP_READ_MEMORY_MB="1")
    result = subprocess.run([sys.executable, "-m", "journeymap", "import", str(sample), str(data)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "journeymap: answers.xlsx: reading it needs more than 1 MB of memory and was stopped; split the file, "
        "or set JOURNEYMAP_READ_MEMORY_MB to allow more"]
    assert sample.read_bytes() == before
    # the same file within the default bound imports
    assert run("import", str(sample), str(data)).returncode == 0
