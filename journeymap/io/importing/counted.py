"""A table too large to read row by row becomes counted rows: one row per
distinct combination of the columns the import uses, with how many rows of
the source it stands for. The engine (DuckDB, or the database a query runs
in) does the counting; the plan reads the counted rows with the same code as
any sheet, and every answer counts as many times as its row's weight."""

from __future__ import annotations

from .columns import ColumnMap
from .reader import MAX_ROWS, SheetData
from .safety import ImportError_
from .table import Table

# The columns a row per answer is read from (the respondent is counted
# apart: the engine counts each respondent's identical answer once).
COUNTED_ROLES = ("touchpoint", "phase", "metric", "score", "period", "date", "segment")


def can_count(cmap: ColumnMap, layout: str | None, table: Table) -> bool:
    """Raw answers, a row each, with the header where the engine sees it."""
    roles = cmap.roles
    header_where_expected = table.header_in_data or cmap.data_start == 1
    return layout == "responses" and {"touchpoint", "metric", "score"} <= roles.keys() and header_where_expected


def whole(data: SheetData, file: str) -> SheetData:
    """Every row of the table, for a layout the engine cannot count."""
    assert data.table is not None
    rows = data.table.row_count()
    if rows > MAX_ROWS:
        raise ImportError_(f"{file}: {rows:,} rows are too many to read one by one (at most {MAX_ROWS:,}); a table "
                           "this large is imported as raw answers, a row per answer with Touchpoint, Question "
                           "and Score columns, which are counted without reading each row")
    return SheetData(data.name, data.table.all_rows(), first_row=data.first_row, first_col=data.first_col)


def counted(data: SheetData, cmap: ColumnMap, decisions: list[str]) -> tuple[SheetData, int]:
    """(counted rows, source rows)."""
    table = data.table
    assert table is not None
    roles = cmap.roles
    used = [roles[r] for r in COUNTED_ROLES if r in roles]
    respondent = roles.get("respondent")
    skip = cmap.data_start if table.header_in_data else 0
    groups = table.grouped(skip, used, respondent)
    width = max([*used, respondent or 0]) + 1
    header = [list(row) for row in data.rows[: cmap.data_start]]
    rows = []
    weights: list[int | None] = [None] * len(header)
    repeats = [0] * len(header)
    source_rows = 0
    for key, n, kept in groups:
        row: list[object] = [""] * width
        for c, value in zip(used, key, strict=True):
            row[c] = value
        rows.append(row)
        weights.append(kept)
        repeats.append(n - kept)  # counted as dropped where the answer is used
        source_rows += n
    keys = {i + len(header): key for i, (key, _, _) in enumerate(groups)}

    def row_numbers() -> dict[int, int]:
        """The first source row of each counted row: asked of the engine
        only when a message needs one (it is another pass over the data)."""
        first = table.first_rows(skip, used, set(keys.values()))
        offset = data.first_row + skip + (0 if table.header_in_data else 1) + 1
        return {r: first[key] + offset for r, key in keys.items() if key in first}
    out = SheetData(data.name, header + rows, first_row=data.first_row, first_col=data.first_col,
                    weights=weights, repeats=repeats, row_numbers=row_numbers)
    decisions.append(f"{source_rows:,} rows counted {table.counted_where}: {len(rows):,} distinct combinations of "
                     "touchpoint, question, answer, date and segment")
    return out, source_rows
