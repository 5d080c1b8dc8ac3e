"""Survey platforms' exports as downloaded, imported through the CLI; every
figure recomputed here from the generated answers.

Shapes, from the platforms' documentation:
* Qualtrics "Export data" CSV (Qualtrics support: Data Export Formats;
  Understanding your dataset): row 1 the column names (StartDate, EndDate,
  Status, IPAddress, Progress, "Duration (in seconds)", Finished,
  RecordedDate, ResponseId, ..., Q1, Q1_NPS_GROUP, embedded data fields),
  row 2 the question text, row 3 {"ImportId": ...} JSON; UTF-8 with BOM.
  The legacy format has rows 1 and 2 only. Status marks previews, tests and
  spam; an NPS question has a *_NPS_GROUP companion.
* SurveyMonkey "All responses data" (SurveyMonkey help: Exporting all
  responses): row 1 the question, written once over its columns (a merged
  cell in .xlsx), row 2 "Response" or the matrix row; Respondent ID,
  Collector ID, Start Date and End Date as MM/DD/YYYY hh:mm:ss AM.
* Google Forms responses CSV: Timestamp ("2024/02/20 10:02:57 AM GMT+1"),
  a grid question as "Question [Row]".
"""

import csv
import json
import random
import shutil

import openpyxl
import pytest

from journeymap.io.templates import sample_path

from .formulas import nps, quarter, run, top2

NAMES = {"Support chat": "support-chat", "Pricing page": "pricing-page", "Help centre": "knowledge-base",
         "Onboarding kick-off": "kickoff"}
SATISFACTION = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                "Very satisfied"]


def dry_run(journey, data, *extra):
    before = journey.read_bytes()
    r = run("import", str(journey), str(data), "--dry-run", "--json", *extra)
    assert r.returncode == 0, r.stderr
    assert journey.read_bytes() == before
    out = json.loads(r.stdout)
    return out, {(c["touchpoint_id"], c["metric"], c["period"], c["segment"]): (c["new"], c["n"])
                 for c in out["changes"]}


def _expected_match(got, expected):
    assert set(got) == set(expected)
    for key, (value, n) in expected.items():
        assert got[key][0] == pytest.approx(round(value, 4), abs=1e-4), key
        assert got[key][1] == n, key


def qualtrics_rows(rnd, legacy=False):
    ids = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
           "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
           "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
           "Q1", "Q1_NPS_GROUP", "Q2", "Q3_TEXT", "Touchpoint"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
             "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
             "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
             "Distribution Channel", "User Language",
             "How likely are you to recommend Acme Analytics to a friend or colleague?",
             "How likely are you to recommend Acme Analytics to a friend or colleague? - Group",
             "Overall, how satisfied or dissatisfied are you with this experience?",
             "What could we do better? - Text", "Touchpoint"]
    import_ids = ['{"ImportId":"startDate","timeZone":"America/Denver"}',
                  '{"ImportId":"endDate","timeZone":"America/Denver"}', '{"ImportId":"status"}',
                  '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
                  '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"America/Denver"}',
                  '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}',
                  '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}',
                  '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}',
                  '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}',
                  '{"ImportId":"userLanguage"}', '{"ImportId":"QID1"}', '{"ImportId":"QID1_NPS_GROUP"}',
                  '{"ImportId":"QID2"}', '{"ImportId":"QID3_TEXT"}', '{"ImportId":"Touchpoint"}']
    rows = [ids, texts] if legacy else [ids, texts, import_ids]
    answers: dict = {}
    for i in range(80):
        tp = rnd.choice(["Support chat", "Pricing page"])
        month, day = rnd.randint(1, 6), rnd.randint(1, 28)
        stamp = f"2026-{month:02d}-{day:02d} {rnd.randint(0, 23):02d}:15:27"
        status = "Survey Preview" if i % 17 == 0 else "IP Address"
        score = rnd.randint(0, 10)
        sat = rnd.choice([None, 1, 2, 3, 4, 5, 5, 4])
        group = 1 if score <= 6 else 2 if score <= 8 else 3
        rows.append([stamp, stamp, status, "203.0.113.7", "100", "95", "True", stamp, f"R_{i:05d}", "", "", "",
                     "", "39.7", "-104.9", "anonymous", "EN", score, group, "" if sat is None else sat,
                     "faster answers" if i % 5 == 0 else "", tp])
        if status != "IP Address":
            continue  # a preview is not a customer's answer
        answers.setdefault((NAMES[tp], "nps", quarter(month), ""), []).append(score)
        if sat is not None:
            answers.setdefault((NAMES[tp], "csat", quarter(month), ""), []).append(sat)
    expected = {k: ((nps if k[1] == "nps" else top2)(v), len(v)) for k, v in answers.items()}
    return rows, expected


