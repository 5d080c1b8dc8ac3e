"""Every editing gesture through real mouse and key events, checking the
model after it, and that undo then redo restore it exactly."""

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication

from .conftest import card_point, drag, scene_point, send_mouse, shown_window, snapshot, wheel


def undo_redo_round_trip(window, before, after):
    stack = window.document.undo_stack
    stack.undo()
    assert snapshot(window.document.journey) == before
    stack.redo()
    assert snapshot(window.document.journey) == after


def test_double_click_empty_cell_adds_touchpoint_and_names_it(window, qtbot):
    j = window.document.journey
    before = snapshot(j)
    lay = window.scene.layout
    x, y, w, h = lay.cell_rect("discover", "support")
    vp = window.view.viewport()
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=scene_point(window, x + w / 2, y + h / 2))
    new = [tp for tp in j.touchpoints if tp.id not in {t["id"] for t in before["touchpoints"]}]
    assert len(new) == 1
    assert (new[0].phase, new[0].lane) == ("discover", "support")
    editor = window.view.editor
    assert editor is not None
    assert editor.hasFocus()
    qtbot.keyClicks(editor, "Status email")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert j.touchpoint(new[0].id).name == "Status email"
    after = snapshot(j)
    stack = window.document.undo_stack
    stack.undo()  # the rename
    assert j.touchpoint(new[0].id).name == "New touchpoint"
    stack.undo()  # the add
    assert snapshot(j) == before
    stack.redo()
    stack.redo()
    assert snapshot(j) == after


def test_escape_cancels_inline_rename(window, qtbot):
    before = snapshot(window.document.journey)
    window.scene.select_touchpoints(["webinar"])
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    editor = window.view.editor
    assert editor is not None
    assert editor.text() == "Industry webinar"
    qtbot.keyClicks(editor, "zzz")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert snapshot(window.document.journey) == before


def test_drag_card_to_another_cell_is_one_undo_step(window):
    j = window.document.journey
    before = snapshot(j)
    depth = window.document.undo_stack.count()
    lay = window.scene.layout
    x, y, w, h = lay.cell_rect("renew", "support")
    start = card_point(window, "webinar", "body")
    window.view.ensureVisible(x, y, w, h, 10, 10)
    QApplication.processEvents()
    start = card_point(window, "webinar", "body")
    end_scene = scene_point(window, x + 60, y + 60)
    start = card_point(window, "webinar", "body")
    drag(window.view.viewport(), start, end_scene)
    tp = j.touchpoint("webinar")
    assert (tp.phase, tp.lane) == ("renew", "support")
    assert tp.position is not None
    assert window.document.undo_stack.count() == depth + 1
    # The connection went with it.
    assert j.has_connection("webinar", "sales-demo")
    undo_redo_round_trip(window, before, snapshot(j))


def test_drag_multiple_selected_cards_moves_both_in_one_step(window):
    j = window.document.journey
    before = snapshot(j)
    window.scene.select_touchpoints(["search-ad", "webinar"])
    assert set(window.scene.selected_touchpoints()) == {"search-ad", "webinar"}
    start = card_point(window, "search-ad", "body")
    lay = window.scene.layout
    x, y, w, _h = lay.cell_rect("evaluate", "customer")
    end = scene_point(window, x + 40 + w / 2, y + 30)
    start = card_point(window, "search-ad", "body")
    drag(window.view.viewport(), start, end)
    assert j.touchpoint("search-ad").phase == "evaluate"
    assert j.touchpoint("webinar").phase == "evaluate"
    assert window.document.undo_stack.undoText() == "Move 2 touchpoints"
    undo_redo_round_trip(window, before, snapshot(j))


def test_drop_outside_grid_puts_card_back(window):
    j = window.document.journey
    before = snapshot(j)
    start = card_point(window, "webinar", "body")
    end = scene_point(window, 20, window.scene.layout.header_rect[1] - 200)
    start = card_point(window, "webinar", "body")
    drag(window.view.viewport(), start, end)
    assert snapshot(j) == before
    x, _, _, _ = window.scene.layout.cards["webinar"]
    assert window.scene.card_items["webinar"].pos().x() == x


def test_connect_by_dragging_from_handle(window):
    j = window.document.journey
    before = snapshot(j)
    assert not j.has_connection("webinar", "referral")
    start = card_point(window, "webinar", "handle")
    end = card_point(window, "referral", "centre")
    start = card_point(window, "webinar", "handle")
    drag(window.view.viewport(), start, end, steps=12)
    assert j.has_connection("webinar", "referral")
    # The card itself did not move.
    assert snapshot(j)["touchpoints"] == before["touchpoints"]
    undo_redo_round_trip(window, before, snapshot(j))


