"""Phase and lane names stay in sight (frozen panes): scrolled past the
map's own headers, or zoomed out until they cannot be read, strips at the
top and left name what is in view, beside the map rather than over it, and
the map does not jump as they come and go."""

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QApplication

from journeymap.qt.canvas.sticky_headers import LANE_STRIP_WIDTH, PHASE_STRIP_HEIGHT

from .test_incremental_scene import synthetic_window


def big_window(qtbot):
    w, doc = synthetic_window(qtbot, size=(1400, 900), touchpoints=400, connections=500, measurements=4000, phases=8)
    settle()  # the window's first fit, queued when it opened, is done before a test moves the view
    return w, doc


def settle():
    for _ in range(3):
        QApplication.processEvents()


def on_screen(view, point: QPointF) -> QPoint:
    """Where a scene point is drawn, in the view's own pixels (the viewport
    moves inside the view as the strips take their room)."""
    return view.viewport().mapTo(view, view.mapFromScene(point))


def test_at_the_map_start_at_full_size_there_are_no_strips(qtbot):
    w, doc = big_window(qtbot)
    w.view.set_zoom(1.0)
    w.view.horizontalScrollBar().setValue(w.view.horizontalScrollBar().minimum())
    w.view.verticalScrollBar().setValue(w.view.verticalScrollBar().minimum())
    settle()
    assert w.view.sticky.phases.labels() == []
    assert w.view.sticky.lanes.labels() == []
    margins = w.view.viewportMargins()
    assert (margins.left(), margins.top()) == (0, 0)
    doc.undo_stack.setClean()


def test_scrolled_past_the_headers_the_strips_name_what_is_in_view(qtbot):
    w, doc = big_window(qtbot)
    view, lay = w.view, w.scene.layout
    view.set_zoom(1.0)
    middle = lay.cards["tp250"]
    view.centerOn(middle[0], middle[1])
    settle()
    port = view.viewport().rect()
    in_view = [p.name for p in doc.journey.phases
               for x, width in [lay.columns[p.id]]
               if view.mapFromScene(QPointF(x + width, 0)).x() > 0
               and view.mapFromScene(QPointF(x, 0)).x() < port.width()]
    lanes_in_view = [lane.name for lane in doc.journey.lanes
                     for y, height in [lay.rows[lane.id]]
                     if view.mapFromScene(QPointF(0, y + height)).y() > 0
                     and view.mapFromScene(QPointF(0, y)).y() < port.height()]
    assert 2 <= len(in_view) < len(doc.journey.phases)
    labels = view.sticky.phases.labels()
    assert labels == [n for n in in_view if n in labels]  # in map order, none that is not in view
    assert set(labels) >= set(in_view[1:-1])  # those wholly in view, at least
    assert [n for n in view.sticky.lanes.labels() if n != "Emotion"] == lanes_in_view
    margins = view.viewportMargins()
    assert (margins.left(), margins.top()) == (LANE_STRIP_WIDTH, PHASE_STRIP_HEIGHT)
    # Each name sits over its own column.
    for span in view.sticky.phases.spans:
        phase = next(p for p in doc.journey.phases if p.name == span.name)
        x, width = lay.columns[phase.id]
        centre = on_screen(view, QPointF(x + width / 2, 0)).x()
        if span.end - span.start > 100:
            assert span.start - 1 <= min(max(centre, span.start), span.end) <= span.end + 1
            assert on_screen(view, QPointF(x, 0)).x() <= span.start + 1
    doc.undo_stack.setClean()


def test_the_map_does_not_jump_when_a_strip_comes_or_goes(qtbot):
    w, doc = big_window(qtbot)
    view, lay = w.view, w.scene.layout
    view.set_zoom(1.0)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().minimum())
    bar = view.verticalScrollBar()
    bar.setValue(bar.minimum())
    settle()
    assert not view.sticky.phases.isVisible()
    card = QPointF(*lay.cards["tp2"][:2])
    before = on_screen(view, card)
    _hx, hy, _hw, hh = lay.header_rect
    step = round(view.mapFromScene(QPointF(0, hy + hh)).y()) + 5  # past the header's middle
    bar.setValue(bar.value() + step)
    settle()
    assert view.sticky.phases.isVisible()
    assert on_screen(view, card).y() == before.y() - step  # moved by the scroll alone
    bar.setValue(bar.value() - step)
    settle()
    assert not view.sticky.phases.isVisible()
    assert on_screen(view, card) == before
    doc.undo_stack.setClean()


def test_zoomed_out_the_strips_name_everything_and_fit_still_shows_the_whole_map(qtbot):
    w, doc = big_window(qtbot)
    view = w.view
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
    show.view.set_zoom(0.2)
    settle()
    assert show.view.sticky.phases.labels() == []
    assert show.view.sticky.lanes.labels() == []
    margins = show.view.viewportMargins()
    assert (margins.left(), margins.top()) == (0, 0)
    show.close()
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
    assert strip.labels() == [p.name for p in doc.journey.phases if p.name in strip.labels()]
    assert len(strip.labels()) >= 3
    doc.undo_stack.setClean()
