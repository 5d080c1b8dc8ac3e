"""A touchpoint card: name, channel, owner, metric badges, weak marking."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import overload

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem

from journeymap.analysis.status import Status
from journeymap.drawing.theme import SIZES, Metrics, Palette
from journeymap.model.entities import Touchpoint
from journeymap.model.evidence import LEVEL_WORDS, level_rank

from .markers import draw_evidence_bars
from .style import color, font
from .text import draw_static_text, draw_text

HANDLE_RADIUS = 7.0
# Cards sit above connections (6) and below connection labels (11); a card
# being dragged goes over everything on the map until it is dropped.
CARD_Z = 10.0
DRAGGED_Z = 15.0
# Below this zoom the card draws a simplified form: fluid when zoomed out.
SIMPLE_LOD = 0.45
# In that form the weakest this many stand out, filled in their status colour.
OVERVIEW_WORST = 10


@lru_cache(maxsize=64)
def _solid(tone: str) -> QColor:
    """A palette colour, parsed once (never changed by its users)."""
    return color(tone)


@lru_cache(maxsize=64)
def _overview_pen(tone: str, width: float, dashed: bool, cosmetic: float = 0.0) -> QPen:
    """A pen `width` map units wide, or `cosmetic` screen pixels wide."""
    pen = QPen(color(tone), cosmetic or width)
    pen.setCosmetic(bool(cosmetic))
    if dashed:  # retired in the future state
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


@lru_cache(maxsize=4096)
def _laid_out(text: str, px: int) -> QStaticText:
    """An overview's "✕ 12", laid out once: Qt keeps its glyphs for every
    card that shows it, wherever the card is, until the zoom changes."""
    laid = QStaticText(text)
    laid.setTextFormat(Qt.TextFormat.PlainText)
    laid.prepare(QTransform(), font(px, QFont.Weight.Bold))
    return laid


@dataclass(frozen=True)
class Badge:
    text: str
    status: Status
    # What the tooltip says of it, where the status alone would mislead:
    # "too few answers", "meets target, unsure".
    words: str = ""
    # The target lies inside the value's 95% interval: drawn with a dashed
    # ring (a shape, not only a colour), as the legend says.
    unsure: bool = False
    # As the tooltip says it, with the metric's whole name ("Time to
    # resolution 52.0 h" where the card has room for "TTR 52.0 h"), and
    # the target it is judged by ("target 24.0 h").
    long_text: str = ""
    target: str = ""


class Badges(Sequence[Badge]):
    """A card's badges, made when first drawn or read: a window opening on a
    map of 2,000 cards draws a few hundred, and each badge asks for its
    value's confidence interval. Made from one list of results, so two are
    equal without being made when they come from the same list."""

    __slots__ = ("_made", "_make", "_source")

    def __init__(self, source: object, make: Callable[[], tuple[Badge, ...]]) -> None:
        self._source, self._make = source, make
        self._made: tuple[Badge, ...] | None = None

    @classmethod
    def of(cls, badges: tuple[Badge, ...]) -> Badges:
        made = cls(badges, lambda: badges)
        made._made = badges
        return made

    def made(self) -> tuple[Badge, ...]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __len__(self) -> int:
        return len(self.made())

    @overload
    def __getitem__(self, index: int) -> Badge: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Badge]: ...

    def __getitem__(self, index: int | slice) -> Badge | Sequence[Badge]:
        return self.made()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Badges):
            return self._source is other._source or self.made() == other.made()
        if isinstance(other, tuple):
            return self.made() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.made())


NO_BADGES = Badges.of(())


@dataclass(frozen=True)
class CardData:
    touchpoint: Touchpoint
    badges: Badges
    status: Status
    # Open actions that link to it (see model/actions.py), as "⚑ 2".
    open_actions: tuple[str, ...] = ()
    # Its linked journey as the card shows it ("↗ 72%") and in words.
    linked: str = ""
    linked_words: str = ""
    # Drawn as retired (a dashed edge, faded): the view shows both states.
    retired: bool = False
    # Its future state in words (see model/future.py), for the tooltip.
    future_words: str = ""
    # Its evidence pictures not found beside the journey file.
    missing_pictures: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _bounds_for(sizes: Metrics) -> QRectF:
    m = sizes.rank_px + 2
    return QRectF(-m, -m, sizes.card_width + m + HANDLE_RADIUS + 4, sizes.card_height + m + 4)


def draw_unsure_edge(painter: QPainter, rect: QRectF, tone: str) -> None:
    """A dashed ring around a status badge: within the margin of error.
    Outside the badge, in its tone, so it never crosses the badge's text
    (an inner edge did at the zoom that fits a map on screen)."""
    pen = QPen(color(tone), 1.0, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect.adjusted(-1.8, -1.8, 1.8, 1.8), 5, 5)


def star_radius(sizes: Metrics) -> float:
    """The moment-of-truth star is as tall as the title's capitals (a 6 px
    star beside 28 px titles was easy to miss)."""
    return sizes.card_name_px * 0.42


_PLACE = frozenset(("phase", "lane", "position"))


def _moved_only(new: CardData, old: CardData) -> bool:
    """The two differ only in where the card stands, which is not drawn on it."""
    a, b = new.touchpoint, old.touchpoint
    if a is b or (new.badges, new.status, new.open_actions, new.linked, new.retired,
                  new.missing_pictures) != (old.badges, old.status, old.open_actions, old.linked,
                                            old.retired, old.missing_pictures):
        return False
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(a) if f.name not in _PLACE)


def elide_lines(text: str, f: QFont, width: float, max_lines: int) -> list[str]:
    """Word-wrap into at most max_lines, eliding the last with an ellipsis."""
    fm = QFontMetricsF(f)
    words, lines, current = text.split(), [], ""
    for i, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if fm.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[i:])
            break
    if current:
        lines.append(current)
    lines = lines[:max_lines]
    if lines:
        lines[-1] = fm.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
    return lines


def title_font(sizes: Metrics) -> QFont:
    return font(sizes.card_name_px, QFont.Weight.DemiBold)


def title_lines(text: str, px: float, width: float, height: float) -> tuple[QFont, list[str]]:
    """A card's title and the font it is set in: two lines, or as many more
    as the room above the badges holds when two would cut it, in a slightly
    smaller type if need be (down to three quarters); elided only when even
    that does not hold it."""
    for scale in (1.0, 0.9, 0.8, 0.75):
        f = font(px * scale, QFont.Weight.DemiBold)
        room = max(2, int(height // QFontMetricsF(f).height()))
        lines = elide_lines(text, f, width, 2)
        if lines and lines[-1].endswith("…") and room > 2:
            lines = elide_lines(text, f, width, room)
        if not (lines and lines[-1].endswith("…")):
            return f, lines
    return f, lines


# Combined once (see connection_item._FLAGS).
_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
          | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)


def captured(tp: Touchpoint) -> list[tuple[str, tuple[str, ...]]]:
    """The pain points, opportunities and notes of a card, those it has."""
    return [(title, items) for title, items in (("Pain points", tp.pain_points), ("Opportunities", tp.opportunities),
                                               ("Notes", tp.notes)) if items]


class TouchpointItem(QGraphicsItem):
    def __init__(self, data: CardData, palette: Palette, sizes: Metrics = SIZES) -> None:
        super().__init__()
        self.tp_id = data.touchpoint.id
        self.palette = palette
        self.sizes = sizes
        self._bounds = _bounds_for(sizes)
        self.data_: CardData = data
        self.weak_rank: int | None = None
        self.hover = False
        self.dimmed = False
        self.setFlags(_FLAGS)
        self.setAcceptHoverEvents(True)
        # Cards repaint from a cached pixmap unless their content changes.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(CARD_Z)
        self._tooltip_stale = True
        self._markers_top = 0.0

    # ------------------------------------------------------------------ data
    def set_data(self, data: CardData) -> None:
        if data != self.data_:
            # Where the card stands is not drawn on it: a moved card keeps its
            # cached picture, and only its old and new places repaint.
            moved_only = _moved_only(data, self.data_)
            self.data_ = data
            self._tooltip_stale = True
            if not moved_only:
                self.update()

    def set_rank(self, rank: int | None) -> None:
        """Its place in the weak ranking (None: not weak, or not shown). Kept
        apart from its data: a deleted phase moves the rank of thousands of
        cards, and nothing else on them."""
        if rank != self.weak_rank:
            self.weak_rank = rank
            self._tooltip_stale = True
            self.update()

    def set_palette(self, palette: Palette) -> None:
        self.palette = palette
        self.update()

    def _apply_tooltip(self) -> None:
        tp = self.data_.touchpoint
        parts = [f"<b>{_esc(tp.name)}</b>"]
        if tp.channel or tp.owner:
            parts.append(_esc(" · ".join(x for x in (tp.channel, f"Owner: {tp.owner}" if tp.owner else "") if x)))
        parts += [_esc(f"{b.long_text or b.text} {b.status.symbol} ({b.words or b.status.label.lower()}"
                       + (f"; {b.target})" if b.target else ")"))
                  for b in self.data_.badges]
        if self.weak_rank:
            parts.append(f"Weak touchpoint #{self.weak_rank}")
        if self.data_.open_actions:
            parts.append("<b>Open actions</b>: " + "; ".join(_esc(t) for t in self.data_.open_actions[:5])
                         + (f" (and {len(self.data_.open_actions) - 5} more)" if len(self.data_.open_actions) > 5
                            else ""))
        for title, items in captured(tp):
            parts.append(f"<b>{title}</b>: " + "; ".join(_esc(text) for text in items[:5])
                         + (f" (and {len(items) - 5} more)" if len(items) > 5 else ""))
        if tp.evidence_level:
            parts.append(f"<b>Evidence</b>: {_esc(LEVEL_WORDS[tp.evidence_level])}")
        quotes = [e for e in tp.evidence if e.kind == "quote"]
        if quotes:
            said = [f"“{_esc(q.text)}”" + (f" ({_esc(q.source)})" if q.source else "") for q in quotes[:3]]
            parts.append("<b>Quotes</b>: " + "; ".join(said))
        others = len(tp.evidence) - len(quotes)
        if others:
            parts.append(f"{others} picture{'s' if others > 1 else ''} or link{'s' if others > 1 else ''}: "
                         "see the inspector")
        for ref in self.data_.missing_pictures:
            parts.append(f"⚠ The picture {_esc(ref)} is missing beside the journey file")
        if self.data_.linked_words:
            # Only a link that opens invites a click.
            parts.append(_esc(self.data_.linked_words) + ("" if "⚠" in self.data_.linked else
                                                          " (click ↗ to open it)"))
        if self.data_.future_words:
            parts.append(f"<b>Future</b>: {_esc(self.data_.future_words)}")
        self.setToolTip("<br>".join(parts))

    # -------------------------------------------------------------- geometry
    def card_rect(self) -> QRectF:
        return QRectF(0, 0, self.sizes.card_width, self.sizes.card_height)

    def boundingRect(self) -> QRectF:
        # Room for the rank badge, the outline and the connection handle.
        # Kept on the card: Qt asks for it whenever a card moves or the index
        # is rebuilt (10,000 times after a deleted phase), and hashing the
        # sizes to look it up cost more than the rest of the call.
        return QRectF(self._bounds)  # a copy: a caller may adjust it in place

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        # Winding fill: the handle overlaps the card edge, and odd-even fill
        # would cut a hole exactly where the user grabs it.
        path.setFillRule(Qt.FillRule.WindingFill)
        path.addRoundedRect(self.card_rect(), 6, 6)
        path.addEllipse(self.handle_center(), HANDLE_RADIUS, HANDLE_RADIUS)
        return path

    def handle_center(self) -> QPointF:
        return QPointF(self.sizes.card_width, self.sizes.card_height / 2)

    def on_handle(self, pos: QPointF) -> bool:
        d = pos - self.handle_center()
        return d.x() * d.x() + d.y() * d.y() <= (HANDLE_RADIUS + 3) ** 2

    # ------------------------------------------------------------------ paint
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if option.levelOfDetailFromTransform(painter.worldTransform()) < SIMPLE_LOD:
            self._paint_overview(painter)
            return
        pal = self.palette
        data = self.data_
        tp = data.touchpoint
        rect = self.card_rect()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.dimmed:
            painter.setOpacity(0.25)

        tone, width = self._edge()
        if selected:
            tone, width = pal.card_selected, max(width, 2.5)
        pen = QPen(color(tone), max(width, 1.5) if data.retired else width)
        if data.retired:
            # Retired in the future state: a dashed edge (a shape, with the
            # "⊘ Retired" tag) and faded content.
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setOpacity(0.25 if self.dimmed else 0.6)
        painter.setPen(pen)
        painter.setBrush(color(pal.card_background))
        painter.drawRoundedRect(rect, 6, 6)

        # Status strip on the left edge: visible even in the simplified form.
        strip = QRectF(rect.left() + 1.5, rect.top() + 6, 4, rect.height() - 12)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color(pal.status[data.status]))
        painter.drawRoundedRect(strip, 2, 2)

        pad = 12.0
        # Top row: name (up to two lines) and the channel at the right.
        sizes = self.sizes
        detail = font(sizes.card_detail_px)
        fm_detail = QFontMetricsF(detail)
        channel = tp.channel if sizes.show_details else ""
        channel_w = min(fm_detail.horizontalAdvance(channel) + 4, rect.width() * 0.4) if channel else 0.0
        star_r = star_radius(sizes)
        name_left = pad + (2 * star_r + 4 if tp.moment_of_truth else 0)
        name_w = rect.width() - name_left - pad - channel_w - (10 if channel else 0)  # a clear gap before the channel
        badge_top = rect.height() - 8 - (QFontMetricsF(font(sizes.badge_px)).height() + 4)
        name_font, lines = title_lines(tp.name, sizes.card_name_px, name_w, badge_top - 8)
        fm_name = QFontMetricsF(name_font)
        # A title that needs the owner's line takes it: the owner is in the
        # tooltip and the inspector, a cut title is nowhere (and was baked
        # into every picture export).
        owner_row = len(lines) <= 2
        painter.setPen(color(pal.text))
        painter.setFont(name_font)
        y = 8.0 + fm_name.ascent()
        for line in lines:
            draw_text(painter, QPointF(name_left, y), line)
            y += fm_name.height()
        if channel:
            painter.setFont(detail)
            painter.setPen(color(pal.text_muted))
            text = fm_detail.elidedText(channel, Qt.TextElideMode.ElideRight, channel_w)
            draw_text(painter, QRectF(rect.width() - pad - channel_w, 8, channel_w, fm_detail.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, text)
        marker_w = 0.0
        self._markers_top = 8 + 2 * fm_name.height()
        markers = self.markers() if owner_row else []
        if markers:
            painter.setFont(detail)
            for kind, text, where in markers:
                # A link in the link colour; a broken link or a missing picture in red.
                tone = pal.status[Status.RED] if "⚠" in text else pal.card_selected if kind == "link" else pal.text
                painter.setPen(color(tone))
                draw_text(painter, QPointF(where.left(), where.top() + fm_detail.ascent()), text)
            marker_w = rect.width() - pad - markers[-1][2].left()
        if tp.owner and sizes.show_details and owner_row:
            painter.setFont(detail)
            painter.setPen(color(pal.text_muted))
            owner = fm_detail.elidedText(f"Owner: {tp.owner}", Qt.TextElideMode.ElideRight,
                                         rect.width() - 2 * pad - marker_w - (4 if marker_w else 0))
            draw_text(painter, QPointF(pad, 8 + 2 * fm_name.height() + fm_detail.ascent()), owner)

        level = level_rank(tp.evidence_level)
        bars_w = 0.0
        if level:
            bars_w = self.sizes.badge_px * 1.3
            bar_h = QFontMetricsF(font(self.sizes.badge_px)).height() + 2
            draw_evidence_bars(painter, QRectF(rect.width() - pad - bars_w, rect.height() - 8 - bar_h - 1, bars_w,
                                               bar_h), level, pal.text, pal.text_muted)
        self._paint_badges(painter, rect, pad, bars_w + 6 if bars_w else 0.0)
        if tp.moment_of_truth:
            self._paint_star(painter, QPointF(pad + star_r, 8 + fm_name.ascent() / 2 + 1), star_r)
        if self.weak_rank:
            self._paint_rank(painter, self.weak_rank)
        if tp.votes:
            # Votes at full strength on a dimmed card too: the room counts
            # them all, not only the spotlit one's.
            painter.setOpacity(1.0)
            self._paint_votes(painter, rect, tp.votes)
            painter.setOpacity(0.25 if self.dimmed else 1.0)
        if self.hover or selected:
            painter.setPen(QPen(color(pal.card_selected), 1.5))
            painter.setBrush(color(pal.card_background))
            painter.drawEllipse(self.handle_center(), HANDLE_RADIUS - 2, HANDLE_RADIUS - 2)

    def markers(self) -> list[tuple[str, str, QRectF]]:
        """The counts on the owner's line, right to left: its linked journey
        ("↗ 72%", a click opens it), what the workshop captured ("✎ 3"),
        open actions ("⚑ 1") and evidence items ("❝ 2"); texts are in the
        tooltip. Each with where it is drawn (a click on the link opens it)."""
        data, tp = self.data_, self.data_.touchpoint
        notes = sum(len(items) for _title, items in captured(tp))
        evidence = f"❝ {len(tp.evidence)}" + (" ⚠" if data.missing_pictures else "") if tp.evidence else ""
        candidates = (("link", data.linked), ("notes", f"✎ {notes}" if notes else ""),
                      ("actions", f"⚑ {len(data.open_actions)}" if data.open_actions else ""),
                      ("evidence", evidence))
        texts = [(kind, text) for kind, text in candidates if text]
        fm = QFontMetricsF(font(self.sizes.card_detail_px))
        # Where paint put the owner's line (the title's type may be a size
        # smaller on a long name); before the first paint, where it would be.
        top = self._markers_top or 8 + 2 * QFontMetricsF(title_font(self.sizes)).height()
        right = self.sizes.card_width - 12.0
        out = []
        for kind, text in texts:
            w = fm.horizontalAdvance(text) + 2
            out.append((kind, text, QRectF(right - w, top, w, fm.height())))
            right -= w + fm.horizontalAdvance("  ")
        return out

    def link_hit(self, pos: QPointF) -> bool:
        """Whether a click at `pos` (card coordinates) is on the link marker."""
        return any(kind == "link" and where.adjusted(-4, -4, 4, 4).contains(pos)
                   for kind, text, where in self.markers())

    def _edge(self) -> tuple[str, float]:
        """The card's edge, unselected: a weak card's is the weak outline."""
        if self.weak_rank:
            return self.palette.weak_outline, self.sizes.weak_outline_width
        return self.palette.card_border, 1.0

    def _paint_overview(self, painter: QPainter) -> None:
        """Zoomed out past reading a card: its status symbol and, when weak,
        its rank, large enough to read in an overview (a 2,000-card map
        fitted to the screen showed blank boxes, and no way to see which
        cards were the weakest). An overview draws every card of the map in
        each frame, so plainly: square corners, no cached picture (see
        JourneyScene.use_overview), text laid out once per string."""
        pal, data, rank, rect = self.palette, self.data_, self.weak_rank, self.card_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.dimmed:
            painter.setOpacity(0.25)
        border, width = self._edge()
        if data.retired:
            painter.setOpacity(0.25 if self.dimmed else 0.6)
        painter.setPen(_overview_pen(border, width, data.retired))
        painter.setBrush(_solid(pal.card_background))
        painter.drawRect(rect)
        tone = _solid(pal.status[data.status])
        h = rect.height()
        painter.fillRect(QRectF(1.5, 6, 4, h - 12), tone)
        if rank and rank <= OVERVIEW_WORST:
            # The worst few stand out even where every card misses (a bad
            # quarter): white on the status colour, across the card.
            painter.fillRect(QRectF(8, 8, rect.width() - 16, h - 16), tone)
            tone = _solid("#ffffff")
        px = round(h * 0.45)
        painter.setPen(tone)
        painter.setFont(font(px, QFont.Weight.Bold))
        laid = _laid_out(f"{data.status.symbol} {rank}" if rank else data.status.symbol, px)
        size = laid.size()
        draw_static_text(painter, QPointF((rect.width() - size.width()) / 2, (h - size.height()) / 2), laid)
        if self.isSelected():
            # Three screen pixels whatever the zoom: the detailed card's
            # 2.5-unit edge was a faint line at 20%.
            painter.setOpacity(1.0)
            painter.setPen(_overview_pen(pal.card_selected, 0.0, False, cosmetic=3.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)

    def _paint_badges(self, painter: QPainter, rect: QRectF, pad: float, reserved: float = 0.0) -> None:
        f = font(self.sizes.badge_px, QFont.Weight.DemiBold)
        fm = QFontMetricsF(f)
        painter.setFont(f)
        x, h = pad, fm.height() + 4
        y = rect.height() - 8 - h
        right = rect.width() - pad - reserved
        badges = self.data_.badges
        for i, badge in enumerate(badges):
            text = f"{badge.text} {badge.status.symbol}"
            w = fm.horizontalAdvance(text) + 10
            after = len(badges) - i - 1
            reserve = fm.horizontalAdvance(f"+{after}") + 4 if after else 0.0
            if x + w + reserve > right:
                # Say how many did not fit rather than cutting a badge in half.
                painter.setPen(color(self.palette.text_muted))
                draw_text(painter, QPointF(x, y + fm.ascent() + 2), f"+{len(badges) - i}")
                break
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color(self.palette.status[badge.status]))
            painter.drawRoundedRect(QRectF(x, y, w, h), 4, 4)
            if badge.unsure:
                draw_unsure_edge(painter, QRectF(x, y, w, h), self.palette.status[badge.status])
            painter.setPen(color(self.palette.status_text))
            draw_text(painter, QRectF(x, y, w, h), Qt.AlignmentFlag.AlignCenter, text)
            x += w + 4

    def _paint_rank(self, painter: QPainter, rank: int) -> None:
        """A red disc with the rank on the card's corner; beyond two digits
        a pill as wide as the number (a disc cut 1441 to "44")."""
        text = str(rank)
        f = font(self.sizes.rank_px, QFont.Weight.Bold)
        r = self.sizes.rank_px * 0.95
        width = max(2 * r, QFontMetricsF(f).horizontalAdvance(text) + r)
        rect = QRectF(-1 - r, -1 - r, width, 2 * r)
        painter.setPen(QPen(color(self.palette.card_background), 1.5))
        # The status red, not the outline tone: white digits need the contrast.
        painter.setBrush(color(self.palette.status[Status.RED]))
        painter.drawRoundedRect(rect, r, r)
        painter.setPen(color("#ffffff"))
        painter.setFont(f)
        draw_text(painter, rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_star(self, painter: QPainter, center: QPointF, r: float) -> None:
        import math
        points = []
        for i in range(10):
            radius = r if i % 2 == 0 else r * 0.45
            angle = -math.pi / 2 + i * math.pi / 5
            points.append(QPointF(center.x() + radius * math.cos(angle), center.y() + radius * math.sin(angle)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color("#bf8700"))
        painter.drawPolygon(QPolygonF(points))

    def _paint_votes(self, painter: QPainter, rect: QRectF, votes: int) -> None:
        """Dot votes as dots (up to eight) and the count, right of the middle
        line: as large as the badges' text, to be counted from the back of a
        room (they were about 12 px on a projector)."""
        radius = max(3.2, self.sizes.badge_px * 0.5)
        step = radius * 2.5
        y = rect.height() * 0.5 + (0 if self.sizes.show_details else 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color(self.palette.card_selected)))
        shown = min(votes, 8)
        for i in range(shown):
            painter.drawEllipse(QPointF(rect.width() - 12 - i * step, y), radius, radius)
        painter.setPen(color(self.palette.text))
        f = font(self.sizes.badge_px, QFont.Weight.Bold)
        painter.setFont(f)
        label = str(votes)
        w = QFontMetricsF(f).horizontalAdvance(label)
        draw_text(painter, QPointF(rect.width() - 12 - shown * step - w, y + QFontMetricsF(f).ascent() / 2 - 1), label)

    # ---------------------------------------------------------------- events
    def hoverEnterEvent(self, event) -> None:
        # Tooltips are built when first needed: thousands of cards, few hovered.
        if self._tooltip_stale:
            self._apply_tooltip()
            self._tooltip_stale = False
        self.hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.hover = False
        self.update()
        super().hoverLeaveEvent(event)

    def hoverMoveEvent(self, event) -> None:
        self.setCursor(Qt.CursorShape.CrossCursor if self.on_handle(event.pos())
                       else Qt.CursorShape.OpenHandCursor)
        super().hoverMoveEvent(event)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
