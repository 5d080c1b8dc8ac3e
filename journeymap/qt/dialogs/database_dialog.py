"""File > Import from Database: where the answers are (a database URL) and
which rows (a SELECT). The import wizard then shows the same preview and
column mapping as for a file; the counting runs in the database."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from journeymap.io.importing import SqlQuery

URL_HINT = "postgresql+psycopg://user@host/database, duckdb:///path/to/file.duckdb, or env:NAME"
QUERY_HINT = "SELECT touchpoint, question, score, responded_at, segment FROM survey_answers"
PASSWORD_NOTE = ("The password is never saved in the journey. Keep it in an environment variable and write "
                 "env:NAME above, or in the driver's password file (~/.pgpass for PostgreSQL). A password "
                 "typed into the URL is used for this import only.")


class DatabaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, url: str = "", query: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Import from a database")
        self.resize(720, 420)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText(URL_HINT)
        self.query = QPlainTextEdit(query)
        self.query.setPlaceholderText(QUERY_HINT)
        self.query.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        note = QLabel(PASSWORD_NOTE)
        note.setWordWrap(True)
        intro = QLabel("Rows of raw answers (a row per answer: touchpoint, question, score, and a date and segment "
                       "if you have them) are counted in the database; only the counts come back.")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Database URL", self.url)
        form.addRow("Query", self.query)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Next")
        ok.setIcon(QIcon())  # the style's OK tick: wrong for a step that leads on
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.url.textChanged.connect(self._check)
        self.query.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ready = bool(self.url.text().strip() and self.query.toPlainText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def source(self) -> SqlQuery:
        return SqlQuery(self.url.text().strip(), self.query.toPlainText().strip())
