"""Excel import: each layout, each messy case and each hostile case, on
files generated here; aggregated values checked against hand-computed ones."""

import datetime as dt
import json
import time

import pytest
import xlsxwriter

from journeymap.io.importing import ImportError_, ImportOptions, apply_plan, build_plan
from journeymap.io.journey_file import dumps, load
from journeymap.io.templates import sample_path

from .xlsx_factory import entity_bomb, million_empty_rows, ods, xlsx, zip_bomb

OPTS = ImportOptions(default_period="2026-Q4")


@pytest.fixture
def journey():
    return load(sample_path())


def values(plan):
    return {(m.node, m.metric, m.period, m.segment): (m.value, m.n) for m in plan.measurements}


# ------------------------------------------------------------------- layouts
def test_wide_scorecard_with_title_rows_merged_cells_and_messy_numbers(journey, tmp_path):
    path = xlsx(tmp_path / "score.xlsx", {"Scorecard": [
        ["Customer scorecard Q4"], [None],
        ["Touchpoint", "Phase", "NPS", "CSAT %", "Customer Effort Score", "First contact resolution", "n"],
        ["Support chat", "Use & support", 5, 0.78, "4,5", "70%", "1 200"],
        ["Pricing  page", None, " -3 ", 0.805, 5.25, None, "1,234"],
        ["Kick-off", None, None, None, None, None, None],
        [None, None, None, None, None, None, None],
        [None],
    ]}, percent_cells=("D4", "D5"), merged=("A1:G1",))
    plan = build_plan(journey, path, OPTS)
    assert plan.layout == "wide"
    assert plan.sheet == "Scorecard"
    v = values(plan)
    assert v[("support-chat", "nps", "2026-Q4", "")] == (5.0, 1200)
    assert v[("support-chat", "csat", "2026-Q4", "")] == (pytest.approx(78.0), 1200)  # 0.78 shown as 78%
    assert v[("support-chat", "ces", "2026-Q4", "")] == (4.5, 1200)  # decimal comma
    assert v[("support-chat", "fcr", "2026-Q4", "")] == (70.0, 1200)  # "70%"
    assert v[("pricing-page", "nps", "2026-Q4", "")] == (-3.0, 1234)  # spaces, thousands separator
    assert v[("pricing-page", "csat", "2026-Q4", "")][0] == pytest.approx(80.5)
    assert plan.rows_used == 2
    assert [s.text() for s in plan.skipped] == [
        "sheet 'Scorecard', row 6, column A: unknown touchpoint 'Kick-off'"]
    assert plan.columns["CSAT %"] == "metric: CSAT"
    assert plan.columns["Touchpoint"] == "touchpoint"


def test_long_table_with_n_target_period_segment(journey, tmp_path):
    path = xlsx(tmp_path / "long.xlsx", {"Data": [
        ["Touchpoint", "Metric", "Value", "n", "Target", "Period", "Segment"],
        ["support-chat", "Net Promoter Score", 8, 300, 20, "2026-Q4", "SMB"],
        ["Support chat", "CSAT", "75%", 300, None, "2026-Q4", ""],
        ["Support chat", "Happiness", 3, 10, None, "2026-Q4", ""],
        ["Support chat", "CES", "lots", 10, None, "2026-Q4", ""],
    ]})
    plan = build_plan(journey, path, OPTS)
    assert plan.layout == "long"
    v = values(plan)
    assert v[("support-chat", "nps", "2026-Q4", "SMB")] == (8.0, 300)
    assert v[("support-chat", "csat", "2026-Q4", "")] == (75.0, 300)
    assert plan.target_overrides == {("support-chat", "nps"): 20.0}
    reasons = [s.reason for s in plan.skipped]
    assert reasons == ["unknown metric 'Happiness'", "'lots' is not a number"]
    assert not any("no Period" in w for w in plan.warnings)


