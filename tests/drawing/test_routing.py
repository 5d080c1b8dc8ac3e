"""Layout and routing geometry, without Qt: cells tile the map, cards stay
apart, and every connection runs from its source's right side to its
target's left side without crossing any other card."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from journeymap.drawing import routing
from journeymap.drawing.layout import compute_layout
from journeymap.drawing.routing import CardIndex, corridors, route, route_all
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
import itertools

from synthetic import build

EPS = 0.01


def sample():
    return load(sample_path())


def synthetic():
    # A few hundred cards, crowded cells, and backward and long connections.
    return build(touchpoints=300, connections=450, measurements=10, phases=6, seed=3)


JOURNEYS = {"sample": sample, "synthetic": synthetic}


@pytest.fixture(params=sorted(JOURNEYS), scope="module")
def mapped(request):
    journey = JOURNEYS[request.param]()
    return journey, compute_layout(journey)


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] - EPS and b[0] < a[0] + a[2] - EPS and \
        a[1] < b[1] + b[3] - EPS and b[1] < a[1] + a[3] - EPS


def _crosses(p, q, rect) -> bool:
    """Does the leg p-q (horizontal or vertical) run through the inside of rect?"""
    x, y, w, h = rect
    (x1, y1), (x2, y2) = p, q
    lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
    return lo_x < x + w - EPS and hi_x > x + EPS and lo_y < y + h - EPS and hi_y > y + EPS


def test_cells_tile_the_map_without_overlap(mapped):
    journey, layout = mapped
    cols = sorted(layout.columns.values())
    rows = sorted(layout.rows.values())
    for (x, w), (nx_, _) in itertools.pairwise(cols):
        assert w > 0
        assert x + w <= nx_ + EPS
    for (y, h), (ny, _) in itertools.pairwise(rows):
        assert h > 0
        assert y + h <= ny + EPS
    cells = [layout.cell_rect(p.id, lane.id) for p in journey.phases for lane in journey.lanes]
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            assert not _overlap(a, b)


def test_cards_sit_inside_their_own_cell_and_apart(mapped):
    journey, layout = mapped
    for tp in journey.touchpoints:
        x, y, w, h = layout.cards[tp.id]
        cx, cy, cw, ch = layout.cell_rect(tp.phase, tp.lane)
        assert cx - EPS <= x
        assert x + w <= cx + cw + EPS
        assert cy - EPS <= y
        assert y + h <= cy + ch + EPS
    rects = sorted(layout.cards.items(), key=lambda kv: kv[1])
    for i, (a_id, a) in enumerate(rects):
        for b_id, b in rects[i + 1:]:
            if b[0] >= a[0] + a[2]:
                break  # sorted by x: nothing further right can overlap a
            assert not _overlap(a, b), (a_id, b_id)


def test_routes_start_at_the_source_and_end_at_the_target(mapped):
    journey, layout = mapped
    routes = route_all(layout, [(c.source, c.target) for c in journey.connections])
    for conn, points in zip(journey.connections, routes, strict=True):
        sx, sy, sw, sh = layout.cards[conn.source]
        tx, ty, _, th = layout.cards[conn.target]
        assert points[0] == (sx + sw, sy + sh / 2)
        assert points[-1] == (tx, ty + th / 2)
        for p, q in itertools.pairwise(points):
            assert abs(p[0] - q[0]) < EPS or abs(p[1] - q[1]) < EPS  # orthogonal legs only


def test_no_route_crosses_a_card_other_than_its_ends(mapped):
    journey, layout = mapped
    index = CardIndex(layout.cards)
    by_top = sorted(layout.cards.items(), key=lambda kv: kv[1][1])
    pairs = [(c.source, c.target) for c in journey.connections]
    for (source, target), points in zip(pairs, route_all(layout, pairs, index), strict=True):
        for p, q in itertools.pairwise(points):
            for tp_id, rect in by_top:
                if tp_id not in (source, target):
                    assert not _crosses(p, q, rect), f"{source}->{target} leg {p}-{q} crosses {tp_id}"


def test_route_all_gives_exactly_what_route_gives_one_at_a_time(mapped, monkeypatch):
    journey, layout = mapped
    index, lanes = CardIndex(layout.cards), corridors(layout)
    pairs = [(c.source, c.target) for c in journey.connections]
    monkeypatch.setattr(routing, "NUMPY_FROM", 0)  # the vectorised way, whatever is imported
    assert route_all(layout, pairs, index, lanes) == [route(layout, index, lanes, s, t) for s, t in pairs]
    assert route_all(layout, []) == []


def _cheapest_by_trying_every_option(layout, index, lanes, source, target):
    """The rule as the module's docstring states it, every option tried in
    turn: the cheapest clear corridor, the first of equal costs; none clear,
    the corridor nearest the start."""
    start, end, x1, x2 = routing.ends(layout, source, target)
    if routing.straight(index, start, end, x1, x2):
        return [start, end]
    best = None
    for y in [start[1], end[1], *lanes]:
        cost = abs(y - start[1]) + abs(y - end[1])
        if not index.blocked(x1, x2, y) and (best is None or cost < best[0]):
            best = (cost, y)
    y = best[1] if best else min(lanes or [start[1]], key=lambda c: abs(c - start[1]))
    return routing._legs(start, end, x1, x2, y)


def test_route_tries_the_cheapest_options_first_and_chooses_as_trying_every_one_does(mapped):
    """route stops at the first clear option in order of cost; it must choose
    what trying every option chooses, ties and blocked maps included (every
    pair of cards, not only the connected ones, so routes that have no clear
    corridor and ones that run backwards are among them)."""
    journey, layout = mapped
    index, lanes = CardIndex(layout.cards), corridors(layout)
    ids = [tp.id for tp in journey.touchpoints][:60]
    pairs = [(c.source, c.target) for c in journey.connections] + [(a, b) for a in ids for b in ids if a != b]
    for s, t in pairs:
        assert route(layout, index, lanes, s, t) == _cheapest_by_trying_every_option(layout, index, lanes, s, t)


def test_card_index_matches_a_scan_of_every_card(mapped):
    _, layout = mapped
    index = CardIndex(layout.cards)
    rects = list(layout.cards.values())
    for y in corridors(layout) + [r[1] + r[3] / 2 for r in rects[:40]]:
        for x1, x2 in ((0.0, layout.width), (rects[0][0], rects[0][0] + 500), (300.0, 310.0)):
            scan = any(top - 2 <= y <= top + h + 2 and x < max(x1, x2) and x + w > min(x1, x2)
                       for x, top, w, h in rects)
            assert index.blocked(x1, x2, y) == scan


def test_card_index_tells_which_rects_cover_a_card():
    index = CardIndex({"a": (100.0, 100.0, 200.0, 100.0), "b": (400.0, 100.0, 200.0, 100.0)})
    assert index.overlaps((150.0, 150.0, 20.0, 10.0))
    assert index.overlaps((290.0, 195.0, 20.0, 10.0))  # a corner
    assert not index.overlaps((310.0, 150.0, 80.0, 10.0))  # the gap between them
    assert not index.overlaps((100.0, 205.0, 500.0, 10.0))  # the corridor below


def test_label_spots_start_on_the_longest_flat_leg_and_end_on_upright_ones():
    from journeymap.drawing.routing import label_spots
    points = [(0.0, 0.0), (0.0, 100.0), (300.0, 100.0), (300.0, 120.0), (350.0, 120.0)]
    spots = list(label_spots(points, 40.0, 10.0))
    assert spots[0] == (130.0, 95.0, 40.0, 10.0)  # the middle of the 300-long leg
    assert all(abs(y + 5.0 - 100.0) < 1e-9 for _, y, _, _ in spots[:5])
    assert spots[-1][0] == 300.0 - 20.0  # last: on the short upright leg
    assert len(spots) == 5 * 4
