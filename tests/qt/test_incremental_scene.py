"""The scene redraws only what an edit touched; what it shows must be what a
full redraw would show. Each step below is an edit of one kind, and after it
the scene is compared item by item with a fresh scene of the same document."""

import pytest
from PySide6.QtWidgets import QApplication

from journeymap.drawing.theme import LIGHT
from journeymap.model import Measurement
from journeymap.qt.canvas.scene import JourneyScene


def picture(scene: JourneyScene) -> dict:
    scene.flush()
    cards = {tp_id: (item.pos().toTuple(), item.data_, item.weak_rank) for tp_id, item in scene.card_items.items()}
    # A route that kept its shape when both ends moved together may differ
    # in its middle from a fresh one; where it starts and ends may not.
    routes = {key: (item.points[0], item.points[-1], item.conn) for key, item in scene.connection_items.items()}
    grid = (scene.grid.layout.columns, scene.grid.layout.rows, [p.name for p in scene.grid.phases],
            [lane.name for lane in scene.grid.lanes], scene.grid.phase_status)
    return {"cards": cards, "routes": routes, "grid": grid, "rect": scene.sceneRect().getRect(),
            "emotion": scene.emotion.points}


def synthetic_window(qtbot, size=(1000, 700), **sizes):
    """A window on a synthetic map of the benchmarks' kind: (window, document)."""
    from benchmarks.synthetic import build
    from journeymap.qt.document import JourneyDocument

    from .conftest import shown_window
    document = JourneyDocument(build(**sizes), autosave=False)
    return shown_window(qtbot, document, size=size), document


def assert_drawn_as_fresh(window) -> None:
    """The scene shows what a scene made afresh of its document shows."""
    fresh = JourneyScene(window.document, window.scene.colors)
    try:
        assert picture(window.scene) == picture(fresh)
    finally:
        fresh.detach()


