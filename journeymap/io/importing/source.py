"""An import read once: the one way in for the wizard, the CLI and Refresh
data. The file is safety-checked and opened once, each sheet is read once
(reader.Workbook keeps them), and a plan is made once per set of choices:
the wizard re-plans at every step and every mapping change, and choices it
has seen before cost nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from journeymap.model.journey import Journey

from .columns import ColumnMap
from .plan import ImportOptions, ImportPlan, plan_import, read_columns
from .reader import SheetData, Workbook
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
        self._journey: Journey | None = None
        # choices -> the plan, or the error that choice gave (made once too)
        self._plans: dict[Choices, ImportPlan | ImportError_] = {}
        self._columns: dict[Choices, tuple[SheetData, ColumnMap] | ImportError_] = {}

    @property
    def path(self) -> Path:
        return self.workbook.path

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


def read_source(path: str | Path) -> ImportSource:
    """Check and open the file (raises ImportError_ for a hostile, broken or
    unsupported one); its sheets are read on first use, once."""
    return ImportSource(Workbook(Path(path)))


def build_plan(journey: Journey, path: str | Path, options: ImportOptions | None = None) -> ImportPlan:
    """One plan from a file: read_source(path).plan(journey, options)."""
    return read_source(path).plan(journey, options or ImportOptions())