def test_raw_responses_long_form_aggregated_with_the_formulas(journey, tmp_path):
    rows = [["Respondent", "Touchpoint", "Question", "Score", "Date", "Segment"]]
    # NPS answers for support chat in Q1 2026: 10, 9, 8, 3, 6 -> (2 - 2) / 5 = 0
    for i, score in enumerate([10, 9, 8, 3, 6]):
        rows.append([f"r{i}", "Support chat", "NPS", score, dt.date(2026, 2, 1), "SMB"])
    # CSAT 5, 4, 3, 2 -> top-two-box 50%; dates as text and as an Excel serial (46082 = 2026-03-01)
    for score, when in ((5, "2026-01-15"), (4, "15.02.2026"), (3, 46082), (2, "2026-03-31")):
        rows.append(["x", "Support chat", "Customer satisfaction", score, when, "SMB"])
    # FCR from yes/no: 3 of 4 -> 75%, in Q2 (four respondents: one's
    # repeated identical answer would count once)
    for i, answer in enumerate(("yes", "Yes", "no", "YES")):
        rows.append([f"y{i}", "Ticket escalation", "FCR", answer, dt.date(2026, 4, 2), ""])
    rows.append(["z", "Support chat", "NPS", 11, dt.date(2026, 2, 1), "SMB"])     # out of scale
    rows.append(["z", "Support chat", "CSAT", 4, "someday", "SMB"])              # bad date
    path = xlsx(tmp_path / "raw.xlsx", {"Responses": rows})
    plan = build_plan(journey, path, OPTS)
    assert plan.layout == "responses"
    v = values(plan)
    assert v[("support-chat", "nps", "2026-Q1", "SMB")] == (pytest.approx(0.0), 5)
    assert v[("support-chat", "csat", "2026-Q1", "SMB")] == (pytest.approx(50.0), 4)
    assert v[("ticket-escalation", "fcr", "2026-Q2", "")] == (pytest.approx(75.0), 4)
    reasons = [s.reason for s in plan.skipped]
    assert "NPS: answer 11 is outside the scale 0..10" in reasons
    assert "'someday' is not a date (expected a date)" in reasons


def test_raw_responses_one_column_per_touchpoint(journey, tmp_path):
    path = xlsx(tmp_path / "wide_raw.xlsx", {"Survey": [
        ["Respondent", "Support chat - CSAT", "Pricing page: CES", "Segment"],
        ["a", 5, 7, "SMB"], ["b", 4, 6, "SMB"], ["c", 1, None, "SMB"], ["d", 2, 2, "SMB"],
    ]})
    plan = build_plan(journey, path, OPTS)
    assert plan.layout == "responses"
    v = values(plan)
    assert v[("support-chat", "csat", "2026-Q4", "SMB")] == (pytest.approx(50.0), 4)
    assert v[("pricing-page", "ces", "2026-Q4", "SMB")] == (pytest.approx(5.0), 3)


# ------------------------------------------------------------------ matching
def test_matching_ignores_case_accents_and_spaces_and_uses_phase(journey, tmp_path):
    from journeymap.model import Touchpoint
    journey.add_touchpoint(Touchpoint("chat-2", "Support chat", "renew", "frontstage"))
    journey.update_touchpoint("pricing-page", name="Página de precios")
    path = xlsx(tmp_path / "m.xlsx", {"S": [
        ["Touchpoint", "Stage", "NPS"],
        ["PAGINA  DE\u00a0PRECIOS", None, 1],
        ["Support chat", "Renew & advocate", 2],
        ["support chat", "use", 3],
        ["Support chat", None, 4],
        ["Support chat", "Nowhere", 5],
    ]})
    plan = build_plan(journey, path, OPTS)
    v = values(plan)
    assert v[("pricing-page", "nps", "2026-Q4", "")][0] == 1
    assert v[("chat-2", "nps", "2026-Q4", "")][0] == 2
    assert v[("support-chat", "nps", "2026-Q4", "")][0] == 3
    reasons = [s.reason for s in plan.skipped]
    assert "'Support chat' names 2 touchpoints; add a Phase column to tell them apart" in reasons
    assert "unknown phase 'Nowhere'" in reasons


