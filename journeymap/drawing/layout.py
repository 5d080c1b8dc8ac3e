"""Map geometry (pure): where phases, lanes, cells and cards sit.

Cells grow to fit their cards; a card with a saved position keeps its offset
inside its cell, the others fill a grid of free slots. The canvas, the
exports and presentation mode all draw from this one layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from journeymap.drawing.theme import SIZES, Metrics
from journeymap.model.entities import Touchpoint
from journeymap.model.journey import Journey

Rect = tuple[float, float, float, float]  # x, y, width, height


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


def compute_layout(journey: Journey, sizes: Metrics = SIZES, top: float = 0.0) -> Layout:
    s = sizes
    pad, gap, cw, ch = s.cell_padding, s.card_gap, s.card_width, s.card_height
    # Room above the first row for a weak card's rank badge, which sits on
    # the card's corner: it must not touch the phase header.
    top_pad = max(pad, s.rank_px * 0.95 + 4)
    # Offsets of each card inside its cell, then cell sizes from them.
    offsets: dict[str, tuple[float, float]] = {}
    cell_need: dict[tuple[str, str], tuple[float, float]] = {}
    by_cell: dict[tuple[str, str], list[Touchpoint]] = {}
    for tp in journey.touchpoints:
        by_cell.setdefault((tp.phase, tp.lane), []).append(tp)
    for cell, tps in by_cell.items():
        placed = [(tp.id, tp.position) for tp in tps if tp.position is not None]
        auto = [tp for tp in tps if tp.position is None]
        taken: list[Rect] = []
        for tp_id, (px, py) in placed:
            ox, oy = max(0.0, px), max(0.0, py)
            offsets[tp_id] = (ox, oy)
            taken.append((ox, oy, cw, ch))
        # Grid slots never overlap one another: a slot is checked only
        # against the cards placed by hand (checking every earlier slot made
        # a cell of a hundred cards cost ten thousand tests).
        fixed = list(taken)
        ncols = _slots(len(tps))
        step_x, step_y = cw + gap, ch + gap
        if not fixed:
            # No card placed by hand (the usual cell): slot i is simply the
            # i-th grid position, no overlap test needed.
            for i, tp in enumerate(auto):
                offsets[tp.id] = (pad + (i % ncols) * step_x, top_pad + (i // ncols) * step_y)
            used_cols = min(ncols, len(auto))
            used_rows = (len(auto) + ncols - 1) // ncols
            cell_need[cell] = (pad + (used_cols - 1) * step_x + cw + pad,
                               top_pad + (used_rows - 1) * step_y + ch + pad)
            continue
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
        need_w = max(r[0] + r[2] for r in taken) + pad
        need_h = max(r[1] + r[3] for r in taken) + pad
        cell_need[cell] = (need_w, need_h)

    min_w, min_h = cw + 2 * pad, ch + pad + top_pad
    has_macro = any(p.macro for p in journey.phases)
    header_top = top + (s.macro_height if has_macro else 0.0)
    x = s.lane_label_width
    columns = {}
    for phase in journey.phases:
        w = max([min_w] + [cell_need[c][0] for c in cell_need if c[0] == phase.id])
        columns[phase.id] = (x, w)
        x += w
    y = header_top + s.header_height
    rows = {}
    for lane in journey.lanes:
        h = max([min_h] + [cell_need[c][1] for c in cell_need if c[1] == lane.id])
        rows[lane.id] = (y, h)
        y += h
    lanes_top = header_top + s.header_height
    cards = {}
    for tp in journey.touchpoints:
        cx, _ = columns[tp.phase]
        cy, _ = rows[tp.lane]
        ox, oy = offsets[tp.id]
        cards[tp.id] = (cx + ox, cy + oy, cw, ch)

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
                  width=width, height=y + s.emotion_height - top, sizes=s)