EDITS = {
    "rename": lambda d: d.update_touchpoint("webinar", name="A much longer webinar name"),
    "move to another cell": lambda d: d.move_touchpoints(
        {"webinar": {"phase": d.journey.phases[-1].id, "lane": d.journey.lanes[0].id, "position": None}}),
    "nudge": lambda d: d.move_touchpoints({"webinar": {"position": (30.0, 40.0)}}),
    "emotion": lambda d: d.update_touchpoint("webinar", emotion=-2.0),
    "add": lambda d: d.add_touchpoint(d.journey.phases[0].id, d.journey.lanes[1].id, "Added"),
    "delete": lambda d: d.delete_touchpoints([d.journey.touchpoints[3].id]),
    "connect": lambda d: d.connect_touchpoints(d.journey.touchpoints[0].id, d.journey.touchpoints[-1].id),
    "target": lambda d: d.set_target_override("webinar", "nps", 99.0),
    "measure": lambda d: d.set_measurement(Measurement("webinar", "nps", -80.0, 40)),
    "rename phase": lambda d: d.rename_phase(d.journey.phases[1].id, "Renamed phase"),
    "move phase": lambda d: d.move_phase(d.journey.phases[0].id, 2),
    "delete phase": lambda d: d.delete_phase(d.journey.phases[1].id),
    "add lane": lambda d: d.add_lane("Another lane"),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_redraws_as_a_full_redraw_would(window, name):
    doc = window.document
    assert EDITS[name](doc) not in (False, None)
    QApplication.processEvents()
    after_edit = picture(window.scene)
    fresh = JourneyScene(doc, window.scene.colors)
    try:
        assert after_edit == picture(fresh)
        doc.undo_stack.undo()
        QApplication.processEvents()
        fresh.refresh()
        assert picture(window.scene) == picture(fresh)
    finally:
        fresh.detach()


def test_an_export_scene_follows_nothing_after_it_is_released(window):
    from journeymap.qt.picture_export import export_scene, release_export_scene
    scene = export_scene(window.document.journey)
    assert len(window.document.journey.changed) == 2
    release_export_scene(scene)
    assert len(window.document.journey.changed) == 1
    assert LIGHT is not None


def test_a_big_map_opens_making_badges_and_routes_only_for_what_is_shown(qtbot):
    """Badges (each asks for a confidence interval) and connection paths are
    made when first painted or read: a window on a 400-card map makes those
    of the cards and routes it shows, and a card's badges, when read, are
    what a card made at once would show."""
    from journeymap.qt.canvas.scene import badge_for
    w, doc = synthetic_window(qtbot, size=(1200, 800), touchpoints=400, connections=600, measurements=8000, phases=8)
    w.view.resetTransform()  # 100%: a corner of the map
    w.view.centerOn(w.scene.card_items["tp0"])
    QApplication.processEvents()
    w.view.viewport().repaint()
    cards = w.scene.card_items.values()
    made = [item for item in cards if item.data_.badges._made is not None]
    assert made
    assert len(made) < len(cards) / 2
    assert w.scene.card_items["tp0"] in made
    routed = [item for item in w.scene.connection_items.values() if item._path is not None]
    assert len(routed) < len(w.scene.connection_items) / 2
    far = w.scene.card_items["tp399"]
    assert far not in made
    results = w.scene.cards.touchpoints["tp399"]
    at_once = sorted((badge_for(w.scene.cards.metrics[r.metric], r) for r in results),
                     key=lambda b: -b.status.severity)
    assert list(far.data_.badges) == at_once
    assert far.data_.badges == tuple(at_once)
    doc.undo_stack.setClean()


def test_cards_whose_rank_alone_moved_get_their_new_number_and_nothing_else(qtbot):
    """Deleting a phase moves the rank of every weak card below its cards;
    those cards' data is kept (only the number is redrawn), and every rank
    is what a fresh scene shows."""
    w, doc = synthetic_window(qtbot, size=(1000, 700), touchpoints=300, connections=400, measurements=6000, phases=6)
    before = {tp_id: (item.data_, item.weak_rank) for tp_id, item in w.scene.card_items.items()}
    doc.delete_phase(doc.journey.phases[0].id)
    w.scene.flush()
    kept = [tp_id for tp_id, (data, rank) in before.items()
            if tp_id in w.scene.card_items and w.scene.card_items[tp_id].weak_rank != rank]
    assert len(kept) > 100  # ranks moved for most of the map
    assert all(w.scene.card_items[tp_id].data_ is before[tp_id][0] for tp_id in kept)
    assert_drawn_as_fresh(w)
    doc.undo_stack.setClean()


def test_many_changed_routes_set_the_index_aside_once_and_it_comes_back(qtbot, monkeypatch):
    """An edit that re-routes hundreds of connections rebuilds Qt's index
    once instead of updating it route by route (0.8 ms a route on a big
    map); after it the index is back, and finds cards and routes."""
    from PySide6.QtWidgets import QGraphicsScene

    from journeymap.qt.canvas import scene as scene_module
    from journeymap.qt.canvas import scene_routes
    w, doc = synthetic_window(qtbot, size=(1000, 700), touchpoints=300, connections=450, measurements=600, phases=6)
    methods = []
    original = QGraphicsScene.setItemIndexMethod
    monkeypatch.setattr(QGraphicsScene, "setItemIndexMethod",
                        lambda self, method: (methods.append(method), original(self, method))[1])
    monkeypatch.setattr(scene_module, "MASS_UPDATE", 10**9)  # only the routes may set it aside
    monkeypatch.setattr(scene_routes, "MASS_ROUTES", 20)
    hub = doc.journey.touchpoints[150].id
    for other in [tp.id for tp in doc.journey.touchpoints[:60]]:
        if not doc.journey.has_connection(other, hub) and not doc.journey.has_connection(hub, other):
            doc.connect_touchpoints(other, hub)
    w.scene.flush()
    methods.clear()
    doc.move_touchpoints({hub: {"phase": doc.journey.phases[-1].id, "position": None}})
    w.scene.flush()
    assert methods == [QGraphicsScene.ItemIndexMethod.NoIndex, QGraphicsScene.ItemIndexMethod.BspTreeIndex]
    assert w.scene.itemIndexMethod() is QGraphicsScene.ItemIndexMethod.BspTreeIndex
    item = w.scene.card_items[hub]
    assert item in w.scene.items(item.mapToScene(item.card_rect().center()))
    assert_drawn_as_fresh(w)
    doc.undo_stack.setClean()


def test_after_an_edit_that_sets_the_index_aside_a_hit_test_looks_at_a_few_items(qtbot, monkeypatch):
    """Qt's new index knew no extent until the scene's changed: after a
    reordered phase (same extent) every hover and paint tested every item of
    the map, for good (99 ms a hover on 10,000 cards). Now it is filled at once."""
    from journeymap.qt.canvas import scene as scene_module
    from journeymap.qt.canvas.touchpoint_item import TouchpointItem
    w, doc = synthetic_window(qtbot, size=(1000, 700), touchpoints=300, connections=300, measurements=600, phases=6)
    monkeypatch.setattr(scene_module, "MASS_UPDATE", 10)
    rect = w.scene.sceneRect()
    doc.move_phase(doc.journey.phases[0].id, 3)
    w.scene.flush()
    QApplication.processEvents()
    assert w.scene.sceneRect() == rect  # the case where the index was never told
    item = w.scene.card_items["tp0"]
    point = item.mapToScene(item.card_rect().center())
    asked = []
    original = TouchpointItem.boundingRect
    monkeypatch.setattr(TouchpointItem, "boundingRect", lambda self: (asked.append(self), original(self))[1])
    assert item in w.scene.items(point)
    assert len(asked) < 20
    doc.undo_stack.setClean()


@pytest.mark.parametrize("rank", [7, 42, 1441, 20000])
def test_a_cards_rank_is_drawn_whole_however_many_digits_it_has(window, rank):
    """A disc held two digits: rank 1441 read "44" on a big map. The red
    mark now widens to hold the whole number."""
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    from journeymap.analysis.status import Status
    from journeymap.qt.canvas import text as canvas_text
    item = window.scene.card_items["webinar"]
    item.set_rank(rank)
    bounds = item.boundingRect()
    image = QImage(int(bounds.width()) + 1, int(bounds.height()) + 1, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.translate(-bounds.left(), -bounds.top())
    canvas_text.start_audit()
    item.paint(painter, QStyleOptionGraphicsItem())
    drawn = canvas_text.stop_audit()
    painter.end()
    number = next(d for d in drawn if d.text == str(rank))
    red = QColor(window.scene.colors.status[Status.RED])
    # The red mark's extent along the text's middle row, on the image.
    row = int(number.device_rect.center().y() - bounds.top())
    reds = [x for x in range(image.width())
            if abs(QColor(image.pixel(x, row)).red() - red.red()) < 40
            and abs(QColor(image.pixel(x, row)).green() - red.green()) < 40
            and abs(QColor(image.pixel(x, row)).blue() - red.blue()) < 40]
    text = number.device_rect.translated(-bounds.left(), -bounds.top())
    assert reds
    assert min(reds) <= text.left() + 1
    assert max(reds) >= text.right() - 1


def test_zoomed_out_past_reading_a_card_shows_its_status_and_rank(window):
    """A 2,000-card map fitted to the screen showed blank boxes: now each
    card shows its status symbol and, when weak, its rank, in large type."""
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    from journeymap.qt.canvas import text as canvas_text
    weak, fine = window.scene.card_items["support-chat"], window.scene.card_items["webinar"]
    worst = window.scene.card_items["ticket-escalation"]
    weak.set_rank(1441)
    worst.set_rank(3)
    seen, colours = {}, {}
    for item in (weak, fine, worst):
        image = QImage(200, 120, QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.scale(0.3, 0.3)  # below the zoom where a card's text can be read
        canvas_text.start_audit()
        item.paint(painter, QStyleOptionGraphicsItem())
        drawn = canvas_text.stop_audit()
        seen[item.tp_id], colours[item.tp_id] = [d.text for d in drawn], [d.color.name() for d in drawn]
        painter.end()
    assert seen["support-chat"] == [f"{weak.data_.status.symbol} 1441"]
    assert seen["webinar"] == [fine.data_.status.symbol]
    # The worst ten stand out: white on their status colour, where the rest are coloured text.
    assert seen["ticket-escalation"] == [f"{worst.data_.status.symbol} 3"]
    assert colours["ticket-escalation"] == ["#ffffff"]
    assert colours["support-chat"] != ["#ffffff"]
