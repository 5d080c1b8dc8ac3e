"""One small "long" measurement table, written into many spreadsheet containers.

Every ``write_*`` function writes one file holding the SAME table (``TABLE``),
so a test can check that each container gives the importer the same data.
Everything here is pure Python (standard library, openpyxl; ``write_xls``
also needs the PyPI package ``xlwt``), so nothing needs LibreOffice or Excel
at test time. See README.md beside this file for what real-world file each
function stands for and which document its structure follows.

What python-calamine (0.9.1) returns for these files (checked when they were
written) is noted in each docstring.
"""

from __future__ import annotations

import base64
import codecs
import csv
import hashlib
import io
import math
import re
import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import openpyxl

SHEET = "Data"
HEADER = ["Touchpoint", "Metric", "Value", "n", "Period"]
ROWS = [
    ["Support chat", "NPS", 12, 340, "2026-Q1"],
    ["Pricing page", "CSAT", 81.3, 120, "2026-Q1"],
    ["Help centre", "CES", 5.2, 88, "2026-Q1"],
    ["Sales demo", "NPS", -4, 51, "2026-Q1"],
]
TABLE = [HEADER, *ROWS]

# Optional fifth data row for the CSV variants whose point is a non-ASCII name.
CAFE_ROW = ["Café counter", "CSAT", 77, 40, "2026-Q1"]
JAPANESE_ROW = ["サポートチャット", "CSAT", 77, 40, "2026-Q1"]


def table(extra_row: list | None = None) -> list[list]:
    """The table as rows (header first), with `extra_row` appended if given."""
    rows = [list(r) for r in TABLE]
    if extra_row is not None:
        rows.append(list(extra_row))
    return rows


def expected_floats(extra_row: list | None = None) -> list[list]:
    """The table as calamine returns it from .xlsx/.xlsb/.ods: numbers as floats."""
    return [[float(v) if isinstance(v, (int, float)) else v for v in row]
            for row in table(extra_row)]


def _zip_write(z: zipfile.ZipFile, name: str, data: bytes | str,
               method: int = zipfile.ZIP_DEFLATED) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = method
    info.external_attr = 0o644 << 16
    z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


# ---------------------------------------------------------------------------
# 1. .xlsb: Excel binary workbook, written record by record from [MS-XLSB]
# ---------------------------------------------------------------------------

# Record types ([MS-XLSB] 2.3 Record Enumeration).
BRT_ROW_HDR = 0x0000
BRT_CELL_RK = 0x0002
BRT_CELL_REAL = 0x0005
BRT_CELL_ST = 0x0006
BRT_CELL_ISST = 0x0007
BRT_SST_ITEM = 0x0013
BRT_FONT = 0x002B
BRT_FILL = 0x002D
BRT_BORDER = 0x002E
BRT_XF = 0x002F
BRT_STYLE = 0x0030
BRT_BEGIN_SHEET = 0x0081
BRT_END_SHEET = 0x0082
BRT_BEGIN_BOOK = 0x0083
BRT_END_BOOK = 0x0084
BRT_BEGIN_BUNDLE_SHS = 0x008F
BRT_END_BUNDLE_SHS = 0x0090
BRT_BEGIN_SHEET_DATA = 0x0091
BRT_END_SHEET_DATA = 0x0092
BRT_WS_DIM = 0x0094
BRT_WB_PROP = 0x0099
BRT_BUNDLE_SH = 0x009C
BRT_BEGIN_SST = 0x009F
BRT_END_SST = 0x00A0
BRT_BEGIN_STYLE_SHEET = 0x0116
BRT_END_STYLE_SHEET = 0x0117
BRT_BEGIN_DXFS = 0x01F9
BRT_END_DXFS = 0x01FA
BRT_BEGIN_TABLE_STYLES = 0x01FC
BRT_END_TABLE_STYLES = 0x01FD
BRT_BEGIN_FILLS = 0x025B
BRT_END_FILLS = 0x025C
BRT_BEGIN_FONTS = 0x0263
BRT_END_FONTS = 0x0264
BRT_BEGIN_BORDERS = 0x0265
BRT_END_BORDERS = 0x0266
BRT_BEGIN_CELL_XFS = 0x0269
BRT_END_CELL_XFS = 0x026A
BRT_BEGIN_STYLES = 0x026B
BRT_END_STYLES = 0x026C
BRT_BEGIN_CELL_STYLE_XFS = 0x0272
BRT_END_CELL_STYLE_XFS = 0x0273

