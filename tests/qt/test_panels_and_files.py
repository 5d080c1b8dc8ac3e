"""Inspector, metric library, weak panel, files, recovery and rendering."""

import json
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from journeymap.analysis.status import Status
from journeymap.io.journey_file import load
from journeymap.qt.document import JourneyDocument
from journeymap.qt.panels.metrics_table import PERIOD, TARGET, TREND

from .conftest import shown_window, snapshot


# ------------------------------------------------------------------ inspector
def test_inspector_edits_every_touchpoint_field(window, qtbot):
    j = window.document.journey
    window.scene.select_touchpoints(["webinar"])
    insp = window.inspector
    assert insp.kind == "touchpoint"
    assert insp.t_name.text() == "Industry webinar"
    before = snapshot(j)
    for widget, text in ((insp.t_name, "Partner webinar"), (insp.t_channel, "Zoom"), (insp.t_owner, "Partners")):
        widget.setFocus()
        widget.selectAll()
        qtbot.keyClicks(widget, text)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    insp.t_desc.setPlainText("Monthly webinar with a partner")
    insp.t_desc.setFocus()
    insp.t_name.setFocus()  # focus out commits the text box
    insp.t_pains.setPlainText("Too long\n\nNo recording ")
    insp._commit_tp("pain_points", tuple(x.strip() for x in insp.t_pains.toPlainText().splitlines() if x.strip()))
    insp.t_emotion.setValue(-1.5)
    insp.t_emotion.editingFinished.emit()
    insp.t_truth.setChecked(True)
    insp.t_phase.setCurrentIndex(insp.t_phase.findData("evaluate"))
    insp.t_phase.activated.emit(insp.t_phase.currentIndex())
    tp = j.touchpoint("webinar")
    assert (tp.name, tp.channel, tp.owner, tp.description) == (
        "Partner webinar", "Zoom", "Partners", "Monthly webinar with a partner")
    assert tp.pain_points == ("Too long", "No recording")
    assert tp.emotion == -1.5
    assert tp.moment_of_truth
    assert tp.phase == "evaluate"
    while window.document.undo_stack.canUndo():
        window.document.undo_stack.undo()
    assert snapshot(j) == before


def test_inspector_metrics_table_edits_value_and_target(window):
    j = window.document.journey
    window.scene.select_touchpoints(["support-chat"])
    window.scene.flush()
    table = window.inspector.t_metrics
    rows = table.rows
    assert "nps" in rows
    r = rows.index("nps")
    assert table.table.item(r, 1).text() == "-12"
    assert table.table.item(r, 2).text().startswith(Status.RED.symbol)
    table.table.item(r, 1).setText("35")
    m = j.measurement(("support-chat", "nps", "2026-Q3", ""))
    assert m.value == 35.0
    assert m.n == 460
    window.scene.flush()
    r = table.rows.index("csat")
    table.table.item(r, TARGET).setText("70")  # override the 80% target here
    assert dict(j.touchpoint("support-chat").target_overrides) == {"csat": 70.0}
    window.scene.flush()
    assert window.scene.cards.result_for("support-chat", "csat").status is Status.GREEN
    table.table.item(table.rows.index("csat"), TARGET).setText("")  # clear the override
    assert j.touchpoint("support-chat").target_overrides == ()


def test_inspector_adds_and_removes_metric_on_node(window):
    j = window.document.journey
    window.scene.select_touchpoints(["referral"])
    table = window.inspector.t_metrics
    health = window.scene.cards.health_percent()
    table.add_combo.setCurrentIndex(table.add_combo.findData("csat"))
    table.add_selected_metric()
    # a new row starts with no value: nothing measured is recorded, nothing turns green
    assert not j.measurements_of("referral", "csat")
    r = table.rows.index("csat")
    assert table.table.item(r, 1).text() == ""
    assert table.table.item(r, PERIOD).text() == "no data in 2026-Q3"
    window.scene.flush()
    assert window.scene.cards.health_percent() == health
    table.table.item(table.rows.index("csat"), 1).setText("72")
    assert j.measurement(("referral", "csat", "2026-Q3", "")).value == 72.0
    window.scene.flush()
    table.table.setCurrentCell(table.rows.index("csat"), 0)
    table.remove_selected_metric()
    assert not j.measurements_of("referral", "csat")


def test_inspector_bad_number_is_refused(window):
    messages = []
    window.document.error.connect(messages.append)
    window.scene.select_touchpoints(["support-chat"])
    table = window.inspector.t_metrics
    before = snapshot(window.document.journey)
    table.table.item(table.rows.index("nps"), 1).setText("lots")
    assert snapshot(window.document.journey) == before
    assert messages
    assert "not a number" in messages[-1]
    assert table.table.item(table.rows.index("nps"), 1).text() == "-12"