def test_create_missing_builds_a_first_map(tmp_path):
    from journeymap.io.templates import load_template
    j = load_template("blank")
    path = xlsx(tmp_path / "steps.xlsx", {"Steps": [
        ["Phase", "Touchpoint", "Channel", "Lane", "CSAT"],
        ["Awareness", "Billboard", "Outdoor", "Customer actions", None],
        ["Awareness", "Radio spot", "Radio", "", 80],
        ["Purchase", "Checkout", "Web", "Frontstage", "71%"],
    ]})
    plan = build_plan(j, path, ImportOptions(create_missing=True, default_period="2026-Q4"))
    assert [p.name for p in plan.new_phases] == ["Awareness", "Purchase"]
    assert [t.name for t in plan.new_touchpoints] == ["Billboard", "Radio spot", "Checkout"]
    apply_plan(j, plan)
    checkout = next(t for t in j.touchpoints if t.name == "Checkout")
    assert j.phase(checkout.phase).name == "Purchase"
    assert checkout.lane == "frontstage"
    assert checkout.channel == "Web"
    assert j.measurements_of(checkout.id, "csat")[0].value == 71.0
    with pytest.raises(ImportError_, match=r"nothing to import.*unknown phase 'Awareness'"):
        build_plan(load_template("blank"), path, OPTS)


# -------------------------------------------------------------- messy files
def test_picks_first_sheet_that_looks_like_data_or_the_named_one(journey, tmp_path):
    path = xlsx(tmp_path / "multi.xlsx", {
        "Read me": [["This workbook holds the Q4 scores"], ["Do not edit"]],
        "Scores": [["Touchpoint", "NPS"], ["Support chat", 9]],
        "Other": [["Touchpoint", "CSAT"], ["Support chat", 90]],
    })
    assert build_plan(journey, path, OPTS).sheet == "Scores"
    other = build_plan(journey, path, ImportOptions(sheet="Other", default_period="2026-Q4"))
    assert values(other)[("support-chat", "csat", "2026-Q4", "")][0] == 90
    with pytest.raises(ImportError_, match="there is no sheet 'Nope'"):
        build_plan(journey, path, ImportOptions(sheet="Nope"))


def test_formulas_use_cached_values_and_error_cells_are_reported(journey, tmp_path):
    path = tmp_path / "formulas.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, ["Touchpoint", "NPS", "CSAT"])
    ws.write_string(1, 0, "Support chat")
    ws.write_formula(1, 1, "=10+5", None, 15)
    ws.write_formula(1, 2, "=1/0", None, "#DIV/0!")
    ws.write_string(2, 0, "Pricing page")
    ws.write_formula(2, 1, "=NA()", None, "#N/A")
    ws.write_number(2, 2, 80)
    wb.close()
    plan = build_plan(journey, path, OPTS)
    v = values(plan)
    assert v[("support-chat", "nps", "2026-Q4", "")][0] == 15
    assert v[("pricing-page", "csat", "2026-Q4", "")][0] == 80
    assert sorted(s.text() for s in plan.skipped) == [
        "sheet 'Data', row 2, column C: Excel error #DIV/0!",
        "sheet 'Data', row 3, column B: Excel error #N/A"]


def test_xlsm_csv_and_ods(journey, tmp_path):
    src = xlsx(tmp_path / "a.xlsx", {"S": [["Touchpoint", "NPS"], ["Support chat", 7]]})
    xlsm = tmp_path / "a.xlsm"
    xlsm.write_bytes(src.read_bytes())
    assert values(build_plan(journey, xlsm, OPTS))[("support-chat", "nps", "2026-Q4", "")][0] == 7
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("Touchpoint;CSAT %;CES;Period\n"
                        "Support chat;82%;4,5;2026-Q4\n"
                        "Pricing page;\u00a071 %;5;2026-Q4\n", encoding="utf-8")
    v = values(build_plan(journey, csv_path, OPTS))
    assert v[("support-chat", "csat", "2026-Q4", "")][0] == 82
    assert v[("support-chat", "ces", "2026-Q4", "")][0] == 4.5
    assert v[("pricing-page", "csat", "2026-Q4", "")][0] == 71
    ods_path = ods(tmp_path / "a.ods", [["Touchpoint", "NPS", "CSAT"], ["Support chat", -5, "#N/A"]])
    plan = build_plan(journey, ods_path, OPTS)
    assert values(plan)[("support-chat", "nps", "2026-Q4", "")][0] == -5
    assert [s.reason for s in plan.skipped] == ["Excel error #N/A"]


