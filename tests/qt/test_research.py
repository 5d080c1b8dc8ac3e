"""Personas, the current and future journey, evidence, linked journeys and
templates, driven in the window as a user would, and read back from the
saved file."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QFocusEvent, QImage
from PySide6.QtWidgets import QApplication

from journeymap.io.journey_file import load, save
from journeymap.io.templates import sample_path
from journeymap.model.entities import Measurement
from journeymap.qt.document import JourneyDocument
from journeymap.qt.panels.personas_panel import PersonaDialog
from journeymap.qt.panels.research_section import EvidenceDialog

from .conftest import shown_window


def _answer(dialog_type, fill):
    """Fill the next dialog of this type as a user would, then press OK."""
    def run():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, dialog_type) and w.isVisible())
        fill(dialog)
        dialog.accept()
    QTimer.singleShot(0, run)


@pytest.fixture
def saved(qtbot, tmp_path):
    """The sample, saved in a folder of its own, in a window."""
    path = tmp_path / "maps" / "acme.journey"
    path.parent.mkdir()
    save(load(sample_path()), path)
    return shown_window(qtbot, JourneyDocument(load(path), path))


def add_persona(window, name, segment="", color=""):
    def fill(d):
        d.name.setText(name)
        d.segment.setCurrentText(segment)
        d.color = color
    _answer(PersonaDialog, fill)
    return window.personas_panel.add_persona()


def test_personas_are_added_drawn_chosen_and_removed_undoably(saved):
    w, j = saved, saved.document.journey
    ids = [add_persona(w, name, segment) for name, segment in
           (("IT admin", "Enterprise"), ("Team lead", ""), ("Finance buyer", ""), ("New analyst", ""),
            ("Sponsor", ""))]
    assert [p.name for p in j.personas] == ["IT admin", "Team lead", "Finance buyer", "New analyst", "Sponsor"]
    assert j.persona(ids[0]).segment == "Enterprise"
    # The inspector sets a card's emotion for each persona.
    w.scene.select_touchpoints(["support-chat"])
    section = w.inspector.t_research
    for persona_id, value in zip(ids, (-2.0, -1.0, 0.5, 1.0, 2.0), strict=True):
        spin = section.persona_spins[persona_id]
        spin.setValue(value)
        spin.editingFinished.emit()
    assert dict(j.touchpoint("support-chat").persona_emotions) == dict(zip(ids, (-2.0, -1.0, 0.5, 1.0, 2.0),
                                                                           strict=True))
    w.scene.flush()
    curves = w.scene.persona_curves
    assert set(curves) == set(ids)
    # Five curves, told apart by line and marker as well as colour.
    assert len({(c.style.dash, c.style.marker) for c in curves.values()}) == 5
    assert len({c.style.color for c in curves.values()}) == 5
    assert [name for name, _ in w.scene.legend.extras.personas] == [p.name for p in j.personas]
    assert all("support-chat" in c._by_card for c in curves.values())
    # Choosing a persona tied to a segment shows its curve alone and that segment's figures.
    w.persona_combo.setCurrentIndex(w.persona_combo.findData(ids[0]))
    w.persona_combo.activated.emit(w.persona_combo.currentIndex())
    assert w.scene.filter.segment == "Enterprise"
    assert w.segment_combo.currentData() == "Enterprise"
    assert [pid for pid, c in curves.items() if c.isVisible()] == [ids[0]]
    assert w.scene.emotion.opacity() < 1.0
    w.choose_persona(None)
    assert w.scene.filter.segment is None
    assert all(c.isVisible() for c in curves.values())
    # Saved and read back.
    assert w.save()
    data = json.loads(w.document.path.read_text(encoding="utf-8"))
    assert [p["name"] for p in data["personas"]][:2] == ["IT admin", "Team lead"]
    chat = next(tp for tp in data["touchpoints"] if tp["id"] == "support-chat")
    assert chat["persona_emotions"][ids[0]] == -2.0
    # Removing a persona takes its emotions with it, in one undo step.
    w.personas_panel.list.setCurrentRow(0)
    w.personas_panel.remove_persona()
    assert not j.has_persona(ids[0])
    assert ids[0] not in dict(j.touchpoint("support-chat").persona_emotions)
    w.scene.flush()
    assert ids[0] not in w.scene.persona_curves
    w.document.undo_stack.undo()
    assert j.persona(ids[0]).name == "IT admin"
    assert j.touchpoint("support-chat").persona_emotion(ids[0]) == -2.0


def test_a_persona_edit_keeps_its_place_and_the_dialog_refuses_no_name(saved, dialogs):
    w, j = saved, saved.document.journey
    persona_id = add_persona(w, "Buyer")

    def rename(d):
        d.name.setText("Procurement")
        d.description.setPlainText("Signs the order")
    _answer(PersonaDialog, rename)
    w.personas_panel.edit_persona(persona_id)
    assert j.persona(persona_id).name == "Procurement"
    assert j.persona(persona_id).description == "Signs the order"
    dialog = PersonaDialog(w.document, None, 1, w)
    dialog._accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialogs["shown"][-1][0] == "information"


def test_the_future_state_hides_marks_and_judges_by_its_own_targets(saved):
    w, j = saved, saved.document.journey
    w.scene.select_touchpoints(["support-chat"])
    section = w.inspector.t_research
    section.state.setCurrentIndex(section.state.findData("changed"))
    section.state.activated.emit(section.state.currentIndex())
    section.future_note.setPlainText("A chatbot answers first")
    section.future_note.focusOutEvent(QFocusEvent(QEvent.Type.FocusOut))
    assert j.touchpoint("support-chat").state == "changed"
    assert j.touchpoint("support-chat").future_note == "A chatbot answers first"
    new_id = w.document.add_touchpoint("use", "frontstage", "Chatbot", state="new")
    w.scene.select_touchpoints(["knowledge-base"])
    w._set_state_of_selected("retired")  # the card menu's Future State > Retired
    assert j.touchpoint("knowledge-base").state == "retired"
    w.scene.flush()
    scene = w.scene
    # Both: every card, the differences tagged.
    assert scene.state_layer.marks == {"support-chat": "changed", new_id: "new", "knowledge-base": "retired"}
    assert scene.card_items["knowledge-base"].data_.retired
    assert list(scene.legend.extras.states) == ["new", "changed", "retired"]
    # The current journey: the new card is not there yet.
    w.state_combo.setCurrentIndex(w.state_combo.findData("current"))
    w.state_combo.activated.emit(w.state_combo.currentIndex())
    assert not scene.card_items[new_id].isVisible()
    assert scene.card_items["knowledge-base"].isVisible()
    assert scene.state_layer.marks == {}
    # The future journey: the retired card and its connections are gone.
    w.state_combo.setCurrentIndex(w.state_combo.findData("future"))
    w.state_combo.activated.emit(w.state_combo.currentIndex())
    assert not scene.card_items["knowledge-base"].isVisible()
    assert scene.card_items[new_id].isVisible()
    assert all(not item.isVisible() for key, item in scene.connection_items.items() if "knowledge-base" in key)
    assert scene.state_layer.marks == {"support-chat": "changed", new_id: "new"}
    assert "knowledge-base" not in scene.cards.touchpoints
    # A target typed in the future view is the future state's own.
    w.scene.select_touchpoints(["support-chat"])
    table = w.inspector.t_metrics
    from journeymap.qt.panels.metrics_table import TARGET
    row = table.rows.index("nps")
    table.table.item(row, TARGET).setText("10")
    tp = j.touchpoint("support-chat")
    assert tp.future_targets == (("nps", 10.0),)
    assert dict(tp.target_overrides).get("nps") is None
    assert scene.cards.result_for("support-chat", "nps").target == 10.0
    # Read back from the saved file.
    assert w.save()
    again = load(w.document.path)
    assert again.touchpoint("support-chat").future_targets == (("nps", 10.0),)
    assert again.touchpoint("knowledge-base").state == "retired"


def test_evidence_quotes_pictures_and_links_with_a_missing_picture_reported(saved, tmp_path):
    w, j = saved, saved.document.journey
    w.scene.select_touchpoints(["support-chat"])
    section = w.inspector.t_research
    section.level.setCurrentIndex(section.level.findData("researched"))
    section.level.activated.emit(section.level.currentIndex())

    def quote(d):
        d.text.setPlainText("I waited twenty minutes for an answer")
        d.source.setText("Interview 7")
        d.date.setText("2026-10-14")
    _answer(EvidenceDialog, quote)
    section.add_text_evidence("quote")
    photo = tmp_path / "wall.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    image.save(str(photo))
    section.add_picture_evidence(photo)

    def link(d):
        d.ref.setText("https://example.org/study")
        d.caption.setText("Support study")
    _answer(EvidenceDialog, link)
    section.add_text_evidence("link")
    tp = j.touchpoint("support-chat")
    assert tp.evidence_level == "researched"
    assert [e.kind for e in tp.evidence] == ["quote", "picture", "link"]
    # The picture is copied beside the journey and referred to relatively.
    ref = tp.evidence[1].ref
    assert ref == "acme pictures/wall.png"
    assert (w.document.path.parent / ref).is_file()
    section.items.setCurrentRow(1)
    assert section.preview.pixmap() is not None
    assert not section.preview.pixmap().isNull()
    w.scene.flush()
    card = w.scene.card_items["support-chat"]
    card._apply_tooltip()
    assert "Researched" in card.toolTip()
    assert "I waited twenty minutes" in card.toolTip()
    assert any(kind == "evidence" and text == "❝ 3" for kind, text, _ in card.markers())
    assert w.scene.legend.extras.evidence
    # A missing picture is reported, not fatal.
    (w.document.path.parent / ref).unlink()
    section.show_touchpoint("support-chat")
    assert section.items.item(1).text().startswith("⚠ missing picture")
    section.items.setCurrentRow(1)
    assert "missing" in section.preview.text()
    # A bad link is refused with the reason, and nothing changes.
    errors = []
    w.document.error.connect(errors.append)
    _answer(EvidenceDialog, lambda d: d.ref.setText("javascript:alert(1)"))
    section.add_text_evidence("link")
    assert len(j.touchpoint("support-chat").evidence) == 3
    assert "must start with https://" in errors[-1]
    # Removing one is one undo step.
    section.items.setCurrentRow(0)
    section.remove_selected()
    assert [e.kind for e in j.touchpoint("support-chat").evidence] == ["picture", "link"]
    w.document.undo_stack.undo()
    assert j.touchpoint("support-chat").evidence[0].text == "I waited twenty minutes for an answer"
    assert w.save()
    saved_tp = next(t for t in json.loads(w.document.path.read_text(encoding="utf-8"))["touchpoints"]
                    if t["id"] == "support-chat")
    assert saved_tp["evidence"][1] == {"kind": "picture", "text": "wall", "ref": "acme pictures/wall.png"}


def test_a_linked_journey_shows_its_health_and_opens_in_one_click(saved, qtbot, dialogs):
    w, j = saved, saved.document.journey
    folder = w.document.path.parent
    (folder / "detail").mkdir()
    detail = load(sample_path())
    detail.set_measurement(Measurement("support-chat", "nps", 99.0, 40))
    save(detail, folder / "detail" / "support.journey")
    w.scene.select_touchpoints(["support-chat"])
    w.inspector.t_research.choose_link(folder / "detail" / "support.journey")
    assert j.touchpoint("support-chat").link == "detail/support.journey"
    assert w.save()
    assert load(w.document.path).touchpoint("support-chat").link == "detail/support.journey"
    w.scene.flush()
    card = w.scene.card_items["support-chat"]
    health = w.document.linked_journey("detail/support.journey").health
    assert card.data_.linked == f"↗ {health:.0f}%"
    assert "Acme Analytics" in card.data_.linked_words
    # One click on the card's link marker opens the detailed journey.
    opened = []
    w.open_window_requested.connect(opened.append)
    _kind, _text, where = next(m for m in card.markers() if m[0] == "link")
    w.view.ensureVisible(card.sceneBoundingRect())
    QApplication.processEvents()
    point = w.view.mapFromScene(card.mapToScene(where.center()))
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QApplication.processEvents()
    assert len(opened) == 1
    assert opened[0].path.resolve() == (folder / "detail" / "support.journey").resolve()
    # A link whose file went away is said plainly, on the card and on a click.
    (folder / "detail" / "support.journey").rename(folder / "detail" / "moved.journey")
    w.scene.refresh()
    card = w.scene.card_items["support-chat"]
    assert card.data_.linked == "↗ ⚠"
    assert "missing" in card.data_.linked_words
    w.open_linked("support-chat")
    assert dialogs["shown"][-1][0] == "warning"
    assert len(opened) == 1


def test_save_as_template_and_new_from_template_with_thumbnails(saved, qtbot):
    from journeymap.qt.dialogs.template_dialog import TemplateDialog
    from journeymap.qt.paths import templates_dir
    w = saved
    assert w.save_as_template("Our SaaS map")
    path = templates_dir() / "Our SaaS map.journey"
    template = load(path)
    assert template.measurements == []
    assert template.actions == []
    assert [tp.name for tp in template.touchpoints] == [tp.name for tp in w.document.journey.touchpoints]
    assert [m.target for m in template.metrics] == [m.target for m in w.document.journey.metrics]
    dialog = TemplateDialog(templates_dir(), w)
    qtbot.addWidget(dialog)
    titles = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    for title in ("Blank", "B2B SaaS", "Bank account opening", "Insurance claim", "Telecom support",
                  "E-commerce purchase and return", "Public service application", "SaaS support",
                  "Our SaaS map\n(your template)"):
        assert title in titles
    assert all(not dialog.list.item(i).icon().isNull() for i in range(dialog.list.count()))
    dialog.list.setCurrentRow(titles.index("Our SaaS map\n(your template)"))
    assert dialog.remove_button.isEnabled()
    _answer(TemplateDialog, lambda d: d.list.setCurrentRow(titles.index("Our SaaS map\n(your template)")))
    opened = []
    w.open_window_requested.connect(opened.append)
    w.new_from_template_dialog()
    assert len(opened) == 1
    assert opened[0].path is None
    assert opened[0].journey.touchpoint_count() == w.document.journey.touchpoint_count()
    assert opened[0].journey.measurements == []


def test_persona_curves_and_future_marks_are_in_the_exported_picture(saved, tmp_path):
    """The rendered PNG holds each persona's colour in the emotion band and
    the future state's tags (checked by pixel; the README shows the picture)."""
    from journeymap.analysis.scorecard import Filter
    from journeymap.drawing.theme import STATE_TONES, persona_style
    from journeymap.qt.picture_export import export_picture
    w, j = saved, saved.document.journey
    ids = [add_persona(w, name) for name in ("A", "B", "C", "D", "E")]
    for k, tp in enumerate(j.touchpoints):
        for i, persona_id in enumerate(ids):
            w.document.set_persona_emotion(tp.id, persona_id, ((k + i) % 5) - 2.0)
    w.document.update_touchpoint("support-chat", state="changed")
    w.document.update_touchpoint("knowledge-base", state="retired")
    out = tmp_path / "map.png"
    export_picture(j, out, Filter(), scale=1.0, source=w.document.path)
    image = QImage(str(out))
    band = _colours(image, 0.70, 0.93)
    for i in range(5):
        assert _near(band, persona_style(i).color), f"persona {i}'s curve is not drawn"
    whole = _colours(image, 0.0, 1.0)
    for state in ("changed", "retired"):
        assert _near(whole, STATE_TONES[state]), f"no '{state}' tag in the picture"