@pytest.mark.parametrize("legacy", [False, True])
def test_qualtrics_csv_export(sample, tmp_path, legacy):
    rows, expected = qualtrics_rows(random.Random(4 + legacy), legacy)
    data = tmp_path / "qualtrics.csv"
    with open(data, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)
    out, got = dry_run(sample, data)
    _expected_match(got, expected)
    assert out["layout"] == "responses"
    assert any("Qualtrics export" in d for d in out["decisions"])
    assert any("'recommend'" in d for d in out["decisions"])      # says which word made Q1 NPS
    previews = [s for s in out["skipped"] if "Survey Preview" in s["reason"]]
    assert len(previews) == 5
    assert all(s["column"] == "C" for s in previews)
    assert not any("NPS_GROUP" in u for u in out["unmapped_columns"])


def test_qualtrics_excel_export_with_choice_text(sample, tmp_path):
    """Answers exported as choice text: satisfaction labels and Yes/No."""
    rnd = random.Random(8)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["StartDate", "EndDate", "RecordedDate", "ResponseId", "Q4", "Q5", "Touchpoint"])
    ws.append(["Start Date", "End Date", "Recorded Date", "Response ID",
               "How satisfied were you with the help you received?",
               "Was your issue resolved on first contact?", "Touchpoint"])
    ws.append(['{"ImportId":"startDate","timeZone":"Europe/Berlin"}', '{"ImportId":"endDate"}',
               '{"ImportId":"recordedDate"}', '{"ImportId":"_recordId"}', '{"ImportId":"QID4"}',
               '{"ImportId":"QID5"}', '{"ImportId":"Touchpoint"}'])
    csat, fcr = [], []
    for i in range(50):
        label = rnd.choice([*SATISFACTION, "Extremely satisfied", "Somewhat dissatisfied"])
        resolved = rnd.choice(["Yes", "No", "Yes"])
        ws.append([f"2026-08-{i % 28 + 1:02d} 10:00:00"] * 3 + [f"R_{i}", label, resolved, "Support chat"])
        csat.append({"Extremely satisfied": 5, "Somewhat dissatisfied": 2}.get(label, SATISFACTION.index(label) + 1
                                                                              if label in SATISFACTION else 0))
        fcr.append(resolved == "Yes")
    data = tmp_path / "qualtrics.xlsx"
    wb.save(data)
    _, got = dry_run(sample, data)
    _expected_match(got, {("support-chat", "csat", "2026-Q3", ""): (top2(csat), 50),
                          ("support-chat", "fcr", "2026-Q3", ""): (100.0 * sum(fcr) / 50, 50)})


def surveymonkey_rows(rnd):
    matrix = ["Support chat", "Pricing page", "Help centre", "Onboarding kick-off"]
    row1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
            "First Name", "Last Name", "Custom Data 1", "How satisfied were you with each of the following?",
            None, None, None, "Why did you give that rating?"]
    row2 = [None] * 9 + matrix + ["Open-Ended Response"]
    rows = [row1, row2]
    answers: dict = {}
    for i in range(60):
        month, day = rnd.randint(1, 6), rnd.randint(1, 28)
        stamp = f"{month:02d}/{day:02d}/2026 {rnd.randint(1, 12)}:{rnd.randint(10, 59)}:01 PM"
        row = [11400000000 + i, 431000000, stamp, stamp, "198.51.100.4", "", "", "", ""]
        for name in matrix:
            label = rnd.choice([*SATISFACTION, None])
            row.append(label)
            if label:
                answers.setdefault((NAMES[name], "csat", quarter(month), ""), []).append(SATISFACTION.index(label) + 1)
        row.append("ok")
        rows.append(row)
    rows[2][3] = "01/25/2026 10:00:00 AM"  # a day above 12: month/day for certain
    rows[2][2] = rows[2][3]
    return rows, answers


