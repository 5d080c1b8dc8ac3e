"""Checks a spreadsheet must pass before any parser sees it: bounded size,
a real spreadsheet container, no encryption, no zip bomb, no XML entities.
Each failure is an ImportError_ with a message naming the file."""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

MAX_FILE_BYTES = 256 * 1024 * 1024
# Text tables are read whole and held as Python strings (several times
# their size): bounded so that memory stays well under a gigabyte.
MAX_TEXT_BYTES = 128 * 1024 * 1024
# A sheet of two million rows of survey answers unpacks to about 600 MB.
MAX_UNCOMPRESSED_BYTES = 640 * 1024 * 1024
# CSV and Parquet counted by DuckDB, never held whole (see table.py).
MAX_TABLE_BYTES = 4 * 1024 ** 3
PARQUET_MAGIC = b"PAR1"
MAX_RATIO = 200  # uncompressed / compressed for a single large member
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".txt", ".parquet")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
SUFFIX_LIST = ".xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv or .parquet"


def shown(text: object, limit: int = 60) -> str:
    """User text (a file, sheet, part or header name) quoted in a message:
    one line, bounded length."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# The name is used throughout io, cli and qt (files owned elsewhere); a rename to
# ImportFileError is one coordinated change, not a lint fix.
class ImportError_(ValueError):  # noqa: N801, N818
    """A file or its content that cannot be imported (the message says why and where)."""


def check_file(path: Path) -> str:
    """Return the kind ('xlsx', 'xlsb', 'xls', 'ods', 'csv' or 'parquet') or raise ImportError_."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise ImportError_(f"{name}: not a supported spreadsheet (use {SUFFIX_LIST})")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO blocks forever and a device never ends: only regular files.
            raise ImportError_(f"{name}: not a regular file")
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise ImportError_(f"{name}: no such file") from None
    except OSError as exc:
        raise ImportError_(f"{name}: cannot be read ({exc.strerror or exc})") from None
    size = info.st_size
    if suffix in TEXT_SUFFIXES:
        # A large text table is counted by DuckDB as it streams past (see
        # table.py); one read whole is bounded in reader.Workbook.
        if size > MAX_TABLE_BYTES:
            raise ImportError_(f"{name}: {size / 1e9:.1f} GB is more than an import reads "
                               f"({MAX_TABLE_BYTES // 1024 ** 3} GB); split the file, or import a Parquet file")
        if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
            raise ImportError_(f"{name}: not a text file (it is a workbook saved with a {suffix} name; "
                               "save it as .xlsx or as CSV)")
        return "csv"
    if suffix == ".parquet":
        if size > MAX_TABLE_BYTES:
            raise ImportError_(f"{name}: {size / 1e9:.1f} GB is more than an import reads "
                               f"({MAX_TABLE_BYTES // 1024 ** 3} GB)")
        if not head.startswith(PARQUET_MAGIC) or not _ends_with(path, PARQUET_MAGIC):
            raise ImportError_(f"{name}: not a Parquet file (it does not begin and end with PAR1)")
        return "parquet"
    if size > MAX_FILE_BYTES:
        raise ImportError_(f"{name}: {size / 1e6:.0f} MB is larger than a spreadsheet import allows")
    if suffix == ".xls":
        if head.startswith(OLE_MAGIC):
            return "xls"
        if head.startswith(ZIP_MAGIC):
            raise ImportError_(f"{name}: the file is an .xlsx workbook with an .xls name; rename it to .xlsx")
        raise ImportError_(f"{name}: not an Excel 97-2003 workbook (it may be a web page or text "
                           "saved with an .xls name; open it in Excel and save it as .xlsx)")
    if head.startswith(OLE_MAGIC):
        raise ImportError_(f"{name}: the workbook is encrypted (password-protected); "
                           "save an unprotected copy and import that")
    if not head.startswith(ZIP_MAGIC):
        raise ImportError_(f"{name}: not a spreadsheet (the file is not an Office or OpenDocument package)")
    _check_zip(path, suffix)
    return {".ods": "ods", ".xlsb": "xlsb"}.get(suffix, "xlsx")


def _ends_with(path: Path, marker: bytes) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.seek(-len(marker), 2)
            return fh.read() == marker
    except OSError:
        return False


