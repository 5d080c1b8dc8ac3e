"""The inspector's part for who and why on one card: each persona's emotion,
the card's future state, the evidence behind it (quotes, pictures, links and
how well it is known) and the detailed journey it links to. Every change is
one undo step through the document."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from journeymap.io.pictures import PICTURE_SUFFIXES, PictureError, add_picture, picture_path
from journeymap.model.evidence import LEVEL_WORDS, LEVELS, Evidence

from ..document import JourneyDocument
from .fields import CommitPlainTextEdit, EmotionSpinBox, FocusComboBox

STATE_CHOICES = (("current", "Current (same in future)"), ("new", "New in the future"),
                 ("changed", "Changed in the future"), ("retired", "Retired in the future"))
PREVIEW_PX = 220
DIALOG_WIDTH = 520


class EvidenceDialog(QDialog):
    """A quote (text, who said it, when) or a link (address and caption)."""

    def __init__(self, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle("Add a quote" if kind == "quote" else "Add a link")
        self.setMinimumWidth(DIALOG_WIDTH)  # an address or a quote needs the room
        form = QFormLayout(self)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(80)
        self.caption = QLineEdit()
        self.ref = QLineEdit()
        self.ref.setPlaceholderText("https://…")
        self.source = QLineEdit()
        self.source.setPlaceholderText("Interview 4, survey comment, support ticket…")
        self.date = QLineEdit()
        self.date.setPlaceholderText("2026-11-29 (optional)")
        if kind == "quote":
            form.addRow("What the customer said", self.text)
            form.addRow("Source", self.source)
        else:
            form.addRow("Address", self.ref)
            form.addRow("Caption", self.caption)
        form.addRow("Date", self.date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def evidence(self) -> Evidence:
        if self.kind == "quote":
            return Evidence("quote", self.text.toPlainText().strip(), self.source.text().strip(),
                            self.date.text().strip())
        return Evidence("link", self.caption.text().strip(), "", self.date.text().strip(), self.ref.text().strip())


class ResearchSection(QWidget):
    open_link_requested = Signal(str)  # a touchpoint id
    personas_requested = Signal()  # "Add personas…": show the Personas panel

    def __init__(self, document: JourneyDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.tp_id: str | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Placed by the inspector beside the card's own emotion, above its figures.
        self.persona_box = self._build_personas()
        layout.addWidget(self._build_future())
        layout.addWidget(self._build_evidence())
        layout.addWidget(self._build_link())

    # ---------------------------------------------------------------- build
    def _build_personas(self) -> QGroupBox:
        box = QGroupBox("Emotion by persona")
        self.persona_form = QFormLayout(box)
        self.persona_spins: dict[str, EmotionSpinBox] = {}
        return box

    def _build_future(self) -> QGroupBox:
        box = QGroupBox("Future state")
        form = QFormLayout(box)
        self.state = FocusComboBox()
        self.state.setAccessibleName("Future state")
        for value, words in STATE_CHOICES:
            self.state.addItem(words, value)
        self.state.activated.connect(lambda _: self._commit(state=self.state.currentData()))
        self.future_note: CommitPlainTextEdit = CommitPlainTextEdit(
            lambda: self._commit(future_note=self.future_note.toPlainText().strip()), height=60)
        self.future_note.setPlaceholderText("What the future state does differently here")
        form.addRow("State", self.state)
        form.addRow("What changes", self.future_note)
        hint = QLabel("Targets typed in the Metrics table while the map shows the future journey are the "
                      "future state's own.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow(hint)
        return box

    def _build_evidence(self) -> QGroupBox:
        box = QGroupBox("Evidence")
        outer = QVBoxLayout(box)
        form = QFormLayout()
        self.level = FocusComboBox()
        self.level.setAccessibleName("Evidence level")
        self.level.addItem("Not said", "")
        for level in LEVELS:
            self.level.addItem(level.capitalize(), level)
            self.level.setItemData(self.level.count() - 1, LEVEL_WORDS[level], Qt.ItemDataRole.ToolTipRole)
        self.level.activated.connect(lambda _: self._commit(evidence_level=self.level.currentData()))
        form.addRow("How well known", self.level)
        outer.addLayout(form)
        self.items = QListWidget()
        self.items.setAccessibleName("Evidence")
        self.items.setWordWrap(True)
        self.items.setMaximumHeight(120)
        self.items.currentRowChanged.connect(self._show_preview)
        self.items.itemDoubleClicked.connect(lambda _item: self.open_selected())
        outer.addWidget(self.items)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.preview.hide()
        outer.addWidget(self.preview)
        # Two rows: one of five buttons made the inspector wider than its dock.
        adding, acting = QHBoxLayout(), QHBoxLayout()
        for row, text, slot, tip in (
                (adding, "Quote…", lambda: self.add_text_evidence("quote"), "What a customer said"),
                (adding, "Picture…", lambda: self.add_picture_evidence(), "A photo or screenshot, kept beside "
                 "the journey file"),
                (adding, "Link…", lambda: self.add_text_evidence("link"), "A report, a recording, a board"),
                (acting, "Open", self.open_selected, "Open the selected picture or link"),
                (acting, "Remove", self.remove_selected, "Remove the selected evidence")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        acting.addStretch(1)
        outer.addLayout(adding)
        outer.addLayout(acting)
        return box

    def _build_link(self) -> QGroupBox:
        box = QGroupBox("Linked journey")
        outer = QVBoxLayout(box)
        self.link_words = QLabel()
        self.link_words.setWordWrap(True)
        # A long file name must wrap, not widen the inspector.
        self.link_words.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        outer.addWidget(self.link_words)
        row = QHBoxLayout()
        self.link_button = QPushButton("Link…")
        self.link_button.setToolTip("The detailed journey of this step, a .journey file")
        self.link_button.clicked.connect(lambda: self.choose_link())
        self.open_link = QPushButton("Open")
        self.open_link.clicked.connect(self._request_link)
        self.unlink = QPushButton("Unlink")
        self.unlink.clicked.connect(lambda: self._commit(link=""))
        for button in (self.link_button, self.open_link, self.unlink):
            row.addWidget(button)
        outer.addLayout(row)
        return box

    def _request_link(self) -> None:
        if self.tp_id is not None:
            self.open_link_requested.emit(self.tp_id)

    # ----------------------------------------------------------------- load
    def show_touchpoint(self, tp_id: str) -> None:
        self.tp_id = tp_id
        tp = self.document.journey.touchpoint(tp_id)
        self._loading = True
        try:
            self._load_personas()
            self.state.setCurrentIndex(max(0, self.state.findData(tp.state)))
            if not self.future_note.hasFocus() and self.future_note.toPlainText() != tp.future_note:
                self.future_note.setPlainText(tp.future_note)
            self.level.setCurrentIndex(max(0, self.level.findData(tp.evidence_level)))
            row = self.items.currentRow()
            self.items.clear()
            for item in tp.evidence:
                self.items.addItem(self._evidence_item(item))
            if 0 <= row < self.items.count():
                self.items.setCurrentRow(row)
            self._show_preview(self.items.currentRow())
            if tp.link:
                linked = self.document.linked_journey(tp.link)
                self.link_words.setText(("⚠ " if not linked.ok else "↗ ") + linked.words())
            else:
                self.link_words.setText("None: link the detailed journey of this step to open it from the card.")
            self.open_link.setEnabled(bool(tp.link))
            self.unlink.setEnabled(bool(tp.link))
        finally:
            self._loading = False

    def _load_personas(self) -> None:
        journey = self.document.journey
        personas = journey.personas
        if [p.id for p in personas] != list(self.persona_spins) or not personas:
            while self.persona_form.rowCount():
                self.persona_form.removeRow(0)
            self.persona_spins = {}
            if not personas:
                # Made anew each time: removing a form row deletes its widget.
                add = QPushButton("Add personas…")
                add.setToolTip("Personas: the customers this map is for, each with its own emotion curve")
                add.clicked.connect(self.personas_requested)
                self.persona_form.addRow(add)
            for persona in personas:
                spin = EmotionSpinBox()
                spin.setAccessibleName(f"Emotion of {persona.name}")
                spin.editingFinished.connect(lambda pid=persona.id, s=spin: self._commit_persona(pid, s))
                self.persona_spins[persona.id] = spin
                self.persona_form.addRow(QLabel(persona.name), spin)
        labels = [self.persona_form.itemAt(i, QFormLayout.ItemRole.LabelRole) for i in range(len(personas))]
        tp = journey.touchpoint(self.tp_id or "")
        for persona, label in zip(personas, labels, strict=True):
            widget = label.widget() if label is not None else None
            if isinstance(widget, QLabel):
                widget.setText(persona.name)
            self.persona_spins[persona.id].set_emotion(tp.persona_emotion(persona.id))

    def _evidence_item(self, item: Evidence) -> QListWidgetItem:
        when = f" · {item.date}" if item.date else ""
        if item.kind == "quote":
            text = f"❝ {item.text}" + (f" ({item.source})" if item.source else "") + when
        elif item.kind == "picture":
            path = picture_path(self.document.path.parent if self.document.path else None, item.ref)
            missing = path is None or not path.is_file()
            text = f"{'⚠ missing picture' if missing else '▣ picture'}: {item.label}{when}"
        else:
            text = f"↗ {item.text} — {item.ref}{when}" if item.text else f"↗ {item.ref}{when}"
        widget_item = QListWidgetItem(text)
        widget_item.setToolTip(item.ref or item.text)
        return widget_item

    def _show_preview(self, row: int) -> None:
        tp = self.document.journey.touchpoint(self.tp_id) if self.tp_id else None
        item = tp.evidence[row] if tp is not None and 0 <= row < len(tp.evidence) else None
        if item is None or item.kind != "picture":
            self.preview.hide()
            return
        path = picture_path(self.document.path.parent if self.document.path else None, item.ref)
        pixmap = QPixmap(str(path)) if path is not None and path.is_file() else QPixmap()
        if pixmap.isNull():
            # Reported, never fatal: the rest of the card works as before.
            self.preview.setPixmap(QPixmap())
            self.preview.setText(f"⚠ The picture {item.ref} is missing or cannot be read. Put it back beside "
                                 "the journey, or remove this item.")
            # A wrapped label under an ignored width does not ask for its
            # lines: give it the height its text needs at the list's width.
            self.preview.setMinimumHeight(self.preview.heightForWidth(max(200, self.items.width())))
        else:
            self.preview.setText("")
            self.preview.setMinimumHeight(0)
            self.preview.setPixmap(pixmap.scaled(QSize(PREVIEW_PX, PREVIEW_PX), Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
        self.preview.show()

    # --------------------------------------------------------------- commit
    def _commit(self, **changes) -> None:
        if self._loading or self.tp_id is None:
            return
        self.document.update_touchpoint(self.tp_id, **changes)

    def _commit_persona(self, persona_id: str, spin: EmotionSpinBox) -> None:
        if self._loading or self.tp_id is None:
            return
        self.document.set_persona_emotion(self.tp_id, persona_id, spin.emotion())

    def _add_evidence(self, item: Evidence, text: str) -> None:
        if self.tp_id is None:
            return
        tp = self.document.journey.touchpoint(self.tp_id)
        if self.document.update_touchpoint(self.tp_id, text, evidence=(*tp.evidence, item)):
            self.items.setCurrentRow(len(tp.evidence))

    def add_text_evidence(self, kind: str) -> None:
        dialog = EvidenceDialog(kind, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._add_evidence(dialog.evidence(), "Add quote to" if kind == "quote" else "Add link to")

    def add_picture_evidence(self, source: Path | None = None) -> None:
        if self.document.path is None:
            QMessageBox.information(self, "Save the journey first",
                                    "Pictures are kept in a folder beside the journey file. Save the journey "
                                    "first, then add pictures.")
            return
        if source is None:
            patterns = " ".join(f"*{s}" for s in PICTURE_SUFFIXES)
            chosen, _ = QFileDialog.getOpenFileName(self, "Add a picture", str(self.document.path.parent),
                                                    f"Pictures ({patterns})")
            if not chosen:
                return
            source = Path(chosen)
        try:
            ref = add_picture(self.document.path, source)
        except PictureError as exc:
            QMessageBox.warning(self, "Cannot add the picture", str(exc))
            return
        self._add_evidence(Evidence("picture", source.stem, ref=ref), "Add picture to")

    def open_selected(self) -> None:
        tp = self.document.journey.touchpoint(self.tp_id) if self.tp_id else None
        row = self.items.currentRow()
        if tp is None or not 0 <= row < len(tp.evidence):
            return
        item = tp.evidence[row]
        if item.kind == "link":
            QDesktopServices.openUrl(QUrl(item.ref))
        elif item.kind == "picture":
            path = picture_path(self.document.path.parent if self.document.path else None, item.ref)
            if path is not None and path.is_file():
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_selected(self) -> None:
        tp = self.document.journey.touchpoint(self.tp_id) if self.tp_id else None
        row = self.items.currentRow()
        if tp is None or not 0 <= row < len(tp.evidence):
            return
        # The picture's file stays: an undo brings the item back, and the
        # folder is the user's to tidy.
        kept = tp.evidence[:row] + tp.evidence[row + 1:]
        self.document.update_touchpoint(tp.id, "Remove evidence from", evidence=kept)

    def choose_link(self, chosen: Path | None = None) -> None:
        if self.tp_id is None:
            return
        if self.document.path is None:
            QMessageBox.information(self, "Save the journey first",
                                    "A linked journey is found from this journey's folder. Save the journey "
                                    "first, then link it.")
            return
        if chosen is None:
            name, _ = QFileDialog.getOpenFileName(self, "Link a detailed journey", str(self.document.path.parent),
                                                  "Journeys (*.journey)")
            if not name:
                return
            chosen = Path(name)
        base = self.document.path.parent
        try:
            link = Path(os.path.relpath(chosen, base)).as_posix()
        except ValueError:  # another drive (Windows): only a full path reaches it
            link = chosen.as_posix()
        self._commit(link=link)