XLSB_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
    '<Override PartName="/xl/styles.bin" ContentType="application/vnd.ms-excel.styles"/>'
    '<Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/>'
    '</Types>')
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.bin"/></Relationships>')
XLSB_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.bin"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'styles" Target="styles.bin"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.bin"/></Relationships>')


def _record(rt: int, body: bytes = b"") -> bytes:
    """One record ([MS-XLSB] 2.1.4): type and size are little-endian base-128
    varints (7 bits a byte, high bit = another byte follows); type takes at
    most 2 bytes, size at most 4."""
    if not 0 <= rt < 1 << 14 or len(body) >= 1 << 28:
        raise ValueError("record type or size out of range")
    head = bytearray([rt]) if rt < 0x80 else bytearray([(rt & 0x7F) | 0x80, rt >> 7])
    size = len(body)
    while True:
        byte, size = size & 0x7F, size >> 7
        head.append(byte | (0x80 if size else 0))
        if not size:
            return bytes(head) + body


def _wide(s: str) -> bytes:
    """XLWideString (2.5.168): 4-byte character count, then UTF-16LE."""
    data = s.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def _color(color_type: int, index: int = 0, rgba: bytes = b"\x00\x00\x00\xff") -> bytes:
    """BrtColor (2.5.19): fValidRGB + xColorType, index, nTintAndShade, RGBA.
    xColorType: 0 automatic, 1 indexed, 2 RGB, 3 theme."""
    return bytes([0x01 | (color_type << 1), index]) + struct.pack("<h", 0) + rgba


def _cell(col: int, style: int = 0) -> bytes:
    """Cell (2.5.9): column, 24-bit iStyleRef, flags byte (fPhShow etc.)."""
    return struct.pack("<II", col, style & 0xFFFFFF)