def test_delete_key_removes_card_with_its_connections_and_data(window, qtbot):
    j = window.document.journey
    before = snapshot(j)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=card_point(window, "support-chat"))
    assert window.scene.selected_touchpoints() == ["support-chat"]
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not j.has_touchpoint("support-chat")
    assert not any("support-chat" in c.key for c in j.connections)
    assert not j.measurements_of("support-chat")
    after = snapshot(j)
    window.document.undo_stack.undo()
    assert snapshot(j) == before
    window.document.undo_stack.redo()
    assert snapshot(j) == after


def test_ctrl_click_and_rubber_band_select(window, qtbot):
    vp = window.view.viewport()
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=card_point(window, "pricing-page"))
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     pos=card_point(window, "sales-demo"))
    assert set(window.scene.selected_touchpoints()) == {"pricing-page", "sales-demo"}
    # Rubber band around the whole Discover column's cards.
    x, w = window.scene.layout.columns["discover"]
    top = window.scene.layout.lanes_rect[1]
    window.view.centerOn(x + w / 2, top + 200)
    QApplication.processEvents()
    start = window.view.mapFromScene(x + 4, top + 4)
    end = window.view.mapFromScene(x + w - 4, top + 380)
    drag(vp, start, end)
    assert set(window.scene.selected_touchpoints()) == {"search-ad", "webinar"}


def test_copy_paste_and_duplicate(window, qtbot):
    j = window.document.journey
    window.scene.select_touchpoints(["pricing-page", "free-trial"])
    before = snapshot(j)
    n = len(j.touchpoints)
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(j.touchpoints) == n + 2
    pasted = window.scene.selected_touchpoints()
    assert sorted(j.touchpoint(t).name for t in pasted) == ["Free trial sign-up", "Pricing page"]
    # The connection between the two copies came along.
    a, b = (next(t for t in pasted if j.touchpoint(t).name == name) for name in ("Pricing page", "Free trial sign-up"))
    assert j.has_connection(a, b)
    after = snapshot(j)
    undo_redo_round_trip(window, before, after)
    window.scene.select_touchpoints(["kickoff"])
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [tp.name for tp in j.touchpoints].count("Onboarding kick-off") == 2


def test_cut_removes_and_paste_brings_back(window, qtbot):
    j = window.document.journey
    window.scene.select_touchpoints(["referral"])
    qtbot.keyClick(window.view, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert not j.has_touchpoint("referral")
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "Referral & review" in [tp.name for tp in j.touchpoints]


def test_paste_between_two_windows(window, qtbot):
    from journeymap.io.templates import load_template
    from journeymap.qt.document import JourneyDocument
    from journeymap.qt.main_window import MainWindow
    other = MainWindow(JourneyDocument(load_template("blank")))
    qtbot.addWidget(other)
    other.show()
    window.scene.select_touchpoints(["support-chat"])
    window.copy()
    other.paste()
    names = [tp.name for tp in other.document.journey.touchpoints]
    assert names == ["Support chat"]
    other.document.undo_stack.setClean()


def test_arrow_keys_move_selection_between_cards(window, qtbot):
    window.scene.select_touchpoints(["pricing-page"])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.scene.selected_touchpoints() == ["data-import"]
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    assert window.scene.selected_touchpoints() == ["contract"]
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert window.scene.selected_touchpoints() == ["sales-demo"]
    qtbot.keyClick(window.view, Qt.Key.Key_Up)
    assert window.scene.selected_touchpoints() == ["free-trial"]


def test_find_jumps_to_touchpoint(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_box.hasFocus()
    qtbot.keyClicks(window.find_box, "escal")
    qtbot.keyClick(window.find_box, Qt.Key.Key_Return)
    assert window.scene.selected_touchpoints() == ["ticket-escalation"]


def test_tidy_clears_dragged_positions_in_one_step(window):
    j = window.document.journey
    window.document.move_touchpoints({"webinar": {"position": (300.0, 10.0)},
                                      "kickoff": {"position": (5.0, 200.0)}})
    before = snapshot(j)
    window.actions_["tidy"].trigger()
    assert all(tp.position is None for tp in j.touchpoints)
    assert window.document.undo_stack.undoText() == "Tidy layout"
    undo_redo_round_trip(window, before, snapshot(j))


def test_rename_phase_by_double_clicking_header(window, qtbot):
    j = window.document.journey
    before = snapshot(j)
    x, _w = window.scene.layout.columns["evaluate"]
    hy = window.scene.layout.header_rect[1] + 10
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=scene_point(window, x + 30, hy))
    editor = window.view.editor
    assert editor is not None
    assert editor.text() == "Evaluate"
    editor.setText("Compare")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert j.phase("evaluate").name == "Compare"
    undo_redo_round_trip(window, before, snapshot(j))


def test_rename_lane_by_double_clicking_label(window, qtbot):
    j = window.document.journey
    y, h = window.scene.layout.rows["backstage"]
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=scene_point(window, 30, y + h / 2))
    editor = window.view.editor
    assert editor.text() == "Backstage"
    editor.setText("Back office")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert j.lane("backstage").name == "Back office"