def test_values_out_of_scale_and_fractions_for_percent_metrics(journey, tmp_path):
    path = xlsx(tmp_path / "s.xlsx", {"S": [["Touchpoint", "NPS", "CSAT"], ["Support chat", 150, 0.8],
                                            ["Pricing page", 20, 0.9]]})
    plan = build_plan(journey, path, OPTS)
    assert [s.reason for s in plan.skipped] == ["NPS 150 is outside the scale -100..100"]
    assert any("between 0 and 1" in w for w in plan.warnings)


def test_report_lists_old_and_new_values(journey, tmp_path):
    path = xlsx(tmp_path / "s.xlsx", {"S": [["Touchpoint", "NPS", "n", "Period"], ["Support chat", 1, 460, "2026-Q3"]]})
    plan = build_plan(journey, path, OPTS)
    change = plan.changes[0]
    assert (change.node_name, change.metric, change.old, change.new) == ("Support chat", "nps", -12.0, 1.0)
    report = plan.report()
    assert report["changes"][0]["old"] == -12.0
    assert report["rows_used"] == 1


def test_unknown_layout_names_the_headers(journey, tmp_path):
    path = xlsx(tmp_path / "s.xlsx", {"S": [["Touchpoint", "Colour"], ["Support chat", "red"]]})
    with pytest.raises(ImportError_, match=r"could not tell the layout.*Found: Touchpoint, Colour"):
        build_plan(journey, path, OPTS)
    with pytest.raises(ImportError_, match="long layout needs a column for metric, value"):
        build_plan(journey, path, ImportOptions(layout="long"))


def test_mapping_override_from_the_wizard(journey, tmp_path):
    path = xlsx(tmp_path / "s.xlsx", {"S": [["Touchpoint", "Happiness", "NPS"], ["Support chat", 4.0, 9]]})
    plan = build_plan(journey, path, ImportOptions(mapping={"1": "metric:ces", "2": "ignore"},
                                                   default_period="2026-Q4"))
    assert values(plan) == {("support-chat", "ces", "2026-Q4", ""): (4.0, None)}


# ----------------------------------------------------------- hostile files
@pytest.mark.parametrize(("maker", "message"), [
    (lambda p: p.write_bytes(b"this is not a spreadsheet at all"), "not a spreadsheet"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "encrypted \\(password-protected\\)"),
])
def test_not_a_spreadsheet_and_encrypted(journey, tmp_path, maker, message):
    path = tmp_path / "bad.xlsx"
    maker(path)
    with pytest.raises(ImportError_, match=f"bad.xlsx: .*{message}"):
        build_plan(journey, path)


def test_truncated_zip(journey, tmp_path):
    good = xlsx(tmp_path / "good.xlsx", {"S": [["Touchpoint", "NPS"], ["Support chat", 1]]})
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ImportError_, match=r"cut\.xlsx: the file is damaged or truncated"):
        build_plan(journey, cut)


def test_xml_entity_bomb_is_refused(journey, tmp_path):
    good = xlsx(tmp_path / "good.xlsx", {"S": [["Touchpoint", "NPS"], ["Support chat", 1]]})
    bomb = entity_bomb(good, tmp_path / "bomb.xlsx")
    start = time.perf_counter()
    with pytest.raises(ImportError_, match=r"bomb\.xlsx: part xl/worksheets/sheet1\.xml declares XML entities"):
        build_plan(journey, bomb)
    assert time.perf_counter() - start < 5


def test_zip_bomb_is_refused_before_reading(journey, tmp_path):
    bomb = zip_bomb(tmp_path / "zipbomb.xlsx")
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ImportError_, match=r"zipbomb\.xlsx: .*zip bomb"):
        build_plan(journey, bomb)


def test_million_empty_formatted_rows_read_in_bounded_time(journey, tmp_path):
    good = xlsx(tmp_path / "good.xlsx", {"S": [["Touchpoint", "NPS"], ["Support chat", 3]]})
    big = million_empty_rows(good, tmp_path / "tall.xlsx")
    start = time.perf_counter()
    plan = build_plan(journey, big, OPTS)
    assert time.perf_counter() - start < 30
    assert values(plan)[("support-chat", "nps", "2026-Q4", "")][0] == 3