def test_phase_and_journey_are_inspectable(window):
    j = window.document.journey
    window.scene.phase_clicked.emit("use")
    insp = window.inspector
    assert insp.kind == "phase"
    assert insp.p_name.text() == "Use & support"
    assert "nps" in insp.p_metrics.rows
    insp.p_macro.setText("After sale")
    insp.p_macro.editingFinished.emit()
    assert j.phase("use").macro == "After sale"
    window.scene.clearSelection()
    insp.show_journey()
    insp.j_name.setText("Renamed journey")
    insp.j_name.editingFinished.emit()
    assert j.info.name == "Renamed journey"
    window.document.undo_stack.undo()
    assert j.info.name.startswith("Acme")


# ------------------------------------------------------------- metric library
def test_changing_a_target_recolours_the_map(window):
    j = window.document.journey
    lib = window.metric_library
    row = lib.ids.index("nps")
    assert window.scene.card_items["support-chat"].data_.status is Status.RED
    col = [f[1] for f in __import__("journeymap.qt.panels.metric_library", fromlist=["FIELDS"]).FIELDS].index("target")
    lib.table.item(row, col).setText("-20")
    assert j.metric("nps").target == -20.0
    window.scene.flush()
    badges = {b.text.split()[0]: b.status for b in window.scene.card_items["support-chat"].data_.badges}
    assert badges["NPS"] is Status.GREEN
    window.document.undo_stack.undo()
    window.scene.flush()
    badges = {b.text.split()[0]: b.status for b in window.scene.card_items["support-chat"].data_.badges}
    assert badges["NPS"] is Status.RED


def test_metric_library_refuses_bad_values_and_adds_custom(window):
    lib = window.metric_library
    before = snapshot(window.document.journey)
    lib.table.item(lib.ids.index("ces"), 2).setText("abc")
    assert snapshot(window.document.journey) == before
    n = len(window.document.journey.metrics)
    lib.add_custom()
    assert len(window.document.journey.metrics) == n + 1
    lib.table.setCurrentCell(len(lib.ids) - 1, 0)
    lib.remove_selected()
    assert len(window.document.journey.metrics) == n


# ---------------------------------------------------------------- weak panel
def test_weak_panel_ranks_filters_and_selects(window):
    window.docks["weak"].raise_()  # filled when it shows
    panel = window.weak_panel
    ids = panel.visible_ids()
    assert ids[:2] == [w.id for w in window.scene.weak[:2]]
    assert len(ids) == len(window.scene.weak)
    panel.phase_filter.setCurrentIndex(panel.phase_filter.findData("use"))
    assert set(panel.visible_ids()) <= {tp.id for tp in window.document.journey.touchpoints_in(phase_id="use")}
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(Status.AMBER))
    assert all(w.status is Status.AMBER for w in window.scene.weak if w.id in panel.visible_ids())
    panel.phase_filter.setCurrentIndex(0)
    panel.status_filter.setCurrentIndex(0)
    item = panel.tree.topLevelItem(1)
    tp_id = item.data(0, Qt.ItemDataRole.UserRole)
    # Zoomed in, with the card far from the middle: a click brings it to the middle.
    window.view.set_zoom(2.0)
    window.view.centerOn(window.scene.sceneRect().topLeft())
    QApplication.processEvents()
    panel.tree.itemClicked.emit(item, 0)
    QApplication.processEvents()
    assert window.scene.selected_touchpoints() == [tp_id]
    card = window.view.mapFromScene(window.scene.card_items[tp_id].sceneBoundingRect().center())
    middle = window.view.viewport().rect().center()
    # In the middle, or as near as the map's edge lets the view scroll.
    for offset, bar in ((card.x() - middle.x(), window.view.horizontalScrollBar()),
                        (card.y() - middle.y(), window.view.verticalScrollBar())):
        assert abs(offset) < 60 or bar.value() in (bar.minimum(), bar.maximum())
    assert abs(card.x() - middle.x()) < 60  # the map is wide: across, it is centred


def test_a_hidden_weak_list_catches_up_when_shown(window):
    window.docks["weak"].raise_()
    window.docks["inspector"].raise_()
    assert window.weak_panel.visibleRegion().isEmpty()  # in its tab, behind the inspector
    worst = window.scene.weak[0]
    window.document.update_touchpoint(worst.id, name="Renamed while hidden")
    window.scene.flush()
    assert "Renamed while hidden" not in window.weak_panel.tree.topLevelItem(0).text(1)  # not refilled unseen
    window.docks["weak"].raise_()
    assert window.weak_panel.tree.topLevelItem(0).text(1).endswith("Renamed while hidden")


def test_segment_filter_changes_the_map(window):
    window.segment_combo.setCurrentIndex(window.segment_combo.findData("Enterprise"))
    window.segment_combo.activated.emit(window.segment_combo.currentIndex())
    assert window.scene.filter.segment == "Enterprise"
    smb_free = window.scene.cards.result_for("support-chat", "nps").value
    assert smb_free == -7.0


