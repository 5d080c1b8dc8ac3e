"""What a row's answers count towards (period and segment), and how the
numbers in each column are written (decimal comma or point). Both are
decided once per column from all its values, stated in the report, and can
be set by the user; what cannot be told is refused, not guessed."""

from __future__ import annotations

from typing import Any

from .cells import AmbiguousNumberError, CellError, cell_text, decimal_evidence, error_code, is_blank, parse_number
from .columns import ColumnMap
from .dates import ORDER_WORDS, infer_order, parse_date, quarter
from .reader import SheetData, column_letter
from .safety import ImportError_
from .safety import shown as clip


class RowContext:
    """Period and segment of each row: a Period column as written, else the
    quarter of the Date column, else the default period. A blank segment is
    no segment: the caller counts such an answer for all customers only."""

    def __init__(self, data: SheetData, cmap: ColumnMap, file: str, default_period: str,
                 date_order: str | None, decisions: list[str], blank_date_period: str = "") -> None:
        self.period_col = cmap.roles.get("period")
        self.date_col = cmap.roles.get("date")
        self.segment_col = cmap.roles.get("segment")
        self.default_period = default_period
        # A row whose Date cell is blank counts for the current quarter, as a
        # file without dates does; never for a period "" no view can show.
        self.blank_date_period = blank_date_period or default_period
        self.order = date_order
        self._memo: dict[object, str | CellError] = {}
        if self.date_col is not None:
            label = cmap.label(self.date_col)
            values = text_values(data.rows, cmap.data_start, self.date_col)
            order, why = infer_order(values)
            if date_order and order and order != date_order and date_order != "ymd":
                raise ImportError_(
                    f"{file}, sheet '{clip(data.name)}', column {column_letter(data.first_col + self.date_col)} "
                    f"('{clip(label)}'): {ORDER_WORDS[date_order]} was chosen, but {why}")
            if date_order:
                decisions.append(f"dates in column '{clip(label)}' read as {ORDER_WORDS[date_order]} (as chosen)")
            elif order:
                self.order = order
                decisions.append(f"dates in column '{clip(label)}' read as {ORDER_WORDS[order]}: {why}")
            elif why and self.period_col is None:
                # (With a Period column the dates matter only where it is
                # blank; such a row is skipped with the same reason.)
                raise ImportError_(
                    f"{file}, sheet '{clip(data.name)}', column {column_letter(data.first_col + self.date_col)} "
                    f"('{clip(label)}'): {why}; say which with --date-order dmy or mdy "
                    "(in the window: Dates on the first page)")

    def period(self, row: list[Any]) -> str:
        """The row's period; CellError (with the date column's reason) when its date cannot be read."""
        col = self.period_col
        if col is not None and col < len(row) and not is_blank(row[col]):
            return cell_text(row[col])
        col = self.date_col
        if col is None or col >= len(row):
            return self.default_period
        raw = row[col]
        hit = self._memo.get(raw)  # dates repeat: each distinct one is parsed once
        if hit is None:
            if is_blank(raw):
                hit = self.blank_date_period
            else:
                try:
                    hit = quarter(parse_date(raw, self.order))
                except CellError as exc:
                    hit = CellError(f"{exc} (expected a date)")
            self._memo[raw] = hit
        if isinstance(hit, str):
            return hit
        raise hit

    def segment(self, row: list[Any]) -> str:
        if self.segment_col is None or self.segment_col >= len(row):
            return ""
        return cell_text(row[self.segment_col])


class Numbers:
    """The decimal separator of each column that holds numbers as text.

    A column's own unambiguous values decide ("4,5" is a decimal comma,
    "1,234.5" a decimal point); failing that, the file's ("4,5" elsewhere, or
    a semicolon-separated CSV, as Excel writes where the comma is decimal);
    failing that, the user's choice. A value such as "1,250" that could be
    either is refused while nothing decides."""

    def __init__(self, data: SheetData, cmap: ColumnMap, columns: list[int], delimiter: str,
                 choice: str | None, decisions: list[str]) -> None:
        self.by_col: dict[int, str | None] = {}
        # A count is whole: in the n column "1.234" and "1,234" are thousands.
        self.whole = cmap.roles.get("n")
        evidence: dict[int, set[str]] = {}
        ambiguous: dict[int, str] = {}
        for c in columns:
            seen: set[str] = set()
            for text in text_values(data.rows, cmap.data_start, c):
                if text:
                    mark = decimal_evidence(text)
                    if mark:
                        seen.add(mark)
                    elif c not in ambiguous and _looks_ambiguous(text):
                        ambiguous[c] = text.strip()
                    if len(seen) == 2:
                        break
            evidence[c] = seen
        file_marks = set().union(*evidence.values()) if evidence else set()
        if choice:
            file_default, why = choice, "as chosen"
        elif len(file_marks) == 1:
            file_default = next(iter(file_marks))
            why = "other values in the file can only be read that way"
        elif delimiter == ";":
            file_default, why = ",", "the file is semicolon-separated, as Excel writes where the comma is decimal"
        else:
            file_default, why = None, ""
        for c in columns:
            own = evidence[c]
            if choice:
                self.by_col[c] = choice
            elif len(own) == 1:
                self.by_col[c] = next(iter(own))
            else:
                self.by_col[c] = file_default
            if c == self.whole and c in ambiguous:
                decisions.append(f"column '{clip(cmap.label(c))}': '{ambiguous[c]}' read as "
                                 f"{_digits(ambiguous[c])} (a count is a whole number)")
            elif c in ambiguous and self.by_col[c]:
                mark = self.by_col[c]
                reason = why if not (len(own) == 1 and not choice) else "its other values can only be read that way"
                decisions.append(f"column '{clip(cmap.label(c))}': '{ambiguous[c]}' read with a decimal "
                                 f"{'comma' if mark == ',' else 'point'} ({reason})")

    def number(self, data: SheetData, r: int, c: int, value: object) -> tuple[float, bool]:
        code = error_code(value) or (data.errors.get((r, c)) if value == "" else None)
        if code:
            raise CellError(f"Excel error {code}")
        decimal = self.by_col.get(c)
        if c == self.whole and isinstance(value, str) and _looks_ambiguous(value):
            decimal = "." if "," in value else ","
        try:
            return parse_number(value, decimal)
        except AmbiguousNumberError as exc:
            raise CellError(f"{exc}; say which with --decimal comma or point") from None


def text_values(rows: list[list[Any]], start: int, col: int, probe: int = 1000) -> set[str]:
    """The distinct text values of a column. A column whose first `probe`
    values hold no text (date cells, number cells) is not scanned further:
    a stray text value below them is still parsed on its own, and refused
    when it reads two ways."""
    head = [row[col] for row in rows[start: start + probe] if col < len(row)]
    if not any(v.__class__ is str and v for v in head):
        return set()
    return {row[col] for row in rows[start:] if col < len(row) and row[col].__class__ is str}


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() or ch in "+-")


def _looks_ambiguous(text: str) -> bool:
    try:
        parse_number(text)
    except AmbiguousNumberError:
        return True
    except CellError:
        return False
    return False