def test_wrong_suffix_and_missing_file(journey, tmp_path):
    with pytest.raises(ImportError_, match="not a supported spreadsheet"):
        build_plan(journey, tmp_path / "x.docx")
    with pytest.raises(ImportError_, match=r"nothere\.xlsx: no such file"):
        build_plan(journey, tmp_path / "nothere.xlsx")


def test_apply_is_all_or_nothing(journey, tmp_path):
    path = xlsx(tmp_path / "s.xlsx", {"S": [["Touchpoint", "NPS"], ["Support chat", 1], ["Pricing page", 2]]})
    plan = build_plan(journey, path, OPTS)
    before = dumps(journey)
    from journeymap.model import Measurement
    plan.measurements.append(Measurement("ghost", "nps", 1.0))
    from journeymap.model.journey import JourneyError
    with pytest.raises(JourneyError):
        apply_plan(journey, plan)
    assert dumps(journey) == before


def test_apply_saves_refresh_settings(journey, tmp_path):
    path = xlsx(tmp_path / "s.xlsx", {"S": [["Touchpoint", "NPS"], ["Support chat", 1]]})
    apply_plan(journey, build_plan(journey, path, OPTS))
    settings = dict(journey.info.import_settings)
    assert settings["path"] == str(path.resolve())
    assert settings["layout"] == "wide"
    assert settings["sheet"] == "S"
    assert json.loads(settings["mapping"]) == {}  # nothing mapped by hand: Refresh detects again


# ------------------------------------------- answers as survey tools give them
def test_repeated_rows_of_one_respondent_count_once_and_blank_segments_count_for_everyone(journey, tmp_path):
    """The issue's own example: respondent A's 10 pasted three times beside
    B's 0 is NPS +50 (n=4) when counted naively and 0 (n=2) in truth."""
    path = xlsx(tmp_path / "dup.xlsx", {"R": [
        ["Respondent", "Touchpoint", "Question", "Score", "Segment"],
        ["A", "Support chat", "NPS", 10, "SMB"], ["A", "Support chat", "NPS", 10, "SMB"],
        ["A", "Support chat", "NPS", 10, "SMB"], ["B", "Support chat", "NPS", 0, None],
        ["C", "Support chat", "CSAT", 5, "SMB"], ["C", "Support chat", "CSAT", 2, "SMB"],  # two different answers
    ]})
    plan = build_plan(journey, path, OPTS)
    v = values(plan)
    assert v[("support-chat", "nps", "2026-Q4", "")] == (0.0, 2)
    assert v[("support-chat", "nps", "2026-Q4", "SMB")] == (100.0, 1)
    assert v[("support-chat", "csat", "2026-Q4", "")] == (50.0, 2)
    assert plan.duplicates == 2
    assert "dropped 2 repeated identical answers" in "\n".join(plan.summary_lines())
    assert ("support-chat", "nps", "2026-Q4", "") in v
    assert not any(k[3] == "None" for k in v)


def test_true_false_cells_are_not_scores_and_fcr_takes_only_yes_or_no(journey, tmp_path):
    path = xlsx(tmp_path / "tf.xlsx", {"R": [
        ["Respondent", "Touchpoint", "Question", "Score"],
        ["a", "Support chat", "NPS", True], ["b", "Support chat", "NPS", 9],
        ["c", "Ticket escalation", "FCR", 0.5], ["d", "Ticket escalation", "FCR", True],
        ["e", "Ticket escalation", "FCR", "No"],
    ]})
    plan = build_plan(journey, path, OPTS)
    v = values(plan)
    assert v[("support-chat", "nps", "2026-Q4", "")] == (100.0, 1)
    assert v[("ticket-escalation", "fcr", "2026-Q4", "")] == (50.0, 2)
    reasons = sorted(s.reason for s in plan.skipped)
    assert reasons == ["FCR: answer 0.5 is not yes/no (1 or 0)", "NPS: a TRUE/FALSE cell is not an answer on its scale"]