def test_surveymonkey_xlsx_and_csv(sample, tmp_path):
    rows, answers = surveymonkey_rows(random.Random(6))
    # recompute from the rows as written (row 3's date was pinned above)
    answers = {}
    for row in rows[2:]:
        month = int(row[3][:2])
        grid = ["Support chat", "Pricing page", "Help centre", "Onboarding kick-off"]
        for name, label in zip(grid, row[9:13], strict=True):
            if label:
                answers.setdefault((NAMES[name], "csat", quarter(month), ""), []).append(SATISFACTION.index(label) + 1)
    expected = {k: (top2(v), len(v)) for k, v in answers.items()}
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    ws.merge_cells("J1:M1")
    xlsx_path = tmp_path / "surveymonkey.xlsx"
    wb.save(xlsx_path)
    csv_path = tmp_path / "surveymonkey.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in rows])
    for data in (xlsx_path, csv_path):
        out, got = dry_run(sample, data)
        _expected_match(got, expected)
        assert any("SurveyMonkey export" in d for d in out["decisions"])
        assert any("month/day/year" in d for d in out["decisions"])


def test_google_forms_csv_with_a_grid(sample, tmp_path):
    rnd = random.Random(3)
    lines = ["Timestamp,Email address,How easy was it to get what you needed? [Support chat],"
             "How easy was it to get what you needed? [Help centre],Anything else?"]
    answers: dict = {}
    for i in range(40):
        month, day = rnd.randint(1, 6), rnd.randint(1, 28)
        hour = rnd.randint(1, 12)
        chat, help_ = rnd.randint(1, 7), rnd.choice([None, 2, 5, 7])
        lines.append(f"2026/{month:02d}/{day:02d} {hour}:02:57 {'AM' if i % 2 else 'PM'} GMT+1,p{i}@example.com,"
                     f"{chat},{'' if help_ is None else help_},")
        answers.setdefault(("support-chat", "ces", quarter(month), ""), []).append(chat)
        if help_ is not None:
            answers.setdefault(("knowledge-base", "ces", quarter(month), ""), []).append(help_)
    data = tmp_path / "Customer survey (Responses) - Form responses 1.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, got = dry_run(sample, data)
    _expected_match(got, {k: (sum(v) / len(v), len(v)) for k, v in answers.items()})
    assert any("'easy'" in d for d in out["decisions"])


def test_a_relationship_survey_names_no_touchpoint_and_says_how_to_map_it(sample, tmp_path):
    data = tmp_path / "relationship.csv"
    with open(data, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows([
            ["ResponseId", "RecordedDate", "Q1"],
            ["Response ID", "Recorded Date", "How likely are you to recommend us?"],
            ['{"ImportId":"_recordId"}', '{"ImportId":"recordedDate"}', '{"ImportId":"QID1"}'],
            ["R_1", "2026-02-01 10:00:00", 9], ["R_2", "2026-02-02 10:00:00", 3]])
    r = run("import", str(sample), str(data), "--dry-run")
    assert r.returncode == 2
    assert 'measures NPS, but no column names the touchpoint' in r.stderr
    assert '--map "Q1=TOUCHPOINT:NPS"' in r.stderr
    _out, got = dry_run(sample, data, "--map", "Q1=Support chat:NPS")
    assert got == {("support-chat", "nps", "2026-Q1", ""): (pytest.approx(nps([9, 3])), 2)}


def test_a_matrix_builds_its_touchpoints_in_a_blank_journey_with_create_missing(tmp_path):
    journey = tmp_path / "blank.journey"
    shutil.copy(sample_path().parent.parent / "templates" / "blank.journey", journey)
    rows, _ = surveymonkey_rows(random.Random(2))
    data = tmp_path / "surveymonkey.csv"
    with open(data, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in rows])
    r = run("import", str(journey), str(data))
    assert r.returncode == 2  # nothing on the map to import into, and nothing asked to be created
    r = run("import", str(journey), str(data), "--create-missing", "--json")
    assert r.returncode == 0, r.stderr
    assert sorted(json.loads(r.stdout)["created"]["touchpoints"]) == sorted(NAMES)
    saved = json.loads(journey.read_text())
    assert {tp["name"] for tp in saved["touchpoints"]} == set(NAMES)
    answers = {}
    for row in rows[2:]:
        for name, label in zip(NAMES, row[9:13], strict=True):
            if label:
                answers.setdefault(name, []).append(SATISFACTION.index(label) + 1)
    ids = {tp["name"]: tp["id"] for tp in saved["touchpoints"]}
    by_node: dict = {}
    for m in saved["measurements"]:
        if not m.get("segment"):
            by_node.setdefault(m["node"], []).append(m)
    for name, scores in answers.items():
        total = sum(m["n"] for m in by_node[ids[name]])
        assert total == len(scores)
