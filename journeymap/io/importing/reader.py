"""Reading sheets: python-calamine for values (fast), the csv module for CSV,
openpyxl (read-only, a few rows) only for number formats, and one pass over
the sheet XML for error cells, which calamine reads as empty."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import tostring

import python_calamine
from defusedxml.ElementTree import fromstring

from .safety import MAX_TEXT_BYTES, ImportError_, check_file, column_number
from .safety import shown as clip

__all__ = ["MAX_ROWS", "SheetData", "Workbook", "clip", "column_letter", "count_filled", "names_list",
           "row_is_blank"]
from .textfile import ENCODING_NAMES, decode, read_text_table
from .textfile import delimiter as text_delimiter

if TYPE_CHECKING:
    from .table import Table

MAX_ROWS = 2_000_000
# A query's result is one table: messages call it this sheet.
QUERY_SHEET = "result"
# Stop reading after this many blank rows in a row: a sheet "formatted" down
# to row 1,048,576 holds nothing after its data, and reading it costs time.
MAX_BLANK_RUN = 10_000


@dataclass
class SheetData:
    name: str
    rows: list[list[Any]]
    # Offset of rows[0] and of column 0 in the sheet (for messages: "row 7, column C").
    first_row: int = 0
    first_col: int = 0
    # Finds the error cells on first use: only a blank-looking cell can be
    # one (calamine reads errors as empty), and most files have none.
    error_loader: Callable[[], dict[tuple[int, int], str]] | None = None
    _errors: dict[tuple[int, int], str] | None = field(default=None, repr=False)
    # A table too large to read whole (see table.py): `rows` are its first
    # rows until the plan knows which columns it needs and has them counted.
    table: Table | None = field(default=None, repr=False, compare=False)
    # Counted rows (see counted.py): rows[r] stands for weights[r] rows of
    # the source (None for header rows); `row_numbers` finds, on first use,
    # the first source row of each, for messages.
    weights: list[int | None] | None = field(default=None, repr=False)
    # ...and how many repeats of a respondent's identical answer it left out
    repeats: list[int] | None = field(default=None, repr=False)
    row_numbers: Callable[[], dict[int, int]] | None = field(default=None, repr=False)
    _numbers: dict[int, int] | None = field(default=None, repr=False)

    def row_number(self, r: int) -> int:
        """Row r as the user finds it in the file (1-based); 0 when the source
        has no row numbers (a query's result)."""
        if self.row_numbers is None:
            return self.first_row + r + 1
        if self._numbers is None:
            self._numbers = self.row_numbers()
        return self._numbers.get(r, 0)

    def weight(self, r: int) -> int:
        """How many answers row r stands for (each respondent's once)."""
        return (self.weights[r] or 0) if self.weights is not None else 1

    def source_rows(self, r: int) -> int:
        """How many rows of the source row r stands for (repeats included)."""
        return self.weight(r) + (self.repeats[r] if self.repeats is not None else 0)

    @property
    def errors(self) -> dict[tuple[int, int], str]:
        """(row, column) in `rows` coordinates -> the error code Excel shows."""
        if self._errors is None:
            self._errors = self.error_loader() if self.error_loader else {}
        return self._errors

    def where(self, r: int, c: int | None = None) -> str:
        number = self.row_number(r)
        text = f"sheet '{self.name}'" + (f", row {number}" if number else "")
        if c is not None:
            text += f", column {column_letter(self.first_col + c)}"
        return text


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class Workbook:
    """One spreadsheet file, checked before any parser sees it; read a sheet
    at a time. `notes` says what was decided about the file as a whole (the
    encoding and delimiter of a CSV, sheets passed over)."""

    path: Path
    name: str  # what messages call it
    kind: str
    query: tuple[str, str] | None  # (URL as shown, query) for a database source
    sheet_names: list[str]
    _calamine: python_calamine.CalamineWorkbook | None
    _csv: SheetData | None
    # Sheets already read: the wizard re-plans as the user changes the
    # mapping, and the file is read once.
    _sheets: dict[str, SheetData]
    # Percent-formatted columns of a sheet, read once whatever columns a
    # plan asks about: (sheet, header row, sample rows) -> columns.
    _percent: dict[tuple[str, int, int], set[int]]
    notes: list[str]
    delimiter: str
    table: Table | None  # a large CSV, a Parquet file or a query, read by an engine

    def __init__(self, path: Path) -> None:
        path = Path(path)
        self._begin(path, path.name, check_file(path))
        if self.kind in ("csv", "parquet"):
            self.sheet_names = [self.path.stem]
            self.table = _large_table(self.path, self.kind, self.notes)
            if self.table is not None and self.kind == "csv":
                self.delimiter = self.table.delimiter
            return
        try:
            try:
                self._calamine = open_values(self.path)
            except python_calamine.CalamineError as exc:
                if self.kind != "xlsx" or "sheet:type" not in str(exc):
                    raise
                self._calamine = self._without_macro_sheets()
            metadata = list(self._calamine.sheets_metadata)
        except python_calamine.PasswordError:
            raise ImportError_(f"{self.path.name}: the workbook is password-protected") from None
        except Exception as exc:  # calamine's own errors: damaged content
            raise ImportError_(f"{self.path.name}: cannot be read ({_first_line(exc)})") from None
        # Macro, dialog and chart sheets hold no table; a workbook that has one
        # beside its worksheets is read for the worksheets.
        self.sheet_names = [m.name for m in metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        other = [m.name for m in metadata if m.typ != python_calamine.SheetTypeEnum.WorkSheet]
        if other:
            self.notes.append(f"passed over {len(other)} sheet{'s' if len(other) > 1 else ''} that "
                              f"{'are' if len(other) > 1 else 'is'} not a worksheet ({names_list(other)})")
        if not self.sheet_names:
            raise ImportError_(f"{self.path.name}: the workbook has no worksheets")

    @classmethod
    def of_query(cls, url: str, query: str) -> Workbook:
        """A query's result, as a one-sheet workbook: its rows stay in the
        database, which counts them (see table.py and counted.py)."""
        from .table import SqlTable, shown_url
        self = cls.__new__(cls)
        table = SqlTable(url, query)
        self._begin(Path(QUERY_SHEET), table.name, "sql")
        self.query = (shown_url(url), table.query)
        self.notes.append(f"{table.name}: {len(table.columns)} columns")
        self.table = table
        self.sheet_names = [QUERY_SHEET]
        return self

    def _begin(self, path: Path, name: str, kind: str) -> None:
        """What every workbook has before anything is read."""
        self.path, self.name, self.kind = path, name, kind
        self.query = None
        self._calamine = None
        self._csv = None
        self._sheets = {}
        self._percent = {}
        self.notes = []
        self.delimiter = ""
        self.table = None

    def _without_macro_sheets(self) -> python_calamine.CalamineWorkbook:
        """calamine refuses a whole .xlsx/.xlsm that holds an Excel 4.0 macro
        sheet (its relationship type is xlMacrosheet, not worksheet). The
        workbook is opened again from a copy in memory whose sheet list leaves
        the macro sheets out; the worksheets are read as they are."""
        ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
              "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
        with zipfile.ZipFile(self.path) as z:
            rels = fromstring(z.read("xl/_rels/workbook.xml.rels"))
            macro_ids = {rel.get("Id") for rel in rels if rel.get("Type", "").lower().endswith("macrosheet")}
            workbook_xml = z.read("xl/workbook.xml")
            tree = fromstring(workbook_xml)
            names = []
            for sheets in tree.iter(f"{{{ns['m']}}}sheets"):
                for sheet in list(sheets):
                    if sheet.get(f"{{{ns['r']}}}id") in macro_ids:
                        names.append(sheet.get("name", ""))
                        sheets.remove(sheet)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
                for item in z.infolist():
                    data = tostring(tree) if item.filename == "xl/workbook.xml" else z.read(item.filename)
                    out.writestr(item.filename, data)
        self.notes.append(f"passed over {len(names)} Excel 4.0 macro sheet{'s' if len(names) > 1 else ''} "
                          f"({names_list(names)})")
        buffer.seek(0)
        return python_calamine.CalamineWorkbook.from_filelike(buffer)

    def read(self, sheet: str) -> SheetData:
        if sheet not in self.sheet_names:
            raise ImportError_(f"{self.path.name}: there is no sheet '{clip(sheet)}' "
                               f"(sheets: {names_list(self.sheet_names)})")
        if self.kind in ("csv", "parquet", "sql"):
            if self._csv is None:
                self._csv = self._read_table() if self.table is not None else self._read_csv()
            return self._csv
        if sheet not in self._sheets:
            self._sheets[sheet] = self._read_sheet(sheet)
        return self._sheets[sheet]

    def _read_sheet(self, sheet: str) -> SheetData:
        assert self._calamine is not None  # a workbook that is not a CSV has one
        try:
            cal = self._calamine.get_sheet_by_name(sheet)
            if cal.height > MAX_ROWS:
                raise ImportError_(f"{self.path.name}, sheet '{clip(sheet)}': more than {MAX_ROWS:,} rows; "
                                   "split the file")
            # to_python builds all rows in one call: faster than iterating.
            rows = _bounded_rows(cal.to_python())
            start = cal.start or (0, 0)
        except ImportError_:
            raise
        except Exception as exc:
            raise ImportError_(f"{self.path.name}, sheet '{clip(sheet)}': cannot be read "
                               f"({_first_line(exc)})") from None
        data = SheetData(sheet, rows, first_row=start[0], first_col=start[1])
        if self.kind == "xlsx":
            data.error_loader = lambda: _xlsx_errors(self.path, sheet, start)
        return data

    def _read_table(self) -> SheetData:
        """A Parquet file small enough is read whole; a larger one, a large
        CSV and a query give their first rows and are counted later (counted.py)."""
        from .table import WHOLE_ROWS
        table = self.table
        assert table is not None
        name = self.sheet_names[0]
        # (A query's rows are counted in the database whatever their number:
        # only the counts travel over the network.)
        if self.kind == "parquet" and table.row_count() <= WHOLE_ROWS:
            return SheetData(name, _bounded_rows(table.all_rows()))
        return SheetData(name, table.sample(), table=table)

    def _read_csv(self) -> SheetData:
        size = self.path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ImportError_(f"{self.path.name}: {size / 1e6:.0f} MB of text in an encoding DuckDB does not read "
                               f"is more than an import reads at once ({MAX_TEXT_BYTES // (1024 * 1024)} MB); "
                               "save it as CSV UTF-8")
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise ImportError_(f"{self.path.name}: cannot be read ({exc.strerror or exc})") from None
        table = read_text_table(raw, self.path.name, MAX_ROWS)
        self.delimiter = table.delimiter
        shown = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(table.delimiter, table.delimiter)
        self.notes.append(f"read as {table.encoding} text, {shown}-separated")
        return SheetData(self.sheet_names[0], _bounded_rows(table.rows))

    def percent_columns(self, data: SheetData, header_row: int, columns: list[int],
                        sample_rows: int = 200) -> set[int]:
        """Columns whose cells are formatted as percent (0.82 shown as 82%),
        from the first rows under the header; .xlsx and .ods."""
        if not columns:
            return set()
        key = (data.name, header_row, sample_rows)
        if key not in self._percent:
            self._percent[key] = self._read_percent_columns(data, header_row, sample_rows)
        return self._percent[key] & set(columns)

    def _read_percent_columns(self, data: SheetData, header_row: int, sample_rows: int) -> set[int]:
        if self.kind == "ods":
            cells = ods_percent_cells(self.path, data.name, data.first_row + header_row + 1 + sample_rows)
            top = data.first_row + header_row + 1
            return {c - data.first_col for r, c in cells if r >= top}
        if self.kind != "xlsx":
            return set()
        return xlsx_percent_columns(self.path, data, header_row, sample_rows)


# A text table larger than this is read by DuckDB (table.py) rather than
# whole into Python strings several times its size.
TABLE_TEXT_BYTES = 16 * 1024 * 1024
# The encodings DuckDB reads without an extension (textfile names them so).
_ENGINE_ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "ascii": "utf-8", "utf-16": "utf-16"}


def _large_table(path: Path, kind: str, notes: list[str]) -> Table | None:
    """A Parquet file, or a CSV too large to read whole, as a DuckDB table;
    None for a CSV read here (small, or in an encoding DuckDB cannot read)."""
    from .table import DuckTable
    if kind == "parquet":
        notes.append("read by DuckDB (Parquet)")
        return DuckTable(path, "parquet")
    if path.stat().st_size <= TABLE_TEXT_BYTES:
        return None
    with open(path, "rb") as fh:
        head = fh.read(1_000_000)
    cut = max(head.rfind(b"\n"), head.rfind(b"\r"))
    text, encoding = decode(head[: cut if cut > 0 else len(head)], path.name)
    engine_encoding = _ENGINE_ENCODINGS.get(encoding)
    if engine_encoding is None:
        return None
    delimiter = text_delimiter(text[:20000])
    shown = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(delimiter, delimiter)
    notes.append(f"read by DuckDB as {ENCODING_NAMES.get(encoding, encoding)} text, {shown}-separated")
    return DuckTable(path, "csv", delimiter, engine_encoding)


def open_values(path: Path) -> python_calamine.CalamineWorkbook:
    """The one open of a workbook for its values (python-calamine)."""
    return python_calamine.CalamineWorkbook.from_path(str(path))


def xlsx_percent_columns(path: Path, data: SheetData, header_row: int, sample_rows: int) -> set[int]:
    """Columns (in `data.rows` coordinates) holding a percent-formatted cell
    in the `sample_rows` rows under the header: openpyxl, read-only."""
    import openpyxl
    found: set[int] = set()
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb[data.name]
            top = data.first_row + header_row + 2  # 1-based row under the header
            for row in ws.iter_rows(min_row=top, max_row=top + sample_rows - 1):
                for cell in row:
                    col = getattr(cell, "column", None)
                    if col is None:
                        continue
                    if "%" in (cell.number_format or ""):
                        found.add(col - 1 - data.first_col)
        finally:
            wb.close()
    except Exception:  # formats are a refinement; values still import
        return set()
    return found


def names_list(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(clip(n, 40) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def ods_percent_cells(path: Path, sheet: str, max_row: int) -> set[tuple[int, int]]:
    """(row, column) of the cells of `sheet` stored as percentages, in sheet
    coordinates, up to `max_row`. ODF keeps the value as a fraction (0.813)
    with office:value-type="percentage"; LibreOffice shows it as 81.3%."""
    from defusedxml.ElementTree import iterparse
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    t_table, t_row = f"{{{table_ns}}}table", f"{{{table_ns}}}table-row"
    t_cell, t_covered = f"{{{table_ns}}}table-cell", f"{{{table_ns}}}covered-table-cell"
    found: set[tuple[int, int]] = set()
    in_sheet, row, col = False, -1, 0
    try:
        with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
            for event, el in iterparse(fh, events=("start", "end"), forbid_dtd=True):
                tag = el.tag
                if tag == t_table:
                    if event == "start":
                        in_sheet = el.get(f"{{{table_ns}}}name") == sheet
                        row = -1
                    elif in_sheet:
                        break
                elif not in_sheet:
                    if event == "end":
                        el.clear()
                elif tag == t_row:
                    if event == "start":
                        row += 1
                        col = 0
                    else:
                        row += int(el.get(f"{{{table_ns}}}number-rows-repeated", "1")) - 1
                        el.clear()
                        if row > max_row:
                            break
                elif tag in (t_cell, t_covered) and event == "start":
                    repeat = min(int(el.get(f"{{{table_ns}}}number-columns-repeated", "1")), 16384)
                    if el.get(f"{{{office_ns}}}value-type") == "percentage":
                        found.update((row, c) for c in range(col, col + repeat))
                    col += repeat
    except Exception:  # formats are a refinement; values still import
        return found
    return found


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def row_is_blank(row: list[Any]) -> bool:
    # The hot path of a 200,000-row import: most rows answer at their first cell.
    for v in row:
        if v is None or v == "" or (type(v) is str and not v.strip()):
            continue
        return False
    return True


def _filled_first(row: list[Any]) -> bool:
    """The common case of a 200,000-row import, answered without looking
    past the first cell: a first cell that holds something."""
    if not row:
        return False
    v = row[0]
    return v is not None and v != "" and (v.__class__ is not str or not v.isspace())


def count_filled(rows: list[list[Any]], start: int) -> int:
    """Rows from `start` on that hold anything."""
    return sum(1 for row in islice(rows, start, None) if _filled_first(row) or not row_is_blank(row))


def _bounded_rows(rows: list[list[Any]]) -> list[list[Any]]:
    if len(rows) > MAX_ROWS:
        raise ImportError_(f"more than {MAX_ROWS:,} rows; split the file")
    blank_run = 0
    for i, row in enumerate(rows):
        if _filled_first(row) or not row_is_blank(row):
            blank_run = 0
            continue
        blank_run += 1
        if blank_run > MAX_BLANK_RUN:
            rows = rows[:i]
            break
    end = len(rows)
    while end and row_is_blank(rows[end - 1]):
        end -= 1
    return rows[:end] if end < len(rows) else rows


_CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*(?:/>|>.*?</f>))?<v>([^<]*)</v>', re.S)


def _xlsx_errors(path: Path, sheet: str, start: tuple[int, int]) -> dict[tuple[int, int], str]:
    """Cells whose stored value is an Excel error (t="e"), in rows coordinates."""
    try:
        with zipfile.ZipFile(path) as z:
            part = _sheet_part(z, sheet)
            if part is None:
                return {}
            xml = z.read(part)
    except (KeyError, zipfile.BadZipFile):
        return {}
    found: dict[tuple[int, int], str] = {}
    if b't="e"' not in xml:
        return found
    for m in _CELL_REF.finditer(xml):
        r = int(m.group(2)) - 1 - start[0]
        c = column_number(m.group(1)) - 1 - start[1]
        found[(r, c)] = m.group(3).decode("utf-8", "replace")
    return found


def _sheet_part(z: zipfile.ZipFile, sheet: str) -> str | None:
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    wb = fromstring(z.read("xl/workbook.xml"))
    rid = None
    for el in wb.iter(f"{{{ns['m']}}}sheet"):
        if el.get("name") == sheet:
            rid = el.get(f"{{{ns['r']}}}id")
    if rid is None:
        return None
    rels = fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None
