"""An import read once: the one way in for the wizard, the CLI and Refresh
data. The file is safety-checked and opened once, each sheet is read once
(reader.Workbook keeps them), and a plan is made once per set of choices:
the wizard re-plans at every step and every mapping change, and choices it
has seen before cost nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from journeymap.model.journey import Journey

from .columns import ColumnMap
from .isolation import ReadCancelled, Waiter, Worker, isolated
from .plan import ImportOptions, ImportPlan, plan_import, read_columns
from .reader import QUERY_SHEET, SheetData, Workbook
from .safety import ImportError_

Choices = tuple[object, ...]
Made = TypeVar("Made")


def choices_key(options: ImportOptions) -> Choices:
    """Everything in the options a plan depends on, hashable."""
    return (options.sheet, options.layout, options.create_missing, tuple(sorted(options.mapping.items())),
            options.default_period, options.date_order, options.decimal)


class ImportSource:
    """One spreadsheet or text file, read and checked, and what was worked
    out from it. Plans are made against one journey as it stands: call
    `forget_plans` when that journey changes."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.waiter: Waiter | None = None  # read here, in this process: no one waits on a child
        self._journey: Journey | None = None
        # choices -> the plan, or the error that choice gave (made once too)
        self._plans: dict[Choices, ImportPlan | ImportError_] = {}
        self._columns: dict[Choices, tuple[SheetData, ColumnMap] | ImportError_] = {}

    @property
    def path(self) -> Path:
        return self.workbook.path

    @property
    def name(self) -> str:
        return self.workbook.name

    @property
    def kind(self) -> str:
        return self.workbook.kind

    @property
    def sheet_names(self) -> list[str]:
        return self.workbook.sheet_names

    def read(self, sheet: str) -> SheetData:
        return self.workbook.read(sheet)

    def plan(self, journey: Journey, options: ImportOptions) -> ImportPlan:
        """The plan for these choices; raises ImportError_ as plan_import does."""
        return self._once(self._plans, journey, options, plan_import)

    def columns(self, journey: Journey, options: ImportOptions) -> tuple[SheetData, ColumnMap]:
        """The sheet and what its columns were taken for, also when no plan
        can be made from them (the wizard shows them so they can be mapped)."""
        return self._once(self._columns, journey, options, read_columns)

    def close(self) -> None:
        """Nothing to let go of: the file was read in this process."""

    def forget_plans(self) -> None:
        """The journey changed: plans made against it are out of date (the
        sheets read stay: the file did not change)."""
        self._plans.clear()
        self._columns.clear()

    def _once(self, cache: dict[Choices, Made | ImportError_], journey: Journey, options: ImportOptions,
              make: Callable[[Journey, Workbook, ImportOptions], Made]) -> Made:
        if journey is not self._journey:
            self.forget_plans()
            self._journey = journey
        key = choices_key(options)
        if key not in cache:
            try:
                cache[key] = make(journey, self.workbook, options)
            except ImportError_ as exc:  # the same choices give the same error: said again, not made again
                cache[key] = exc
        found = cache[key]
        if isinstance(found, ImportError_):
            raise found.with_traceback(None)
        return found


PREVIEW_ROWS = 8  # rows under the header shown with the column table


def preview(data: SheetData, header_end: int) -> SheetData:
    """The top of a sheet, for the wizard's column table: what crosses from
    the reading process to the window is small, whatever the sheet's size."""
    rows = [list(row) for row in data.rows[: header_end + PREVIEW_ROWS]]
    return SheetData(data.name, rows, first_row=data.first_row, first_col=data.first_col)


class _SourceInChild:
    """The ImportSource inside the reading process (isolation.Worker), with
    the journey plans are made against: the one forked with it, or one sent
    when the journey has changed since."""

    def __init__(self, where: Where, journey: Journey | None) -> None:
        self.source = ImportSource(open_workbook(where))
        self.journey = journey

    def about(self) -> tuple[str, list[str]]:
        return self.source.kind, self.source.sheet_names

    def use_journey(self, saved: bytes) -> None:
        from journeymap.io.journey_file import loads
        self.journey = loads(saved)

    def plan(self, options: ImportOptions) -> ImportPlan:
        assert self.journey is not None  # the parent hands one over before it asks
        return self.source.plan(self.journey, options)

    def columns(self, options: ImportOptions) -> tuple[SheetData, ColumnMap]:
        assert self.journey is not None
        data, cmap = self.source.columns(self.journey, options)
        return preview(data, cmap.data_start), cmap

    def read(self, sheet: str) -> SheetData:
        return preview(self.source.read(sheet), 100)


