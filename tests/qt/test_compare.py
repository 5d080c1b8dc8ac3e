"""Compare with…: another saved version, or an earlier period, marked on the
map and listed worst first by owner (issue 16, part 3)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter

from journeymap.io.journey_file import load, save
from journeymap.io.templates import sample_path


def _tree_texts(panel):
    out = []
    def walk(item, depth):
        out.append("  " * depth + item.text(0))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)
    for i in range(panel.tree.topLevelItemCount()):
        walk(panel.tree.topLevelItem(i), 0)
    return out


def _render(scene, rect):
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, image.rect().toRectF(), rect)
    painter.end()
    return image


def test_compare_with_an_earlier_period_marks_the_cards_and_lists_worse_by_owner(window):
    window.fill_compare_period_menu(window.compare_period_menu)
    actions = [a.text() for a in window.compare_period_menu.actions()]
    assert actions == ["2026-Q2"]  # the map shows 2026-Q3: only earlier periods are offered
    window.compare_period_menu.actions()[0].trigger()
    panel = window.compare_panel
    assert window.docks["compare"].isVisible()
    assert panel.heading.text().startswith("<b>2026-Q2</b> → <b>2026-Q3</b>: 32 worse")
    texts = _tree_texts(panel)
    worse = texts.index("Worse (32), by owner")
    assert texts[worse + 1] == "  Customer care"
    assert texts[worse + 2] == ("    ▼ Support chat: CSAT 75% → 71% (worse by 4 points); "
                                "! near target → ✕ misses target")
    marks = window.scene.compare_layer.marks
    assert marks["support-chat"] == "worse"
    assert marks["renewal-quote"] == "better"
    # The tag is drawn over the card.
    rect = window.scene.compare_layer.tag_rect("support-chat")
    assert not _render(window.scene, rect).isNull()
    # A click on an entry selects its card.
    owner = panel.tree.topLevelItem(0).child(0)
    panel._on_clicked(owner.child(0))
    assert window.scene.selected_touchpoints() == ["support-chat"]
    # The marks follow edits: renaming keeps the mark, and clearing removes them.
    window.document.update_touchpoint("support-chat", name="Live chat")
    window.scene.flush()
    assert window.scene.compare_layer.marks["support-chat"] == "worse"
    assert any("Live chat: CSAT" in t for t in _tree_texts(panel))
    panel.clear_button.click()
    assert window.scene.compare_layer.marks == {}
    assert panel.tree.topLevelItemCount() == 0


def test_compare_with_a_saved_version_shows_structure_and_figures(window, tmp_path):
    old = load(sample_path())
    old.update_touchpoint("support-chat", name="Chat")  # renamed since
    for conn in list(old.connections_of("webinar")):  # added since
        old.remove_connection(conn.source, conn.target)
    for m in old.measurements_of("webinar"):
        old.remove_measurement(m.key)
    old.remove_touchpoint("webinar")
    path = tmp_path / "last-quarter.journey"
    save(old, path)
    window.document.update_touchpoint("pricing-page", phase="purchase")  # moved in this map
    window.compare_with_file(path)
    panel = window.compare_panel
    texts = _tree_texts(panel)
    assert "  touchpoint 'Support chat' renamed: was 'Chat'" in texts
    assert "  touchpoint 'Industry webinar' added" in texts
    assert any(t.startswith("  touchpoint 'Pricing page' moved: from phase 'Evaluate' to 'Purchase") for t in texts)
    marks = window.scene.compare_layer.marks
    assert marks["webinar"] == "new"
    assert marks["support-chat"] == "changed"
    assert marks["pricing-page"] in ("changed", "worse", "better")


def test_a_broken_file_to_compare_with_is_refused_and_nothing_changes(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    bad = tmp_path / "broken.journey"
    bad.write_text("{not json", encoding="utf-8")
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    window.compare_with_file(bad)
    assert said
    assert said[0].startswith("broken.journey:")
    assert not window.compare_panel.active
    assert window.scene.compare_layer.marks == {}
    assert bad.read_text(encoding="utf-8") == "{not json"