def _colours(image: QImage, top: float, bottom: float) -> set[tuple[int, int, int]]:
    found = set()
    for y in range(int(image.height() * top), int(image.height() * bottom), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            found.add((c.red(), c.green(), c.blue()))
    return found


def _near(colours: set[tuple[int, int, int]], hex_colour: str, tolerance: int = 12) -> bool:
    want = QColor(hex_colour)
    return any(abs(r - want.red()) <= tolerance and abs(g - want.green()) <= tolerance
               and abs(b - want.blue()) <= tolerance for r, g, b in colours)



def test_presentation_walks_the_journey_the_editor_shows_and_j_switches_it(saved, qtbot):
    w, j = saved, saved.document.journey
    w.document.update_touchpoint("knowledge-base", state="retired")
    new_id = w.document.add_touchpoint("use", "frontstage", "Chatbot", state="new")
    w.state_combo.setCurrentIndex(w.state_combo.findData("future"))
    w.state_combo.activated.emit(w.state_combo.currentIndex())
    show = w.present()  # deletes itself on close, so qtbot does not own it
    show.scene.flush()
    assert show.scene.filter.state == "future"
    show.go_to(j.phase_index("use") + 1, animate=False)
    walked = show.touchpoints_in_view()
    assert new_id in walked
    assert "knowledge-base" not in walked
    assert "future journey" in show.footer.text()
    qtbot.keyClick(show, Qt.Key.Key_J)  # on to both
    assert show.scene.filter.state == "both"
    assert {new_id, "knowledge-base"} <= set(show.touchpoints_in_view())
    qtbot.keyClick(show, Qt.Key.Key_J)  # the current journey
    assert show.scene.filter.state == "current"
    assert new_id not in show.touchpoints_in_view()
    assert "current journey" in show.footer.text()
    show.close()


def test_what_new_users_tripped_on(saved, tmp_path):
    """Each from a new user's session: the wheel over the inspector scrolls
    it and changes no field; a persona keeps its look when another goes; a
    segment chosen by hand drops a persona that stands for another; the
    legend names only the curve shown; a missing picture is marked on its
    card and said on opening; a moved linked journey is seen when the
    window is next activated."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent
    w, j = saved, saved.document.journey
    ids = [add_persona(w, name, segment) for name, segment in (("A", "Enterprise"), ("B", ""), ("C", ""))]
    w.scene.select_touchpoints(["support-chat"])
    spin = w.inspector.t_research.persona_spins[ids[1]]
    spin.setValue(1.0)
    spin.editingFinished.emit()
    spin.clearFocus()
    wheel = QWheelEvent(QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(spin, wheel)
    assert spin.value() == 1.0
    assert not wheel.isAccepted()  # left to the inspector, which scrolls
    # Removing B leaves C's colour, line and marker as they were.
    w.scene.flush()
    before = w.scene.persona_curves[ids[2]].style
    w.personas_panel.list.setCurrentRow(1)
    w.personas_panel.remove_persona()
    w.scene.flush()
    assert w.scene.persona_curves[ids[2]].style == before
    # A persona standing for Enterprise, then SMB chosen by hand: back to everyone.
    w.choose_persona(ids[0])
    assert [name for name, _ in w.scene.legend.extras.personas] == ["A"]
    w.segment_combo.setCurrentIndex(w.segment_combo.findData("SMB"))
    w.segment_combo.activated.emit(w.segment_combo.currentIndex())
    assert w.scene.persona_focus is None
    assert w.scene.filter.segment == "SMB"
    assert w.persona_combo.currentData() is None
    # A missing picture: marked on the card, in its tooltip, and said on opening.
    photo = tmp_path / "shelf.png"
    QImage(8, 8, QImage.Format.Format_RGB32).save(str(photo))
    w.inspector.t_research.add_picture_evidence(photo)
    assert w.save()
    (w.document.path.parent / j.touchpoint("support-chat").evidence[0].ref).unlink()
    w.isActiveWindow = lambda: True  # the user comes back to the window
    w.changeEvent(QEvent(QEvent.Type.ActivationChange))
    card = w.scene.card_items["support-chat"]
    assert card.data_.missing_pictures == ("acme pictures/shelf.png",)
    assert any(text == "❝ 1 ⚠" for _kind, text, _ in card.markers())
    card._apply_tooltip()
    assert "acme pictures/shelf.png is missing" in card.toolTip()
    w.report_missing_files()
    assert "1 picture of this journey cannot be found beside acme.journey" in w.statusBar().currentMessage()


def test_a_card_added_in_the_future_view_is_new_in_the_future_state(saved):
    w, j = saved, saved.document.journey
    w.state_combo.setCurrentIndex(w.state_combo.findData("future"))
    w.state_combo.activated.emit(w.state_combo.currentIndex())
    w.scene.select_touchpoints(["support-chat"])
    w.actions_["add_tp"].trigger()
    added = next(tp for tp in j.touchpoints if tp.name == "New touchpoint")
    assert added.state == "new"
    w.state_combo.setCurrentIndex(w.state_combo.findData("both"))
    w.state_combo.activated.emit(w.state_combo.currentIndex())
    w.actions_["add_tp"].trigger()
    assert [tp.state for tp in j.touchpoints if tp.name == "New touchpoint"] == ["new", "current"]


def test_the_personas_panel_opens_a_few_lines_high_however_it_is_opened(saved, qtbot):
    """On a real display it took 300 px of a 1050 px window for two names
    when opened from View > Panels (offscreen its natural height is already
    small, so the test checks the size asked for, once)."""
    from journeymap.qt.research_actions import PERSONAS_HEIGHT
    w = saved
    asked = []
    real = w.resizeDocks
    w.resizeDocks = lambda docks, sizes, orientation: (asked.append((docks, sizes)), real(docks, sizes, orientation))
    panel = w.docks["personas"]
    panel.toggleViewAction().trigger()  # View > Panels > Personas
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == [([panel], [PERSONAS_HEIGHT])]
    panel.hide()
    w.show_personas_panel()  # the toolbar's Edit personas…: the user's size stays from now on
    QApplication.processEvents()
    assert len(asked) == 1
