"""Spreadsheets made inside the tests: real .xlsx (openpyxl, XlsxWriter for
cached formula values and error cells), .ods and .csv, and hostile files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl


def xlsx(path: Path, sheets: dict[str, list[list]], percent_cells: tuple[str, ...] = (),
         merged: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in percent_cells:
            ws[ref].number_format = "0%"
        for ref in merged:
            ws.merge_cells(ref)
    wb.save(path)
    return path


def ods(path: Path, rows: list[list], sheet: str = "Sheet1") -> Path:
    """A minimal OpenDocument spreadsheet, enough for calamine."""
    cells_xml = []
    for row in rows:
        cells = []
        for v in row:
            if v is None or v == "":
                cells.append("<table:table-cell/>")
            elif isinstance(v, (int, float)):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{v}">'
                             f'<text:p>{v}</text:p></table:table-cell>')
            else:
                cells.append('<table:table-cell office:value-type="string">'
                             f'<text:p>{escape(str(v))}</text:p></table:table-cell>')
        cells_xml.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">'
        + "".join(cells_xml) + "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def rewrite_member(src: Path, dst: Path, member: str, transform) -> Path:
    """Copy an .xlsx, passing one part through `transform(bytes) -> bytes`."""
    return rewrite_members(src, dst, {member: transform})


def rewrite_members(src: Path, dst: Path, transforms: dict, added: dict | None = None) -> Path:
    """Copy a zip package (.xlsx, .ods), passing parts through
    `transforms[name](bytes) -> bytes` and adding the parts in `added`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in transforms:
                data = transforms[item.filename](data)
            zout.writestr(item.filename, data)
        for name, data in (added or {}).items():
            zout.writestr(name, data)
    return dst


def entity_bomb(src: Path, dst: Path) -> Path:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')

    def transform(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return bomb + body.replace(b"<t>", b"<t>&lol3;", 1)
    return rewrite_member(src, dst, "xl/worksheets/sheet1.xml", transform)


def zip_bomb(dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(80):  # 80 MB of zeros, a few dozen KB packed
                fh.write(chunk)
    return dst


def million_empty_rows(src: Path, dst: Path) -> Path:
    """The sheet of `src` followed by a million empty rows that only carry a style."""
    def transform(data: bytes) -> bytes:
        rows = io.BytesIO()
        for r in range(100, 1_000_100):
            rows.write(b'<row r="%d" s="1" customFormat="1" ht="15"/>' % r)
        return data.replace(b"</sheetData>", rows.getvalue() + b"</sheetData>")
    return rewrite_member(src, dst, "xl/worksheets/sheet1.xml", transform)
