"""Counts in messages: "1 cell", "2 cells" (never "1 cells")."""

from __future__ import annotations


def how_many(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, singular for exactly one, thousands separated."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