# --------------------------------------------------------------------- files
def test_title_shows_name_and_modified_mark(window):
    assert window.windowTitle().startswith("Sample journey[*]")
    assert not window.isWindowModified()
    window.document.update_touchpoint("webinar", name="X")
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert not window.isWindowModified()


def test_save_writes_atomically_and_clears_mark(window, tmp_path):
    window.document.update_touchpoint("webinar", name="Saved name")
    target = tmp_path / "mine.journey"
    assert window._save_to(target)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("mine.journey")
    assert load(target).touchpoint("webinar").name == "Saved name"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_save_failure_keeps_file_and_says_so(window, tmp_path, dialogs):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "x.journey"
    target.write_text("old", "utf-8")
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores permissions: simulate instead
            import journeymap.io.atomic as atomic

            def fail(*_args, **_kwargs):
                raise OSError(28, "No space left on device")
            orig = atomic.os.replace
            atomic.os.replace = fail
            try:
                assert not window._save_to(target)
            finally:
                atomic.os.replace = orig
        else:
            assert not window._save_to(target)
    finally:
        os.chmod(folder, 0o700)
    assert target.read_text("utf-8") == "old"
    assert dialogs["shown"][-1][0] == "critical"
    assert window.isWindowModified() or window.document.path is None


def test_broken_file_shows_dialog_and_leaves_journey(window, tmp_path, dialogs):
    bad = tmp_path / "broken.journey"
    bad.write_text('{"format": "journeymap", "version": 1, "phases": [{"id": "x"}]}', "utf-8")
    before = snapshot(window.document.journey)
    assert not window.open_path(bad)
    kind, text = dialogs["shown"][-1]
    assert kind == "warning"
    assert "broken.journey" in text
    assert "'name' is missing" in text
    assert snapshot(window.document.journey) == before


def test_open_good_file_in_new_window_when_this_one_has_work(window, tmp_path):
    from journeymap.io.journey_file import save
    from journeymap.io.templates import load_template
    path = tmp_path / "retail.journey"
    save(load_template("retail"), path)
    opened = []
    window.open_window_requested.connect(opened.append)
    window.document.update_touchpoint("webinar", name="work in progress")
    assert window.open_path(path)
    assert len(opened) == 1
    assert opened[0].path == path
    assert window.isVisible()  # the window with work stays


def test_close_with_unsaved_changes_asks(window, dialogs):
    from PySide6.QtWidgets import QMessageBox
    window.document.update_touchpoint("webinar", name="unsaved")
    dialogs["answers"]["warning"] = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert dialogs["shown"][-1][0] == "warning"
    dialogs["answers"]["warning"] = QMessageBox.StandardButton.Discard


def test_autosave_and_recovery_after_crash(window):
    from journeymap.qt import recovery
    doc = window.document
    assert not doc.autosave()  # nothing unsaved, nothing written
    doc.update_touchpoint("webinar", name="Unsaved idea")
    assert doc.autosave()
    data_path, meta_path = doc.recovery_files()
    assert load(data_path).touchpoint("webinar").name == "Unsaved idea"
    assert recovery.find_recoverable() == []  # our own process is alive
    meta = json.loads(meta_path.read_text())
    meta["pid"] = 2 ** 22 + 12345  # a process that no longer exists
    meta_path.write_text(json.dumps(meta))
    found = recovery.find_recoverable()
    assert len(found) == 1
    assert found[0].name.startswith("Acme")
    from journeymap.qt.app import recover_documents
    docs = recover_documents()
    assert len(docs) == 1
    assert docs[0].modified
    assert docs[0].journey.touchpoint("webinar").name == "Unsaved idea"
    assert not data_path.exists()
    assert not meta_path.exists()
    # the recovered work is protected at once: a second crash now loses nothing
    new_data, _new_meta = docs[0].recovery_files()
    assert load(new_data).touchpoint("webinar").name == "Unsaved idea"


def test_a_failing_autosave_says_so_once_and_retries(window, dialogs, monkeypatch):
    from journeymap.io.atomic import WriteError
    from journeymap.qt import document as document_module
    doc = window.document
    doc.update_touchpoint("webinar", name="Unsaved idea")

    def full_disk(*_):
        raise WriteError("could not save: No space left on device")
    working = document_module.atomic_write_bytes
    monkeypatch.setattr(document_module, "atomic_write_bytes", full_disk)
    assert not doc.autosave()
    assert not doc.autosave()
    warnings = [s for s in dialogs["shown"] if s[0] == "warning"]
    assert len(warnings) == 1
    assert "Autosave failed" in str(warnings[0])
    assert "No space left on device" in window.statusBar().currentMessage()
    monkeypatch.setattr(document_module, "atomic_write_bytes", working)  # the disk has room again
    assert doc.autosave()


