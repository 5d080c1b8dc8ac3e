"""Measurement tables of any size: large CSV and Parquet files read by DuckDB,
and SQL queries run where the data lives (through SQLAlchemy).

Millions of raw answers never come into Python one by one. The import reads
the first rows to find the header and what each column is (the same code as
for a spreadsheet), then asks the engine for each distinct combination of the
columns it uses and how many rows have it: a few thousand rows that stand for
millions (a histogram of the answers per touchpoint, question, date and
segment). The plan is made from those, with the metric library's formulas,
exactly as from rows read one by one.

Runs in the reading child process (see isolation): duckdb and sqlalchemy are
imported there, never in the window's process.
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .safety import ImportError_
from .safety import shown as clip

# Rows the header, layout and columns are worked out from.
SAMPLE_ROWS = 1000
# Up to this many rows a table is read whole, as a spreadsheet is, and every
# layout can be imported from it; beyond, only raw answers (which the engine
# counts) can.
WHOLE_ROWS = 200_000
# The engine's own memory, within the reading process's limit.
ENGINE_MEMORY = "256MB"

Key = tuple[Any, ...]


def cell(value: Any) -> Any:
    """A value as the spreadsheet reader gives it: blank is "", decimals
    are floats, a timestamp is a datetime (DuckDB and drivers give the same
    Python types calamine does otherwise)."""
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (str, int, float, bool, dt.date, dt.datetime, dt.time)):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        # Text kept as plain BINARY (older Parquet writers, some drivers)
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return bytes(value).hex()
    return str(value)


class Table(ABC):
    """One table, its first rows, and grouped counts over all of it.
    `header_in_data` says whether the header is among the rows the engine
    sees (a CSV read raw has its header lines in the data; a Parquet file or
    a query has its column names apart)."""

    name: str
    header_in_data: bool
    notes: list[str]
    counted_where = "by DuckDB"
    delimiter = ","  # a CSV's, for the plan's number reading

    @abstractmethod
    def sample(self) -> list[list[Any]]:
        """The first SAMPLE_ROWS rows, column names first where they are apart."""

    @abstractmethod
    def row_count(self) -> int:
        """Every row the engine sees."""

    @abstractmethod
    def all_rows(self) -> list[list[Any]]:
        """The whole table, as sample() gives its top."""

    def grouped(self, skip: int, columns: Sequence[int], distinct: int | None) -> list[tuple[Key, int, int]]:
        """(values of `columns`, rows, rows counted) for each distinct
        combination, over the data rows from `skip` on. With a `distinct`
        column (a respondent id), rows counted counts each of its values once
        per combination (a repeated identical answer is one answer); rows
        without one all count. The query runs where the data is."""
        keys = ", ".join(self._quoted(c) for c in columns)
        counted = "count(*)" if distinct is None else \
            f"count(DISTINCT {self._quoted(distinct)}) + count(*) - count({self._quoted(distinct)})"
        rows = self._run(f"SELECT {keys}, count(*), {counted} FROM {{source}} GROUP BY {keys}", skip)
        return [(tuple(cell(v) for v in row[:-2]), int(row[-2]), int(row[-1])) for row in rows]

    def first_rows(self, skip: int, columns: Sequence[int], keys: set[Key]) -> dict[Key, int]:  # noqa: ARG002
        """The first row (0-based, data rows from `skip` on) with each key,
        where the source has row numbers; {} where it does not (a query)."""
        return {}

    @abstractmethod
    def _quoted(self, index: int) -> str:
        """Column `index`'s name as an identifier in this engine's SQL."""

    @abstractmethod
    def _run(self, sql: str, skip: int = 0) -> list[Any]:
        """Rows of `sql`, its {source} the table's rows from `skip` on."""


class DuckTable(Table):
    """A CSV or Parquet file, read by DuckDB in this process."""

    def __init__(self, path: Path, kind: str, delimiter: str = ",", encoding: str = "utf-8") -> None:
        import duckdb
        self.name = path.name
        self.notes = []
        self.con = duckdb.connect(config={"memory_limit": ENGINE_MEMORY, "threads": min(4, os.cpu_count() or 1)})
        self.header_in_data = kind == "csv"
        self.delimiter = delimiter
        self.path = str(path)
        if kind == "csv":
            # Every field as text, no header: the import reads the header
            # and the numbers itself, as for any CSV.
            self._source = ("read_csv(?, header=false, all_varchar=true, delim=?, quote='\"', escape='\"', "
                            "null_padding=true, strict_mode=false, encoding=?, skip={skip})")
            self._params: list[Any] = [self.path, delimiter, encoding]
        else:
            self._source = "read_parquet(?)"
            self._params = [self.path]
        try:
            described = self.con.execute(f"DESCRIBE SELECT * FROM {self._relation(0)}", self._params).fetchall()
        except duckdb.Error as exc:
            raise ImportError_(f"{self.name}: cannot be read ({_first_line(exc)})") from None
        self.columns = [row[0] for row in described]

    def _relation(self, skip: int) -> str:
        return self._source.replace("{skip}", str(int(skip)))

    def _run(self, sql: str, skip: int = 0) -> list[tuple[Any, ...]]:
        import duckdb
        try:
            return self.con.execute(sql.replace("{source}", self._relation(skip)), self._params).fetchall()
        except duckdb.OutOfMemoryException:
            raise MemoryError from None
        except duckdb.Error as exc:
            raise ImportError_(f"{self.name}: cannot be read ({_first_line(exc)})") from None

    def _quoted(self, index: int) -> str:
        name: str = self.columns[index]
        return '"' + name.replace('"', '""') + '"'

    def sample(self) -> list[list[Any]]:
        rows = [[cell(v) for v in row] for row in self._run(f"SELECT * FROM {{source}} LIMIT {SAMPLE_ROWS}")]
        return rows if self.header_in_data else [list(self.columns), *rows]

    def row_count(self) -> int:
        return int(self._run("SELECT count(*) FROM {source}")[0][0])

    def all_rows(self) -> list[list[Any]]:
        rows = [[cell(v) for v in row] for row in self._run("SELECT * FROM {source}")]
        return rows if self.header_in_data else [list(self.columns), *rows]

    def first_rows(self, skip: int, columns: Sequence[int], keys: set[Key]) -> dict[Key, int]:
        if not keys:
            return {}
        names = ", ".join(self._quoted(c) for c in columns)
        rows = self._run(f"SELECT {names}, min(rn) FROM (SELECT {names}, row_number() OVER () - 1 AS rn "
                         f"FROM {{source}}) GROUP BY ALL", skip)
        found = {}
        for row in rows:
            key = tuple(cell(v) for v in row[:-1])
            if key in keys:
                found[key] = int(row[-1])
        return found


