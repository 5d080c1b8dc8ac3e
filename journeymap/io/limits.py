"""Sizes beyond what journeymap is made for: refused with a message rather
than drawn for minutes (a map is for people to read)."""

from __future__ import annotations

from journeymap.model.journey import Journey

MAX_DRAWN_TOUCHPOINTS = 20_000
MAX_DRAWN_CONNECTIONS = 50_000


def too_large_to_draw(journey: Journey) -> str | None:
    """Why the map is too large to lay out and draw, or None."""
    touchpoints, connections = len(journey.touchpoints), len(journey.connections)
    if touchpoints > MAX_DRAWN_TOUCHPOINTS:
        return (f"{touchpoints:,} touchpoints are more than a picture can show (at most "
                f"{MAX_DRAWN_TOUCHPOINTS:,}); export the Excel summary instead")
    if connections > MAX_DRAWN_CONNECTIONS:
        return (f"{connections:,} connections are more than a picture can show (at most "
                f"{MAX_DRAWN_CONNECTIONS:,}); export the Excel summary instead")
    return None