def _check_zip(path: Path, suffix: str) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise ImportError_(f"{name}: unpacks to {total / 1e9:.1f} GB; refusing a likely zip bomb")
            for m in members:
                if m.file_size > 50 * 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                    ratio = m.file_size // max(m.compress_size, 1)
                    raise ImportError_(f"{name}: part {shown(m.filename)} is compressed {ratio}"
                                       " times over; refusing a likely zip bomb")
            if suffix == ".ods":
                _check_ods_encryption(z, name)
            if suffix in (".xlsx", ".xlsm"):
                for m in members:
                    if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml"):
                        _check_extent(z, m, name)
            for m in members:
                # An empty part (OpenOffice leaves settings.xml and
                # Configurations2 parts empty) holds no entities to refuse.
                if m.filename.endswith((".xml", ".rels")) and m.file_size > 0:
                    # calamine loops forever on an ODS content.xml that stops
                    # short (an unclosed table): that part is parsed whole first.
                    whole = suffix == ".ods" and m.filename == "content.xml"
                    _check_xml(z, m, name, whole)
    except zipfile.BadZipFile:
        raise ImportError_(f"{name}: the file is damaged or truncated (not a readable zip package)") from None
    except (EOFError, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError, RuntimeError,
            zlib.error) as exc:
        if isinstance(exc, ImportError_):
            raise
        raise ImportError_(f"{name}: the file is damaged or truncated ({type(exc).__name__})") from None


# calamine allocates the whole rectangle from A1 to the farthest cell: one
# cell at XFD1048576 asks for 17 billion and the process aborts. Refused
# beyond this many cells (a 200,000-row survey of 150 columns fits).
MAX_CELLS = 30_000_000
MAX_SCANNED_PART = 16 * 1024 * 1024  # the check reads the part; cheap below this
_WIDE_REF = re.compile(rb' r="([A-Z]{2,})(\d+)"')
_LAST_ROW = re.compile(rb'<row r="(\d+)"')


def column_number(letters: str | bytes) -> int:
    """"A" -> 1, "AB" -> 28, "XFD" -> 16384 (uppercase letters, text or bytes)."""
    n = 0
    for ch in letters.encode("ascii") if isinstance(letters, str) else letters:
        n = n * 26 + ch - 64
    return n


def _check_extent(z: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Refuse a sheet whose farthest cell would make the reader allocate
    gigabytes, where reading the part first is cheap (up to 16 MB)."""
    if member.file_size > MAX_SCANNED_PART:
        return
    data = z.read(member)
    widest = 1
    for letters, _row in _WIDE_REF.findall(data):
        if len(letters) > 3 or column_number(letters) > 16384:
            raise ImportError_(f"{name}: a cell reference ({letters.decode()[:8]}…) lies beyond Excel's last "
                               "column XFD; the file is damaged")
        widest = max(widest, column_number(letters))
    last = data.rfind(b"<row r=")
    rows = 1
    if last >= 0:
        m = _LAST_ROW.match(data, last)
        rows = int(m.group(1)) if m else 1
    if rows > 1_048_576:
        raise ImportError_(f"{name}: a row number ({rows}) lies beyond Excel's last row; the file is damaged")
    if widest * rows > MAX_CELLS:
        raise ImportError_(f"{name}: a sheet reaches column {widest:,} and row {rows:,} ({widest * rows:,} "
                           "cells, mostly empty); too large to read. Delete the far-away cells and save again")


def _check_ods_encryption(z: zipfile.ZipFile, name: str) -> None:
    try:
        manifest = z.read("META-INF/manifest.xml")
    except KeyError:
        return
    if b"encryption-data" in manifest:
        raise ImportError_(f"{name}: the spreadsheet is password-protected; "
                           "save an unprotected copy and import that")


def _check_xml(z: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, whole: bool = False) -> None:
    """A DTD can only come before the root element, so parsing up to the
    first element is enough to refuse entity tricks (billion laughs,
    external entities) at almost no cost; `whole` parses to the end."""
    try:
        with z.open(member) as fh:
            for _event, elem in iterparse(fh, events=("end",) if whole else ("start",), forbid_dtd=True):
                if not whole:
                    break
                elem.clear()
    except DefusedXmlException:
        raise ImportError_(f"{name}: part {shown(member.filename)} declares XML entities or a DTD; "
                           "refusing a possibly hostile file") from None
    except zipfile.BadZipFile:
        raise ImportError_(f"{name}: the file is damaged or truncated") from None
    except Exception as exc:  # a parse error in one part: damaged package
        if type(exc).__name__ == "ParseError":
            raise ImportError_(f"{name}: part {shown(member.filename)} is not well-formed XML;"
                               " the file is damaged") from None
        # zlib errors, encrypted or unsupported zip entries, unknown encodings
        raise ImportError_(f"{name}: part {shown(member.filename)} cannot be read; the file is damaged "
                           f"({type(exc).__name__})") from None
