"""Dates as survey tools and helpdesks write them, and the period they give.

Handled: date and date-time cells, Excel serial numbers, ISO 8601 with or
without a time zone ("2026-02-03T09:15:27Z", "+02:00"), numeric dates with
any of / . - and a trailing time ("03/14/2026 10:22:01 AM",
"2024/02/20 10:02:57 AM GMT+1"), and month names ("3 Feb 2026",
"Feb 3, 2026"). The date counts as written: a time zone is not converted,
because the respondent's own calendar day is the one they answered on.

Day/month order is decided per column from its values (a first field above
12 means day/month, a second above 12 means month/day) or given by the
user; a column whose order cannot be told is refused, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from journeymap.model.periods import MONTHS

from .cells import CellError

ORDERS = ("dmy", "mdy", "ymd")
ORDER_WORDS = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers outside these years are far more likely to be something else
# (a year, a count, an id) than a survey date.
_SERIAL_YEARS = (1980, 2100)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")
_NUMERIC = re.compile(r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})\.?(?:$|[T\s,])")
_DAY_MONTH_NAME = re.compile(r"^(?:[a-z]{3,9},?\s+)?(\d{1,2})[\s\-]+([a-z]{3,9})\.?[\s\-,]+(\d{4})\b")
_MONTH_NAME_DAY = re.compile(r"^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def quarter(day: dt.date) -> str:
    """The period a dated answer counts towards: "2026-Q1"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _numeric_fields(text: str) -> tuple[int, int, int] | None:
    """(first, second, year) of a d/m/y or m/d/y date; None for other forms."""
    m = _NUMERIC.match(text.strip())
    if not m or len(m.group(1)) > 2:
        return None
    year = int(m.group(4))
    if len(m.group(4)) == 2:
        year += 2000
    elif len(m.group(4)) != 4:
        return None
    return int(m.group(1)), int(m.group(3)), year


def infer_order(values: Iterable[object]) -> tuple[str | None, str]:
    """Day/month order of a column's text dates: (order or None, why).

    None with an empty reason means no value needed an order (ISO dates,
    date cells, or days equal to months); None with a reason means the order
    cannot be told and must be chosen."""
    day_first = month_first = None
    ambiguous = None
    for value in values:
        if not isinstance(value, str):
            continue
        fields = _numeric_fields(value)
        if fields is None:
            continue
        a, b, _ = fields
        if a > 12 and day_first is None:
            day_first = value.strip()
        elif b > 12 and month_first is None:
            month_first = value.strip()
        elif a != b and ambiguous is None:
            ambiguous = value.strip()
    if day_first and month_first:
        return None, f"it mixes day/month ('{day_first}') and month/day ('{month_first}') dates"
    if day_first:
        return "dmy", f"'{day_first}' can only be day/month"
    if month_first:
        return "mdy", f"'{month_first}' can only be month/day"
    if ambiguous:
        return None, f"dates such as '{ambiguous}' could be day/month or month/day"
    return None, ""


def _checked(year: int, month: int, day: int, text: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"'{text}' is not a date") from None


def parse_date(value: object, order: str | None = None) -> dt.date:
    """A date from a date cell, an Excel serial number or text.

    `order` ("dmy" or "mdy") is needed only for numeric dates whose first two
    fields are both 12 or less and differ."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value)
    if not isinstance(value, str):
        raise CellError(f"'{value}' is not a date")
    text = value.strip()
    m = _ISO.match(text)
    if m:
        return _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)), value)
    m = _NUMERIC.match(text)
    if m and len(m.group(1)) == 4:  # 2024/02/20: year first is always year/month/day
        return _checked(int(m.group(1)), int(m.group(3)), int(m.group(4)), value)
    fields = _numeric_fields(text)
    if fields is not None:
        a, b, year = fields
        if a > 12 or (order == "dmy" and b <= 12):
            return _checked(year, b, a, value)
        if b > 12 or order == "mdy" or a == b:
            return _checked(year, a, b, value)
        raise CellError(f"'{value}' could be day/month or month/day")
    lowered = text.lower()
    m = _DAY_MONTH_NAME.match(lowered)
    if m and m.group(2) in MONTHS:
        return _checked(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)), value)
    m = _MONTH_NAME_DAY.match(lowered)
    if m and m.group(1) in MONTHS:
        return _checked(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)), value)
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _serial(float(text))
    raise CellError(f"'{value}' is not a date")


def _serial(value: float) -> dt.date:
    if value != value or not 1 <= value < 2958466:
        raise CellError(f"{value:g} is not a date")
    day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    if not _SERIAL_YEARS[0] <= day.year <= _SERIAL_YEARS[1]:
        raise CellError(f"{value:g} is not a date (as an Excel date it would be {day.isoformat()})")
    return day
