"""Presentation mode driven with the keys a clicker sends; reveal, capture,
votes and their undo; and what the room sees at 1920x1080."""

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from journeymap.analysis.status import Status
from journeymap.qt.canvas import text as canvas_text
from journeymap.qt.present import PresentationWindow

from .conftest import snapshot


def settle(p):
    p._animation.stop()
    p._apply_view_rect(p._to) if p._animation.state() else None
    QApplication.processEvents()


def visible_scene_rect(p) -> QRectF:
    return p.view.mapToScene(p.view.viewport().rect()).boundingRect()


def test_clicker_keys_walk_the_phases(present, qtbot):
    p = present
    assert p.step == 0
    qtbot.keyClick(p, Qt.Key.Key_Right)
    p._animation.setCurrentTime(p._animation.duration())
    assert p.visible_phase() == "discover"
    x, w = p.scene.layout.columns["discover"]
    assert visible_scene_rect(p).contains(QRectF(x, p.scene.layout.header_rect[1], w, 10))
    qtbot.keyClick(p, Qt.Key.Key_PageDown)
    assert p.visible_phase() == "evaluate"
    qtbot.keyClick(p, Qt.Key.Key_PageUp)
    assert p.visible_phase() == "discover"
    qtbot.keyClick(p, Qt.Key.Key_4)
    assert p.visible_phase() == "use"
    for _ in range(5):
        qtbot.keyClick(p, Qt.Key.Key_Right)
    assert p.visible_phase() == "renew"  # stays on the last phase
    qtbot.keyClick(p, Qt.Key.Key_Home)
    assert p.step == 0
    assert p.visible_phase() is None
    assert "Overview" in p.footer.text()


