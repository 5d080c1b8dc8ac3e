"""Every readable container is read, with the same table inside: CSV in the
encodings and line endings other programs write, ODS as OpenOffice writes
it (empty settings parts, percent cells), workbooks with macro sheets; and
the unreadable ones get a one-line reason. Containers follow the formats'
documentation: Excel's "Unicode text" is UTF-16LE with a BOM and tabs
(Excel's Save As help), ODF percent cells carry office:value-type="percentage"
with the fraction in office:value (OpenDocument 1.2, part 1, 19.385)."""

import zipfile
from xml.sax.saxutils import escape

import pytest

from journeymap.io.importing import ImportError_, ImportOptions, build_plan
from journeymap.io.importing.reader import Workbook
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path

from .xlsx_factory import rewrite_members, xlsx

OPTS = ImportOptions(default_period="2026-Q1")
HEADER = ["Touchpoint", "Metric", "Value", "n", "Period"]
ROWS = [["Support chat", "NPS", 12, 340, "2026-Q1"], ["Pricing page", "CSAT", 81.3, 120, "2026-Q1"],
        ["Help centre", "CES", 5.2, 88, "2026-Q1"], ["Sales demo", "NPS", -4, 51, "2026-Q1"]]
EXPECTED = {("support-chat", "nps"): (12.0, 340), ("pricing-page", "csat"): (81.3, 120),
            ("knowledge-base", "ces"): (5.2, 88), ("sales-demo", "nps"): (-4.0, 51)}


@pytest.fixture
def journey():
    return load(sample_path())


def values(plan):
    return {(m.node, m.metric): (pytest.approx(m.value), m.n) for m in plan.measurements}


def text_table(delimiter=",", decimal="."):
    lines = [delimiter.join(HEADER)]
    for row in ROWS:
        lines.append(delimiter.join(str(v).replace(".", decimal) if isinstance(v, float) else str(v) for v in row))
    return lines


@pytest.mark.parametrize(("name", "encoding", "newline", "delimiter"), [
    ("utf8.csv", "utf-8", "\n", ","),
    ("utf8-bom.csv", "utf-8-sig", "\r\n", ","),
    ("mac.csv", "utf-8", "\r", ","),                  # Excel for Mac: CR only
    ("unicode-text.txt", "utf-16", "\r\n", "\t"),      # Excel's "Unicode text": UTF-16LE, BOM, tabs
    ("semicolon.csv", "cp1252", "\r\n", ";"),
])
def test_text_tables_in_every_encoding_and_line_ending(journey, tmp_path, name, encoding, newline, delimiter):
    path = tmp_path / name
    path.write_bytes(newline.join(text_table(delimiter, "," if delimiter == ";" else ".")).encode(encoding))
    plan = build_plan(journey, path, OPTS)
    assert values(plan) == EXPECTED


def test_cp1252_and_shift_jis_names_are_decoded_not_guessed(journey, tmp_path):
    journey.update_touchpoint("knowledge-base", name="Crème brûlée bar")  # cp1250 would read "Crčme brűlée"
    path = tmp_path / "french.csv"
    path.write_bytes("Touchpoint,NPS,Period\r\nCrème brûlée bar,10,2026-Q1\r\n".encode("cp1252"))
    assert values(build_plan(journey, path, OPTS)) == {("knowledge-base", "nps"): (10.0, None)}
    journey.update_touchpoint("support-chat", name="Café counter")
    journey.update_touchpoint("pricing-page", name="サポートチャット")
    rows = ["Touchpoint,NPS,Period", "Café counter,10,2026-Q1"]
    path = tmp_path / "western.csv"
    path.write_bytes("\r\n".join(rows).encode("cp1252"))
    assert values(build_plan(journey, path, OPTS)) == {("support-chat", "nps"): (10.0, None)}
    rows = ["Touchpoint,NPS,Period", "サポートチャット,20,2026-Q1", "サポートチャット,30,2026-Q2",
            "Café counter,5,2026-Q1"]
    path = tmp_path / "japanese.csv"
    path.write_bytes("\r\n".join(rows).encode("shift_jis", errors="replace").replace(b"Caf?", b"Cafe"))
    plan = build_plan(journey, path, OPTS)
    assert {(m.node, m.period): m.value for m in plan.measurements if m.node == "pricing-page"} == {
        ("pricing-page", "2026-Q1"): 20.0, ("pricing-page", "2026-Q2"): 30.0}


