"""The import wizard end to end with qtbot, drop to import, Refresh data."""

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QWizard

from .conftest import snapshot


def scorecard(path, nps=33, csat=0.9):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Scores"
    ws.append(["Touchpoint", "NPS", "Satisfaction", "Period"])
    ws.append(["Support chat", nps, csat, "2026-Q4"])
    ws["C2"].number_format = "0%"
    ws.append(["Ghost touchpoint", 1, 0.5, "2026-Q4"])
    wb.save(path)
    return path


def test_wizard_end_to_end_is_one_undo_step(window, qtbot, tmp_path):
    j = window.document.journey
    before = snapshot(j)
    wizard = window.open_import_wizard(scorecard(tmp_path / "s.xlsx"))
    qtbot.addWidget(wizard)
    assert wizard.source_page.sheet.currentText() == "Scores"
    wizard.next()
    page = wizard.columns_page
    combos = {page.table.item(r, 0).text(): page.table.cellWidget(r, 1) for r in range(page.table.rowCount())}
    assert combos["A: Touchpoint"].currentData() == "touchpoint"
    assert combos["B: NPS"].currentData() == "metric:nps"
    # "Satisfaction" is a known alias of CSAT; point it at CES instead and back.
    box = combos["C: Satisfaction"]
    assert box.currentData() == "metric:csat"
    box.setCurrentIndex(box.findData("ignore"))
    box.activated.emit(box.currentIndex())
    assert wizard.mapping == {"2": "ignore"}
    boxes = {page.table.item(r, 0).text(): page.table.cellWidget(r, 1) for r in range(page.table.rowCount())}
    box = boxes["C: Satisfaction"]
    box.setCurrentIndex(box.findData("metric:csat"))
    box.activated.emit(box.currentIndex())
    wizard.next()
    report = wizard.report_page.text.toPlainText()
    assert "unknown touchpoint 'Ghost touchpoint'" in report
    assert "Support chat · NPS (2026-Q4): – → 33" in report
    assert "Support chat · CSAT (2026-Q4): – → 90" in report
    assert snapshot(j) == before  # nothing changed before confirming
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert j.measurement(("support-chat", "nps", "2026-Q4", "")).value == 33
    assert j.measurement(("support-chat", "csat", "2026-Q4", "")).value == 90
    assert window.document.undo_stack.undoText() == "Import s.xlsx"
    assert window.statusBar().currentMessage().startswith("Imported s.xlsx: 2 values changed")
    assert window.document.autosave()
    window.document.undo_stack.undo()
    assert snapshot(j) == before
    # back at the saved state: no recovery copy is left to offer after a crash
    assert not any(p.exists() for p in window.document.recovery_files())


def test_broken_file_is_refused_before_the_wizard(window, tmp_path, dialogs):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    before = snapshot(window.document.journey)
    assert window.open_import_wizard(bad) is None
    kind, text = dialogs["shown"][-1]
    assert kind == "warning"
    assert "encrypted" in text
    assert snapshot(window.document.journey) == before


def test_dropping_a_spreadsheet_opens_the_wizard(window, tmp_path):
    path = scorecard(tmp_path / "drop.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    opened = []
    original = window.open_import_wizard
    window.open_import_wizard = lambda p: opened.append(p) or original(p)
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert opened == [path]
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QWizard):
            w.reject()


def test_refresh_data_reimports_in_one_click(window, qtbot, tmp_path):
    j = window.document.journey
    path = scorecard(tmp_path / "s.xlsx", nps=10)
    wizard = window.open_import_wizard(path)
    qtbot.addWidget(wizard)
    wizard.next()
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert j.measurement(("support-chat", "nps", "2026-Q4", "")).value == 10
    scorecard(path, nps=20)
    assert window.refresh_data()
    assert j.measurement(("support-chat", "nps", "2026-Q4", "")).value == 20
    window.document.undo_stack.undo()
    assert j.measurement(("support-chat", "nps", "2026-Q4", "")).value == 10


