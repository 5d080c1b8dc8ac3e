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


def test_a_chosen_card_stands_out_zoomed_out(qtbot):
    """A chosen card was outlined 2.5 map units wide, half a pixel at 20%: a
    user could not see which card was chosen. Zoomed out, it gets an outline
    three screen pixels wide."""
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QStyleOptionGraphicsItem
    window = shown_window(qtbot)
    item = window.scene.card_items["webinar"]
    chosen = QColor(item.palette.card_selected)

    def outlined(selected: bool) -> int:
        item.setSelected(selected)
        image = QImage(120, 60, QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.translate(10, 10)
        painter.scale(0.2, 0.2)
        item.paint(painter, QStyleOptionGraphicsItem())
        painter.end()
        pixels = [QColor(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height())]
        return sum(1 for c in pixels if c.blue() > 150 and abs(c.red() - chosen.red()) < 50 and c.red() < 150)

    assert outlined(False) == 0
    width, height = item.card_rect().width() * 0.2, item.card_rect().height() * 0.2
    assert outlined(True) >= 2 * (width + height) * 2  # two pixels and more all round


def test_the_zoom_stays_in_sight_and_goes_out_far_enough_for_a_big_map(qtbot):
    from journeymap.qt.canvas.view import MIN_ZOOM
    window = shown_window(qtbot)
    _at(window, 0.5)
    assert window.zoom_label.text() == "Zoom 50%"
    QApplication.processEvents()
    assert window.zoom_label.isVisible()
    window.view.fit()
    assert window.zoom_label.text() == f"Zoom {window.view.zoom():.0%}"
    window.view.set_zoom(0.045)
    assert window.zoom_label.text() == "Zoom 4.5%"  # steps this far out are under one percent
    # A 2,000-card map is 20 phases of about 1,050 units: at the least zoom
    # it fits a 1,280-pixel-wide view.
    assert 20 * 1056 * MIN_ZOOM < 1280 - 400


def test_zooming_from_the_keyboard_keeps_the_middle_of_the_view(qtbot):
    """Ctrl+0 from far out landed in a corner of the map: a zoom from the
    keyboard or a menu went about wherever the mouse rested."""
    from PySide6.QtGui import QCursor
    window = shown_window(qtbot)
    view = window.view
    _at(window, 0.3)
    card = window.scene.card_items["support-chat"]
    view.centerOn(card)
    QCursor.setPos(view.viewport().mapToGlobal(view.viewport().rect().topLeft()))  # the mouse in a corner
    for action in ("zoom_100", "zoom_in", "zoom_out"):
        # (Far out, the middle of the map beside the room kept for the sticky headers.)
        middle = view.mapToScene(view.clear_middle())
        window.actions_[action].trigger()
        QApplication.processEvents()
        after = view.mapToScene(view.clear_middle())
        assert abs(after.x() - middle.x()) < 3 / view.zoom() + 1, action
        assert abs(after.y() - middle.y()) < 3 / view.zoom() + 1, action
