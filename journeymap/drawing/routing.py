"""Orthogonal connection routing (pure) that keeps lines off the cards.

A connection leaves the source card on its right, runs down (or up) the gap
beside it to a horizontal corridor that no card blocks, along it, and up or
down the gap left of the target into the target's left side. Corridors are
the card rows' own centre lines and the gaps between card rows; the cheapest
clear one wins.

Two ways in, with the same rules and the same points to the last bit:

* ``route_all`` routes every connection of a map at once, checking all
  connections against one corridor in a single vectorised search (a
  10,000-card map: ~15,000 connections in a fraction of a second); below
  NUMPY_FROM connections, when numpy is not imported yet, it routes them one
  at a time instead;
* ``route`` routes one connection, for a window that re-routes only the
  connections whose ends moved: build ``CardIndex(layout.cards)`` and
  ``corridors(layout)`` once per layout and pass them to every call. It
  tries the options cheapest first and stops at the first clear one.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from numpy.typing import NDArray as _NDArray

    NDArray = _NDArray[Any]

import bisect
import itertools
import sys
from collections.abc import Iterable
from itertools import repeat
from operator import add, sub

from .layout import Layout, Rect

Point = tuple[float, float]

# Importing numpy costs about what routing 5,000 connections one at a time
# does (0.1 s); below that many, route_all uses it only when it is imported
# already (a 2,000-card map opens without it).
NUMPY_FROM = 5000


class CardIndex:
    """For each height a run may take, the merged x-intervals that cards
    occupy there, so checking a run is one binary search."""

    def __init__(self, cards: dict[str, Rect]) -> None:
        self.rects = list(cards.values())
        self._by_y: dict[float, tuple[list[float], list[float]]] = {}
        # Cards sorted by top edge: the cards at a height are then one slice
        # (tops within the tallest card's height), not a scan of the map.
        self._by_top = sorted(self.rects, key=lambda r: r[1])
        self._tops = [r[1] for r in self._by_top]
        self._tallest = max((r[3] for r in self.rects), default=0.0)

    def _intervals(self, y: float) -> tuple[list[float], list[float]]:
        found = self._by_y.get(y)
        if found is None:
            first = bisect.bisect_left(self._tops, y - 2 - self._tallest)
            last = bisect.bisect_right(self._tops, y + 2)
            spans = sorted((x, x + w) for x, top, w, h in self._by_top[first:last]
                           if top - 2 <= y <= top + h + 2)
            lefts: list[float] = []
            rights: list[float] = []
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


    def overlaps(self, rect: Rect) -> bool:
        """Does this rect (x, y, width, height) cover part of a card?"""
        x, y, w, h = rect
        first = bisect.bisect_left(self._tops, y - self._tallest)
        last = bisect.bisect_right(self._tops, y + h)
        return any(cx < x + w and x < cx + cw and cy < y + h and y < cy + ch
                   for cx, cy, cw, ch in self._by_top[first:last])


def label_spots(points: list[Point], width: float, height: float) -> Iterable[Rect]:
    """Where a connection's label may go, best first: centred on its longest
    horizontal leg (the corridors between card rows have room), then slid
    along it, then on its other legs, vertical ones last."""
    legs = list(itertools.pairwise(points))
    flat = sorted((leg for leg in legs if abs(leg[0][1] - leg[1][1]) < 0.5), key=_length, reverse=True)
    upright = sorted((leg for leg in legs if abs(leg[0][1] - leg[1][1]) >= 0.5), key=_length, reverse=True)
    for (ax, ay), (bx, by) in flat + upright:
        for t in (0.5, 0.3, 0.7, 0.15, 0.85):
            cx, cy = ax + (bx - ax) * t, ay + (by - ay) * t
            yield (cx - width / 2, cy - height / 2, width, height)


def _length(leg: tuple[Point, Point]) -> float:
    (ax, ay), (bx, by) = leg
    return abs(bx - ax) + abs(by - ay)


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


def ends(layout: Layout, source: str, target: str) -> tuple[Point, Point, float, float]:
    """Where a connection leaves ``source`` (its right side's middle) and
    meets ``target`` (its left side's middle), and the x of the vertical
    legs just outside each, half a card gap away."""
    sx, sy, sw, sh = layout.cards[source]
    tx, ty, _, th = layout.cards[target]
    half = layout.sizes.card_gap / 2
    start, end = (sx + sw, sy + sh / 2), (tx, ty + th / 2)
    return start, end, start[0] + half, end[0] - half


def straight(index: CardIndex, start: Point, end: Point, x1: float, x2: float) -> bool:
    """Whether the connection is one level line with no card in the way."""
    return x2 >= x1 and abs(start[1] - end[1]) < 0.5 and not index.blocked(start[0], end[0], start[1])


def route(layout: Layout, index: CardIndex, candidates: list[float],
          source: str, target: str) -> list[Point]:
    """The route of one connection, from the right side of ``source`` to the
    left side of ``target``. ``index`` and ``candidates`` (``corridors``) are
    built once per layout and shared by every call: a call then costs one
    binary search per corridor, so moving one card re-routes its connections
    in microseconds."""
    start, end, x1, x2 = ends(layout, source, target)
    if straight(index, start, end, x1, x2):
        return [start, end]
    sy_, ey_ = start[1], end[1]
    options = [sy_, ey_, *candidates]
    # The cheapest clear option, the first of equal costs: the options in
    # order of cost (a stable sort keeps equals in their order), and the
    # first clear one. Costs are cheap and the search for a card in the way
    # is not: most routes find a clear corridor among their first few.
    costs = list(map(add, map(abs, map(sub, options, repeat(sy_))), map(abs, map(sub, options, repeat(ey_)))))
    for i in sorted(range(len(options)), key=costs.__getitem__):
        if not index.blocked(x1, x2, options[i]):
            return _legs(start, end, x1, x2, options[i])
    y = min(candidates or [sy_], key=lambda c: abs(c - sy_))
    return _legs(start, end, x1, x2, y)


def _legs(start: Point, end: Point, x1: float, x2: float, y: float) -> list[Point]:
    points = [start, (x1, start[1]), (x1, y), (x2, y), (x2, end[1]), end]
    # Drop zero-length legs so corners are drawn only where the line turns.
    cleaned = [points[0]]
    for p in points[1:]:
        if abs(p[0] - cleaned[-1][0]) > 0.01 or abs(p[1] - cleaned[-1][1]) > 0.01:
            cleaned.append(p)
    return cleaned


def route_all(layout: Layout, pairs: Iterable[tuple[str, str]], index: CardIndex | None = None,
              candidates: list[float] | None = None) -> list[list[Point]]:
    """The routes of many connections (source, target), in the order given:
    exactly what ``route`` returns for each, computed a corridor at a time
    over all connections with numpy instead of a connection at a time.

    ``route`` tries each corridor for each connection: 15,000 connections x
    50 corridors is 750,000 binary searches in Python on a 10,000-card map.
    Here each corridor is one ``searchsorted`` over every connection; the
    costs are the same float operations, and argmin keeps the first of equal
    costs as ``route``'s strict comparison does.
    """
    pairs = list(pairs)
    if not pairs:
        return []
    index = index if index is not None else CardIndex(layout.cards)
    candidates = corridors(layout) if candidates is None else candidates
    if len(pairs) < NUMPY_FROM and "numpy" not in sys.modules:
        return [route(layout, index, candidates, source, target) for source, target in pairs]
    import numpy as np  # lazily: importing the drawing package stays cheap

    cards = layout.cards
    src = np.array([cards[s] for s, _ in pairs], dtype=float).reshape(-1, 4)
    dst = np.array([cards[t] for _, t in pairs], dtype=float).reshape(-1, 4)
    half = layout.sizes.card_gap / 2
    start_x, start_y = src[:, 0] + src[:, 2], src[:, 1] + src[:, 3] / 2
    end_x, end_y = dst[:, 0], dst[:, 1] + dst[:, 3] / 2
    x1, x2 = start_x + half, end_x - half

    straight = (x2 >= x1) & (np.abs(start_y - end_y) < 0.5)
    straight &= ~_blocked_at_each(index, start_x, end_x, start_y, np)
    # Rows of the options, in route's order: the start's height, the end's,
    # then the corridors.
    blocked = [_blocked_at_each(index, x1, x2, start_y, np), _blocked_at_each(index, x1, x2, end_y, np)]
    lo, hi = np.minimum(x1, x2), np.maximum(x1, x2)
    for y in candidates:
        blocked.append(_blocked_at(index, lo, hi, y, np))
    heights = np.vstack([start_y, end_y] + [np.full(len(pairs), y) for y in candidates])
    cost = np.abs(heights - start_y) + np.abs(heights - end_y)
    blocked_all = np.vstack(blocked)
    cost[blocked_all] = np.inf
    choice = np.argmin(cost, axis=0)
    chosen = heights[choice, np.arange(len(pairs))]
    none_clear = blocked_all.all(axis=0)
    if none_clear.any():
        # route's fallback: the corridor nearest the start (the first of equals).
        if candidates:
            far = np.abs(np.asarray(candidates, dtype=float)[:, None] - start_y[none_clear])
            chosen[none_clear] = np.asarray(candidates, dtype=float)[np.argmin(far, axis=0)]
        else:
            chosen[none_clear] = start_y[none_clear]

    routes = []
    for sx_, sy_, ex_, ey_, a, b, y, line in zip(start_x.tolist(), start_y.tolist(), end_x.tolist(),
                                                 end_y.tolist(), x1.tolist(), x2.tolist(), chosen.tolist(),
                                                 straight.tolist(), strict=True):
        start, end = (sx_, sy_), (ex_, ey_)
        routes.append([start, end] if line else _legs(start, end, a, b, y))
    return routes


def _blocked_at(index: CardIndex, lo: NDArray, hi: NDArray, y: float, np: ModuleType) -> NDArray:
    """CardIndex.blocked for many runs at one height."""
    lefts, rights = index._intervals(y)
    if not lefts:
        none: NDArray = np.zeros(len(lo), dtype=bool)
        return none
    i = np.searchsorted(np.asarray(lefts), hi, side="left") - 1
    blocked: NDArray = (i >= 0) & (np.asarray(rights)[np.maximum(i, 0)] > lo)
    return blocked


def _blocked_at_each(index: CardIndex, xa: NDArray, xb: NDArray, ys: NDArray, np: ModuleType) -> NDArray:
    """CardIndex.blocked for many runs, each at its own height: one search
    per distinct height (card centre lines are few)."""
    lo, hi = np.minimum(xa, xb), np.maximum(xa, xb)
    out: NDArray = np.zeros(len(ys), dtype=bool)
    for y in np.unique(ys).tolist():
        mask = ys == y
        out[mask] = _blocked_at(index, lo[mask], hi[mask], y, np)
    return out
