"""Map geometry (pure): where phases, lanes, cells and cards sit.

Cells grow to fit their cards; a card with a saved position keeps its offset
inside its cell, the others fill a grid of free slots. The canvas, the
exports and presentation mode all draw from this one layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from journeymap.drawing.theme import SIZES, Metrics
from journeymap.model.entities import Touchpoint
from journeymap.model.journey import Journey

Rect = tuple[float, float, float, float]  # x, y, width, height


Cell = tuple[str, str]  # phase id, lane id


@dataclass(frozen=True)
class Layout:
    columns: dict[str, tuple[float, float]]   # phase id -> (x, width)
    rows: dict[str, tuple[float, float]]      # lane id -> (y, height)
    cards: dict[str, Rect]                    # touchpoint id -> rect
    header_rect: Rect                         # phase headers band (macro band above it)
    macro_bands: list[tuple[str, Rect]]
    lanes_rect: Rect                          # all cells
    emotion_rect: Rect
    width: float
    height: float
    sizes: Metrics
    # What `relayout` needs to place again only the cells an edit touched:
    # each cell's cards in map order, each card's offset inside its cell and
    # the room each cell needs. Derived from the fields above' inputs, so
    # left out of comparisons.
    members: dict[Cell, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    offsets: dict[str, tuple[float, float]] = field(default_factory=dict, compare=False, repr=False)
    cell_need: dict[Cell, tuple[float, float]] = field(default_factory=dict, compare=False, repr=False)
    top: float = field(default=0.0, compare=False)

    def cell_at(self, x: float, y: float) -> tuple[str | None, str | None]:
        """The (phase, lane) under a scene point; None where outside."""
        phase = next((pid for pid, (cx, w) in self.columns.items() if cx <= x < cx + w), None)
        lane = next((lid for lid, (ry, h) in self.rows.items() if ry <= y < ry + h), None)
        return phase, lane

    def cell_rect(self, phase: str, lane: str) -> Rect:
        x, w = self.columns[phase]
        y, h = self.rows[lane]
        return (x, y, w, h)


def _slots(count: int) -> int:
    """Columns of the auto grid for `count` cards in one cell."""
    if count <= 2:
        return 1
    if count <= 6:
        return 2
    return math.ceil(math.sqrt(count))


def _intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _top_pad(s: Metrics) -> float:
    # Room above the first row for a weak card's rank badge, which sits on
    # the card's corner: it must not touch the phase header.
    return max(s.cell_padding, s.rank_px * 0.95 + 4)


def _place_cell(tps: list[Touchpoint], s: Metrics,
                offsets: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """Put each card of one cell at its offset inside the cell (into
    `offsets`); return the room the cell needs."""
    pad, gap, cw, ch = s.cell_padding, s.card_gap, s.card_width, s.card_height
    top_pad = _top_pad(s)
    placed = [(tp.id, tp.position) for tp in tps if tp.position is not None]
    auto = [tp for tp in tps if tp.position is None]
    taken: list[Rect] = []
    for tp_id, (px, py) in placed:
        ox, oy = max(0.0, px), max(0.0, py)
        offsets[tp_id] = (ox, oy)
        taken.append((ox, oy, cw, ch))
    # Grid slots never overlap one another: a slot is checked only against
    # the cards placed by hand (checking every earlier slot made a cell of a
    # hundred cards cost ten thousand tests).
    fixed = list(taken)
    ncols = _slots(len(tps))
    step_x, step_y = cw + gap, ch + gap
    if not fixed:
        # No card placed by hand (the usual cell): slot i is simply the i-th
        # grid position, no overlap test needed.
        for i, tp in enumerate(auto):
            offsets[tp.id] = (pad + (i % ncols) * step_x, top_pad + (i // ncols) * step_y)
        used_cols = min(ncols, len(auto))
        used_rows = (len(auto) + ncols - 1) // ncols
        return (pad + (used_cols - 1) * step_x + cw + pad, top_pad + (used_rows - 1) * step_y + ch + pad)
    slot = 0
    for tp in auto:
        while True:
            col, row = slot % ncols, slot // ncols
            rect = (pad + col * step_x, top_pad + row * step_y, cw, ch)
            slot += 1
            if not any(_intersects(rect, t) for t in fixed):
                break
        offsets[tp.id] = rect[:2]
        taken.append(rect)
    return (max(r[0] + r[2] for r in taken) + pad, max(r[1] + r[3] for r in taken) + pad)


def compute_layout(journey: Journey, sizes: Metrics = SIZES, top: float = 0.0) -> Layout:
    by_cell: dict[Cell, list[Touchpoint]] = {}
    for tp in journey.touchpoints:
        by_cell.setdefault((tp.phase, tp.lane), []).append(tp)
    offsets: dict[str, tuple[float, float]] = {}
    cell_need = {cell: _place_cell(tps, sizes, offsets) for cell, tps in by_cell.items()}
    members = {cell: tuple(tp.id for tp in tps) for cell, tps in by_cell.items()}
    return _assemble(journey, sizes, top, members, offsets, cell_need, None)


def relayout(old: Layout, journey: Journey, touched: set[str]) -> Layout:
    """The layout after edits to these touchpoints only (added, removed,
    moved or edited; no phase or lane changed): equal to `compute_layout`,
    but only the cells they left or joined are placed again, and the cards
    keep their rects unless a column or row changed size."""
    if list(old.columns) != [p.id for p in journey.phases] or list(old.rows) != [lane.id for lane in journey.lanes]:
        return compute_layout(journey, old.sizes, old.top)
    dirty: set[Cell] = set()
    regrouped = False  # a card came into or left a cell: its members are gathered afresh
    for tp_id in touched:
        was = _cell_of(old, tp_id)
        now = None
        if journey.has_touchpoint(tp_id):
            tp = journey.touchpoint(tp_id)
            now = (tp.phase, tp.lane)
            dirty.add(now)
        if was is not None:
            dirty.add(was)
        regrouped = regrouped or was != now
    members = dict(old.members)
    if regrouped:
        fresh: dict[Cell, list[str]] = {cell: [] for cell in dirty}
        for tp in journey.touchpoints:  # in map order, which decides the auto slots
            ids = fresh.get((tp.phase, tp.lane))
            if ids is not None:
                ids.append(tp.id)
        for cell, ids in fresh.items():
            members[cell] = tuple(ids)
    offsets = dict(old.offsets)
    for tp_id in touched:
        offsets.pop(tp_id, None)
    cell_need = dict(old.cell_need)
    for cell in dirty:
        if members.get(cell):
            cell_need[cell] = _place_cell([journey.touchpoint(t) for t in members[cell]], old.sizes, offsets)
        else:
            members.pop(cell, None)
            cell_need.pop(cell, None)
    return _assemble(journey, old.sizes, old.top, members, offsets, cell_need, (old, dirty, touched))


def _cell_of(lay: Layout, tp_id: str) -> Cell | None:
    """The cell a card stood in: its corner is inside it (offsets are never
    negative and a cell is sized to hold its cards)."""
    rect = lay.cards.get(tp_id)
    if rect is None:
        return None
    phase, lane = lay.cell_at(rect[0], rect[1])
    return (phase, lane) if phase is not None and lane is not None else None


def _assemble(journey: Journey, s: Metrics, top: float, members: dict[Cell, tuple[str, ...]],
              offsets: dict[str, tuple[float, float]], cell_need: dict[Cell, tuple[float, float]],
              previous: tuple[Layout, set[Cell], set[str]] | None) -> Layout:
    """Columns, rows, bands and card rects from each cell's placement."""
    pad, cw, ch = s.cell_padding, s.card_width, s.card_height
    min_w, min_h = cw + 2 * pad, ch + pad + _top_pad(s)
    need_w: dict[str, float] = {}
    need_h: dict[str, float] = {}
    for (phase_id, lane_id), (w, h) in cell_need.items():
        need_w[phase_id] = max(need_w.get(phase_id, min_w), w)
        need_h[lane_id] = max(need_h.get(lane_id, min_h), h)
    has_macro = any(p.macro for p in journey.phases)
    header_top = top + (s.macro_height if has_macro else 0.0)
    x = s.lane_label_width
    columns = {}
    for phase in journey.phases:
        w = need_w.get(phase.id, min_w)
        columns[phase.id] = (x, w)
        x += w
    y = header_top + s.header_height
    rows = {}
    for lane in journey.lanes:
        h = need_h.get(lane.id, min_h)
        rows[lane.id] = (y, h)
        y += h
    lanes_top = header_top + s.header_height
    if previous is not None and previous[0].columns == columns and previous[0].rows == rows:
        # No column or row changed size: only the touched cells' cards move.
        old, dirty, touched = previous
        cards = dict(old.cards)
        for tp_id in touched:
            cards.pop(tp_id, None)
        for cell in dirty:
            cx, _ = columns[cell[0]]
            cy, _ = rows[cell[1]]
            for tp_id in members.get(cell, ()):
                ox, oy = offsets[tp_id]
                cards[tp_id] = (cx + ox, cy + oy, cw, ch)
    else:
        cards = {}
        for (phase_id, lane_id), ids in members.items():
            cx, _ = columns[phase_id]
            cy, _ = rows[lane_id]
            for tp_id in ids:
                ox, oy = offsets[tp_id]
                cards[tp_id] = (cx + ox, cy + oy, cw, ch)

    macro_bands: list[tuple[str, Rect]] = []
    for phase in journey.phases:
        if not phase.macro:
            continue
        px, pw = columns[phase.id]
        if macro_bands and macro_bands[-1][0] == phase.macro and \
                abs(macro_bands[-1][1][0] + macro_bands[-1][1][2] - px) < 1e-6:
            name, (bx, by, bw, bh) = macro_bands[-1]
            macro_bands[-1] = (name, (bx, by, bw + pw, bh))
        else:
            macro_bands.append((phase.macro, (px, top, pw, s.macro_height)))

    width = max(x, s.lane_label_width + min_w)
    emotion_rect = (0.0, y, width, s.emotion_height)
    return Layout(columns=columns, rows=rows, cards=cards,
                  header_rect=(0.0, header_top, width, s.header_height),
                  macro_bands=macro_bands,
                  lanes_rect=(0.0, lanes_top, width, y - lanes_top),
                  emotion_rect=emotion_rect,
                  width=width, height=y + s.emotion_height - top, sizes=s,
                  members=members, offsets=offsets, cell_need=cell_need, top=top)


# ------------------------------------------------------------------ emotion
EMOTION_MARGIN = 16.0


def emotion_y(lay: Layout, value: float) -> float:
    """The y of an emotion score (-2..+2) inside the emotion band."""
    _, y, _, h = lay.emotion_rect
    return y + EMOTION_MARGIN + (2.0 - value) / 4.0 * (h - 2 * EMOTION_MARGIN)


def emotion_line(dots: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The curve's corners from cards' dots (x, y): one per column of cards
    (same x, to a tenth), at the mean of its dots, left to right; as the
    map's emotion curve runs."""
    columns: dict[float, list[float]] = {}
    for x, y in dots:
        columns.setdefault(round(x, 1), []).append(y)
    return [(x, sum(ys) / len(ys)) for x, ys in sorted(columns.items())]
