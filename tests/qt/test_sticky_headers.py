"""Phase and lane names stay in sight (sticky headers): scrolled past the
map's own headers, or with a column's name cut at the view's edge, or zoomed
out until they cannot be read, strips at the top and left name what is in
view. Scrolling never moves the map under them; zoomed out, the view keeps
room for them beside the map, so they hide none of it."""

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journeymap.qt.canvas.sticky_headers import LANE_STRIP_WIDTH

from .test_incremental_scene import synthetic_window


def settle():
    for _ in range(3):
        QApplication.processEvents()


def big_window(qtbot):
    w, doc = synthetic_window(qtbot, size=(1400, 900), touchpoints=400, connections=500, measurements=4000, phases=8)
    settle()  # the window's first fit, queued when it opened, is done before a test moves the view
    return w, doc


def at(view, x: float, y: float) -> QPoint:
    return view.mapFromScene(QPointF(x, y))


def in_the_middle(qtbot):
    """A window at 100% on a card in the middle of the map: both headers out of sight."""
    w, doc = big_window(qtbot)
    w.view.set_zoom(1.0)
    x, y, _, _ = w.scene.layout.cards["tp250"]
    w.view.centerOn(x, y)
    settle()
    return w, doc


def to_start(view, zoom: float = 1.0) -> None:
    view.set_zoom(zoom)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().minimum())
    view.verticalScrollBar().setValue(view.verticalScrollBar().minimum())
    settle()


def test_at_the_map_start_at_full_size_there_are_no_strips(qtbot):
    w, doc = big_window(qtbot)
    to_start(w.view)
    assert w.view.sticky.phases.labels() == []
    assert w.view.sticky.lanes.labels() == []
    assert w.view.sceneRect() == w.scene.sceneRect()  # no room kept beside the map
    doc.undo_stack.setClean()


def test_scrolled_into_the_map_the_strips_name_what_is_in_view(qtbot):
    w, doc = in_the_middle(qtbot)
    view, lay = w.view, w.scene.layout
    port = view.viewport().rect()
    in_view = [p.name for p in doc.journey.phases for x, width in [lay.columns[p.id]]
               if at(view, x + width, 0).x() > LANE_STRIP_WIDTH and at(view, x, 0).x() < port.width()]
    strip = view.sticky.phases
    assert 2 <= len(in_view) < len(doc.journey.phases)
    assert strip.labels() == [n for n in in_view if n in strip.labels()]  # in map order, none out of view
    assert set(strip.labels()) >= set(in_view[1:-1])  # those wholly in view, at least
    assert strip.geometry().top() == 0  # stuck to the top
    top = strip.geometry().bottom()
    lanes_in_view = [lane.name for lane in doc.journey.lanes for y, height in [lay.rows[lane.id]]
                     if at(view, 0, y + height).y() > top + 20 and at(view, 0, y).y() < port.height() - 20]
    assert lanes_in_view
    assert [n for n in view.sticky.lanes.labels() if n != "Emotion"] == [
        lane.name for lane in doc.journey.lanes if lane.name in view.sticky.lanes.labels()]
    assert set(view.sticky.lanes.labels()) >= set(lanes_in_view)
    # Each name sits over its own column.
    for span in strip.spans:
        x, width = lay.columns[span.item_id]
        assert at(view, x, 0).x() <= span.start + 1
        assert span.end - 1 <= at(view, x + width, 0).x()
    doc.undo_stack.setClean()


