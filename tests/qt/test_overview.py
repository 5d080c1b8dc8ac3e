"""Zoomed out past reading a card (issue 13: zooming out a 2,000-card map
cost 0.6 s a step): cards draw a plain form without cached pictures, and the
routes are one cached picture. What is drawn must still be what the map is,
after any edit: a test compares an edited map with a fresh one."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QGraphicsItem

from journeymap.qt.app import sample_document
from journeymap.qt.canvas.touchpoint_item import SIMPLE_LOD

from .conftest import shown_window

ZOOM = SIMPLE_LOD * 0.95  # the largest overview
NO_CACHE, DEVICE = QGraphicsItem.CacheMode.NoCache, QGraphicsItem.CacheMode.DeviceCoordinateCache


def _at(window, zoom: float) -> QImage:
    QApplication.processEvents()  # the window's first fit, before this zoom
    window.view.set_zoom(zoom)
    window.view.centerOn(window.scene.sceneRect().center())
    window.scene.flush()
    QApplication.processEvents()
    return window.view.viewport().grab().toImage()


def _differing(a: QImage, b: QImage) -> int:
    """Pixels that differ clearly (more than antialiasing's edge noise)."""
    assert a.size() == b.size()
    count = 0
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            if max(abs(((pa >> s) & 255) - ((pb >> s) & 255)) for s in (0, 8, 16)) > 60:
                count += 1
    return count


def test_zoomed_out_cards_are_drawn_plain_and_routes_cached_and_back_again(qtbot):
    window = shown_window(qtbot)
    cards = list(window.scene.card_items.values())
    _at(window, SIMPLE_LOD * 0.8)
    assert {item.cacheMode() for item in cards} == {NO_CACHE}
    assert window.scene.connection_layer.cacheMode() == DEVICE
    _at(window, 1.0)
    assert {item.cacheMode() for item in cards} == {DEVICE}
    assert window.scene.connection_layer.cacheMode() == NO_CACHE


def test_an_edited_map_zoomed_out_looks_as_a_fresh_one_does(qtbot):
    """Moving a card re-routes its connections, which repaint only where they
    changed in the routes' cached picture: nothing old may stay drawn."""
    window = shown_window(qtbot)
    doc = window.document
    _at(window, ZOOM)  # draws, and caches, the routes before the edit
    # A card moved to an empty cell of its column: the map keeps its shape,
    # the card's route is drawn again where it changed, and nothing else.
    doc.move_touchpoints({"webinar": {"phase": "discover", "lane": "backstage", "position": None}})
    edited = _at(window, ZOOM)
    fresh_window = shown_window(qtbot, type(doc)(doc.journey))
    fresh = _at(fresh_window, ZOOM)
    before = _at(shown_window(qtbot, sample_document()), ZOOM)
    assert _differing(before, fresh) > 50  # the edit shows at this zoom
    assert _differing(edited, fresh) < 10
    fresh_window.document.undo_stack.setClean()