def test_add_reorder_and_delete_phases_and_lanes(window, dialogs):
    j = window.document.journey
    before = snapshot(j)
    window.actions_["add_phase"].trigger()
    window.view.editor.cancel()
    new_phase = j.phases[-1].id
    assert j.phases[-1].name == "New phase"
    window.document.move_phase(new_phase, 0)
    assert j.phases[0].id == new_phase
    window.actions_["add_lane"].trigger()
    window.view.editor.cancel()
    assert j.lanes[-1].name == "New lane"
    window.document.move_lane(j.lanes[-1].id, 0)
    # Deleting a non-empty phase asks first; "Yes" deletes it with its cards in one step.
    window.confirm_delete("phase", "discover")
    assert dialogs["shown"][-1][0] == "question"
    assert not j.has_phase("discover")
    assert not j.has_touchpoint("webinar")
    after = snapshot(j)
    window.document.undo_stack.undo()
    assert j.has_phase("discover")
    assert j.has_touchpoint("webinar")
    window.document.undo_stack.redo()
    assert snapshot(j) == after
    # Undo everything: back to the sample exactly.
    while window.document.undo_stack.canUndo():
        window.document.undo_stack.undo()
    assert snapshot(j) == before


def test_delete_phase_cancelled_changes_nothing(window, dialogs):
    from PySide6.QtWidgets import QMessageBox
    dialogs["answers"]["question"] = QMessageBox.StandardButton.Cancel
    before = snapshot(window.document.journey)
    window.confirm_delete("phase", "use")
    assert snapshot(window.document.journey) == before


def test_ctrl_wheel_zooms_about_cursor_and_fit(window):
    vp = window.view.viewport()
    window.view.set_zoom(1.0)
    QApplication.processEvents()
    pos = card_point(window, "kickoff")
    scene_before = window.view.mapToScene(pos)
    on_screen = vp.mapToGlobal(pos)
    wheel(vp, pos, 240)
    assert window.view.zoom() > 1.2
    # The point under the cursor stays under the cursor: where it is on the
    # screen (the sticky headers' strips may have moved the viewport).
    scene_after = window.view.mapToScene(vp.mapFromGlobal(on_screen))
    assert abs(scene_after.x() - scene_before.x()) < 12
    assert abs(scene_after.y() - scene_before.y()) < 12
    wheel(vp, pos, -480)
    assert window.view.zoom() < 1.0
    window.actions_["fit"].trigger()
    visible = window.view.mapToScene(vp.rect()).boundingRect()
    assert visible.contains(window.scene.itemsBoundingRect().adjusted(10, 10, -10, -10))


def test_space_drag_and_middle_drag_pan(window, qtbot):
    window.view.set_zoom(1.5)
    QApplication.processEvents()
    vp = window.view.viewport()
    h0 = window.view.horizontalScrollBar().value()
    drag(vp, vp.rect().center(), vp.rect().center() - vp.rect().center() / 4, button=Qt.MouseButton.MiddleButton)
    assert window.view.horizontalScrollBar().value() > h0
    h1 = window.view.horizontalScrollBar().value()
    qtbot.keyPress(window.view, Qt.Key.Key_Space)
    before = snapshot(window.document.journey)
    drag(vp, card_point(window, "kickoff"), card_point(window, "kickoff") - vp.rect().center() / 5)
    qtbot.keyRelease(window.view, Qt.Key.Key_Space)
    assert window.view.horizontalScrollBar().value() > h1
    assert snapshot(window.document.journey) == before  # panning moved no card


def test_context_menu_actions_reorder_phase(window):
    j = window.document.journey
    window.document.move_phase("renew", 0)
    assert j.phases[0].id == "renew"
    window.document.undo_stack.undo()
    assert j.phases[-1].id == "renew"


