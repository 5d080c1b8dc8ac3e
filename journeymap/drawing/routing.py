"""Orthogonal connection routing (pure) that keeps lines off the cards.

A connection leaves the source card on its right, runs down (or up) the gap
beside it to a horizontal corridor that no card blocks, along it, and up or
down the gap left of the target into the target's left side. Corridors are
the card rows' own centre lines and the gaps between card rows; the cheapest
clear one wins.
"""

from __future__ import annotations

import bisect

from .layout import Layout, Rect


class CardIndex:
    """For each height a run may take, the merged x-intervals that cards
    occupy there, so checking a run is one binary search."""

    def __init__(self, cards: dict[str, Rect]) -> None:
        self.rects = list(cards.values())
        self._by_y: dict[float, tuple[list[float], list[float]]] = {}

    def _intervals(self, y: float) -> tuple[list[float], list[float]]:
        found = self._by_y.get(y)
        if found is None:
            spans = sorted((x, x + w) for x, top, w, h in self.rects if top - 2 <= y <= top + h + 2)
            lefts, rights = [], []
            for left, right in spans:
                if rights and left <= rights[-1]:
                    rights[-1] = max(rights[-1], right)
                else:
                    lefts.append(left)
                    rights.append(right)
            found = self._by_y[y] = (lefts, rights)
        return found

    def blocked(self, x1: float, x2: float, y: float) -> bool:
        """Does a horizontal run from x1 to x2 at height y cross a card? A run
        that only touches a card's edge (where it starts or ends) does not."""
        lo, hi = min(x1, x2), max(x1, x2)
        lefts, rights = self._intervals(y)
        # The last interval starting before hi is the only one that can reach
        # past lo: the intervals are sorted and do not overlap.
        i = bisect.bisect_left(lefts, hi) - 1
        return i >= 0 and rights[i] > lo


def corridors(layout: Layout) -> list[float]:
    s = layout.sizes
    ys = []
    for y, h in layout.rows.values():
        ys.append(y + s.cell_padding / 2)
        k = 0
        while True:
            gap_y = y + s.cell_padding + k * (s.card_height + s.card_gap) + s.card_height + s.card_gap / 2
            if gap_y >= y + h:
                break
            ys.append(gap_y)
            k += 1
        ys.append(y + h - s.cell_padding / 2)
    return sorted(set(ys))


def route(layout: Layout, index: CardIndex, candidates: list[float],
          source: str, target: str) -> list[tuple[float, float]]:
    sx, sy, sw, sh = layout.cards[source]
    tx, ty, tw, th = layout.cards[target]
    half = layout.sizes.card_gap / 2
    start, end = (sx + sw, sy + sh / 2), (tx, ty + th / 2)
    x1, x2 = start[0] + half, end[0] - half
    if x2 >= x1 and abs(start[1] - end[1]) < 0.5 and not index.blocked(start[0], end[0], start[1]):
        return [start, end]
    options = [start[1], end[1]] + candidates
    best = None
    for y in options:
        if index.blocked(x1, x2, y):
            continue
        cost = abs(y - start[1]) + abs(y - end[1])
        if best is None or cost < best[0]:
            best = (cost, y)
    y = best[1] if best else min(candidates or [start[1]], key=lambda c: abs(c - start[1]))
    points = [start, (x1, start[1]), (x1, y), (x2, y), (x2, end[1]), end]
    # Drop zero-length legs so corners are drawn only where the line turns.
    cleaned = [points[0]]
    for p in points[1:]:
        if abs(p[0] - cleaned[-1][0]) > 0.01 or abs(p[1] - cleaned[-1][1]) > 0.01:
            cleaned.append(p)
    return cleaned
