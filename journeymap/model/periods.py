"""Periods as time, not text: "Q4 2025" comes before "2026-Q1", and
"2026-9" before "2026-10".

A period is read as a span of months: a year, a half, a quarter, a month or
a week, written the ways people write them ("2026-Q1", "Q1 2026", "2026 Q1",
"2026-03", "2026-3", "03/2026", "March 2026", "2026-H1", "H1 2026",
"2026-W09", "2026"). Periods sort by where they end, then by where they
start (so a quarter comes after its first month and before the next one);
text that is no period sorts after every period, alphabetically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# English month names and abbreviations -> 1..12 (dates in imports use them too).
MONTHS = {name: i + 1 for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"))) for name in names}

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.I), kind) for p, kind in (
    (r"^(?:fy\s*)?(\d{4})$", "year"),
    (r"^(\d{4})\s*[-/ ]?\s*q([1-4])$", "quarter"),
    (r"^q([1-4])\s*[-/ ]?\s*(?:fy\s*)?(\d{4})$", "quarter_first"),
    (r"^(\d{4})\s*[-/ ]?\s*h([12])$", "half"),
    (r"^h([12])\s*[-/ ]?\s*(\d{4})$", "half_first"),
    (r"^(\d{4})\s*[-/.]\s*(\d{1,2})$", "month"),
    (r"^(\d{1,2})\s*[-/.]\s*(\d{4})$", "month_first"),
    (r"^(\d{4})\s*-?\s*w(\d{1,2})$", "week"),
    (r"^([a-z]{3,9})\.?\s+(\d{4})$", "month_name"),
))


@lru_cache(maxsize=4096)
def period_span(text: str) -> tuple[float, float] | None:
    """(first month, last month) counted from year 0, or None when the text is no period."""
    text = text.strip()
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        # Every pattern captures two groups but "year", which captures one.
        a, b = m.group(1), (m.group(2) if m.lastindex and m.lastindex >= 2 else "")
        if kind == "year":
            start = int(a) * 12
            return start, start + 11
        if kind in ("quarter", "quarter_first"):
            year, q = (int(a), int(b)) if kind == "quarter" else (int(b), int(a))
            start = year * 12 + (q - 1) * 3
            return start, start + 2
        if kind in ("half", "half_first"):
            year, h = (int(a), int(b)) if kind == "half" else (int(b), int(a))
            start = year * 12 + (h - 1) * 6
            return start, start + 5
        if kind in ("month", "month_first"):
            year, month = (int(a), int(b)) if kind == "month" else (int(b), int(a))
            if 1 <= month <= 12:
                return year * 12 + month - 1, year * 12 + month - 1
            return None
        if kind == "week":
            week = int(b)
            if 1 <= week <= 53:
                position = int(a) * 12 + (week - 1) * 12 / 52.18
                return position, position
            return None
        if kind == "month_name" and a.lower() in MONTHS:
            month = int(b) * 12 + MONTHS[a.lower()] - 1
            return month, month
    return None


def period_key(text: str) -> tuple[int, float, float, str]:
    """Sort key: periods in time order (by end, then start), other text after them."""
    span = period_span(text)
    if span is None:
        return (1, 0.0, 0.0, text)
    return (0, span[1], span[0], text)


def sort_periods(periods: Iterable[str]) -> list[str]:
    return sorted(periods, key=period_key)


def latest_period(periods: Iterable[str]) -> str | None:
    present = [p for p in periods if p]
    return max(present, key=period_key) if present else None
