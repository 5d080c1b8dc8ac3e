"""File > Import from Database in the window: the URL and query, then the
wizard's preview and mapping as for a file, one undo step, and Refresh data
running the query again. A DuckDB file stands in for the database here
(tests/sql runs the same path against a real PostgreSQL server)."""

import duckdb
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard

from journeymap.io.importing import SqlQuery
from journeymap.qt.dialogs.database_dialog import DatabaseDialog

QUERY = "SELECT touchpoint, question, score, responded_at FROM answers"


def warehouse(path, scores):
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE OR REPLACE TABLE answers (touchpoint TEXT, question TEXT, score INTEGER, "
                    "responded_at DATE)")
        con.executemany("INSERT INTO answers VALUES (?, ?, ?, DATE '2026-02-10')",
                        [("Support chat", "NPS", s) for s in scores])
    return f"duckdb:///{path}"


def nps(window):
    m = window.document.journey.measurement(("support-chat", "nps", "2026-Q1", ""))
    return None if m is None else (m.value, m.n)


def test_a_query_imports_through_the_wizard_and_refreshes(window, qtbot, tmp_path):
    url = warehouse(tmp_path / "w.duckdb", [10, 10, 9, 3])  # NPS +50, n=4

    def fill_in():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, DatabaseDialog) and w.isVisible()), None)
        if dialog is None:  # not shown yet: ask again
            QTimer.singleShot(20, fill_in)
            return
        ok = dialog.buttons.buttons()[0]
        assert not ok.isEnabled()  # nothing to run yet
        dialog.url.setText(url)
        dialog.query.setPlainText(QUERY)
        assert ok.isEnabled()
        ok.click()
    QTimer.singleShot(0, fill_in)
    wizard = window.import_database_dialog()
    assert wizard is not None
    qtbot.addWidget(wizard)
    assert wizard.windowTitle() == f"Import query on {url}"
    assert not wizard.source_page.sheet.isVisible()  # a query is one table
    wizard.next()
    labels = [wizard.columns_page.table.item(r, 0).text() for r in range(wizard.columns_page.table.rowCount())]
    assert labels[:3] == ["A: touchpoint", "B: question", "C: score"]
    wizard.next()
    assert "4 rows counted in the database" in wizard.report_page.text.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert nps(window) == (50.0, 4)
    settings = dict(window.document.journey.info.import_settings)
    assert (settings["sql_url"], settings["sql_query"]) == (url, QUERY)
    window.document.undo_stack.undo()
    assert nps(window) is None
    window.document.undo_stack.redo()
    # new answers arrive in the warehouse; Refresh data runs the query again
    warehouse(tmp_path / "w.duckdb", [10, 0])
    assert window.refresh_data()
    assert nps(window) == (0.0, 2)


def test_a_refused_query_says_why_and_changes_nothing(window, tmp_path, dialogs):
    url = warehouse(tmp_path / "w.duckdb", [10])
    before = window.document.undo_stack.count()
    assert window.open_import_wizard(SqlQuery(url, "SELECT nope FROM answers")) is None
    [(kind, text)] = dialogs["shown"]
    assert kind == "warning"
    assert text.startswith(f"query on {url}: ")
    assert 'column "nope" not found' in text
    assert window.document.undo_stack.count() == before


def test_a_refused_query_brings_the_dialog_back_as_typed(window, tmp_path, dialogs):
    url = warehouse(tmp_path / "w.duckdb", [10, 9])
    seen = []
    answers = iter(["SELECT touchpoint, questoin FROM answers", None])  # a typo (refused), then give up

    def answer():
        """Answers each database dialog as it comes up (polling: the second
        one appears only after the refused query's message)."""
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, DatabaseDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        seen.append((dialog.url.text(), dialog.query.toPlainText()))
        query = next(answers)
        if query is None:
            dialog.reject()
            return
        dialog.url.setText(url)
        dialog.query.setPlainText(query)
        dialog.buttons.buttons()[0].click()
        QTimer.singleShot(20, answer)
    QTimer.singleShot(0, answer)
    assert window.import_database_dialog() is None
    assert seen == [("", ""), (url, "SELECT touchpoint, questoin FROM answers")]
    assert "questoin" in dialogs["shown"][0][1]


def test_refreshing_when_nothing_changed_adds_no_undo_step(window, qtbot, tmp_path):
    url = warehouse(tmp_path / "w.duckdb", [10, 10, 9, 3])
    wizard = window.open_import_wizard(SqlQuery(url, QUERY))
    qtbot.addWidget(wizard)
    wizard.next()
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    steps = window.document.undo_stack.count()
    assert window.refresh_data()
    assert window.document.undo_stack.count() == steps
    assert window.statusBar().currentMessage() == f"Refreshed from query on {url}: nothing changed"
    warehouse(tmp_path / "w.duckdb", [0])
    assert window.refresh_data()
    assert window.document.undo_stack.undoText() == f"Refresh from query on {url}"