def test_helpdesk_ratings_and_free_text_beside_them(journey, tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_text("Ticket ID,Created at,Channel,Satisfaction Score,Satisfaction Comment\n"
                    "1,2026-01-05T10:00:00Z,Support chat,good,\n2,2026-01-06T23:30:00+02:00,Support chat,bad,slow\n"
                    "3,2026-02-07T10:00:00Z,Support chat,offered,\n4,2026-02-08T10:00:00Z,Support chat,Good,\n",
                    encoding="utf-8")
    plan = build_plan(journey, path, OPTS)
    assert plan.layout == "responses"
    assert values(plan) == {("support-chat", "csat", "2026-Q1", ""): (pytest.approx(200 / 3), 3)}
    assert [s.reason for s in plan.skipped] == ["'offered': no rating given"]
    assert any("touchpoints from column 'Channel'" in d for d in plan.decisions)


def test_a_value_typed_in_by_hand_is_shown_as_old_and_replaced(journey, tmp_path):
    from journeymap.model import Measurement
    journey.set_measurement(Measurement("support-chat", "csat", 64.0, None, "", ""))  # typed in the inspector
    path = xlsx(tmp_path / "s.xlsx", {"S": [["Touchpoint", "CSAT", "Period"], ["Support chat", 71, "2026-Q1"],
                                           ["Support chat", 74, "2025-Q4"]]})
    plan = build_plan(journey, path, OPTS)
    assert plan.replaced == [("support-chat", "csat", "", "")]
    assert "Support chat · CSAT (2026-Q1): 64 → 71" in plan.summary_lines()
    before = dumps(journey)
    apply_plan(journey, plan)
    assert journey.measurement(("support-chat", "csat", "", "")) is None
    assert journey.measurement(("support-chat", "csat", "2026-Q1", "")).value == 71
    assert dumps(journey) != before


def test_a_blank_date_cell_counts_for_the_default_period_not_for_no_period(journey, tmp_path):
    path = xlsx(tmp_path / "blank-date.xlsx", {"R": [
        ["Respondent", "Touchpoint", "Question", "Score", "Date"],
        ["a", "Support chat", "NPS", 10, dt.date(2026, 2, 1)], ["b", "Support chat", "NPS", 0, None],
    ]})
    v = values(build_plan(journey, path, OPTS))
    assert v == {("support-chat", "nps", "2026-Q1", ""): (100.0, 1),
                 ("support-chat", "nps", "2026-Q4", ""): (-100.0, 1)}


def test_raw_answers_keep_their_spread_and_a_long_table_its_sd_column(journey, tmp_path):
    """The spread makes a confidence interval exact: computed from answers
    imported one by one, read from a long table's standard deviation column."""
    import numpy as np
    scores = [10, 9, 8, 3, 6, 10, 7, 0]
    rows = [["Respondent", "Touchpoint", "Question", "Score", "Date"]]
    rows += [[f"r{i}", "Support chat", "NPS", s, dt.date(2026, 2, 1)] for i, s in enumerate(scores)]
    plan = build_plan(journey, xlsx(tmp_path / "raw.xlsx", {"Responses": rows}), OPTS)
    m = next(m for m in plan.measurements if m.metric == "nps")
    coded = [100 if s >= 9 else -100 if s <= 6 else 0 for s in scores]
    assert m.sd == pytest.approx(np.std(coded, ddof=1))

    path = xlsx(tmp_path / "long.xlsx", {"Data": [
        ["Touchpoint", "Metric", "Value", "n", "Std dev", "Period"],
        ["Support chat", "CES", 4.2, 120, 1.3, "2026-Q4"],
        ["Pricing page", "CES", 5.1, 80, None, "2026-Q4"],
        ["Ticket escalation", "CES", 3.9, 60, -2, "2026-Q4"],
    ]})
    plan = build_plan(journey, path, OPTS)
    assert plan.columns["Std dev"] == "sd"
    sds = {m.node: m.sd for m in plan.measurements}
    assert sds == {"support-chat": 1.3, "pricing-page": None, "ticket-escalation": None}
    assert [s.text() for s in plan.skipped] == [
        "sheet 'Data', row 4, column E: a standard deviation cannot be negative (-2)"]
