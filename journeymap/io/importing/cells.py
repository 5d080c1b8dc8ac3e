"""Reading one messy cell: names, numbers stored as text, dates, error codes."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

EXCEL_ERRORS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!"})
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(ValueError):
    """A cell that cannot be used, with the reason in plain words."""


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Case, accents, extra and non-breaking spaces ignored: "  Café  Chat " == "cafe chat"."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def error_code(value: object) -> str | None:
    if isinstance(value, str):
        text = value.strip().upper()
        if text in EXCEL_ERRORS or text.startswith("ERR:"):  # LibreOffice writes Err:502
            return value.strip()
    return None


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def parse_number(value: object) -> tuple[float, bool]:
    """(number, had_percent_sign). Accepts 4.5, "4,5", "1 234,5", "1,234.5",
    "1.234,5", "82%", with ordinary, non-breaking or thin spaces."""
    if isinstance(value, bool):
        return (1.0 if value else 0.0), False
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("not a number")
        return float(value), False
    if not isinstance(value, str):
        raise CellError(f"'{value}' is not a number")
    text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if "," in text and "." in text:
        # The separator that comes last is the decimal one.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif text.count(",") == 1 and len(text.split(",")[1]) == 3 and len(text.split(",")[0].lstrip("+-")) >= 1 \
            and text.split(",")[0].lstrip("+-") != "0":
        # "1,234" is a thousands separator; "4,5" and "0,125" are decimal commas.
        text = text.replace(",", "")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise CellError(f"'{value}' is not a number")
    return float(text), percent


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S",
                 "%Y-%m-%dT%H:%M:%S", "%d %b %Y", "%b %d, %Y")


def parse_date(value: object) -> dt.date:
    """A date from a date cell, an Excel serial number or text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's own range of serials
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(f"{value} is not a date")
    if isinstance(value, str):
        text = value.strip()
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return parse_date(float(text))
    raise CellError(f"'{value}' is not a date")


def quarter(day: dt.date) -> str:
    """The period a dated answer counts towards: "2026-Q1"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()