def test_refresh_without_import_says_so(window):
    assert not window.refresh_data()
    assert "import a file first" in window.statusBar().currentMessage()


def _combos(page):
    return {page.table.item(r, 0).text(): (page.table.cellWidget(r, 1), page.table.cellWidget(r, 2))
            for r in range(page.table.rowCount())}


def test_wizard_maps_a_worded_question_and_chooses_the_date_order(window, qtbot, tmp_path):
    """A column neither a touchpoint nor a metric is mapped by hand to a
    touchpoint and metric; ambiguous dates wait for the user's order."""
    path = tmp_path / "survey.csv"
    path.write_text("Respondent,Submitted,How did we do today?\nr1,03/04/2026,5\nr2,04/05/2026,4\n"
                    "r3,04/05/2026,2\n", encoding="utf-8")
    j = window.document.journey
    before = snapshot(j)
    wizard = window.open_import_wizard(path)
    qtbot.addWidget(wizard)
    wizard.next()
    page = wizard.columns_page
    assert "could not tell the layout" in page.error.text()
    assert not page.isComplete()
    used_as, touchpoint = _combos(page)["C: How did we do today?"]
    used_as.setCurrentIndex(used_as.findData("answers::csat"))
    used_as.activated.emit(used_as.currentIndex())
    assert wizard.mapping == {}  # waits for the touchpoint
    touchpoint.setCurrentIndex(touchpoint.findData("support-chat"))
    touchpoint.activated.emit(touchpoint.currentIndex())
    assert wizard.mapping == {"2": "answers:support-chat:csat"}
    assert "say which with --date-order" in page.error.text()
    wizard.back()
    wizard.source_page.dates.setCurrentIndex(wizard.source_page.dates.findData("dmy"))
    wizard.next()
    assert page.isComplete()
    assert "day/month/year (as chosen)" in page.detected.text()
    wizard.next()
    report = wizard.report_page.text.toPlainText()
    assert "Support chat · CSAT (2026-Q2): 75 (n=316) → 66.67 (n=3)" in report  # 3 Apr, 4 May x2: 5, 4, 2
    assert "1 of the values to set come from fewer than 30 answers, 1 of them replacing a value from more" in report
    assert "the map shows its latest period, 2026-Q3, by default" in report
    assert snapshot(j) == before
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert j.measurement(("support-chat", "csat", "2026-Q2", "")).n == 3
    settings = dict(j.info.import_settings)
    assert settings["date_order"] == "dmy"
    assert "answers:support-chat:csat" in settings["mapping"]


@pytest.mark.usefixtures("dialogs")
def test_wizard_builds_a_map_from_steps_in_a_blank_journey(qtbot, tmp_path):
    from journeymap.io.templates import load_template
    from journeymap.qt.document import JourneyDocument
    from journeymap.qt.main_window import MainWindow
    window = MainWindow(JourneyDocument(load_template("blank")))
    qtbot.addWidget(window)
    j = window.document.journey
    path = tmp_path / "steps.csv"
    path.write_text("Phase,Touchpoint,Channel\nResearch,Compare accounts,Web\nApply,Application form,App\n",
                    encoding="utf-8")
    before = snapshot(j)
    wizard = window.open_import_wizard(path)
    qtbot.addWidget(wizard)
    wizard.next()
    assert "--create-missing" in wizard.columns_page.error.text()
    wizard.back()
    wizard.source_page.create_missing.setChecked(True)
    wizard.next()
    wizard.next()
    assert wizard.report_page.isComplete()
    assert "replaces the empty placeholder phases Phase 1, Phase 2, Phase 3" in wizard.report_page.text.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert [p.name for p in j.phases] == ["Research", "Apply"]
    assert [(t.name, t.channel) for t in j.touchpoints] == [("Compare accounts", "Web"), ("Application form", "App")]
    window.document.undo_stack.undo()
    assert snapshot(j) == before