def test_autosave_timer_is_a_minute(window):
    assert window.document._autosave.interval() == 60_000
    assert window.document._autosave.isActive()


def test_recent_files_and_settings_restore(window, tmp_path):
    from journeymap.qt.file_actions import add_recent, recent_files
    p = tmp_path / "a.journey"
    p.write_text("{}")
    add_recent(p)
    assert recent_files()[0] == p.resolve()
    window._fill_recent_menu()
    assert window.recent_menu.actions()[0].text() == "a.journey"


# ------------------------------------------------------------ undo commands
# Each kind of edit is tested pure in tests/model/test_edits.py; here, the one
# Qt command that wraps a list of them.
@pytest.mark.usefixtures("qtbot")
def test_the_edit_command_redoes_undoes_and_redoes_a_list(small_journey):
    from journeymap.model import Connection, Touchpoint
    from journeymap.model import edits as ed
    from journeymap.qt.document import JourneyDocument
    doc = JourneyDocument(small_journey, autosave=False)
    before = snapshot(doc.journey)
    assert doc.apply("Several", [ed.AddTouchpoint(Touchpoint("z", "Z", "p1", "customer")),
                                 ed.AddConnection(Connection("a", "z")),
                                 ed.update_touchpoint("a", name="A2")])
    after = snapshot(doc.journey)
    assert after != before
    assert doc.undo_stack.undoText() == "Several"
    doc.undo_stack.undo()
    assert snapshot(doc.journey) == before
    doc.undo_stack.redo()
    assert snapshot(doc.journey) == after


@pytest.mark.usefixtures("qtbot")
def test_refused_change_leaves_no_undo_step():
    from journeymap.io.templates import load_template
    doc = JourneyDocument(load_template("blank"))
    errors = []
    doc.error.connect(errors.append)
    assert not doc.connect_touchpoints("ghost", "phantom")
    assert doc.undo_stack.count() == 0
    assert errors


# ----------------------------------------------------------------- rendering
def render_scene(scene, scale=1.0) -> QImage:
    rect = scene.sceneRect()
    image = QImage(int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, source=rect)
    painter.end()
    return image


def count_near(image: QImage, rect, colour: QColor, tolerance: int = 30) -> int:
    hits = 0
    for x in range(int(rect.left()), int(rect.right()), 1):
        for y in (int(rect.top()), int(rect.bottom())):
            if 0 <= x < image.width() and 0 <= y < image.height():
                c = image.pixelColor(x, y)
                distance = abs(c.red() - colour.red()) + abs(c.green() - colour.green()) + abs(c.blue() - colour.blue())
                if distance < tolerance:
                    hits += 1
    return hits


def test_offscreen_render_marks_weak_touchpoints(window):
    scene = window.scene
    scene.clearSelection()
    image = render_scene(scene)
    assert not image.isNull()
    red = QColor(scene.colors.weak_outline)
    origin = scene.sceneRect().topLeft()
    weak_ids = {w.id for w in scene.weak}
    assert "ticket-escalation" in weak_ids
    assert "webinar" not in weak_ids
    for tp_id in ("ticket-escalation", "support-chat", "webinar"):
        x, y, w, h = scene.layout.cards[tp_id]
        from PySide6.QtCore import QRectF
        edge = QRectF(x - origin.x() + 12, y - origin.y(), w - 24, h)
        hits = count_near(image, edge, red)
        if tp_id in weak_ids:
            assert hits > 100, (tp_id, hits)  # a red outline along top and bottom edges
            assert scene.card_items[tp_id].weak_rank is not None
        else:
            assert hits < 10, (tp_id, hits)
    QApplication.processEvents()


def test_file_export_writes_each_format(window, tmp_path):
    import openpyxl
    window.segment_combo.setCurrentIndex(window.segment_combo.findData("SMB"))
    window.segment_combo.activated.emit(window.segment_combo.currentIndex())
    assert window.export_to(tmp_path / "s.xlsx")
    assert openpyxl.load_workbook(tmp_path / "s.xlsx")["Summary"]["B4"].value.startswith("segment: SMB")
    for suffix in ("png", "svg", "pdf", "mmd"):
        assert window.export_to(tmp_path / f"m.{suffix}")
        assert (tmp_path / f"m.{suffix}").stat().st_size > 200
    assert "Export" in [a.text().replace("&", "").rstrip("…") for a in window.file_menu.actions()]


def test_file_export_failure_says_so(window, tmp_path, dialogs):
    assert not window.export_to(tmp_path / "missing-folder" / "x.xlsx")
    kind, text = dialogs["shown"][-1]
    assert kind == "critical"
    assert "cannot write in" in text


def test_version_in_about_box(window, dialogs):
    from journeymap import __version__
    window.about()
    assert dialogs["shown"][-1][0] == "about"
    assert __version__ != "0.0.0+unknown"