def test_scrolling_never_moves_the_map_under_the_strips(qtbot):
    """The strips come and go over the map as it scrolls: a card moves by
    the scroll and nothing else, whichever way, at any step."""
    w, doc = big_window(qtbot)
    view, lay = w.view, w.scene.layout
    to_start(view)
    card = QPointF(*lay.cards["tp2"][:2])
    for bar in (view.verticalScrollBar(), view.horizontalScrollBar()):
        seen = []
        for step in range(0, 160, 7):
            bar.setValue(bar.minimum() + step)
            settle()
            # Left where the user put it (a strip that moved the scroll to
            # make its room fought a dragged scroll bar: the map jumped).
            assert bar.value() == min(bar.maximum(), bar.minimum() + step)
            seen.append((bar.value(), at(view, card.x(), card.y())))
        shown = view.sticky.phases.isVisible() or view.sticky.lanes.isVisible()
        assert shown  # the strip came on the way
        (v0, p0) = seen[0]
        for value, point in seen:
            moved = (p0 - point)
            assert (moved.y() if bar is view.verticalScrollBar() else moved.x()) == value - v0
        bar.setValue(bar.minimum())
        settle()
    doc.undo_stack.setClean()


def test_a_column_cut_at_the_left_edge_keeps_its_name_in_sight(qtbot):
    """At the top of the map, scrolled right into a column, the map's own
    header has the name at the column's start, out of the view: the strip
    lies over the header and names the column where it shows."""
    w, doc = big_window(qtbot)
    view, lay = w.view, w.scene.layout
    to_start(view)
    second = doc.journey.phases[1]
    x, width = lay.columns[second.id]
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + at(view, x + width / 3, 0).x())
    settle()
    strip = view.sticky.phases
    assert strip.labels()[0] == second.name
    _hx, hy, _hw, hh = lay.header_rect
    assert abs(strip.geometry().bottom() + 1 - at(view, 0, hy + hh).y()) <= 1  # on the header, not above the cards
    doc.undo_stack.setClean()


def test_zoomed_out_the_strips_name_everything_beside_the_map_and_fit_shows_all_of_it(qtbot):
    w, doc = big_window(qtbot)
    view, lay = w.view, w.scene.layout
    view.fit()
    if view.zoom() >= 0.6:  # the legible start: pressed again, the whole map, however small
        view.fit()
    settle()
    assert view.zoom() < 0.4
    assert view.sticky.phases.labels() == [p.name for p in doc.journey.phases]
    lanes = [lane.name for lane in doc.journey.lanes]
    # (The emotion band, a few pixels tall this far out, is named only where a line fits.)
    assert view.sticky.lanes.labels() in (lanes, [*lanes, "Emotion"])
    port = view.viewport().rect()
    scene_rect = w.scene.sceneRect()
    for corner in (scene_rect.topLeft(), scene_rect.bottomRight()):
        assert port.adjusted(-2, -2, 2, 2).contains(view.mapFromScene(corner))
    # Beside the map, not over it: the first column and the first lane start
    # where the strips end.
    first_x, _ = lay.columns[doc.journey.phases[0].id]
    first_y, _ = lay.rows[doc.journey.lanes[0].id]
    assert at(view, first_x, 0).x() >= view.sticky.lanes.geometry().right() - 1
    assert at(view, 0, first_y).y() >= view.sticky.phases.geometry().bottom() - 1
    doc.undo_stack.setClean()


def test_a_column_too_narrow_for_a_readable_name_shows_none(qtbot):
    """At the least zoom a column is a few pixels across: "P…" names
    nothing, so the strip shows no name there rather than a stub."""
    from journeymap.qt.canvas.view import MIN_ZOOM

    w, doc = big_window(qtbot)
    w.view.set_zoom(MIN_ZOOM)
    settle()
    strip = w.view.sticky.phases
    assert strip.isVisible()
    assert strip.spans  # every phase has its cell...
    assert strip.labels() == []  # ...and none a stub of a name
    w.view.set_zoom(0.2)
    settle()
    assert len(strip.labels()) >= 3
    doc.undo_stack.setClean()


