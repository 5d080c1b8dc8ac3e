"""The Excel summary, read back with openpyxl (values, formats, conditional
formatting, the table) and as raw XML (no formulas), and in LibreOffice
where it is installed."""

import datetime as dt
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest

from journeymap.analysis.scorecard import Filter, Scorecards
from journeymap.io import excel_export
from journeymap.io.excel_export import export_workbook
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path
from journeymap.model import Measurement

PAYLOADS = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", "@SUM(1+1)",
            "+1+1", "-2+3", "\t=1+1", "=1+1"]


@pytest.fixture
def sample():
    return load(sample_path())


@pytest.fixture
def workbook(sample, tmp_path):
    path = tmp_path / "summary.xlsx"
    export_workbook(sample, path, today=dt.date(2026, 11, 24))
    return path


def test_sheets_and_document_properties(workbook):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == ["Summary", "Touchpoints", "Weak touchpoints", "Measurements", "Metrics", "What got worse"]
    assert wb.properties.title == "Acme Analytics: B2B customer journey: journey summary"
    assert wb.properties.subject.startswith("Customer journey")


def test_summary_sheet_content(workbook, sample):
    ws = openpyxl.load_workbook(workbook)["Summary"]
    cells = {c.value for row in ws.iter_rows() for c in row if c.value is not None}
    assert "Acme Analytics: B2B customer journey" in cells
    assert ws["B3"].value == dt.datetime(2026, 11, 24)
    cards = Scorecards(sample)
    assert ws["B5"].value == pytest.approx(cards.health_percent() / 100)
    assert ws["B5"].number_format == "0.0%"
    assert ws["B6"].value == "✕ Misses target"
    # Status counts.
    counts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(9, 13)}
    assert counts["✕ Misses target"] == 6
    assert counts["✓ Meets target"] == 8
    # Phase scorecard and top weak touchpoints with reasons.
    assert any(isinstance(v, str) and v.startswith("-12 ✕ (target +30)") for v in cells) is False
    assert any(isinstance(v, str) and v == "Ticket escalation" for v in cells)
    assert any(isinstance(v, str) and "FCR 40% vs target 75%" in v for v in cells)


def test_native_gap_chart(workbook):
    with zipfile.ZipFile(workbook) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        xml = z.read(charts[0]).decode()
    assert "<c:barChart>" in xml
    assert "Gap to target per phase" in xml
    assert xml.count("<c:ser>") == 7  # one series per metric with phase data


def test_touchpoints_table_formats_and_conditional_formatting(workbook):
    ws = openpyxl.load_workbook(workbook)["Touchpoints"]
    assert "Touchpoints" in ws.tables
    table = ws.tables["Touchpoints"]
    assert table.ref.startswith("A1:")
    assert table.autoFilter is not None
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    # How it prints across pages: test_each_sheet_prints_legibly.
    headers = [c.value for c in ws[1]]
    assert headers[:9] == ["Touchpoint", "Phase", "Lane", "Channel", "Owner", "Emotion",
                           "Moment of truth", "Votes", "Status"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Support chat")
    col = {h: i for i, h in enumerate(headers)}
    csat = row[col["CSAT value"]]
    assert csat.value == pytest.approx(0.71)
    assert csat.number_format == "0.0%"
    assert row[col["CSAT n"]].value == 460
    assert row[col["NPS value"]].value == pytest.approx(-12)
    assert row[col["NPS target"]].value == 30
    assert row[col["NPS gap"]].value == pytest.approx(-42)
    assert row[col["NPS status"]].value == "✕ Misses target"
    assert ws.column_dimensions["A"].width >= 25
    # Status columns carry a fill rule per status, keyed on the symbol, which
    # stays readable when printed in black and white.
    rules = [(str(rng.sqref), r) for rng in ws.conditional_formatting for r in rng.rules]
    status_col = openpyxl.utils.get_column_letter(col["Status"] + 1)
    on_status = [r for ref, r in rules if ref.startswith(status_col)]
    assert {r.operator for r in on_status} == {"beginsWith"}
    assert {r.text for r in on_status} == {"✓", "!", "✕", "–"}
    assert all(r.dxf.fill is not None for r in on_status)


def test_sorting_and_filtering_stay_correct_because_cells_hold_values(workbook):
    ws = openpyxl.load_workbook(workbook)["Touchpoints"]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert not (isinstance(cell.value, str) and cell.value.startswith("="))


def test_weak_measurements_and_metrics_sheets(workbook, sample):
    wb = openpyxl.load_workbook(workbook)
    weak = wb["Weak touchpoints"]
    assert [c.value for c in weak[1]] == ["Rank", "Touchpoint", "Phase", "Status", "Score", "Confidence", "Reasons"]
    assert weak["B2"].value == "Ticket escalation"
    assert weak["A2"].value == 1
    meas = wb["Measurements"]
    assert meas.max_row - 1 == len(sample.measurements)
    row = next(r for r in meas.iter_rows(min_row=2, values_only=True)
               if r[0] == "Support chat" and r[2] == "NPS" and r[5] == "2026-Q3" and r[6] is None)
    assert row[3] == -12
    assert row[4] == 460
    assert row[7] == "Survey Q3 2026"
    metrics = wb["Metrics"]
    rows = {r[1]: r for r in metrics.iter_rows(min_row=2, values_only=True)}
    assert rows["ttr"][5] == "lower"
    assert rows["ttr"][9] == "% of target"
    assert rows["nps"][10] == 1.5


def test_filter_is_applied_and_stated(sample, tmp_path):
    path = tmp_path / "smb.xlsx"
    export_workbook(sample, path, Filter(segment="SMB"))
    wb = openpyxl.load_workbook(path)
    assert wb["Summary"]["B4"].value == "segment: SMB; period: 2026-Q3 (the latest in the data)"
    ws = wb["Touchpoints"]
    headers = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "Support chat")
    assert row[headers.index("NPS value")] == -17