def test_undecodable_text_gets_a_clear_message(journey, tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00\xd8" + bytes(range(256)) * 40)
    with pytest.raises(ImportError_) as info:
        build_plan(journey, path, OPTS)
    assert str(info.value).startswith("binary.csv")
    assert "\n" not in str(info.value)


def test_a_field_longer_than_the_csv_module_allows_is_read(journey, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Touchpoint,NPS,Comment,Period\nSupport chat,7,\"" + "x" * 200_000 + "\",2026-Q1\n",
                    encoding="utf-8")
    assert values(build_plan(journey, path, OPTS)) == {("support-chat", "nps"): (7.0, None)}


def _ods(path, cells_xml, sheet="Data", empty_parts=True, encrypted=False):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{cells_xml}'
        '</table:table></office:spreadsheet></office:body></office:document-content>')
    entry = ('<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
             '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
             '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/>'
             '</manifest:encryption-data></manifest:file-entry>' if encrypted else
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' + entry +
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", b"\x8a\x01garbage" if encrypted else content, compress_type=zipfile.ZIP_DEFLATED)
        if empty_parts:  # OpenOffice.org and older LibreOffice leave these empty
            z.writestr("settings.xml", "")
            z.writestr("Configurations2/accelerator/current.xml", "")
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _cell(v, percent=False):
    if v is None:
        return "<table:table-cell/>"
    if percent:
        return (f'<table:table-cell office:value-type="percentage" office:value="{v}">'
                f"<text:p>{v * 100:g}%</text:p></table:table-cell>")
    if isinstance(v, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'


def test_ods_with_empty_settings_parts_and_percent_cells(journey, tmp_path):
    rows = [["Touchpoint", "CSAT", "FCR", "n"], ["Support chat", 0.813, 0.7, 200], ["Help centre", 0.9, 0.655, 50]]
    xml = "".join("<table:table-row>" + "".join(_cell(v, percent=(r > 0 and c in (1, 2))) for c, v in enumerate(row))
                  + "</table:table-row>" for r, row in enumerate(rows))
    # a run of repeated empty rows, as LibreOffice writes below the data
    xml += '<table:table-row table:number-rows-repeated="1048570"><table:table-cell/></table:table-row>'
    plan = build_plan(journey, _ods(tmp_path / "oo.ods", xml), OPTS)
    assert values(plan) == {("support-chat", "csat"): (81.3, 200), ("support-chat", "fcr"): (70.0, 200),
                            ("knowledge-base", "csat"): (90.0, 50), ("knowledge-base", "fcr"): (65.5, 50)}


def test_password_protected_ods_is_called_that(journey, tmp_path):
    with pytest.raises(ImportError_, match=r"enc\.ods: the spreadsheet is password-protected"):
        build_plan(journey, _ods(tmp_path / "enc.ods", "", encrypted=True), OPTS)


def test_a_macro_sheet_beside_normal_sheets_is_passed_over(journey, tmp_path):
    """An Excel 4.0 macro sheet (xl/macrosheets/, relationship type
    xlMacrosheet, listed in workbook.xml like a sheet) before the data."""
    src = xlsx(tmp_path / "plain.xlsx", {"Data": [HEADER, *ROWS]})
    dst = rewrite_members(src, tmp_path / "macro.xlsm", {
        "xl/workbook.xml": lambda d: d.replace(b"<sheets>", b'<sheets><sheet name="Macro1" sheetId="9" r:id="rIdM"/>'),
        "xl/_rels/workbook.xml.rels": lambda d: d.replace(
            b"</Relationships>", b'<Relationship Id="rIdM" Type="http://schemas.microsoft.com/office/2006/'
            b'relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>'),
        "[Content_Types].xml": lambda d: d.replace(
            b"</Types>", b'<Override PartName="/xl/macrosheets/sheet1.xml" ContentType='
            b'"application/vnd.ms-excel.macrosheet+xml"/></Types>'),
    }, added={"xl/macrosheets/sheet1.xml":
              '<?xml version="1.0" encoding="UTF-8"?><xm:macrosheet xmlns:xm="http://schemas.microsoft.com/'
              'office/excel/2006/main" xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<sheetData><row r="1"><c r="A1" t="str"><f>HALT()</f><v></v></c></row></sheetData>'
              "</xm:macrosheet>"})
    book = Workbook(dst)
    assert "Macro1" not in book.sheet_names
    assert "Data" in book.sheet_names
    plan = build_plan(journey, dst, OPTS)
    assert plan.sheet == "Data"
    assert values(plan) == EXPECTED
    assert any("macro sheet (Macro1)" in d for d in plan.decisions)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("fifo.csv", None, "not a regular file"),
    ("book.xls", b"<html><table><tr><td>1</td></tr></table></html>", "not an Excel 97-2003 workbook"),
    ("renamed.csv", b"PK\x03\x04" + b"\0" * 40, "not a text file"),
])
def test_files_that_are_not_what_their_name_says(journey, tmp_path, name, content, message):
    import os
    path = tmp_path / name
    if content is None:
        os.mkfifo(path)
    else:
        path.write_bytes(content)
    with pytest.raises(ImportError_, match=message):
        build_plan(journey, path, OPTS)


