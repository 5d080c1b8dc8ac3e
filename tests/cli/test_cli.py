import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap.io.templates import sample_path

SAMPLE = str(sample_path())


def run(*args, cwd=None):
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, "-m", "journeymap", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def test_version():
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.startswith("journeymap ")


def test_new_validate_report_round(tmp_path):
    f = tmp_path / "shop.journey"
    r = run("new", str(f), "--template", "retail", "--name", "Shop journey")
    assert r.returncode == 0, r.stderr
    assert json.loads(f.read_text("utf-8"))["journey"]["name"] == "Shop journey"
    r = run("validate", str(f))
    assert r.returncode == 0
    assert "valid (6 phases" in r.stdout
    r = run("new", str(f))
    assert r.returncode == 2
    assert "exists already" in r.stderr


def test_report_json_shape_and_ranking():
    r = run("report", SAMPLE, "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["journey"]["name"].startswith("Acme")
    assert {"id", "name", "status", "metrics"} <= set(report["phases"][0])
    tp = next(t for t in report["touchpoints"] if t["id"] == "support-chat")
    nps = next(m for m in tp["metrics"] if m["metric"] == "nps")
    assert nps == {**nps, "value": -12.0, "n": 460, "target": 30.0, "status": "red"}
    scores = [w["score"] for w in report["weak"]]
    assert scores == sorted(scores, reverse=True)
    assert len(scores) >= 3
    assert all(w["reasons"] for w in report["weak"])


def test_report_text_lists_weak_touchpoints():
    r = run("report", SAMPLE)
    assert r.returncode == 0
    assert "Weak touchpoints" in r.stdout
    assert "Support chat" in r.stdout


def test_segment_and_period_filters():
    smb = json.loads(run("report", SAMPLE, "--json", "--segment", "SMB").stdout)
    ent = json.loads(run("report", SAMPLE, "--json", "--segment", "Enterprise").stdout)
    def nps(rep):
        tp = next(t for t in rep["touchpoints"] if t["id"] == "support-chat")
        return next(m["value"] for m in tp["metrics"] if m["metric"] == "nps")
    assert nps(smb) < nps(ent)
    q2 = json.loads(run("report", SAMPLE, "--json", "--period", "2026-Q2").stdout)
    assert q2["journey"]["period"] == "2026-Q2"
    r = run("report", SAMPLE, "--segment", "Martians")
    assert r.returncode == 2
    assert "no measurements for segment 'Martians'" in r.stderr


def test_fail_on(tmp_path):
    assert run("report", SAMPLE, "--fail-on", "red").returncode == 1
    f = tmp_path / "blank.journey"
    run("new", str(f), "--template", "blank")
    assert run("report", str(f), "--fail-on", "amber").returncode == 0


def test_bad_input_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "broken.journey"
    bad.write_text('{"format": "journeymap", "version": 1, "phases": [', "utf-8")
    r = run("report", str(bad))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1
    assert "broken.journey: not valid JSON" in r.stderr
    assert "Traceback" not in r.stderr


def test_bad_usage_exit_2():
    r = run("report")
    assert r.returncode == 2
    assert r.stderr.startswith("journeymap: error:")
    r = run("report", SAMPLE, "--fail-on", "purple")
    assert r.returncode == 2
    r = run("--nonsense")
    assert r.returncode == 2


def test_cli_imports_no_qt():
    code = (f"import sys, journeymap.cli as c; c.main(['validate', {SAMPLE!r}]); "
            "print('PySide6' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip().endswith("False"), r.stdout + r.stderr


def test_a_small_report_imports_only_what_it_needs():
    """A report of the 16-card sample is meant to start in under three bare
    Python starts: it reads the file with json, not orjson or msgspec (a big
    file's readers), leaves the path analysis' networkx and numpy, pandas and
    Qt alone, and argparse does not import shutil to find the terminal."""
    heavy = ["PySide6", "networkx", "numpy", "pandas", "orjson", "msgspec", "shutil"]
    code = (f"import sys, journeymap.cli as c; c.main(['report', {SAMPLE!r}]); "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout + r.stderr


def test_help_is_wrapped_to_the_terminal():
    r = subprocess.run([sys.executable, "-m", "journeymap", "import", "--help"], capture_output=True, text=True,
                       env={**os.environ, "COLUMNS": "60"})
    assert r.returncode == 0
    # (A usage line may run over where one option cannot be broken, as argparse does.)
    described = r.stdout.split("options:", 1)[1].splitlines()
    assert "--sheet" in r.stdout
    assert max(len(line) for line in described) <= 60
    wide = subprocess.run([sys.executable, "-m", "journeymap", "import", "--help"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"})
    assert len(wide.stdout.splitlines()) < len(r.stdout.splitlines())


@pytest.mark.parametrize("suffix", ["xlsx", "png", "svg", "pdf", "mmd"])
def test_export_every_format_headless(tmp_path, suffix):
    out = tmp_path / f"map.{suffix}"
    env_free = run("export", SAMPLE, str(out))
    assert env_free.returncode == 0, env_free.stderr
    assert env_free.stdout.startswith(f"wrote map.{suffix}")
    assert out.stat().st_size > 500


def test_export_errors(tmp_path):
    r = run("export", SAMPLE, str(tmp_path / "map.docx"))
    assert r.returncode == 2
    assert "use .xlsx, .html, .png, .svg, .pdf or .mmd" in r.stderr
    r = run("export", SAMPLE, str(tmp_path / "no" / "such" / "folder" / "map.xlsx"))
    assert r.returncode == 2
    assert "cannot write in" in r.stderr
    assert "Traceback" not in r.stderr
    r = run("export", SAMPLE, str(tmp_path / "big.png"), "--scale", "50")
    assert r.returncode == 2
    assert "scale" in r.stderr


def _copy_sample(tmp_path):
    target = tmp_path / "acme.journey"
    target.write_bytes(Path(SAMPLE).read_bytes())
    return target


def _scorecard(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Touchpoint", "NPS", "n", "Period"])
    ws.append(["Support chat", 33, 500, "2026-Q4"])
    ws.append(["Nowhere", 10, 5, "2026-Q4"])
    path = tmp_path / "scores.xlsx"
    wb.save(path)
    return path


def test_import_updates_file_and_reports(tmp_path):
    journey = _copy_sample(tmp_path)
    r = run("import", str(journey), str(_scorecard(tmp_path)), "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["rows_used"] == 1
    assert report["skipped"][0]["reason"] == "unknown touchpoint 'Nowhere'"
    assert report["skipped"][0]["row"] == 3
    assert report["skipped"][0]["column"] == "A"
    data = json.loads(journey.read_text("utf-8"))
    assert {"node": "support-chat", "metric": "nps", "value": 33, "n": 500, "period": "2026-Q4",
            "source": "scores.xlsx:Sheet"} in data["measurements"]
    assert data["journey"]["import_settings"]["layout"] == "wide"


def test_import_dry_run_and_errors_leave_file_byte_for_byte(tmp_path):
    journey = _copy_sample(tmp_path)
    before = journey.read_bytes()
    r = run("import", str(journey), str(_scorecard(tmp_path)), "--dry-run")
    assert r.returncode == 0
    assert "dry run: nothing changed" in r.stdout
    assert journey.read_bytes() == before
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    r = run("import", str(journey), str(broken))
    assert r.returncode == 2
    assert "broken.xlsx" in r.stderr
    assert r.stderr.count("\n") == 1
    assert journey.read_bytes() == before
    r = run("import", str(journey), str(_scorecard(tmp_path)), "--sheet", "Missing")
    assert r.returncode == 2
    assert "there is no sheet 'Missing'" in r.stderr
    assert journey.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_drivers_command_reports_and_saves_importance(tmp_path):
    import random

    import openpyxl
    rnd = random.Random(2)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Respondent", "Support chat - CSAT", "Pricing page - CES", "Likelihood to recommend"])
    for i in range(80):
        chat, price = rnd.randint(1, 5), rnd.randint(1, 7)
        ws.append([f"r{i}", chat, price, max(0, min(10, round(chat * 2 + rnd.gauss(0, 1))))])
    data = tmp_path / "respondents.xlsx"
    wb.save(data)
    journey = _copy_sample(tmp_path)
    r = run("drivers", str(journey), str(data), "--json", "--save")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["respondents"] == 80
    assert out["outcomes"] == ["Likelihood to recommend"]
    chat = next(d for d in out["drivers"] if d["touchpoint"] == "support-chat")
    assert chat["pearson"] > 0.8
    assert chat["n"] == 80
    assert chat["importance"] > 0.8
    saved = {t["id"]: t.get("importance") for t in json.loads(journey.read_text())["touchpoints"]}
    assert saved["support-chat"] == pytest.approx(chat["importance"], abs=1e-6)
    report = json.loads(run("report", str(journey), "--json").stdout)
    assert report["priority"]
    assert {"quadrant", "importance", "performance"} <= set(report["priority"][0])
    assert report["paths"]["entries"] == ["search-ad", "webinar"]
    r = run("drivers", str(journey), str(data), "--outcome", "Intent to renew")
    assert r.returncode == 2
    assert "no outcome column named intent to renew" in r.stderr


# ----------------------------------------------------------------------- diff
def test_diff_of_two_files_exit_codes_and_json(tmp_path):
    from journeymap.io.journey_file import load, save
    same = tmp_path / "same.journey"
    save(load(SAMPLE), same)
    r = run("diff", SAMPLE, str(same))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith(": none")
    changed = load(SAMPLE)
    changed.update_touchpoint("support-chat", name="Live chat")
    m = changed.measurement(("support-chat", "csat", "2026-Q3", ""))
    changed.set_measurement(m._replace(value=55.0))
    new = tmp_path / "new.journey"
    save(changed, new)
    r = run("diff", SAMPLE, str(new), "--json")
    assert r.returncode == 1  # something changed
    data = json.loads(r.stdout)
    assert {"kind": "renamed", "item": "touchpoint", "id": "support-chat", "name": "Live chat",
            "detail": "was 'Support chat'"} in data["structure"]
    assert data["worse_by_owner"]["Customer care"][0] == "Live chat: CSAT 71% → 55% (worse by 16 points)"
    assert run("diff", SAMPLE, str(new), "--fail-on", "worse").returncode == 1
    renamed_only = load(SAMPLE)
    renamed_only.update_touchpoint("support-chat", name="Live chat")
    save(renamed_only, new)
    assert run("diff", SAMPLE, str(new), "--fail-on", "worse").returncode == 0


def test_diff_of_two_periods_and_report_since():
    r = run("diff", SAMPLE, "--periods", "2026-Q2", "2026-Q3")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0] == "Changes from 2026-Q2 to 2026-Q3"
    assert lines[2] == "Worse (32), by owner"
    assert lines[3] == "  Customer care"
    r = run("diff", SAMPLE, "--periods", "2026-Q2", "2031-Q1")
    assert r.returncode == 2
    assert r.stderr.strip() == ("journeymap: acme-b2b-saas.journey: no measurements for period '2031-Q1' "
                                "(known: 2026-Q2, 2026-Q3)")  # the wording --period uses
    assert run("diff", SAMPLE).returncode == 2  # one file and no periods: said, not guessed
    r = run("report", SAMPLE, "--since", "previous")
    assert "What got worse from 2026-Q2 to 2026-Q3, by owner" in r.stdout
    r = run("report", SAMPLE, "--since", "previous", "--json")
    assert json.loads(r.stdout)["since"]["old"] == "2026-Q2"


def test_an_unmeasured_journey_is_not_reported_as_meeting_its_targets(tmp_path):
    path = tmp_path / "blank.journey"
    assert run("new", str(path), "--template", "blank").returncode == 0
    r = run("report", str(path))
    assert "nothing is measured against a target" in r.stdout
    assert "every measured touchpoint meets its targets" not in r.stdout
    assert json.loads(run("report", SAMPLE, "--json").stdout)["weak_none"] == ""  # the sample has weak ones


def one_cell_journey(path, metric, values, name="Card"):
    """A saved journey of one phase and one lane whose cards ("Card 00", …)
    each hold one measurement of `metric` from 200 answers."""
    from journeymap.io.journey_file import save
    from journeymap.model import Journey, JourneyInfo, Lane, Measurement, Phase, Touchpoint
    j = Journey(JourneyInfo(name=path.stem))
    j.add_phase(Phase("p", "Support"))
    j.add_lane(Lane("l", "L"))
    j.set_metric(metric)
    for i, value in enumerate(values):
        j.add_touchpoint(Touchpoint(f"t{i}", f"{name} {i:02d}", "p", "l"))
        j.set_measurement(Measurement(f"t{i}", metric.id, value, 200))
    save(j, path)
    return path


def test_the_text_report_lists_the_weakest_twenty_and_says_how_many_more(tmp_path):
    """A map of 30 weak cards: the text lists 20 and counts the rest; --top
    sets how many (0: all); --json lists every one and the total."""
    from journeymap.model.metrics import STANDARD_METRICS
    path = one_cell_journey(tmp_path / "thirty.journey", STANDARD_METRICS["csat"], [10.0 + i for i in range(30)])
    text = run("report", str(path)).stdout
    assert "Card 00" in text
    assert "Card 19" in text
    assert "Card 20" not in text
    assert "… and 10 more weak touchpoints (--top 0 lists them all)" in text
    top3 = run("report", str(path), "--top", "3").stdout
    assert "Card 02" in top3
    assert "Card 03" not in top3
    assert "27 more" in top3
    every = run("report", str(path), "--top", "0").stdout
    assert "Card 29" in every
    assert "more weak" not in every
    report = json.loads(run("report", str(path), "--json").stdout)
    assert len(report["weak"]) == report["weak_total"] == 30
    assert all(tp["metrics"] for tp in report["touchpoints"])
    bad = run("report", str(path), "--top", "-1")
    assert bad.returncode == 2
    assert "whole number" in bad.stderr


def test_help_lists_every_command_and_each_command_has_its_own_help():
    """The parser is built for the one command given (start-up time), so
    each command's help must still be whole, and the top help list them all."""
    from journeymap.cli import _COMMANDS, COMMANDS
    assert set(_COMMANDS) == set(COMMANDS)  # each command has its arguments and its handler
    top = run("--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout
    report = run("report", "--help")
    assert report.returncode == 0
    assert "--top N" in report.stdout
    assert "--fail-on" in report.stdout
    assert "import" not in report.stdout.split("options:")[0]
    wrong = run("report", "--no-such-option", SAMPLE)
    assert wrong.returncode == 2
    assert "--no-such-option" in wrong.stderr


def test_the_text_report_lists_ten_path_warnings_and_counts_the_rest(tmp_path):
    """A big map drawn without care has hundreds of path warnings, which
    buried the rest of the text report; --json keeps every one."""
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from synthetic import build

    from journeymap.io.journey_file import save
    path = tmp_path / "careless.journey"
    save(build(touchpoints=120, connections=150, measurements=240, phases=4), path)
    every = json.loads(run("report", str(path), "--json").stdout)["paths"]["warnings"]
    assert len(every) > 10
    text = run("report", str(path)).stdout
    assert sum(line.startswith("  ! ") for line in text.splitlines()) == 10
    assert f"… and {len(every) - 10} more path warnings (--json lists them all)" in text


def test_a_phase_median_that_cannot_be_rolled_up_says_so_in_the_text_report(tmp_path):
    from journeymap.model.metrics import custom_metric
    wait = custom_metric("wait", "Median wait", "median", unit="min", scale_min=0, scale_max=60,
                         target=10, direction="lower")
    path = one_cell_journey(tmp_path / "medians.journey", wait, [8.0, 14.0], name="Desk")
    text = run("report", str(path)).stdout
    assert "Median wait not rolled up" in text
    assert "Not rolled up: a median of 2 medians" in text
    assert "Median wait – –" not in text


def test_the_text_reports_phase_lines_wrap_between_figures():
    """A phase of many metrics ran to 160-220 characters, which a terminal
    wrapped in the middle of a figure; lines now wrap between figures."""
    from journeymap.cli import REPORT_WIDTH
    text = run("report", SAMPLE).stdout
    phases = text.split("Phases\n")[1].split("\n\n")[0].splitlines()
    assert all(len(line) <= REPORT_WIDTH for line in phases)
    renew = next(i for i, line in enumerate(phases) if "Renew & advocate" in line)
    continued = phases[renew + 1]
    assert continued.startswith(" " * 29)  # under the first figure
    assert continued.strip().startswith(("Churn rate", "Renewal rate", "CES"))


def test_no_line_of_the_text_report_runs_past_its_width():
    """A weak card's reason naming two unsure figures ran to 130 columns;
    reasons, warnings and problems now wrap between words, continued under
    their text."""
    from journeymap.cli import REPORT_WIDTH
    text = run("report", SAMPLE).stdout
    assert all(len(line) <= REPORT_WIDTH for line in text.splitlines()), max(text.splitlines(), key=len)
    lines = text.splitlines()
    split = next(i for i, line in enumerate(lines) if "not yet distinguishable" in line and "Churn rate" in line)
    assert lines[split].startswith("        - ")
    assert lines[split + 1].startswith(" " * 10)
    assert lines[split + 1].strip().startswith(("rate", "Renewal"))