def test_formula_injection_payloads_stay_text(sample, tmp_path):
    for i, payload in enumerate(PAYLOADS):
        tp = sample.touchpoints[i]
        sample.update_touchpoint(tp.id, name=payload, owner=payload, pain_points=(payload,),
                                 description=payload)
    sample.update_phase("discover", name="=HYPERLINK(\"x\")")
    from journeymap.model import JourneyInfo
    sample.set_info(JourneyInfo(name="=cmd|' /C calc'!A0"))
    sample.set_measurement(Measurement(sample.touchpoints[0].id, "nps", 1.0, 5, "=1+1", "@SUM(1)", "-3+3"))
    path = tmp_path / "inject.xlsx"
    export_workbook(sample, path)
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml", n)]
        for name in sheets:
            xml = z.read(name).decode("utf-8")
            # The program writes no formulas.
            assert "<f>" not in xml, name
            assert "<f " not in xml, name
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert "=cmd|' /C calc'!A0" in strings.replace("&apos;", "'")
    wb = openpyxl.load_workbook(path)
    found = {c.value for ws in wb for row in ws.iter_rows() for c in row}
    for payload in PAYLOADS[:4]:
        assert payload in found
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_existing_file_is_kept_when_writing_fails(sample, tmp_path, monkeypatch):
    path = tmp_path / "summary.xlsx"
    path.write_bytes(b"previous workbook")

    def boom(*_args, **_kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(excel_export, "_write", boom)
    with pytest.raises(OSError, match="No space left on device"):
        export_workbook(sample, path)
    assert path.read_bytes() == b"previous workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.xlsx"]


def test_empty_journey_exports(tmp_path):
    from journeymap.io.templates import load_template
    path = tmp_path / "blank.xlsx"
    export_workbook(load_template("blank"), path)
    wb = openpyxl.load_workbook(path)
    assert wb["Summary"]["B5"].value == "no data"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_and_converts_it(workbook, tmp_path):
    out = tmp_path / "lo"
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--convert-to", "pdf", "--outdir", str(out), str(workbook)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    pdf = out / "summary.pdf"
    assert pdf.exists()
    assert pdf.stat().st_size > 10_000
    from pypdf import PdfReader
    reader = PdfReader(str(pdf))
    text = reader.pages[0].extract_text()
    assert "Acme Analytics" in text
    assert "Top weak touchpoints" in text


def test_priority_matrix_sheet_and_chart_when_importance_is_known(sample, tmp_path):
    for tp_id, importance in (("support-chat", 0.5), ("daily-use", 0.3), ("pricing-page", 0.2)):
        sample.update_touchpoint(tp_id, importance=importance)
    path = tmp_path / "p.xlsx"
    export_workbook(sample, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Priority matrix"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["Support chat"][4] == "Fix first"
    assert rows["Support chat"][2] == 0.5
    assert ws["C2"].number_format == "0.0%"
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("<c:scatterChart>" in c and "Fix first" in c for c in charts)


def test_no_priority_sheet_without_importance(workbook):
    assert "Priority matrix" not in openpyxl.load_workbook(workbook).sheetnames


def test_each_sheet_prints_legibly(workbook):
    """Issue 14 #15: the Touchpoints sheet was squeezed onto one page at about
    4 pt, text cut; the Summary's chart split across pages; scores tied at
    one decimal."""
    wb = openpyxl.load_workbook(workbook)
    tps = wb["Touchpoints"]
    # Printed across pages at a readable scale, the names on every page.
    assert not tps.sheet_properties.pageSetUpPr.fitToPage
    assert tps.page_setup.scale == excel_export.PRINT_SCALE >= 80
    assert tps.print_title_cols == "$A:$A"
    assert tps.print_title_rows == "$1:$1"
    # Long text wraps, and its row is tall enough to show it.
    pricing = next(r for r in range(2, tps.max_row + 1) if tps.cell(r, 1).value == "Pricing page")
    assert tps.cell(pricing, 10).value
    assert tps.cell(pricing, 10).alignment.wrap_text
    assert tps.row_dimensions[pricing].height >= 2 * excel_export.LINE_HEIGHT
    # The Summary fits its width; the chart starts a page of its own.
    summary = wb["Summary"]
    assert summary.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (1 is the default, so the file may leave it out), any number tall.
    assert summary.page_setup.fitToWidth in (None, 1)
    assert summary.page_setup.fitToHeight == 0
    chart_row = summary._charts[0].anchor._from.row
    breaks = [b.id for b in summary.row_breaks.brk]
    assert breaks
    assert max(breaks) <= chart_row
    heading = next(r for r in range(1, summary.max_row + 1)
                   if str(summary.cell(r, 1).value).startswith("Gap to target per phase"))
    assert max(breaks) < heading
    # Scores keep the order visible.
    weak = wb["Weak touchpoints"]
    assert weak.cell(2, 5).number_format == "0.000"
    scores = [weak.cell(r, 5).value for r in range(2, weak.max_row + 1)]
    assert len({f"{v:.3f}" for v in scores}) == len(scores)
