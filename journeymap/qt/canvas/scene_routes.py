"""The scene's part for connections: which routes an edit touches, routes
that only shift with their two ends (a column to their left grew), and
routing the rest, many at once or one by one, with labels clear of each
other. Only routes whose ends moved are routed again: a map-wide re-route
per edit is what made big maps slow (issue 13)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF

from journeymap.drawing.routing import CardIndex, corridors, route, route_all

from .connection_item import ConnectionItem
from .scene_index import SceneIndex

if TYPE_CHECKING:
    from journeymap.drawing.layout import Layout, Rect
    from journeymap.drawing.theme import Metrics, Palette
    from journeymap.model.change import Change

    from ..document import JourneyDocument
    from .connection_item import ConnectionLayer

# Above this many connections to route, they are routed in one batch.
BULK_ROUTES = 64
# Above this many routes changed by one edit, the scene's index is rebuilt
# once rather than updated route by route.
MASS_ROUTES = 100


def _common_shift(before: dict[str, Rect], after: dict[str, Rect], source: str,
                  target: str) -> tuple[float, float] | None:
    """How far both ends of a connection moved, when they moved alike."""
    a0, b0, a1, b1 = before.get(source), before.get(target), after.get(source), after.get(target)
    if a0 is None or b0 is None or a1 is None or b1 is None:
        return None
    dx, dy = a1[0] - a0[0], a1[1] - a0[1]
    return (dx, dy) if dx == b1[0] - b0[0] and dy == b1[1] - b0[1] else None


class SceneRoutes(SceneIndex):
    """A base of JourneyScene, which holds the items and sets named here;
    on Qt's index, which it sets aside for a batch of routes."""

    if TYPE_CHECKING:
        document: JourneyDocument
        layout: Layout
        colors: Palette
        sizes: Metrics
        show_connections: bool
        connection_items: dict[tuple[str, str], ConnectionItem]
        connection_layer: ConnectionLayer
        _routing: tuple[CardIndex, list[float]] | None
        _labelled: set[tuple[str, str]]

        def shown(self, tp_id: str) -> bool: ...

    def _follow_ends(self, change: Change, moved: set[str], old: Layout) -> None:
        """The connections of the cards an edit touched or moved: shifted
        where both ends moved alike, routed again otherwise."""
        # One whose two ends moved together (a column to their left grew)
        # keeps its route, shifted. A deleted phase shifts thousands: the
        # loop keeps to plain numbers, and one repaint covers them all.
        touched = change.touchpoints
        reroute = set(change.connections)
        before, after = old.cards, self.layout.cards
        items = self.connection_items
        left = top = math.inf
        right = bottom = -math.inf
        for key in self._connections_at(touched | moved):
            item = items.get(key)
            if item is None or key in reroute:
                continue
            source, target = key
            shift = None if source in touched or target in touched else _common_shift(before, after, source, target)
            if shift is None:
                reroute.add(key)
                continue
            b = item.box
            left, top, right, bottom = min(left, b[0]), min(top, b[1]), max(right, b[2]), max(bottom, b[3])
            item.shift(*shift, repaint=False)
            b = item.box
            left, top, right, bottom = min(left, b[0]), min(top, b[1]), max(right, b[2]), max(bottom, b[3])
        if left <= right:  # one repaint of where the shifted routes were and are
            self.connection_layer.route_changed(QRectF(QPointF(left, top), QPointF(right, bottom)))
        self._sync_connections(reroute)

    def _connections_at(self, ends: set[str]) -> set[tuple[str, str]]:
        """The drawn connections with an end among these cards."""
        journey = self.document.journey
        if len(ends) * 8 > len(self.connection_items):  # most of the map: one pass is cheaper
            return {key for key in self.connection_items if key[0] in ends or key[1] in ends}
        return {conn.key for tp_id in ends if journey.has_touchpoint(tp_id)
                for conn in journey.connections_of(tp_id)}

    def _router(self) -> tuple[CardIndex, list[float]]:
        if self._routing is None:
            self._routing = (CardIndex(self.layout.cards), corridors(self.layout))
        return self._routing

    def _sync_connections(self, keys: set[tuple[str, str]] | None) -> None:
        """Re-route these connections (None: all), add new ones and drop gone
        ones; labels of re-routed connections slide clear of the others'."""
        journey = self.document.journey
        if keys is not None and not keys:
            return
        index, lanes = self._router()
        if keys is None:
            todo = [conn.key for conn in journey.connections]
            for key in set(self.connection_items) - set(todo):
                self.removeItem(self.connection_items.pop(key))
            labels: list[QRectF] = []
        else:
            todo = []
            for key in keys:
                if journey.has_connection(*key):
                    todo.append(key)
                elif key in self.connection_items:
                    self.removeItem(self.connection_items.pop(key))
            labels = [self.connection_items[key].label_rect for key in self._labelled
                      if key not in keys and key in self.connection_items] if todo else []
        # Many routes at once (opening a map, a column that grew) are computed
        # together, a corridor at a time; a few, one by one.
        routes = route_all(self.layout, todo, index, lanes) if len(todo) > BULK_ROUTES else None
        with self._index_set_aside(len(todo) > MASS_ROUTES):
            added = self._set_routes(todo, routes, labels, index, lanes)
        if keys is None or added or len(self.connection_layer.items) != len(self.connection_items):
            self.connection_layer.set_items(list(self.connection_items.values()))

    def _set_routes(self, todo: list[tuple[str, str]], routes: list[list[tuple[float, float]]] | None,
                    labels: list[QRectF], index: CardIndex, lanes: list[float]) -> bool:
        """Give these connections their routes (computed already, or one by
        one); whether any connection item was made."""
        journey = self.document.journey
        added = False
        for i, key in enumerate(todo):
            conn = journey.connection(*key)
            item = self.connection_items.get(key)
            points = routes[i] if routes is not None else route(self.layout, index, lanes, conn.source, conn.target)
            if item is None:
                # Routed before it joins the scene: a geometry change of an
                # item in the scene costs an index update each.
                item = ConnectionItem(conn, self.colors)
                item.label_px = self.sizes.label_px
                item.set_route(conn, points)
                self.connection_items[key] = item
                self.addItem(item)
                added = True
            else:
                item.set_route(conn, points)
            item.place_label(labels, index)
            item.setVisible(self.show_connections and self.shown(conn.source) and self.shown(conn.target))
            if conn.label:
                self._labelled.add(key)
            else:
                self._labelled.discard(key)
        return added