def test_delete_connection_with_key(window, qtbot):
    j = window.document.journey
    item = window.scene.connection_items[("qbr", "renewal-quote")]
    window.scene.clearSelection()
    item.setSelected(True)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not j.has_connection("qbr", "renewal-quote")
    window.document.undo_stack.undo()
    assert j.has_connection("qbr", "renewal-quote")


def test_mouse_press_on_empty_area_clears_selection(window, qtbot):
    window.scene.select_touchpoints(["qbr"])
    x, y, w, h = window.scene.layout.cell_rect("discover", "backstage")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=scene_point(window, x + w / 2, y + h / 2))
    assert window.scene.selected_touchpoints() == []


def test_phase_and_lane_context_menus(window):
    def entries(kind, item_id):
        menu = window.build_context_menu(kind, item_id)
        return [(act.text(), act.isEnabled()) for act in menu.actions() if act.text()]
    assert entries("phase", "discover") == [("Rename", True), ("Add Phase Before", True), ("Add Phase After", True),
                         ("Move Left", False), ("Move Right", True), ("Delete Phase…", True)]
    lane = entries("lane", "support")
    assert lane[3:5] == [("Move Up", True), ("Move Down", False)]
    assert lane[1] == ("Add Lane Above", True)
    menu = window.build_context_menu("phase", "use")
    next(a for a in menu.actions() if a.text() == "Move Left").trigger()
    assert [p.id for p in window.document.journey.phases].index("use") == 2


def test_phase_headers_share_one_type_size(window):
    """A long phase name used to shrink only its own header."""
    scene = window.scene
    sizes = scene.layout.sizes
    for i, phase in enumerate(window.document.journey.phases):
        window.document.rename_phase(phase.id, f"Phase {i}")
    scene.flush()
    assert scene.grid.header_font().pixelSize() == sizes.header_px
    first = window.document.journey.phases[0].id
    window.document.rename_phase(first, "A phase name far too long to fit on one header line")
    scene.flush()
    assert scene.grid.header_font().pixelSize() == sizes.lane_px  # every header, not only that one
    window.document.undo_stack.undo()
    scene.flush()
    assert scene.grid.header_font().pixelSize() == sizes.header_px


def test_the_rename_editor_writes_in_the_size_of_what_it_renames(window):
    """It was the widget default, far smaller than a header's type."""
    window.view.set_zoom(1.0)
    phase = window.document.journey.phases[1].id
    window.start_rename("phase", phase)
    editor = window.view.editor
    assert editor is not None
    assert editor.font().pixelSize() == window.scene.grid.header_font().pixelSize()
    editor.cancel()
    window.view.set_zoom(2.0)
    tp = window.document.journey.touchpoints[0].id
    window.start_rename("touchpoint", tp)
    assert window.view.editor.font().pixelSize() == round(window.scene.layout.sizes.card_name_px * 2.0)
    window.view.editor.cancel()


def test_an_empty_map_says_how_to_start_and_fit_shows_its_whole_legend(qtbot):
    from journeymap.model.journey import Journey
    from journeymap.qt.document import JourneyDocument
    w = shown_window(qtbot, JourneyDocument(Journey(), autosave=False), size=(1280, 720))
    assert "Add a phase" in w.view.hint_text()
    w.view.fit()
    visible = w.view.mapToScene(w.view.viewport().rect()).boundingRect()
    assert visible.contains(w.scene.legend.sceneBoundingRect())  # it was cut at the map's width
    assert w.view.zoom() <= 1.0  # an empty map is not blown up
    phase = w.document.add_phase("Discover")
    w.document.add_lane("Customer actions")
    w.scene.flush()
    assert "Double-click a cell" in w.view.hint_text()
    w.view.fit()
    QApplication.processEvents()
    # Beside the map, not over its legend or its lanes.
    from PySide6.QtCore import QRect
    hint = w.view._hint.geometry()
    scene = w.view.mapFromScene(w.scene.sceneRect()).boundingRect()
    assert not hint.intersects(scene.intersected(QRect(0, 0, w.view.viewport().width(), w.view.viewport().height())))
    w.document.add_touchpoint(phase, w.document.journey.lanes[0].id, "Search")
    w.scene.flush()
    assert w.view.hint_text() is None