def test_scrolling_over_the_column_table_never_remaps_a_column(window, qtbot, tmp_path):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    wizard = window.open_import_wizard(scorecard(tmp_path / "s.xlsx"))
    qtbot.addWidget(wizard)
    wizard.next()
    page = wizard.columns_page
    box = page.table.cellWidget(0, 1)
    before = box.currentData()
    wheel = QWheelEvent(QPointF(5, 5), QPointF(box.mapToGlobal(QPoint(5, 5))), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(box, wheel)
    assert box.currentData() == before
    assert wizard.mapping == {}


def test_a_chosen_date_order_the_dates_contradict_is_refused(window, qtbot, tmp_path):
    path = tmp_path / "us.csv"
    path.write_text("Touchpoint,Question,Score,Date\nSupport chat,NPS,10,03/14/2026\nSupport chat,NPS,0,04/02/2026\n",
                    encoding="utf-8")
    wizard = window.open_import_wizard(path)
    qtbot.addWidget(wizard)
    wizard.source_page.dates.setCurrentIndex(wizard.source_page.dates.findData("dmy"))
    wizard.next()
    assert "day/month/year was chosen, but '03/14/2026' can only be month/day" in wizard.columns_page.error.text()
    assert not wizard.columns_page.isComplete()


def _count_reads_and_plans(monkeypatch):
    """Counts the file's opens and reads (the lowest-level functions of
    io/importing that touch it) and the plans made, by their choices."""
    from collections import Counter

    from journeymap.io.importing import isolation, plan, reader, source
    monkeypatch.setattr(isolation, "ENABLED", False)  # counted in this process
    reads: Counter = Counter()

    def counted(name, original):
        def read(*args, **kwargs):
            reads[name] += 1
            return original(*args, **kwargs)
        return read
    for name in ("check_file", "open_values", "read_text_table", "xlsx_percent_columns", "ods_percent_cells",
                 "_xlsx_errors"):
        monkeypatch.setattr(reader, name, counted(name, getattr(reader, name)))
    built: list = []
    asked: set = set()
    for name, made in (("plan_import", plan.plan_import), ("read_columns", plan.read_columns)):
        def counted_plan(journey, workbook, options, _name=name, _made=made):
            built.append((_name, source.choices_key(options)))
            return _made(journey, workbook, options)
        monkeypatch.setattr(source, name, counted_plan)
    original_key = source.choices_key
    monkeypatch.setattr(source, "choices_key",
                        lambda options: asked.add(original_key(options)) or original_key(options))
    return reads, built, asked


def _choose(page, column, key, touchpoint=None):
    used_as, tp_box = _combos(page)[column]
    used_as.setCurrentIndex(used_as.findData(key))
    used_as.activated.emit(used_as.currentIndex())
    if touchpoint is not None:
        tp_box = _combos(page)[column][1]
        tp_box.setCurrentIndex(tp_box.findData(touchpoint))
        tp_box.activated.emit(tp_box.currentIndex())


def test_one_wizard_session_reads_the_file_once_and_plans_each_choice_once(window, qtbot, tmp_path, monkeypatch):
    reads, built, asked = _count_reads_and_plans(monkeypatch)
    j = window.document.journey
    wizard = window.open_import_wizard(scorecard(tmp_path / "s.xlsx"))
    qtbot.addWidget(wizard)
    wizard.next()
    page = wizard.columns_page
    # mapping changes, back and forth: ignore CSAT, CSAT again, ignore, NPS as CES, back to NPS
    _choose(page, "C: Satisfaction", "ignore")
    _choose(page, "C: Satisfaction", "metric:csat")
    _choose(page, "C: Satisfaction", "ignore")
    _choose(page, "B: NPS", "metric:ces")
    assert "CES" in page.detected.text() or page.error.text()
    _choose(page, "B: NPS", "metric:nps")
    _choose(page, "C: Satisfaction", "metric:csat")
    wizard.back()
    wizard.next()
    wizard.next()
    assert "Support chat · CSAT (2026-Q4): – → 90" in wizard.report_page.text.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert j.measurement(("support-chat", "csat", "2026-Q4", "")).value == 90
    # one safety check, one open, one read of the number formats, for the whole session
    assert reads == {"check_file": 1, "open_values": 1, "xlsx_percent_columns": 1}
    # {}, {C: ignore}, {C: csat}, {C: ignore, B: ces}, {C: ignore, B: nps}, {C: csat, B: nps}
    plans = [key for name, key in built if name == "plan_import"]
    assert len(plans) == len(set(plans)) == 6
    assert set(plans) == asked


def test_a_text_file_is_read_once_through_its_mapping_and_date_order(window, qtbot, tmp_path, monkeypatch):
    reads, built, asked = _count_reads_and_plans(monkeypatch)
    path = tmp_path / "survey.csv"
    path.write_text("Respondent,Submitted,How did we do today?\nr1,03/04/2026,5\nr2,04/05/2026,4\n"
                    "r3,04/05/2026,2\n", encoding="utf-8")
    wizard = window.open_import_wizard(path)
    qtbot.addWidget(wizard)
    wizard.next()
    page = wizard.columns_page
    assert "could not tell the layout" in page.error.text()
    _choose(page, "C: How did we do today?", "answers::csat", touchpoint="support-chat")
    assert "say which with --date-order" in page.error.text()
    wizard.back()
    wizard.source_page.dates.setCurrentIndex(wizard.source_page.dates.findData("dmy"))
    wizard.next()
    wizard.back()
    wizard.next()
    wizard.next()
    assert wizard.report_page.isComplete()
    assert reads == {"check_file": 1, "read_text_table": 1}
    assert len(built) == len(set(built))  # a plan, or the columns shown without one, once per choice
    assert {key for name, key in built if name == "plan_import"} == asked


def test_a_slow_read_shows_progress_and_cancel_leaves_the_map_as_it_was(window, tmp_path, monkeypatch):
    """The file is read in a child process; the window keeps running its
    event loop meanwhile, and Cancel stops the read with nothing changed.
    An ODS cut short makes the reader loop forever (the check that catches
    it first is switched off here)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from journeymap.io.importing import safety
    from journeymap.io.journey_file import dumps
    from tests.io.test_isolation import short_ods
    monkeypatch.setattr(safety, "_check_xml", lambda *_, **__: None)
    before = dumps(window.document.journey)
    shown = []

    def press_cancel():
        dialogs = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        if not dialogs:
            QTimer.singleShot(100, press_cancel)
            return
        shown.append(dialogs[0].labelText())
        dialogs[0].cancel()
    QTimer.singleShot(100, press_cancel)
    assert window.open_import_wizard(short_ods(tmp_path)) is None
    assert shown == ["Reading short.ods…"]
    assert window.statusBar().currentMessage() == "short.ods: reading was cancelled; nothing was changed"
    assert dumps(window.document.journey) == before
    assert not window.document.undo_stack.canUndo()


@pytest.mark.parametrize("name", ["scores.xlsx", "scores.csv", "answers.parquet", "other.journey"])
def test_a_file_dropped_on_the_map_is_taken(window, tmp_path, name):
    """The map is most of the window: dropping a spreadsheet there starts the
    import (a .journey opens), as on the toolbar."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent

    from journeymap.io.templates import sample_path
    path = tmp_path / name
    path.write_bytes(sample_path().read_bytes() if name.endswith(".journey") else b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    taken = []
    window.open_import_wizard = taken.append
    window.open_path = taken.append
    viewport = window.view.viewport()
    centre = QPoint(viewport.width() // 2, viewport.height() // 2)
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    QApplication.sendEvent(viewport, QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime,
                                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert taken == [path]


def test_a_file_of_another_kind_dropped_on_the_map_is_refused(window, tmp_path):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QDragEnterEvent
    path = tmp_path / "notes.docx"
    path.write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(100, 100), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window.view.viewport(), enter)
    assert not enter.isAccepted()