def test_names_on_the_strips_answer_clicks_as_the_headers_do(qtbot):
    w, doc = in_the_middle(qtbot)
    view, lay = w.view, w.scene.layout
    strip = view.sticky.phases
    span = strip.spans[len(strip.spans) // 2]
    point = QPoint(round((span.start + span.end) / 2), strip.height() // 2)
    QTest.mouseClick(strip, Qt.MouseButton.LeftButton, pos=point)
    assert w.scene.grid.chosen == ("phase", span.item_id)
    scrolled = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    QTest.mouseDClick(strip, Qt.MouseButton.LeftButton, pos=point)
    settle()
    assert view.editor is not None
    assert view.editor.text() == doc.journey.phase(span.item_id).name
    # Renamed where it is read: no scroll back to the map's own header, and
    # the editor over the strip, not under it.
    assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) == scrolled
    assert view.editor.parent() is view
    assert strip.geometry().intersects(view.editor.geometry())
    view.editor.setText("Awareness")
    view.editor.commit()
    w.scene.flush()
    settle()
    assert doc.journey.phase(span.item_id).name == "Awareness"
    lanes = view.sticky.lanes
    x, y, _, _ = lay.cards["tp250"]
    view.centerOn(x, y)
    settle()
    lane_span = next(s for s in lanes.spans if s.item_id)
    QTest.mouseClick(lanes, Qt.MouseButton.LeftButton, pos=QPoint(20, round((lane_span.start + lane_span.end) / 2)))
    assert w.scene.grid.chosen == ("lane", lane_span.item_id)
    scrolled = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    QTest.mouseDClick(lanes, Qt.MouseButton.LeftButton, pos=QPoint(20, round((lane_span.start + lane_span.end) / 2)))
    settle()
    assert view.editor is not None
    assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) == scrolled
    view.editor.cancel()
    doc.undo_stack.setClean()


def test_renaming_a_phase_renames_it_on_the_strip(qtbot):
    w, doc = big_window(qtbot)
    view = w.view
    view.set_zoom(0.3)
    settle()
    first = doc.journey.phases[0]
    assert first.name in view.sticky.phases.labels()
    doc.rename_phase(first.id, "Awareness")
    w.scene.flush()
    settle()
    assert "Awareness" in view.sticky.phases.labels()
    assert first.name not in view.sticky.phases.labels()
    doc.undo_stack.setClean()


def test_presentation_mode_shows_no_strips(qtbot):
    from journeymap.qt.present import PresentationWindow

    _window, doc = big_window(qtbot)
    show = PresentationWindow(doc)
    qtbot.addWidget(show)
    show.resize(1280, 720)
    show.show()
    settle()
    framed = show.view.sceneRect()  # presentation mode's own room around the map
    show.view.set_zoom(0.2)
    settle()
    assert show.view.sticky.phases.labels() == []
    assert show.view.sticky.lanes.labels() == []
    assert show.view.sceneRect() == framed  # no room kept for strips it does not show
    show.close()
    doc.undo_stack.setClean()


def test_a_name_keeps_its_size_as_it_sticks(qtbot):
    """Where the map's own names can be read, the strip that takes over from
    them has their size: the name does not jump as it sticks."""
    w, doc = big_window(qtbot)
    view, lay = w.view, w.scene.layout
    to_start(view, 0.65)
    second = doc.journey.phases[1]
    x, width = lay.columns[second.id]
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + at(view, x + width / 3, 0).x())
    settle()
    strip = view.sticky.phases
    assert strip.isVisible()
    _hx, _hy, _hw, hh = lay.header_rect
    assert abs(strip.height() - hh * 0.65) <= 1
    assert strip.text_px == round(w.scene.grid.header_font().pixelSize() * 0.65)
    doc.undo_stack.setClean()


def test_a_lane_whose_middle_is_out_of_sight_is_named(qtbot):
    """Scrolled straight down, the top lane's own name (in the middle of its
    row) leaves the view while the rest of the row shows: the strip names it."""
    w, doc = big_window(qtbot)
    view, lay = w.view, w.scene.layout
    to_start(view)
    first = doc.journey.lanes[0]
    y, height = lay.rows[first.id]
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + at(view, 0, y + height * 0.6).y())  # the row's middle just above the view
    settle()
    assert first.name in view.sticky.lanes.labels()
    doc.undo_stack.setClean()
