"""Reading one messy cell: names, numbers stored as text, dates, error codes."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

EXCEL_ERRORS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!"})


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


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# "1,234" / "1.234": one separator followed by exactly three digits could be a
# thousands separator or a decimal one; only the file's convention can tell.
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
_COMMA_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+(,\d*)?|\d*,\d{1,2}|\d*,\d{4,}|0,\d+)%?$")
_POINT_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+(\.\d*)?|\d*\.\d{1,2}|\d*\.\d{4,}|0\.\d+)%?$")


class AmbiguousNumberError(CellError):
    """'1,250' where nothing tells a decimal comma from a thousands separator."""


def decimal_evidence(value: object) -> str | None:
    """"," or "." when a text number can only be read one way, else None."""
    if not isinstance(value, str):
        return None
    text = _compact(value)
    if _AMBIGUOUS.match(text):
        return None
    if _COMMA_DECIMAL.match(text):
        return ","
    if _POINT_DECIMAL.match(text):
        return "."
    return None


def _compact(value: str) -> str:
    return value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")


def parse_number(value: object, decimal: str | None = None) -> tuple[float, bool]:
    """(number, had_percent_sign). Accepts 4.5, "4,5", "1 234,5", "1,234.5",
    "1.234,5", "82%", with ordinary, non-breaking or thin spaces.

    `decimal` is the column's decimal separator ("," or "."), decided from
    the file; without it a value such as "1,250" that reads two ways is
    refused (AmbiguousNumberError) rather than guessed."""
    if isinstance(value, bool):
        raise CellError(f"'{value}' is a TRUE/FALSE cell, not a number")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("not a number")
        return float(value), False
    if not isinstance(value, str):
        raise CellError(f"'{value}' is not a number")
    text = _compact(value)
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    sep = decimal
    if sep is None:
        if "," in text and "." in text:
            sep = "," if text.rfind(",") > text.rfind(".") else "."  # the last one is the decimal
        elif _AMBIGUOUS.match(text):
            raise AmbiguousNumberError(f"'{value}' could be {text.replace(',', '').replace('.', '')} or "
                                  f"{float(text.replace(',', '.')):g}: the file does not say which separator "
                                  "is decimal")
        elif text.count(",") > 1 or text.count(".") > 1:
            sep = "." if text.count(",") > 1 else ","
        else:
            sep = "," if "," in text else "."
    thousands = "." if sep == "," else ","
    text = text.replace(thousands, "").replace(sep, ".")
    if not _NUMBER.match(text):
        raise CellError(f"'{value}' is not a number")
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise CellError(f"'{str(value)[:40]}' is too large a number")
    return number, percent


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()
