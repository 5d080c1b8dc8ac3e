"""Words in messages: counts ("1 cell", "2 cells", never "1 cells") and dates."""

from __future__ import annotations


def how_many(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, singular for exactly one, thousands separated."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def is_iso_date(text: str) -> bool:
    """Whether `text` is a date like 2026-11-29 (an action's due date, a
    quote's date)."""
    import datetime as dt  # only for a dated item: a small report's start does not pay for it

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
