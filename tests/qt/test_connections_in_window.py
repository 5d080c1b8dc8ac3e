"""Connections in the window (issue 14, #10 and #11): selecting one shows it
in the inspector by its cards' names, with its label and customer share
editable and undoable; a double-click on one edits it rather than making a
card under it; Esc on a card just made by a double-click takes it away."""

import itertools

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .conftest import scene_point, send_mouse


def a_point_on(window, key):
    """A point on the connection's line, away from every card and from any
    other connection (routes share gutters), or None."""
    from journeymap.qt.canvas.connection_item import ConnectionItem
    item = window.scene.connection_items[key]
    for i in range(1, 40):
        point = item.path.pointAtPercent(i / 40)
        lines = [x for x in window.scene.items(point) if isinstance(x, ConnectionItem)]
        if window.scene.card_at(point) is None and lines == [item]:
            return point
    return None


def double_click(window, point):
    viewport = window.view.viewport()
    at = scene_point(window, point.x(), point.y())
    send_mouse(viewport, QEvent.Type.MouseButtonPress, at)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, at, buttons=Qt.MouseButton.NoButton)
    send_mouse(viewport, QEvent.Type.MouseButtonDblClick, at)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, at, buttons=Qt.MouseButton.NoButton)
    QApplication.processEvents()


def test_a_selected_connection_is_shown_and_edited_in_the_inspector(window, qtbot):
    j = window.document.journey
    conn = j.connections[0]
    window.scene.clearSelection()
    window.scene.connection_items[conn.key].setSelected(True)
    inspector = window.inspector
    a, b = j.touchpoint(conn.source), j.touchpoint(conn.target)
    assert inspector.title.text() == f"Connection: {a.name} → {b.name}"
    assert inspector.c_from.text() == f"{a.name} ({j.phase(a.phase).name})"
    assert "tp-" not in inspector.title.text() + inspector.c_from.text() + inspector.c_to.text()
    inspector.c_label.setText("after the trial")
    inspector.c_label.editingFinished.emit()
    inspector.c_share.setValue(40)
    inspector.c_share.editingFinished.emit()
    assert j.connection(*conn.key).label == "after the trial"
    assert j.connection(*conn.key).share == 0.4
    window.document.undo_stack.undo()
    assert j.connection(*conn.key).share == conn.share
    shown = -1 if conn.share is None else conn.share * 100
    qtbot.waitUntil(lambda: inspector.c_share.value() == shown)  # shown as it is now
    window.document.undo_stack.undo()
    assert j.connection(*conn.key).label == conn.label
    assert window.document.undo_stack.undoText() != "Edit connection"


def test_double_clicking_a_connection_edits_it_and_makes_no_card(window):
    j = window.document.journey
    key, point = next((c.key, a_point_on(window, c.key)) for c in j.connections
                      if c.label and a_point_on(window, c.key) is not None)
    count = j.touchpoint_count()
    double_click(window, point)
    assert j.touchpoint_count() == count
    assert window.inspector.kind == "connection"
    assert window.inspector.c_label.hasFocus() or QApplication.focusWidget() is window.inspector.c_label
    assert window.inspector.c_label.selectedText() == j.connection(*key).label


def test_escape_on_a_card_just_made_takes_it_away(window):
    j = window.document.journey
    count, steps = j.touchpoint_count(), window.document.undo_stack.count()
    lay = window.scene.layout
    empty = next((p, lane) for p in lay.columns for lane in lay.rows
                 if not any(tp.phase == p and tp.lane == lane for tp in j.touchpoints))
    x, w = lay.columns[empty[0]]
    y, h = lay.rows[empty[1]]
    double_click(window, QPointF(x + w / 2, y + h / 2))
    assert j.touchpoint_count() == count + 1
    editor = window.view.editor
    assert editor is not None
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert j.touchpoint_count() == count
    assert window.document.undo_stack.index() == steps  # the add was taken back
    # a card that was named stays: Esc on renaming an existing card only cancels the rename
    double_click(window, QPointF(x + w / 2, y + h / 2))
    QTest.keyClicks(window.view.editor, "Branch visit")
    QTest.keyClick(window.view.editor, Qt.Key.Key_Return)
    assert j.touchpoint_count() == count + 1
    new_id = window.scene.selected_touchpoints()[0]
    window.start_rename("touchpoint", new_id)
    QTest.keyClick(window.view.editor, Qt.Key.Key_Escape)
    assert j.touchpoint(new_id).name == "Branch visit"


def _labels_read_clear(scene) -> None:
    from PySide6.QtCore import QRectF
    labels = [(key, item.label_rect) for key, item in scene.connection_items.items() if not item.label_rect.isEmpty()]
    assert labels
    for (a, ra), (b, rb) in itertools.combinations(labels, 2):
        assert not ra.intersects(rb), f"labels of {a} and {b} overlap"
    for key, rect in labels:
        for tp_id, card in scene.layout.cards.items():
            assert not rect.intersects(QRectF(*card)), f"label of {key} is under card {tp_id}"


def test_connection_labels_never_overlap_or_hide_under_cards(window):
    """On the sample "needs help" and "solved" printed over each other."""
    _labels_read_clear(window.scene)
    # Where a route leaves no spot clear of cards, the label is drawn over
    # them rather than hidden: labels have a layer above the cards.
    card = next(iter(window.scene.card_items.values()))
    assert window.scene.label_layer.zValue() > card.zValue()
    # And after an edit re-routes some of them.
    window.document.move_touchpoints({"support-chat": {"position": (40.0, 30.0)}})
    window.scene.flush()
    _labels_read_clear(window.scene)


def test_the_label_dialog_names_both_ends_and_fits_its_title(window):
    from PySide6.QtCore import QTimer
    conn = window.document.journey.connections[0]
    seen = {}

    def answer():
        dialog = getattr(window, "label_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, answer)
            return
        seen["width"], seen["text"] = dialog.width(), dialog.labelText()
        dialog.setTextValue("  renamed  ")
        dialog.accept()

    QTimer.singleShot(0, answer)
    window._edit_connection_label(conn.source, conn.target)
    j = window.document.journey
    assert seen["width"] >= 420
    assert j.touchpoint(conn.source).name in seen["text"]
    assert j.touchpoint(conn.target).name in seen["text"]
    assert j.connection(conn.source, conn.target).label == "renamed"


@pytest.mark.usefixtures("qapp")
def test_a_shifted_route_is_the_route_drawn_at_its_new_place():
    """A column that grew shifts the routes to its right instead of routing
    them again: the shifted one must be in every way (points, path, arrow,
    label, bounds and the box the layer culls by) the route set there."""
    from journeymap.drawing.theme import LIGHT
    from journeymap.model import Connection
    from journeymap.qt.canvas.connection_item import ConnectionItem

    conn = Connection("a", "b", label="Renewal offer", share=0.4)
    points = [(10.0, 20.0), (60.0, 20.0), (60.0, 140.0), (200.0, 140.0)]
    shifted, placed = ConnectionItem(conn, LIGHT), ConnectionItem(conn, LIGHT)
    shifted.set_route(conn, points)
    _ = shifted.path, shifted.arrow  # built before the shift: they must move with it
    shifted.shift(37.5, -12.0)
    placed.set_route(conn, [(x + 37.5, y - 12.0) for x, y in points])
    assert shifted.points == placed.points
    assert shifted.path.boundingRect() == placed.path.boundingRect()
    assert shifted.arrow == placed.arrow
    assert shifted.label_rect == placed.label_rect
    assert shifted.boundingRect() == placed.boundingRect()
    assert shifted.box == pytest.approx(placed.box)