def test_inspector_shows_trend_and_segments_side_by_side(window):
    window.scene.select_touchpoints(["support-chat"])
    table = window.inspector.t_metrics
    row = table.rows.index("nps")
    trend = table.table.item(row, TREND).text()
    # Q2 was -6 or -18 (drift), Q3 is -12: two periods, oldest first.
    assert trend.endswith("-12 (2026-Q3)")
    assert "(2026-Q2)" in trend
    assert trend[:2] in ("▁█", "█▁")
    seg = table.segments
    headers = [seg.horizontalHeaderItem(c).text() for c in range(seg.columnCount())]
    assert headers == ["Metric", "All customers", "Enterprise", "SMB"]
    nps_row = next(r for r in range(seg.rowCount()) if seg.item(r, 0).text() == "NPS")
    assert [seg.item(nps_row, c).text() for c in (1, 2, 3)] == ["-12", "-7", "-17"]


def test_priority_matrix_view_selects_touchpoint(window):
    from PySide6.QtCore import QPointF
    j = window.document.journey
    for tp_id, importance in (("support-chat", 0.5), ("daily-use", 0.3), ("pricing-page", 0.2)):
        window.document.update_touchpoint(tp_id, importance=importance)
    window.scene.flush()
    window.docks["priority"].raise_()  # filled when it shows
    matrix = window.priority_panel.matrix
    matrix.resize(500, 400)
    quadrants = {p.touchpoint: p.quadrant for p in matrix.points}
    assert quadrants["support-chat"] == "Fix first"
    image = matrix.grab()  # paints, which places the points
    assert not image.isNull()
    point = next(p for p in matrix.points if p.touchpoint == "support-chat")
    centre = matrix.position(point)
    assert matrix.point_at(centre) == "support-chat"
    matrix.touchpoint_clicked.emit(matrix.point_at(QPointF(centre)))
    assert window.scene.selected_touchpoints() == ["support-chat"]
    assert j.touchpoint("support-chat").importance == 0.5


def test_driver_dialog_applies_importance_in_one_step(window, tmp_path):
    import random

    import openpyxl
    rnd = random.Random(4)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Support chat - CSAT", "Daily dashboards - CSAT", "Likelihood to recommend"])
    for _ in range(60):
        a, b = rnd.randint(1, 5), rnd.randint(1, 5)
        ws.append([a, b, max(0, min(10, round(2 * a + rnd.gauss(0, 1))))])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    dialog = window.drivers_dialog(path)
    assert dialog.table.rowCount() == 2
    assert "Johnson's relative weights" in dialog.intro.text()
    assert dialog.table.item(0, 0).text() == "Support chat"  # the strongest driver first
    before = snapshot(window.document.journey)
    assert dialog.apply_importance()
    j = window.document.journey
    assert j.touchpoint("support-chat").importance > j.touchpoint("daily-use").importance
    window.document.undo_stack.undo()
    assert snapshot(j) == before


def test_window_geometry_and_docks_restored_next_time(qtbot):
    from journeymap.qt.app import sample_document
    from journeymap.qt.main_window import MainWindow
    first = MainWindow(sample_document())  # deletes itself on close
    first.resize(640, 470)
    first.docks["metrics"].show()
    first.show()
    qtbot.waitExposed(first)
    size = (first.width(), first.height())  # what the window manager granted
    first.close()
    second = MainWindow(sample_document())
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == size
    assert second.docks["metrics"].isVisible()