class SqlTable(Table):
    """The result of a query, run in the database the URL names. Grouping
    runs there too: only the counts travel."""

    counted_where = "in the database"

    def __init__(self, url: str, query: str) -> None:
        import sqlalchemy as sa
        self.url = resolve_url(url)
        self.name = f"query on {shown_url(url)}"
        self.notes = []
        self.header_in_data = False
        self.query = query.strip().rstrip(";")
        if not self.query:
            raise ImportError_(f"{self.name}: the query is empty")
        try:
            self.engine = sa.create_engine(self.url, **_read_only(self.url))
            self.conn = self.engine.connect()
            if self.engine.dialect.name == "postgresql":
                # An import only reads: the server refuses anything else.
                self.conn = self.conn.execution_options(postgresql_readonly=True)
            result = self.conn.execute(sa.text(f"SELECT * FROM ({self.query}) AS jm_q LIMIT {SAMPLE_ROWS}"))
            self.columns = list(result.keys())
            self._sample = [[cell(v) for v in row] for row in result]
        except ImportError as exc:
            raise ImportError_(f"{self.name}: the database driver is not installed ({exc.name or exc}); "
                               "see the README's 'Importing from a database'") from None
        except Exception as exc:
            raise ImportError_(f"{self.name}: {sql_error(exc)}") from None

    def _run(self, sql: str, skip: int = 0) -> list[Any]:
        import sqlalchemy as sa
        assert skip == 0  # a query's column names are apart from its rows
        try:
            return list(self.conn.execute(sa.text(sql.replace("{source}", f"({self.query}) AS jm_q"))))
        except Exception as exc:
            raise ImportError_(f"{self.name}: {sql_error(exc)}") from None

    def _quoted(self, index: int) -> str:
        quote: str = self.engine.dialect.identifier_preparer.quote(self.columns[index])
        return quote

    def sample(self) -> list[list[Any]]:
        return [list(self.columns), *self._sample]

    def row_count(self) -> int:
        return int(self._run("SELECT count(*) FROM {source}")[0][0])

    def all_rows(self) -> list[list[Any]]:
        return [list(self.columns), *([cell(v) for v in row] for row in self._run("SELECT * FROM {source}"))]


def _read_only(url: str) -> dict[str, Any]:
    """An import only reads. A DuckDB file is opened read-only: a mistyped
    path is then an error, not a new empty database written to disk, and
    other programs can read the file while the wizard is open."""
    import sqlalchemy as sa
    if sa.make_url(url).get_backend_name() == "duckdb":
        return {"connect_args": {"read_only": True}}
    return {}


def resolve_url(url: str) -> str:
    """The URL as given, or the value of the environment variable it names
    ("env:NAME" or "$NAME"): the password then never passes through the
    command line or into the journey file."""
    name = url[4:] if url.startswith("env:") else url[1:] if url.startswith("$") else None
    if name is None:
        return url
    value = os.environ.get(name)
    if not value:
        raise ImportError_(f"the database URL names the environment variable {clip(name)}, which is not set")
    return value


def shown_url(url: str) -> str:
    """A URL for messages and the journey file: never with its password."""
    if url.startswith(("env:", "$")):
        return url
    try:
        import sqlalchemy as sa
        return str(sa.make_url(url).render_as_string(hide_password=True))
    except Exception:
        return "a database"


def sql_error(exc: BaseException) -> str:
    """One line from a driver's error: its first line, no SQL echo, no
    password (SQLAlchemy's message carries the statement and a link)."""
    import sqlalchemy as sa
    if isinstance(exc, sa.exc.NoSuchModuleError):
        kind = str(exc).rpartition(":")[2].strip()
        return (f"'{clip(kind, 40)}' is not a database this installation knows (postgresql and duckdb are built in; "
                "another needs its SQLAlchemy dialect installed, see the README)")
    if isinstance(exc, sa.exc.ArgumentError):
        return "not a database URL (expected, for example, postgresql+psycopg://user@host/database)"
    original = getattr(exc, "orig", None) or exc
    text = _first_line(original)
    if "password" in text.lower() and "authentication" not in text.lower():
        text = "the connection was refused (check the user name and password)"
    return clip(text, 200)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return clip(lines[0] if lines else type(exc).__name__, 200)