def test_fit_keeps_cards_legible_on_a_small_screen_and_asked_again_shows_the_whole_map(window):
    from journeymap.qt.canvas.view import FIT_LEGIBLE
    window.resize(1280, 720)
    QApplication.processEvents()
    window.view.fit()
    assert window.view.zoom() >= FIT_LEGIBLE
    assert "Ctrl+9" in window.statusBar().currentMessage()
    whole = window.scene.sceneRect()

    def seen():
        QApplication.processEvents()  # the scroll bars come and go
        return window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert not seen().contains(whole)
    window.view.fit()  # again, straight away: all of it, however small
    assert window.view.zoom() < FIT_LEGIBLE
    assert seen().adjusted(-1, -1, 1, 1).contains(whole)
    window.view.fit()  # and once more: the legible start
    assert window.view.zoom() >= FIT_LEGIBLE
    QApplication.processEvents()  # Qt settles the scroll after the zoom
    window.view.fit()  # asked again, after the events: the whole map, not the start once more
    assert window.view.zoom() < FIT_LEGIBLE
    window.view.fit()
    window.view.zoom_in()
    window.view.fit()  # moved since: the legible start, not the whole map
    assert window.view.zoom() >= FIT_LEGIBLE


def test_keyboard_moves_cards_to_the_next_cell_and_connects_by_name(window, qtbot):
    from PySide6.QtCore import QTimer
    j = window.document.journey
    window.scene.select_touchpoints(["pricing-page"])
    window.view.setFocus()
    before = j.touchpoint("pricing-page")
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    moved = j.touchpoint("pricing-page")
    assert j.phase_index(moved.phase) == j.phase_index(before.phase) + 1
    assert moved.lane == before.lane
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert j.lane_index(j.touchpoint("pricing-page").lane) == j.lane_index(before.lane) + 1
    assert window.scene.selected_touchpoints() == ["pricing-page"]  # still selected, for the next press

    def pick():
        dialog = getattr(window, "connect_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, pick)
            return
        qtbot.keyClicks(dialog.search, "help cent")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick)
    window.actions_["connect_to"].trigger()
    assert j.has_connection("pricing-page", "knowledge-base")  # "Help centre"
    # The new connection is selected and named, not a thin line to look for.
    assert window.scene.selected_connections() == [("pricing-page", "knowledge-base")]
    assert "Connected" in window.statusBar().currentMessage()


def test_a_cards_menu_moves_marks_and_pastes(window):
    j = window.document.journey
    menu = window.build_context_menu("touchpoint", "sales-demo")
    texts = [a.text().replace("&", "") for a in menu.actions()]
    for expected in ("Paste", "Connect to…", "Moment of truth", "Move to Phase", "Move to Lane"):
        assert expected in texts
    window.actions_["moment_of_truth"].trigger()
    assert j.touchpoint("sales-demo").moment_of_truth is True
    phase_menu = next(a.menu() for a in menu.actions() if a.text().replace("&", "") == "Move to Phase")
    # A name with "&" shows as typed, not as a shortcut marker ("Purchase _onboard").
    purchase = next(p for p in j.phases if "&" in p.name)
    assert purchase.name in [a.text().replace("&&", "&") for a in phase_menu.actions()]
    assert [a for a in phase_menu.actions() if a.text() == purchase.name.replace("&", "&&")]
    target = j.phases[-1]
    next(a for a in phase_menu.actions() if a.text().replace("&&", "&") == target.name).trigger()
    assert j.touchpoint("sales-demo").phase == target.id


def test_panels_collapse_to_give_the_map_the_window_and_come_back(window):
    window.resize(1280, 720)
    QApplication.processEvents()
    width_before = window.view.viewport().width()
    window.actions_["show_panels"].trigger()
    QApplication.processEvents()
    assert not any(dock.isVisible() for dock in window.docks.values())
    assert window.view.viewport().width() > width_before + 200
    window.actions_["show_panels"].trigger()
    QApplication.processEvents()
    assert window.docks["inspector"].isVisible()
    assert not window.docks["metrics"].isVisible()  # hidden before, hidden after


def test_ctrl_t_after_a_click_in_an_empty_cell_adds_the_card_there(window, qtbot):
    """A new user clicked an empty cell, pressed Ctrl+T, and got a card in
    the first phase and lane instead."""
    j = window.document.journey
    window.scene.clearSelection()
    x, y, w, h = window.scene.layout.cell_rect("renew", "backstage")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=scene_point(window, x + w / 2, y + h / 2))
    assert window.scene.selected_touchpoints() == []
    window.actions_["add_tp"].trigger()
    new = [tp for tp in j.touchpoints if tp.name == "New touchpoint"]
    assert [(tp.phase, tp.lane) for tp in new] == [("renew", "backstage")]