def _rk(value: float) -> int | None:
    """RkNumber (2.5.122) for `value`, or None when it cannot be one."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if float(value).is_integer() and -(1 << 29) <= value < (1 << 29):
        return ((int(value) << 2) | 0b10) & 0xFFFFFFFF
    hundred = round(value * 100)
    if hundred / 100 == value and -(1 << 29) <= hundred < (1 << 29):
        return ((hundred << 2) | 0b11) & 0xFFFFFFFF
    bits = struct.unpack("<Q", struct.pack("<d", float(value)))[0]
    if bits & 0x3FFFFFFFF == 0:
        return (bits >> 32) & 0xFFFFFFFC
    return None


def _xlsb_styles() -> bytes:
    """Minimal Styles part (2.1.7.50): one font, the two fills Excel always
    has (none, gray125), one border, one style XF, one cell XF, the Normal
    style, no DXFs, no table styles."""
    font = (struct.pack("<HHHH", 220, 0, 0x0190, 0)            # 11pt, no flags, normal weight, no sss
            + bytes([0, 2, 0, 0])                             # uls, bFamily swiss, bCharSet, unused
            + _color(3, 1)                                   # theme colour 1 (dark 1)
            + bytes([2])                                     # bFontScheme: minor
            + _wide("Calibri"))

    def fill(fls: int) -> bytes:
        return (struct.pack("<I", fls) + _color(1, 64) + _color(1, 65, b"\xff\xff\xff\xff")
                + struct.pack("<I", 0) + struct.pack("<5d", 0, 0, 0, 0, 0) + struct.pack("<I", 0))

    blxf = bytes([0, 0]) + _color(0)                           # dg none, reserved, auto colour
    border = bytes([0]) + blxf * 5                             # top, bottom, left, right, diagonal

    def xf(parent: int) -> bytes:
        # ixfeParent, iFmt, iFont, iFill, ixBorder, trot, indent,
        # alc=0 alcv=2(bottom) ... fLocked=1, xfGrbitAtr=0
        return struct.pack("<HHHHHBBHH", parent, 0, 0, 0, 0, 0, 0, (2 << 3) | (1 << 12), 0)

    style = struct.pack("<IHBB", 0, 1, 0, 0xFF) + _wide("Normal")   # ixf 0, fBuiltIn, Normal, iLevel
    return b"".join([
        _record(BRT_BEGIN_STYLE_SHEET),
        _record(BRT_BEGIN_FONTS, struct.pack("<I", 1)), _record(BRT_FONT, font), _record(BRT_END_FONTS),
        _record(BRT_BEGIN_FILLS, struct.pack("<I", 2)), _record(BRT_FILL, fill(0)),
        _record(BRT_FILL, fill(0x11)), _record(BRT_END_FILLS),
        _record(BRT_BEGIN_BORDERS, struct.pack("<I", 1)), _record(BRT_BORDER, border),
        _record(BRT_END_BORDERS),
        _record(BRT_BEGIN_CELL_STYLE_XFS, struct.pack("<I", 1)), _record(BRT_XF, xf(0xFFFF)),
        _record(BRT_END_CELL_STYLE_XFS),
        _record(BRT_BEGIN_CELL_XFS, struct.pack("<I", 1)), _record(BRT_XF, xf(0)),
        _record(BRT_END_CELL_XFS),
        _record(BRT_BEGIN_STYLES, struct.pack("<I", 1)), _record(BRT_STYLE, style),
        _record(BRT_END_STYLES),
        _record(BRT_BEGIN_DXFS, struct.pack("<I", 0)), _record(BRT_END_DXFS),
        _record(BRT_BEGIN_TABLE_STYLES, struct.pack("<I", 0) + _wide("TableStyleMedium2")
                + _wide("PivotStyleLight16")),
        _record(BRT_END_TABLE_STYLES),
        _record(BRT_END_STYLE_SHEET),
    ])


def write_xlsb(path: Path, rows: list[list] | None = None, sheet: str = SHEET,
               shared_strings: bool = True, rk_numbers: bool = False) -> Path:
    """A real Excel binary workbook (.xlsb, "BIFF12"), built record by record.

    Parts: [Content_Types].xml, _rels/.rels, xl/workbook.bin,
    xl/_rels/workbook.bin.rels, xl/worksheets/sheet1.bin, xl/styles.bin and
    (with `shared_strings`, as Excel writes text) xl/sharedStrings.bin;
    otherwise text is stored inline in BrtCellSt records.

    Numbers are BrtCellReal (8-byte doubles), so calamine returns every number
    as a float, exactly like the .xlsx fixtures. With `rk_numbers=True` they
    are written the way Excel itself writes them, as BrtCellRk where the
    value fits an RkNumber; calamine then returns the integral ones (12, 340,
    -4, ...) as Python int and 81.3 / 5.2 (stored x100) as float.

    LibreOffice 7.4 and pyxlsb 1.0.10 read the default file identically
    (pyxlsb returns None for inline BrtCellSt strings, calamine reads them).
    """
    rows = TABLE if rows is None else rows
    strings: list[str] = []
    index: dict[str, int] = {}
    n_string_cells = 0
    cells = bytearray()
    for r, row in enumerate(rows):
        last = max((c for c, v in enumerate(row) if v is not None and v != ""), default=-1)
        if last < 0:
            continue
        # BrtRowHdr (2.4.761): rw, ixfe, miyRw (twips), 3 flag bytes, ccolspan, rgBrtColspan.
        cells += _record(BRT_ROW_HDR, struct.pack("<IIH", r, 0, 300) + bytes(3)
                         + struct.pack("<III", 1, 0, last))
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                raise TypeError("booleans are not part of this table")
            if isinstance(value, (int, float)):
                rk = _rk(value) if rk_numbers else None
                if rk is not None:
                    cells += _record(BRT_CELL_RK, _cell(c) + struct.pack("<I", rk))
                else:
                    cells += _record(BRT_CELL_REAL, _cell(c) + struct.pack("<d", float(value)))
            elif shared_strings:
                text = str(value)
                if text not in index:
                    index[text] = len(strings)
                    strings.append(text)
                n_string_cells += 1
                cells += _record(BRT_CELL_ISST, _cell(c) + struct.pack("<I", index[text]))
            else:
                cells += _record(BRT_CELL_ST, _cell(c) + _wide(str(value)))
    n_rows = len(rows)
    n_cols = max((len(r) for r in rows), default=1)
    sheet_bin = b"".join([
        _record(BRT_BEGIN_SHEET),
        # BrtWsDim (2.4.816): UncheckedRfX rwFirst, rwLast, colFirst, colLast.
        _record(BRT_WS_DIM, struct.pack("<IIII", 0, max(n_rows - 1, 0), 0, max(n_cols - 1, 0))),
        _record(BRT_BEGIN_SHEET_DATA), bytes(cells), _record(BRT_END_SHEET_DATA),
        _record(BRT_END_SHEET),
    ])
    workbook_bin = b"".join([
        _record(BRT_BEGIN_BOOK),
        # BrtWbProp (2.4.815): flags (1900 date system), dwThemeVersion, strName (code name).
        _record(BRT_WB_PROP, struct.pack("<II", 0, 0) + _wide("")),
        _record(BRT_BEGIN_BUNDLE_SHS),
        # BrtBundleSh (2.4.313): hsState visible, iTabID, strRelID, strName.
        _record(BRT_BUNDLE_SH, struct.pack("<II", 0, 1) + _wide("rId1") + _wide(sheet)),
        _record(BRT_END_BUNDLE_SHS),
        _record(BRT_END_BOOK),
    ])
    # BrtBeginSst (2.4.243): cstTotal (string cells), cstUnique; BrtSSTItem (2.4.757) is a RichStr.
    sst_bin = b"".join([_record(BRT_BEGIN_SST, struct.pack("<II", n_string_cells, len(strings)))]
                       + [_record(BRT_SST_ITEM, b"\x00" + _wide(s)) for s in strings]
                       + [_record(BRT_END_SST)])
    content_types, rels = XLSB_CONTENT_TYPES, XLSB_WORKBOOK_RELS
    if not shared_strings:
        content_types = re.sub(r'<Override PartName="/xl/sharedStrings.bin"[^>]*/>', "", content_types)
        rels = re.sub(r'<Relationship Id="rId3"[^>]*/>', "", rels)
    with zipfile.ZipFile(path, "w") as z:
        _zip_write(z, "[Content_Types].xml", content_types)
        _zip_write(z, "_rels/.rels", PACKAGE_RELS)
        _zip_write(z, "xl/workbook.bin", workbook_bin)
        _zip_write(z, "xl/_rels/workbook.bin.rels", rels)
        _zip_write(z, "xl/worksheets/sheet1.bin", sheet_bin)
        _zip_write(z, "xl/styles.bin", _xlsb_styles())
        if shared_strings:
            _zip_write(z, "xl/sharedStrings.bin", sst_bin)
    return path


# ---------------------------------------------------------------------------
# 2. .xls: BIFF8 in an OLE2 compound file, via xlwt
# ---------------------------------------------------------------------------

def write_xls(path: Path, rows: list[list] | None = None, sheet: str = SHEET) -> Path:
    """An Excel 97-2003 workbook (BIFF8 stream "Workbook" in an OLE2 compound
    file), written with the pure-Python `xlwt` package (imported here, so only
    tests that call this need it).

    xlwt, like Excel and LibreOffice, stores integral numbers as RK records,
    so calamine returns 12, 340, -4, 120, 88, 51 as Python int and 81.3, 5.2
    as float (the same as the committed tests/io/files/long-table-libreoffice.xls).
    """
    import xlwt

    rows = TABLE if rows is None else rows
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None and value != "":
                ws.write(r, c, value)
    book.save(str(path))
    return path


# ---------------------------------------------------------------------------
# 3. .xlsm with an Excel 4.0 (XLM) macro sheet before the data sheet
# ---------------------------------------------------------------------------

MACROSHEET_CT = "application/vnd.ms-excel.macrosheet+xml"
MACROSHEET_REL = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"
XLSM_MAIN_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_MAIN_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

# A harmless XLM macro: shows a message box and returns. Never run by anything here.
MACROSHEET_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<sheetPr/><dimension ref="A1:A2"/>'
    '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/>'
    '<sheetData>'
    '<row r="1"><c r="A1" t="b"><f>ALERT("journeymap fixture macro",2)</f><v>1</v></c></row>'
    '<row r="2"><c r="A2" t="b"><f>RETURN()</f><v>0</v></c></row>'
    '</sheetData>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    '</xm:macrosheet>')


def write_xlsm_with_macro_sheet(path: Path, rows: list[list] | None = None,
                                macro_name: str = "Macro1", data_name: str = SHEET) -> Path:
    """A macro-enabled workbook with an Excel 4.0 macro sheet "Macro1"
    (xl/macrosheets/sheet1.xml, content type application/vnd.ms-excel.macrosheet+xml,
    relationship type .../2006/relationships/xlMacrosheet) listed in
    workbook.xml's <sheets> BEFORE the normal worksheet "Data" that holds
    the table. Built by post-processing an openpyxl file with zipfile.

    Excel saves XLM macro sheets only in macro-enabled files, so with a
    ".xlsm" path the workbook part gets the macroEnabled content type; any
    other suffix keeps the plain .xlsx content type (a renamed/mislabelled file).

    python-calamine 0.9.1 cannot open this workbook at all, so neither
    sheet_names nor sheets_metadata is available: CalamineWorkbook.from_path
    raises python_calamine.CalamineError
    "Unrecognized sheet:type: xl/macrosheets/sheet1.xml" (calamine's xlsx
    reader maps only worksheet/chartsheet/dialogsheet relationships to sheet
    types). openpyxl opens it and lists ["Macro1", "Data"]; LibreOffice 7.4
    shows both sheets (the XLM formulas as #NAME?).
    """
    rows = TABLE if rows is None else rows
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = data_name
    for row in rows:
        ws.append(row)
    wb.save(buf)
    buf.seek(0)
    main_ct = XLSM_MAIN_CT if Path(path).suffix.lower() == ".xlsm" else XLSX_MAIN_CT
    with zipfile.ZipFile(buf) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    parts = {info.filename: data for info, data in items}
    if "xl/macrosheets/sheet1.xml" in parts:
        raise AssertionError("unexpected macro sheet in openpyxl output")
    used_rids = {int(n) for n in re.findall(r'Id="rId(\d+)"', parts["xl/_rels/workbook.xml.rels"].decode())}
    rid = f"rId{max(used_rids, default=0) + 1}"
    used_ids = [int(n) for n in re.findall(r'sheetId="(\d+)"', parts["xl/workbook.xml"].decode())]
    sheet_el = (f'<sheet name={quoteattr(macro_name)} sheetId="{max(used_ids, default=0) + 1}" '
                f'r:id="{rid}"/>')
    with zipfile.ZipFile(path, "w") as zout:
        for info, data in items:
            text = None
            if info.filename == "[Content_Types].xml":
                text = data.decode("utf-8").replace(XLSX_MAIN_CT, main_ct).replace(
                    "</Types>",
                    f'<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="{MACROSHEET_CT}"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                text = data.decode("utf-8").replace(
                    "</Relationships>",
                    f'<Relationship Id="{rid}" Type="{MACROSHEET_REL}" '
                    'Target="macrosheets/sheet1.xml"/></Relationships>')
            elif info.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                if 'xmlns:r="' not in text:
                    raise AssertionError("openpyxl's workbook.xml lacks the r: namespace")
                # The macro sheet becomes the FIRST entry of <sheets>, before "Data".
                text = re.sub(r"(<(?:\w+:)?sheets>)", lambda m: m.group(1) + sheet_el, text, count=1)
            _zip_write(zout, info.filename, data if text is None else text)
        _zip_write(zout, "xl/macrosheets/sheet1.xml", MACROSHEET_XML)
    return path


# ---------------------------------------------------------------------------
# 4./5. OpenDocument spreadsheets
# ---------------------------------------------------------------------------

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'xmlns:ooo="http://openoffice.org/2004/office" '
    'xmlns:oooc="http://openoffice.org/2004/calc" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"')


def _ods_number_text(v: float) -> str:
    return repr(v) if isinstance(v, float) else str(v)


def _ods_content(rows: list[list], sheet: str, percent: bool) -> str:
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, v in enumerate(row):
            if v is None or v == "":
                cells.append("<table:table-cell/>")
            elif percent and r > 0 and c == 2 and v == 81.3:
                # LibreOffice/OpenOffice: value-type percentage, office:value is the fraction.
                cells.append('<table:table-cell table:style-name="ce1" office:value-type="percentage" '
                             'office:value="0.813"><text:p>81.3%</text:p></table:table-cell>')
            elif isinstance(v, (int, float)):
                t = _ods_number_text(v)
                cells.append(f'<table:table-cell office:value-type="float" office:value="{t}">'
                             f"<text:p>{t}</text:p></table:table-cell>")
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}'
                             "</text:p></table:table-cell>")
        out.append('<table:table-row table:style-name="ro1">' + "".join(cells) + "</table:table-row>")
    n_cols = max((len(r) for r in rows), default=1)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {_ODF_NS} office:version="1.2">'
        "<office:scripts/>"
        '<office:font-face-decls><style:font-face style:name="Arial" svg:font-family="Arial" '
        'style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls>'
        "<office:automatic-styles>"
        '<style:style style:name="co1" style:family="table-column"><style:table-column-properties '
        'fo:break-before="auto" style:column-width="0.889in"/></style:style>'
        '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties '
        'style:row-height="0.178in" fo:break-before="auto" style:use-optimal-row-height="true"/></style:style>'
        '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
        '<style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>'
        + ('<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" '
           'style:data-style-name="N11"/>' if percent else "")
        + "</office:automatic-styles>"
        "<office:body><office:spreadsheet>"
        f'<table:table table:name={quoteattr(sheet)} table:style-name="ta1" table:print="false">'
        f'<table:table-column table:style-name="co1" table:number-columns-repeated="{n_cols}" '
        'table:default-cell-style-name="Default"/>'
        + "".join(out)
        + "</table:table></office:spreadsheet></office:body></office:document-content>")


def _ods_styles(percent: bool) -> str:
    pct = ('<number:percentage-style style:name="N11"><number:number number:decimal-places="1" '
           'number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>'
           if percent else "")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-styles {_ODF_NS} office:version="1.2">'
        '<office:font-face-decls><style:font-face style:name="Arial" svg:font-family="Arial" '
        'style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls>'
        "<office:styles>"
        '<style:default-style style:family="table-cell"><style:table-cell-properties '
        'style:decimal-places="2"/><style:paragraph-properties style:tab-stop-distance="0.5in"/>'
        '<style:text-properties style:font-name="Arial" fo:language="en" fo:country="GB"/>'
        "</style:default-style>"
        '<number:number-style style:name="N0"><number:number number:min-integer-digits="1"/>'
        "</number:number-style>"
        + pct
        + '<style:style style:name="Default" style:family="table-cell"/>'
        "</office:styles>"
        '<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties '
        'style:writing-mode="lr-tb"/></style:page-layout></office:automatic-styles>'
        '<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/>'
        "</office:master-styles></office:document-styles>")


def _ods_meta(generator: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-meta {_ODF_NS} office:version="1.2"><office:meta>'
        f"<meta:generator>{escape(generator)}</meta:generator>"
        "<meta:creation-date>2026-01-01T00:00:00</meta:creation-date>"
        '<meta:document-statistic meta:table-count="1" meta:cell-count="25"/>'
        "</office:meta></office:document-meta>")


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


OPENOFFICE_GENERATOR = "OpenOffice.org/3.3$Win32 OpenOffice.org_project/330m20$Build-9567"


def write_ods_openoffice(path: Path, percent: bool = False, rows: list[list] | None = None,
                         sheet: str = SHEET, empty_settings: bool = True,
                         empty_accelerator: bool = True) -> Path:
    """An .ods laid out as OpenOffice.org 3.x / older LibreOffice wrote it:
    "mimetype" first and STORED (no compression, no extra field), then
    content.xml, styles.xml, meta.xml, settings.xml, the zero-byte
    Configurations2/accelerator/current.xml and META-INF/manifest.xml (listing
    current.xml with an empty media type, as OpenOffice did).

    `empty_settings=True` writes settings.xml as ZERO bytes (some writers and
    repair tools leave it so); with False a minimal settings document is used.

    `percent=True` stores the Value cell 81.3 as LibreOffice stores a
    percent-formatted cell: office:value-type="percentage" office:value="0.813",
    display text "81.3%", through a cell style whose data style is a
    number:percentage-style (in styles.xml, as LibreOffice does).
    python-calamine returns that cell as the float 0.813 (it reads
    office:value and ignores the value type), everything else as in
    `expected_floats()`.
    """
    rows = TABLE if rows is None else rows
    settings = b"" if empty_settings else (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" office:version="1.2">'
        b"<office:settings/></office:document-settings>")
    entries = [
        ("/", ODS_MIMETYPE, ' manifest:version="1.2"'),
        ("Configurations2/statusbar/", "", ""),
        ("Configurations2/accelerator/current.xml", "", ""),
        ("Configurations2/", "application/vnd.sun.xml.ui.configuration", ""),
        ("content.xml", "text/xml", ""),
        ("styles.xml", "text/xml", ""),
        ("meta.xml", "text/xml", ""),
        ("settings.xml", "text/xml", ""),
    ]
    if not empty_accelerator:
        entries.remove(("Configurations2/accelerator/current.xml", "", ""))
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">\n'
                + "".join(f' <manifest:file-entry manifest:media-type="{mt}"{extra} '
                          f'manifest:full-path="{p}"/>\n' for p, mt, extra in entries)
                + "</manifest:manifest>\n")
    with zipfile.ZipFile(path, "w") as z:
        _zip_write(z, "mimetype", ODS_MIMETYPE, zipfile.ZIP_STORED)
        _zip_write(z, "Configurations2/statusbar/", b"", zipfile.ZIP_STORED)
        if empty_accelerator:
            _zip_write(z, "Configurations2/accelerator/current.xml", b"")
        _zip_write(z, "content.xml", _ods_content(rows, sheet, percent))
        _zip_write(z, "styles.xml", _ods_styles(percent))
        _zip_write(z, "meta.xml", _ods_meta(OPENOFFICE_GENERATOR))
        _zip_write(z, "settings.xml", settings)
        _zip_write(z, "META-INF/manifest.xml", manifest)
    return path


LIBREOFFICE_MANIFEST_NS = 'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"'


def write_ods_encrypted(path: Path, rows: list[list] | None = None, sheet: str = SHEET) -> Path:
    """A password-protected .ods laid out as LibreOffice 7.x writes one
    (ODF package encryption, [ODF 1.2 Part 3] sections 3.8 and 4.8; checked
    against a file LibreOffice 7.4 saved with a password): every part except
    "mimetype" and META-INF/manifest.xml is encrypted and STORED, and
    manifest.xml gives each of them a <manifest:encryption-data> with a
    sha256-1k checksum, AES-256-CBC (initialisation vector), SHA-256 start key
    and PBKDF2 (100000 iterations, salt). Encrypted parts: content.xml,
    styles.xml, meta.xml, settings.xml, manifest.rdf and the (empty)
    Configurations2/accelerator/current.xml. Their bytes are deterministic
    stand-ins for ciphertext, sized as deflate+AES-CBC would size them; no
    password decrypts them.

    python-calamine 0.9.1 refuses it from the manifest alone:
    python_calamine.PasswordError (a CalamineError subclass) "Workbook is
    password protected" - the same as for the real LibreOffice file.
    """
    rows = TABLE if rows is None else rows
    plain_settings = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings '
                      'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                      'office:version="1.3"><office:settings/></office:document-settings>')
    plain_rdf = ('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF '
                 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
    # (part, media type, clear bytes) in LibreOffice's order.
    parts = [
        ("Configurations2/accelerator/current.xml", "", b""),
        ("manifest.rdf", "application/rdf+xml", plain_rdf.encode("utf-8")),
        ("meta.xml", "text/xml", _ods_meta("LibreOffice/7.4.7.2$Linux_X86_64 "
                                           "LibreOffice_project/40$Build-2").encode("utf-8")),
        ("styles.xml", "text/xml", _ods_styles(False).encode("utf-8")),
        ("content.xml", "text/xml", _ods_content(rows, sheet, False).encode("utf-8")),
        ("settings.xml", "text/xml", plain_settings.encode("utf-8")),
    ]
    seed = hashlib.sha256(b"journeymap encrypted ods fixture").digest()

    def fake(label: str, n: int) -> bytes:
        out, block = bytearray(), hashlib.sha256(seed + label.encode()).digest()
        while len(out) < n:
            out += block
            block = hashlib.sha256(block).digest()
        return bytes(out[:n])

    def b64(b: bytes) -> str:
        return base64.b64encode(b).decode("ascii")

    entries = [(f' <manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
               f'manifest:media-type="{ODS_MIMETYPE}"/>\n')]
    payload: dict[str, bytes] = {}
    for name, media_type, plain in parts:
        # deflate, then AES-CBC with padding: a whole number of 16-byte blocks, at least one.
        payload[name] = fake(name, (len(_deflate(plain)) // 16 + 1) * 16)
        entries.append(
            f' <manifest:file-entry manifest:full-path="{name}" manifest:media-type="{media_type}" '
            f'manifest:size="{len(plain)}">\n'
            '  <manifest:encryption-data manifest:checksum-type='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
            f'manifest:checksum="{b64(fake(name + "#checksum", 32))}">\n'
            '   <manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
            f'manifest:initialisation-vector="{b64(fake(name + "#iv", 16))}"/>\n'
            '   <manifest:start-key-generation manifest:start-key-generation-name='
            '"http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>\n'
            '   <manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" '
            f'manifest:iteration-count="100000" manifest:salt="{b64(fake(name + "#salt", 16))}"/>\n'
            "  </manifest:encryption-data>\n"
            " </manifest:file-entry>\n")
        if name == "Configurations2/accelerator/current.xml":
            entries.append(' <manifest:file-entry manifest:full-path="Configurations2/" '
                           'manifest:media-type="application/vnd.sun.xml.ui.configuration"/>\n')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3" '
                f'{LIBREOFFICE_MANIFEST_NS}>\n' + "".join(entries) + "</manifest:manifest>\n")
    with zipfile.ZipFile(path, "w") as z:
        _zip_write(z, "mimetype", ODS_MIMETYPE, zipfile.ZIP_STORED)
        for folder in ("toolpanel", "progressbar", "toolbar", "floater", "popupmenu", "menubar"):
            _zip_write(z, f"Configurations2/{folder}/", b"", zipfile.ZIP_STORED)
        _zip_write(z, "Configurations2/accelerator/current.xml",
                   payload["Configurations2/accelerator/current.xml"], zipfile.ZIP_STORED)
        _zip_write(z, "Configurations2/statusbar/", b"", zipfile.ZIP_STORED)
        for name in ("manifest.rdf", "meta.xml", "styles.xml", "content.xml", "settings.xml"):
            _zip_write(z, name, payload[name], zipfile.ZIP_STORED)
        _zip_write(z, "META-INF/manifest.xml", manifest)
    return path


# ---------------------------------------------------------------------------
# 6. CSV / delimited text
# ---------------------------------------------------------------------------

_BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


def _normalise_encoding(encoding: str, bom: bool) -> tuple[str, bool]:
    name = codecs.lookup(encoding).name          # e.g. "utf-8", "utf-16", "cp1252", "shift_jis"
    if name == "utf-8-sig":
        return "utf-8", True
    if name == "utf-16":                         # Python's utf-16 would add a native-order BOM itself
        return "utf-16-le", bom
    return name, bom


def write_csv(path: Path, encoding: str = "utf-8", bom: bool = False, newline: str = "\n",
              delimiter: str = ",", extra_row: list | None = None) -> Path:
    """The table as delimited text: `encoding`, optional byte-order mark,
    line ending `newline` after every record (including the last), field
    separator `delimiter`, minimal quoting. Numbers are written as Python
    prints them (12, 81.3, -4). "utf-16" means UTF-16LE (with `bom`, FF FE
    first), as Windows writes it."""
    encoding, bom = _normalise_encoding(encoding, bom)
    if bom and encoding not in _BOMS:
        raise ValueError(f"no byte-order mark for {encoding}")
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    for row in table(extra_row):
        writer.writerow(row)
    data = (_BOMS[encoding] if bom else b"") + text.getvalue().encode(encoding)
    Path(path).write_bytes(data)
    return path


def write_csv_utf8(path: Path, bom: bool = False, extra_row: list | None = None) -> Path:
    """UTF-8 CSV; with `bom`, as Excel's "CSV UTF-8 (Comma delimited)" (EF BB BF, CRLF)."""
    return write_csv(path, "utf-8", bom=bom, newline="\r\n" if bom else "\n", extra_row=extra_row)


def write_excel_unicode_text(path: Path, extra_row: list | None = None) -> Path:
    """Excel's "Unicode Text (*.txt)": UTF-16LE with BOM FF FE, TAB-delimited, CRLF."""
    return write_csv(path, "utf-16-le", bom=True, newline="\r\n", delimiter="\t", extra_row=extra_row)


def write_csv_cp1252(path: Path, extra_row: list | None = CAFE_ROW) -> Path:
    """Excel "CSV (Comma delimited)" on Western-European Windows: cp1252, no BOM, CRLF."""
    return write_csv(path, "cp1252", newline="\r\n", extra_row=extra_row)


def write_csv_shift_jis(path: Path, extra_row: list | None = JAPANESE_ROW) -> Path:
    """Excel "CSV (Comma delimited)" on Japanese Windows: Shift-JIS (cp932), no BOM, CRLF.
    For this text cp932 and shift_jis give identical bytes."""
    return write_csv(path, "cp932", newline="\r\n", extra_row=extra_row)


def write_csv_mac(path: Path, extra_row: list | None = None) -> Path:
    """Classic Mac Excel "CSV (Macintosh)": Mac OS Roman, CR-only line endings."""
    return write_csv(path, "mac_roman", newline="\r", extra_row=extra_row)


__all__ = [
    "CAFE_ROW", "HEADER", "JAPANESE_ROW", "ROWS", "SHEET", "TABLE", "expected_floats", "table",
    "write_csv", "write_csv_cp1252", "write_csv_mac", "write_csv_shift_jis", "write_csv_utf8",
    "write_excel_unicode_text", "write_ods_encrypted", "write_ods_openoffice", "write_xls",
    "write_xlsb", "write_xlsm_with_macro_sheet",
]