class IsolatedSource:
    """ImportSource's face for a file read in a child process (see
    isolation): the same questions, answered there, each set of choices once.
    The file is opened when this is made, so a broken file is refused then."""

    def __init__(self, where: Where, journey: Journey | None = None, waiter: Waiter | None = None) -> None:
        self.where = where
        self.path = where if isinstance(where, Path) else Path(QUERY_SHEET)
        self.name = where.name if isinstance(where, Path) else where.shown
        self.waiter = waiter
        self._journey = journey  # the journey the child has, at the version it had
        self._version = journey.version if journey is not None else -1
        self._answers: dict[tuple[str, Choices], object] = {}
        self._worker = self._start()
        self.kind, self.sheet_names = self._worker.call("about")

    def _start(self) -> Worker:
        where, journey = self.where, self._journey
        return Worker(self.name, lambda: _SourceInChild(where, journey), waiter=self.waiter)

    def plan(self, journey: Journey, options: ImportOptions) -> ImportPlan:
        return self._ask("plan", journey, options)  # type: ignore[return-value]

    def columns(self, journey: Journey, options: ImportOptions) -> tuple[SheetData, ColumnMap]:
        return self._ask("columns", journey, options)  # type: ignore[return-value]

    def read(self, sheet: str) -> SheetData:
        """The first hundred rows of a sheet."""
        return self._worker.call("read", sheet)  # type: ignore[no-any-return]

    def forget_plans(self) -> None:
        self._answers.clear()

    def close(self) -> None:
        self._worker.close()

    def _ask(self, method: str, journey: Journey, options: ImportOptions) -> object:
        if journey is not self._journey or journey.version != self._version:
            from journeymap.io.journey_file import dumps_bytes
            self._journey, self._version = journey, journey.version
            self.forget_plans()
            self._call("use_journey", dumps_bytes(journey))
        key = (method, choices_key(options))
        if key not in self._answers:
            try:
                self._answers[key] = self._call(method, options)
            except ReadCancelled:
                raise  # not kept: asked again, it is read again
            except ImportError_ as exc:
                self._answers[key] = exc
        found = self._answers[key]
        if isinstance(found, ImportError_):
            raise found.with_traceback(None)
        return found

    def _call(self, method: str, *args: object) -> object:
        """A call to the child; a cancelled read stopped it, so the next call
        starts a new one (forked with the current journey: _start hands it over)."""
        self._worker.waiter = self.waiter  # the caller may have changed it since
        if self._worker.cancelled:
            self._worker = self._start()
        return self._worker.call(method, *args)


Source = ImportSource | IsolatedSource


@dataclass(frozen=True)
class SqlQuery:
    """A query run in the database the URL names (see table.SqlTable)."""
    url: str
    query: str

    @property
    def shown(self) -> str:
        from .table import shown_url
        return f"query on {shown_url(self.url)}"


Where = Path | SqlQuery


def open_workbook(where: Where) -> Workbook:
    return Workbook.of_query(where.url, where.query) if isinstance(where, SqlQuery) else Workbook(where)


def read_source(where: str | Path | SqlQuery, journey: Journey | None = None,
                waiter: Waiter | None = None) -> Source:
    """Check and open the file or run the query (raises ImportError_ for a
    hostile, broken or unsupported one, or a query the database refuses);
    sheets are read on first use, once. The reading happens in a child
    process (see isolation) unless that is switched off; `journey`, when
    known, is the one plans will be made against (handed to the child for
    free), and `waiter` sees the time pass and can cancel."""
    if not isinstance(where, SqlQuery):
        where = Path(where)
    if isolated():
        return IsolatedSource(where, journey, waiter)
    return ImportSource(open_workbook(where))


def build_plan(journey: Journey, path: str | Path, options: ImportOptions | None = None) -> ImportPlan:
    """One plan from a file: read_source(path).plan(journey, options)."""
    return read_source(path, journey).plan(journey, options or ImportOptions())