def test_delete_after_clicking_a_phase_header_deletes_that_phase_as_its_menu_does(window, dialogs, qtbot):
    """A new user clicked a phase header and pressed Delete: nothing
    happened. Now Delete asks, as the header's menu does, and deletes it."""
    j = window.document.journey
    x, width = window.scene.layout.columns["discover"]
    header = window.scene.layout.header_rect
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=scene_point(window, x + width / 2, header[1] + header[3] / 2))
    assert window.inspector.kind == "phase"
    assert window.inspector.item_id == "discover"
    assert window.scene.grid.chosen == ("phase", "discover")  # outlined on the map: what Delete acts on
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor
    QApplication.processEvents()
    image = window.view.viewport().grab().toImage()
    box = window.view.mapFromScene(QRectF(x, header[1], width, header[3])).boundingRect()
    blue = QColor(window.scene.colors.card_selected)
    outlined = sum(1 for px in range(box.left(), box.right()) for py in (box.top() + 2, box.top() + 3)
                   if 0 <= px < image.width() and QColor(image.pixel(px, py)) == blue)
    assert outlined > width * window.view.transform().m11() / 2
    window.actions_["delete"].trigger()
    assert dialogs["shown"][-1][0] == "question"
    assert not j.has_phase("discover")
    window.document.undo_stack.undo()
    assert j.has_phase("discover")
    # A card chosen after the header: Delete means the card, not the phase.
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=card_point(window, "webinar"))
    assert window.scene.grid.chosen is None
    window.actions_["delete"].trigger()
    assert j.has_phase("discover")
    assert not j.has_touchpoint("webinar")


def test_a_dragged_card_passes_over_the_cards_it_crosses(window):
    """A new user saw a dragged card drawn under the cards it passed."""
    from PySide6.QtCore import QEvent

    from .conftest import send_mouse
    item = window.scene.card_items["webinar"]
    others = [i for i in window.scene.card_items.values() if i is not item]
    start = card_point(window, "webinar", "body")
    viewport = window.view.viewport()
    send_mouse(viewport, QEvent.Type.MouseButtonPress, start)
    send_mouse(viewport, QEvent.Type.MouseMove, start + QPoint(40, 30), Qt.MouseButton.NoButton)
    assert all(item.zValue() > other.zValue() for other in others)
    assert item.zValue() > window.scene.label_layer.zValue()  # over the connection labels too
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, start + QPoint(40, 30), Qt.MouseButton.LeftButton,
               Qt.MouseButton.NoButton)
    QApplication.processEvents()
    assert item.zValue() == others[0].zValue()  # dropped: a card among cards again


def test_fit_on_a_big_map_alternates_between_its_start_and_the_whole_map(qtbot):
    """Qt settles the scroll after a zoom: a fit that remembered the scroll
    took the second press for a fresh one, and the whole map came only on
    every third press."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from synthetic import build

    from journeymap.qt.document import JourneyDocument
    w = shown_window(qtbot, JourneyDocument(build(touchpoints=400, connections=600, measurements=2000),
                                            autosave=False), size=(1280, 720))
    QApplication.processEvents()  # the window's own first fit: the start
    zooms = []
    for _ in range(4):
        w.view.fit()
        QApplication.processEvents()
        zooms.append(w.view.zoom())
    small, legible = min(zooms), max(zooms)
    assert small < legible
    assert [z == small for z in zooms] == [True, False, True, False]
    w.document.undo_stack.setClean()


def test_a_pan_leaves_no_hover_behind(window):
    """A middle-drag pan moves the map under a resting mouse: the card that
    was under it when the pan began is not left showing its hover handle."""
    vp = window.view.viewport()
    window.view.set_zoom(1.0)
    QApplication.processEvents()
    start = card_point(window, "kickoff")
    send_mouse(vp, QEvent.Type.MouseMove, start, Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
    QApplication.processEvents()
    card = window.scene.card_items["kickoff"]
    assert card.hover
    end = start - QPoint(0, 260)
    drag(vp, start, end, button=Qt.MouseButton.MiddleButton)
    under = window.scene.card_at(window.view.mapToScene(end))
    assert under is not card  # the map moved: another place is under the mouse now
    assert not card.hover
    # Only what is under the mouse where the pan ended shows a hover.
    hovered = [item for item in window.scene.card_items.values() if item.hover]
    assert hovered == ([under] if under is not None else [])