def test_dropping_a_journey_file_opens_it(window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from journeymap.io.journey_file import save
    from journeymap.io.templates import load_template
    path = tmp_path / "dropped.journey"
    save(load_template("retail"), path)
    opened = []
    window.open_window_requested.connect(opened.append)
    window.document.update_touchpoint("webinar", name="work in progress")  # so this window stays open
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    assert len(opened) == 1
    assert opened[0].path == path
    assert opened[0].journey.info.name == "Retail journey"


@pytest.mark.usefixtures("qtbot")
def test_undoing_delete_metric_restores_the_exact_journey():
    from journeymap.io.templates import load_template
    from journeymap.qt.document import JourneyDocument
    document = JourneyDocument(load_template("blank"))
    before = snapshot(document.journey)
    assert document.delete_metric("nps")
    document.undo_stack.undo()
    assert snapshot(document.journey) == before
    assert not document.modified


def test_emotion_steps_up_from_not_set_to_neutral_first(window, qtbot):
    j = window.document.journey
    tp_id = "webinar"
    window.document.update_touchpoint(tp_id, emotion=None)
    window.scene.flush()
    window.scene.select_touchpoints([tp_id])
    spin = window.inspector.t_emotion
    assert spin.text() == "not set"
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.value() == 0.0
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.value() == 1.0  # three presses, not seven (issue 14, defect 12)
    spin.editingFinished.emit()
    assert j.touchpoint(tp_id).emotion == 1.0


def test_status_bar_follows_renames_and_moves_and_inspector_follows_a_new_phase(window):
    j = window.document.journey
    window.scene.select_touchpoints(["webinar"])
    assert window.selection_label.text() == "Industry webinar · Discover · Frontstage"
    window.document.update_touchpoint("webinar", name="Partner webinar")
    assert window.selection_label.text().startswith("Partner webinar · Discover")
    window.document.update_touchpoint("webinar", phase="evaluate")
    assert window.selection_label.text() == "Partner webinar · Evaluate · Frontstage"
    window.document.undo_stack.undo()
    assert window.selection_label.text() == "Partner webinar · Discover · Frontstage"
    window._add_phase(None)
    new_phase = j.phases[-1]
    assert window.inspector.kind == "phase"
    assert window.inspector.item_id == new_phase.id


def test_the_timers_autosave_writes_off_the_gui_thread(window, monkeypatch):
    import threading

    from journeymap.io import journey_file
    doc = window.document
    writers = []
    dumps = journey_file.dumps
    monkeypatch.setattr(journey_file, "dumps", lambda j: (writers.append(threading.current_thread().name), dumps(j))[1])
    doc.update_touchpoint("webinar", name="Edited before the autosave")
    future = doc.autosave_in_background()
    doc.update_touchpoint("webinar", name="Edited while it writes")  # the snapshot is not disturbed
    assert future.result(timeout=10) is None
    data_path, _ = doc.recovery_files()
    saved = journey_file.load(data_path)
    assert saved.touchpoint("webinar").name in ("Edited before the autosave",)
    assert writers
    assert all(name.startswith("autosave") for name in writers)
    doc.discard_recovery()
    assert not data_path.exists()


def test_a_new_window_fits_on_a_small_screen(qtbot, monkeypatch):
    """At 1280x720 the default 1440x900 put the inspector off screen (issue
    14: a new window can open partly off screen)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from journeymap.qt.app import sample_document
    from journeymap.qt.main_window import MainWindow
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1280, 690))
    window = MainWindow(sample_document())
    qtbot.addWidget(window)
    assert window.frameGeometry().width() <= 1280
    assert window.frameGeometry().height() <= 690
    assert window.x() >= 0
    assert window.y() >= 0


def test_the_inspector_metrics_table_shows_every_row_and_whole_names_in_a_narrow_dock(window, qtbot):
    """At 1280x720 the table was one row high with both scrollbars, and the
    Metric column was cut to '…' (issue 14 #4)."""
    window.resize(1280, 690)
    window.docks["inspector"].widget().setFixedWidth(320)
    tp = max(window.document.journey.touchpoints,
             key=lambda t: len({m.metric for m in window.document.journey.measurements_of(t.id)}))
    window.scene.select_touchpoints([tp.id])
    table = window.inspector.t_metrics.table
    qtbot.waitUntil(lambda: table.rowCount() >= 3)
    QApplication.processEvents()
    assert table.verticalScrollBar().maximum() == 0  # every row in view
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    assert table.viewport().height() >= rows
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    widest = max(table.fontMetrics().horizontalAdvance(n) for n in names)
    assert table.columnWidth(0) >= widest  # no "…"


def test_the_readme_keyboard_table_is_the_one_f1_shows(window):
    """F1's list is made from the actions themselves and the presentation's
    key table; the README's table must say the same (issue 14 #13)."""
    from pathlib import Path
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Keyboard shortcuts", 1)[1]
    table = section[section.index("| where |"):].split("\n\n", 1)[0]
    rows = [tuple(cell.strip() for cell in line.strip("|").split("|")) for line in table.splitlines()[2:]]
    assert rows == window.shortcut_rows()
    listed = {keys for _where, keys, _does in rows}
    for must in ("F5", "Ctrl+I", "Ctrl+E", "Ctrl+R", "Ctrl+N", "Ctrl+W", "Ctrl+Q", "T", "M", "Esc", "P"):
        assert must in listed


def test_starting_with_nothing_named_opens_the_last_journey(tmp_path):
    """Not the sample every time (issue 14 #17); the sample on a first start."""
    from journeymap.io.journey_file import save
    from journeymap.io.templates import load_template
    from journeymap.qt.app import startup_documents
    from journeymap.qt.file_actions import add_recent, last_folder
    first = startup_documents([])
    assert [d.untitled_name for d in first] == ["Sample journey"]
    path = tmp_path / "work" / "bank.journey"
    path.parent.mkdir()
    save(load_template("retail"), path)
    add_recent(path)
    [doc] = startup_documents([])
    assert doc.path == path.resolve() or doc.path == path
    assert doc.journey.info.name == load_template("retail").info.name
    assert startup_documents(["--sample"])[-1].untitled_name == "Sample journey"
    assert last_folder() == str(path.parent.resolve())  # where Open starts with no journey open


def test_undo_says_what_it_undoes(window):
    doc = window.document
    doc.update_touchpoint("support-chat", name="Live chat")
    assert doc.undo_stack.undoText() == "Rename 'Support chat'"
    assert window.actions_["undo"].text().replace("&", "") == "Undo Rename 'Support chat'"
    doc.update_touchpoint("support-chat", emotion=1.0)
    assert doc.undo_stack.undoText() == "Set emotion of 'Live chat'"
    doc.move_touchpoints({"support-chat": {"position": (10.0, 10.0)}})
    assert doc.undo_stack.undoText() == "Move 'Live chat'"
    doc.delete_phase("renew")
    assert doc.undo_stack.undoText() == "Delete phase 'Renew & advocate'"


def test_find_looks_in_descriptions_and_captured_notes(window):
    doc = window.document
    doc.update_touchpoint("ticket-escalation", pain_points=("Customers repeat their story to every agent",))
    window.find_box.setText("repeat their story")
    window.find_next()
    assert window.scene.selected_touchpoints() == ["ticket-escalation"]
    assert "pain points" in window.statusBar().currentMessage()
    window.find_box.setText("no card says this")
    window.find_next()
    assert "No touchpoint matches" in window.statusBar().currentMessage()


def test_channel_offers_the_usual_channels_with_icons_and_free_text(window):
    window.scene.select_touchpoints(["support-chat"])
    field = window.inspector.t_channel
    field.refresh_known()  # what opening its menu or focusing it does
    usual = [a for a in field.menu.actions() if not a.isSeparator()][:10]
    assert [a.text() for a in usual][:3] == ["Web", "App", "Email"]
    assert all(not a.icon().isNull() for a in usual)
    # And the channels this journey already uses, after them.
    assert "Helpdesk" in [a.text() for a in field.menu.actions()]
    phone = next(a for a in field.menu.actions() if a.text() == "Phone")
    phone.trigger()
    assert window.document.journey.touchpoint("support-chat").channel == "Phone"
    assert field.shown_icon() == "phone"
    field.setText("Carrier pigeon")
    field.editingFinished.emit()
    assert window.document.journey.touchpoint("support-chat").channel == "Carrier pigeon"
    assert field.shown_icon() is None


def test_several_selected_cards_are_edited_together_in_one_step(window):
    j = window.document.journey
    ids = ["pricing-page", "free-trial", "sales-demo"]
    window.scene.select_touchpoints(ids)
    insp = window.inspector
    assert insp.kind == "many"
    assert insp.title.text() == "3 touchpoints selected"
    assert insp.m_owner.placeholderText() == "(mixed)"  # Marketing, Growth, Sales
    insp.m_owner.setText("Revenue team")
    insp.m_owner.editingFinished.emit()
    assert {j.touchpoint(t).owner for t in ids} == {"Revenue team"}
    assert window.document.undo_stack.undoText() == "Change owner of 3 touchpoints"
    lane = j.lanes[-1]
    insp.m_lane.setCurrentIndex(insp.m_lane.findData(lane.id))
    insp.m_lane.activated.emit(insp.m_lane.currentIndex())
    assert {j.touchpoint(t).lane for t in ids} == {lane.id}
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert j.touchpoint("pricing-page").owner == "Marketing"
    # Left empty over mixed values, nothing changes.
    insp.m_channel.setText("")
    insp.m_channel.editingFinished.emit()
    assert j.touchpoint("pricing-page").channel == "Web"


def test_the_metric_library_is_one_click_from_health_and_the_inspector(window):
    dock = window.docks["metrics"]
    assert not dock.isVisible()
    tip = window.health_label.toolTip()
    assert "measured results" in tip
    assert "worst status" in tip  # the two figures count different things
    window.health_label.click()
    assert dock.isVisible()
    dock.hide()
    window.scene.select_touchpoints(["support-chat"])
    window.inspector.t_metrics.library_button.click()
    assert dock.isVisible()


def test_copy_and_paste_between_journeys_carries_measurements(window, qtbot):
    from journeymap.io.journey_file import dumps, loads
    from journeymap.qt.document import JourneyDocument
    from journeymap.qt.main_window import MainWindow
    source = window.document.journey
    measured = {(m.metric, m.period, m.segment): m.value for m in source.measurements_of("support-chat")}
    assert measured
    window.scene.select_touchpoints(["support-chat"])
    window.copy()
    # Duplicated beside its original: a new card, not a second measured one.
    window.paste()
    copy = window.scene.selected_touchpoints()[0]
    assert copy != "support-chat"
    assert source.measurements_of(copy) == []
    # Into another journey with the same metrics: the values come along.
    other = loads(dumps(source))
    other_window = MainWindow(JourneyDocument(other, autosave=False))
    qtbot.addWidget(other_window)
    other_window.paste()
    pasted = other_window.scene.selected_touchpoints()[0]
    assert {(m.metric, m.period, m.segment): m.value for m in other.measurements_of(pasted)} == measured
    # A metric that means something else there (same id, another name) is left out.
    from dataclasses import replace
    third = loads(dumps(source))
    third.set_metric(replace(third.metric("nps"), name="Net promoter (internal)"))
    third_window = MainWindow(JourneyDocument(third, autosave=False))
    qtbot.addWidget(third_window)
    third_window.paste()
    pasted = third_window.scene.selected_touchpoints()[0]
    metrics = {m.metric for m in third.measurements_of(pasted)}
    assert "nps" not in metrics
    assert metrics  # the others came


def test_undo_from_the_menu_refreshes_a_focused_field(window, qtbot):
    """Enter in a field still showing an undone value re-applied it."""
    j = window.document.journey
    ids = ["pricing-page", "free-trial", "sales-demo"]
    window.scene.select_touchpoints(ids)
    owner = window.inspector.m_owner
    owner.setFocus()
    owner.selectAll()
    qtbot.keyClicks(owner, "CX team")
    qtbot.keyClick(owner, Qt.Key.Key_Return)
    assert {j.touchpoint(t).owner for t in ids} == {"CX team"}
    window.actions_["undo"].trigger()  # Edit > Undo: the field keeps the focus
    window.scene.flush()
    QApplication.processEvents()
    assert owner.text() == ""
    assert owner.placeholderText() == "(mixed)"
    qtbot.keyClick(owner, Qt.Key.Key_Return)
    assert j.touchpoint("pricing-page").owner == "Marketing"


def test_the_metric_library_gives_spare_width_to_names_not_weights(window):
    window.show_metric_library()
    window.resize(1600, 1000)
    QApplication.processEvents()
    table = window.metric_library.table
    weight = table.columnCount() - 1
    assert table.columnWidth(weight) < table.columnWidth(0)
    assert table.columnWidth(weight) < 160


def test_a_new_or_clicked_lane_shows_in_the_inspector(window):
    window._add_lane(None)
    if window.view.editor is not None:
        window.view.editor.cancel()
    j = window.document.journey
    lane = j.lanes[-1]
    insp = window.inspector
    assert insp.kind == "lane"
    assert insp.title.text() == f"Lane: {lane.name}"
    assert "0 touchpoints" in insp.l_summary.text()
    insp.l_name.setText("Partners")
    insp.l_name.editingFinished.emit()
    assert j.lane(lane.id).name == "Partners"
    window.scene.lane_clicked.emit("frontstage")
    assert insp.item_id == "frontstage"
    assert "touchpoints in" in insp.l_summary.text()


def test_the_inspector_never_squeezes_a_metrics_table_under_its_buttons(qtbot):
    """At 1280x720 the table's last row sat under "Add metric"."""
    window = shown_window(qtbot, size=(1280, 720))
    for _ in range(3):
        QApplication.processEvents()
    window.scene.select_touchpoints(["support-chat"])
    for _ in range(3):
        QApplication.processEvents()
    metrics = window.inspector.t_metrics
    assert metrics.height() >= metrics.minimumSizeHint().height()
    assert metrics.table.geometry().bottom() < metrics.add_combo.mapTo(metrics, metrics.add_combo.rect().topLeft()).y()


def test_a_long_name_in_the_inspector_does_not_widen_it(window):
    """A new user saw the map shift sideways when a connection with long card
    names was chosen: the inspector's title grew the panel to fit it."""
    inspector = window.inspector
    inspector.show_touchpoint("webinar")
    before = inspector.minimumSizeHint().width()
    window.document.update_touchpoint("webinar", name="An industry webinar with a very long name " * 3)
    window.scene.flush()
    window.scene.select_touchpoints(["webinar"])
    QApplication.processEvents()
    assert "very long name" in inspector.title.text()
    assert inspector.t_name.cursorPosition() == 0  # the field shows the name's start, not its end
    assert inspector.minimumSizeHint().width() <= max(before, 420)


def test_the_journey_summary_counts_touchpoints_by_status_in_words(window):
    """A 2,000-card map read "Touchpoints: 2000 miss" while the status bar
    said "26% on target": counts with separators, and what is missed."""
    text = window.inspector.j_summary.text()
    counts = window.scene.cards.status_counts()
    from journeymap.analysis.status import Status
    assert f"{counts[Status.RED]} miss a target" in text
    assert f"{counts[Status.GREEN]} meet their targets" in text


def test_the_health_figure_names_what_each_of_its_figures_counts(window):
    """"Health: 26% on target · ✕ 2000 ! 0 ✓ 0" read as a contradiction to
    a new user: the percentage counts results, the symbols count cards."""
    from journeymap.analysis.status import Status
    text = window.health_label.text()
    counts = window.scene.cards.status_counts()
    assert "% of results on target" in text
    assert f"cards {Status.RED.symbol} {counts[Status.RED]}" in text