def test_animation_zooms_smoothly_to_the_phase(present, qtbot):
    p = present
    start_zoom = p.view.zoom()
    qtbot.keyClick(p, Qt.Key.Key_3)
    p._animation.setCurrentTime(p._animation.duration() // 2)
    middle = p.view.zoom()
    p._animation.setCurrentTime(p._animation.duration())
    end = p.view.zoom()
    assert min(start_zoom, end) < middle < max(start_zoom, end)


def test_reveal_cycles_hidden_weak_only_all(present, qtbot):
    p = present
    def badges(tp):
        p.scene.flush()
        return p.scene.card_items[tp].data_.badges
    assert badges("support-chat")
    assert badges("webinar")
    qtbot.keyClick(p, Qt.Key.Key_M)
    assert p.scene.reveal == "none"
    assert not badges("support-chat")
    assert not badges("webinar")
    assert p.scene.card_items["support-chat"].weak_rank is None
    # the phase headers give nothing away either (issue 14, defect 7)
    assert set(p.scene.grid.phase_status.values()) == {Status.NONE}
    qtbot.keyClick(p, Qt.Key.Key_M)
    assert p.scene.reveal == "weak"
    assert badges("support-chat")
    assert not badges("webinar")
    qtbot.keyClick(p, Qt.Key.Key_M)
    assert p.scene.reveal == "all"
    assert badges("webinar")
    assert "all metrics shown" in p.footer.text()


def test_capture_pain_point_opportunity_and_note_with_undo(present, qtbot, window):
    p = present
    j = p.document.journey
    qtbot.keyClick(p, Qt.Key.Key_4)  # Use & support
    qtbot.keyClick(p, Qt.Key.Key_Tab)
    focused = p.focus_id
    assert focused in {tp.id for tp in j.touchpoints_in(phase_id="use")}
    assert p.scene.card_items["webinar"].dimmed
    assert not p.scene.card_items[focused].dimmed
    before = snapshot(j)
    for key, field, text in ((Qt.Key.Key_P, "pain_points", "Hold music is awful"),
                             (Qt.Key.Key_O, "opportunities", "Call back option"),
                             (Qt.Key.Key_N, "notes", "Ask the support lead")):
        qtbot.keyClick(p, key)
        assert p.capture.isVisible()
        qtbot.keyClicks(p.capture.edit, text)
        qtbot.keyClick(p.capture.edit, Qt.Key.Key_Return)
        assert not p.capture.isVisible()
        assert getattr(j.touchpoint(focused), field)[-1] == text
    # Esc cancels a capture without a change.
    qtbot.keyClick(p, Qt.Key.Key_P)
    qtbot.keyClicks(p.capture.edit, "never mind")
    qtbot.keyClick(p.capture.edit, Qt.Key.Key_Escape)
    assert j.touchpoint(focused).pain_points[-1] == "Hold music is awful"
    assert window.document.undo_stack.undoText() == "Add note 'Daily dashboards'"
    for _ in range(3):
        qtbot.keyClick(p, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert snapshot(j) == before


def test_capture_needs_a_focus(present, qtbot):
    qtbot.keyClick(present, Qt.Key.Key_P)
    assert not present.capture.isVisible()
    assert "Tab moves the focus" in present.footer.text()


def test_dot_votes_click_adds_right_click_removes(present, qtbot):
    p = present
    j = p.document.journey
    item = p.scene.card_items["kickoff"]
    pos = p.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(p.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseClick(p.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert j.touchpoint("kickoff").votes == 2
    qtbot.mouseClick(p.view.viewport(), Qt.MouseButton.RightButton, pos=pos)
    assert j.touchpoint("kickoff").votes == 1
    assert j.touchpoint("kickoff").phase == "purchase"  # clicking never moves a card
    p.document.undo_stack.undo()
    assert j.touchpoint("kickoff").votes == 2


def test_weak_tour_steps_through_ranking(present, qtbot):
    p = present
    weak = p.scene.weak
    qtbot.keyClick(p, Qt.Key.Key_T)
    assert p.focus_id == weak[0].id
    assert p.info.isVisible()
    assert weak[0].name in p.info.text()
    assert weak[0].reasons[0].split(",")[0] in p.info.text()
    qtbot.keyClick(p, Qt.Key.Key_Right)
    assert p.focus_id == weak[1].id
    qtbot.keyClick(p, Qt.Key.Key_Left)
    assert p.focus_id == weak[0].id
    qtbot.keyClick(p, Qt.Key.Key_Escape)
    assert p.tour is None
    assert not p.info.isVisible()
    assert p.focus_id is None


def test_leaving_returns_to_the_same_editor_state(window, qtbot):
    window.scene.select_touchpoints(["qbr"])
    window.view.set_zoom(0.75)
    zoom, selection = window.view.zoom(), window.scene.selected_touchpoints()
    p = window.present()  # deletes itself on close, so qtbot does not own it
    qtbot.keyClick(p, Qt.Key.Key_Right)
    p.vote("qbr", 1)
    qtbot.keyClick(p, Qt.Key.Key_Escape)
    assert not p.isVisible()
    assert window.view.zoom() == zoom
    assert window.scene.selected_touchpoints() == selection
    assert window.document.journey.touchpoint("qbr").votes == 1  # the capture is in the document
    assert window.document._autosave.isActive()
    assert window.document.autosave()  # unsaved work from the workshop is protected


def relative_luminance(c: QColor) -> float:
    def channel(v):
        v = v / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def background_of(image, rect, text_colour: QColor) -> QColor:
    """The most common rendered colour in the text's box that is not the text itself."""
    counts = {}
    r = rect.toAlignedRect().intersected(image.rect())
    for x in range(r.left(), r.right() + 1, 2):
        for y in range(r.top(), r.bottom() + 1, 2):
            c = image.pixelColor(x, y)
            if contrast(c, text_colour) < 1.3:
                continue  # glyph pixels
            counts[c.rgb()] = counts.get(c.rgb(), 0) + 1
    return QColor.fromRgb(max(counts, key=counts.get)) if counts else QColor("white")


@pytest.mark.parametrize("dark", [False, True])
def test_projector_render_type_size_and_contrast(window, qtbot, dark):
    p = PresentationWindow(window.document, dark=dark)
    qtbot.addWidget(p)
    p.resize(1920, 1080)
    p.show()
    qtbot.waitExposed(p)
    p.scene.disable_caching()  # every text drawn now, so the audit sees it all
    for step in (0, 4):
        p.go_to(step, animate=False)
        QApplication.processEvents()
        canvas_text.start_audit()
        image = p.view.viewport().grab().toImage()
        drawn = canvas_text.stop_audit()
        assert len(drawn) > 50
        smallest = min(d.pixel_size for d in drawn)
        assert smallest >= 18, f"step {step}: {smallest:.1f} px"
        # Cards outside the shown phase are dimmed on purpose (incidental text,
        # exempt under WCAG 1.4.3); everything the room is meant to read is checked.
        readable = [d for d in drawn if d.opacity == 1.0]
        assert len(readable) > 20
        for d in readable:
            if not image.rect().intersects(d.device_rect.toAlignedRect()):
                continue
            bg = background_of(image, d.device_rect, d.color)
            ratio = contrast(d.color, bg)
            assert ratio >= 4.5, (d.text, d.color.name(), bg.name(), round(ratio, 2))
    for label in (p.footer, p.info):
        assert label.font().pixelSize() >= 18


def test_presentation_and_exports_leave_no_listener_behind(window, qtbot, tmp_path, monkeypatch):
    """Once crashed: after a presentation closed, the next edit reached its
    deleted items ("Internal C++ object already deleted"), and every picture
    export left a hidden scene that redrew on each edit."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from journeymap.qt.canvas.scene import JourneyScene
    redrawn = []
    update = JourneyScene._update
    monkeypatch.setattr(JourneyScene, "_update", lambda self, *a: (redrawn.append(self), update(self, *a)))
    shown = window.present()
    qtbot.waitExposed(shown)
    shown.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for i in range(3):
        assert window.export_to(tmp_path / f"map{i}.png")
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(window.document.journey.changed) == 1  # the window's document, nothing else
    window.document.update_touchpoint("webinar", name="Renamed webinar")
    qtbot.wait(20)
    assert redrawn == [window.scene]
    assert window.scene.card_items["webinar"].data_.touchpoint.name == "Renamed webinar"


def test_votes_stay_visible_and_large_enough_to_count(present, qtbot):
    """Each vote click spotlit its card and dimmed the rest, so earlier votes
    turned pale; the dots were about 12 px (issue 14 #18)."""
    from PySide6.QtGui import QColor, QImage, QPainter
    p = present
    for tp_id in ("kickoff", "webinar", "qbr"):
        item = p.scene.card_items[tp_id]
        pos = p.view.mapFromScene(item.sceneBoundingRect().center())
        qtbot.mouseClick(p.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert p.focus_id is None
    assert [p.document.journey.touchpoint(t).votes for t in ("kickoff", "webinar", "qbr")] == [1, 1, 1]
    assert not any(item.dimmed for item in p.scene.card_items.values())
    # with a spotlight on one card, the others' vote dots keep their full colour
    p.set_focus("kickoff")
    item = p.scene.card_items["webinar"]
    qtbot.waitUntil(lambda: item.data_.touchpoint.votes == 1)  # the card shows the vote
    assert item.dimmed
    rect = item.sceneBoundingRect()
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    p.scene.render(painter, image.rect().toRectF(), rect)
    painter.end()
    dot = QColor(item.palette.card_selected)
    hits = [(x, y) for x in range(image.width()) for y in range(image.height())
            if abs(QColor(image.pixel(x, y)).red() - dot.red()) < 20
            and abs(QColor(image.pixel(x, y)).blue() - dot.blue()) < 20
            and abs(QColor(image.pixel(x, y)).green() - dot.green()) < 20]
    assert hits, "the vote dot is painted at full strength on a dimmed card"
    xs = [x for x, _ in hits]
    # one dot, as the scene shows it at 1:1, is at least 16 px across
    assert max(xs) - min(xs) + 1 >= 16


def test_what_the_workshop_captured_shows_on_the_card_its_tooltip_and_the_tour(window, present, qtbot):
    """Pain points, opportunities and notes appeared nowhere on the map, in
    the tour or in pictures (issue 14 #3)."""
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QGraphicsItem
    p = present
    first = p.scene.weak[0].id
    item = window.scene.card_items[first]  # the editor's card
    # Painted afresh each time: a hidden window's scene renders a card's
    # cached picture until a view repaints it.
    item.setCacheMode(QGraphicsItem.CacheMode.NoCache)

    def picture():
        rect = item.mapRectToScene(item.card_rect())
        image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        window.scene.render(painter, image.rect().toRectF(), rect)
        painter.end()
        return image
    before = picture()
    p.document.update_touchpoint(first, pain_points=("Hold music is awful", "Asked twice for the account id"),
                                 notes=("Ask the support lead",))
    qtbot.waitUntil(lambda: item.data_.touchpoint.notes == ("Ask the support lead",))
    item._apply_tooltip()
    assert "<b>Pain points</b>: Hold music is awful; Asked twice for the account id" in item.toolTip()
    assert "<b>Notes</b>: Ask the support lead" in item.toolTip()
    assert picture() != before  # the count is drawn on the card (and so in every picture export)
    p.start_tour()
    assert "Hold music is awful" in p.info.text()
    assert "Ask the support lead" in p.info.text()


def test_a_spotlit_card_shows_all_its_metrics_beside_it(present, qtbot):
    """On a card at projector size only the worst metric fits ("+2" for the
    rest); the spotlight shows them all, unless metrics are hidden."""
    p = present
    qtbot.keyClick(p, Qt.Key.Key_4)
    qtbot.keyClick(p, Qt.Key.Key_Tab)
    assert p.focus_id is not None
    results = p.scene.cards.touchpoints[p.focus_id]
    assert len(results) > 1
    assert p.info.isVisible()
    for r in results:
        assert p.scene.cards.metrics[r.metric].name in p.info.text()
    while p.scene.reveal != "none":
        qtbot.keyClick(p, Qt.Key.Key_M)
    assert p.info.isVisible()
    assert not any(p.scene.cards.metrics[r.metric].name in p.info.text() for r in results)
    # Esc says what it does next, and does it.
    assert "Esc clear focus" in p.footer.text()
    qtbot.keyClick(p, Qt.Key.Key_Escape)
    assert p.focus_id is None
    assert not p.info.isVisible()
    assert "Esc leave" in p.footer.text()


def test_the_focus_panel_never_covers_the_spotlit_card(present, qtbot):
    from PySide6.QtCore import QPointF, QRect
    p = present
    qtbot.keyClick(p, Qt.Key.Key_4)
    p._animation.setCurrentTime(p._animation.duration())
    for _ in range(len(p.touchpoints_in_view())):
        qtbot.keyClick(p, Qt.Key.Key_Tab)
        x, y, w, h = p.scene.layout.cards[p.focus_id]
        top_left = p.view.mapFromScene(QPointF(x, y))
        bottom_right = p.view.mapFromScene(QPointF(x + w, y + h))
        card = QRect(top_left, bottom_right)
        assert not p.info.geometry().intersects(card), p.focus_id


def test_the_moment_of_truth_star_grows_with_the_title():
    from journeymap.drawing.theme import PRESENTATION_SIZES, SIZES
    from journeymap.qt.canvas.touchpoint_item import star_radius
    for sizes in (SIZES, PRESENTATION_SIZES):
        assert 2 * star_radius(sizes) >= 0.8 * sizes.card_name_px


def test_tab_brings_each_spotlit_card_into_view_on_a_small_screen(present, qtbot):
    from PySide6.QtCore import QRectF

    from journeymap.qt.present import FOOTER_HEIGHT
    p = present
    p.resize(853, 480)
    QApplication.processEvents()
    qtbot.keyClick(p, Qt.Key.Key_4)
    p._animation.setCurrentTime(p._animation.duration())
    for _ in range(len(p.touchpoints_in_view())):
        qtbot.keyClick(p, Qt.Key.Key_Tab)
        x, y, w, h = p.scene.layout.cards[p.focus_id]
        card = p.view.mapFromScene(QRectF(x, y, w, h)).boundingRect()
        visible = p.view.viewport().rect().adjusted(0, 0, 0, -FOOTER_HEIGHT)
        assert visible.contains(card), p.focus_id
        assert p.info.geometry().bottom() < p.height() - FOOTER_HEIGHT  # the panel's text is not cut by the footer