def test_an_ods_whose_content_stops_short_is_refused_not_looped_on(journey, tmp_path):
    """calamine reads a content.xml that ends right after <table:table> forever."""
    whole = _ods(tmp_path / "whole.ods", "<table:table-row>")
    path = rewrite_members(whole, tmp_path / "short.ods",
                           {"content.xml": lambda d: d[:d.index(b"<table:table-row>")]})
    with pytest.raises(ImportError_, match=r"short\.ods: part content\.xml is not well-formed XML"):
        build_plan(journey, path, OPTS)


@pytest.mark.parametrize(("cell", "message"), [
    (b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "reaches column 16,384 and row 1,048,576"),
    (b'<row r="1"><c r="ZZZZZZ1"><v>1</v></c></row>', "beyond Excel's last column"),
])
def test_a_cell_far_away_is_refused_before_the_reader_allocates_for_it(journey, tmp_path, cell, message):
    """calamine allocates A1 to the farthest cell and aborts the process."""
    src = xlsx(tmp_path / "ok.xlsx", {"Data": [HEADER, *ROWS]})
    dst = rewrite_members(src, tmp_path / "far.xlsx", {
        "xl/worksheets/sheet1.xml": lambda d: d.replace(b"</sheetData>", cell + b"</sheetData>")})
    with pytest.raises(ImportError_, match=message):
        build_plan(journey, dst, OPTS)


FILES = __import__("pathlib").Path(__file__).parent / "files"


def test_xls_written_by_libreoffice(journey):
    plan = build_plan(journey, FILES / "long-table-libreoffice.xls", OPTS)
    assert values(plan) == EXPECTED


def test_ods_written_by_libreoffice_reads_percent_cells_as_percent(journey):
    plan = build_plan(journey, FILES / "percent-scorecard-libreoffice.ods", OPTS)
    assert values(plan) == {("support-chat", "csat"): (81.3, 200), ("support-chat", "fcr"): (70.0, 200),
                            ("knowledge-base", "csat"): (90.0, 50), ("knowledge-base", "fcr"): (65.5, 50)}


@pytest.mark.parametrize("writer", ["write_xlsb", "write_xlsb_rk", "write_ods_openoffice",
                                    "write_ods_openoffice_percent", "write_xlsm_with_macro_sheet",
                                    "write_excel_unicode_text", "write_csv_utf8_bom"])
def test_the_same_table_from_every_container_of_the_format_factory(journey, tmp_path, writer):
    """Containers written from the formats' specifications ([MS-XLSB], ODF 1.2,
    Excel's Unicode text): see tests/io/formats/README.md."""
    from .formats import format_factory as ff
    make = {
        "write_xlsb": lambda p: ff.write_xlsb(p.with_suffix(".xlsb")),
        "write_xlsb_rk": lambda p: ff.write_xlsb(p.with_suffix(".xlsb"), rk_numbers=True),
        "write_ods_openoffice": lambda p: ff.write_ods_openoffice(p.with_suffix(".ods")),
        "write_ods_openoffice_percent": lambda p: ff.write_ods_openoffice(p.with_suffix(".ods"), percent=True),
        "write_xlsm_with_macro_sheet": lambda p: ff.write_xlsm_with_macro_sheet(p.with_suffix(".xlsm")),
        "write_excel_unicode_text": lambda p: ff.write_excel_unicode_text(p.with_suffix(".txt")),
        "write_csv_utf8_bom": lambda p: ff.write_csv_utf8(p.with_suffix(".csv"), bom=True),
    }[writer]
    path = make(tmp_path / "table")
    plan = build_plan(journey, path, OPTS)
    assert values(plan) == EXPECTED


def test_password_protected_ods_as_libreoffice_writes_it(journey, tmp_path):
    from .formats import format_factory as ff
    path = ff.write_ods_encrypted(tmp_path / "locked.ods")
    with pytest.raises(ImportError_, match=r"locked\.ods: the spreadsheet is password-protected"):
        build_plan(journey, path, OPTS)
