"""Personas: add, edit and remove the customers the map is drawn for. Each
shows its curve's look (colour, line and marker, as the legend draws it),
its segment and its picture. Every change is one undo step."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journeymap.drawing.theme import CurveStyle, free_persona_color, persona_style
from journeymap.io.pictures import PICTURE_SUFFIXES, PictureError, add_picture, picture_path
from journeymap.model.personas import Persona

from ..canvas.markers import curve_pen, draw_marker
from ..document import JourneyDocument

SWATCH = QSize(44, 20)
PORTRAIT = 96  # px, the picture in a persona's tooltip


def curve_icon(style: CurveStyle, background: str = "#ffffff") -> QIcon:
    """The persona's line and marker, as the legend draws them."""
    pixmap = QPixmap(SWATCH)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(curve_pen(style, 2.5))
    painter.drawLine(QPointF(2, SWATCH.height() / 2), QPointF(SWATCH.width() - 2, SWATCH.height() / 2))
    draw_marker(painter, style.marker, QPointF(SWATCH.width() / 2, SWATCH.height() / 2), 5, style.color, background)
    painter.end()
    return QIcon(pixmap)


class PersonaDialog(QDialog):
    """Name, description, colour, picture and segment of one persona."""

    def __init__(self, document: JourneyDocument, persona: Persona | None, index: int, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("Edit persona" if persona else "Add persona")
        # A new persona shows the colour it will get (the first one free).
        self.color = persona.color if persona else free_persona_color([p.color for p in document.journey.personas])
        self.picture = persona.picture if persona else ""
        self.index = index
        form = QFormLayout(self)
        self.name = QLineEdit(persona.name if persona else "")
        self.name.setPlaceholderText("Busy parent, small business owner…")
        self.description = QPlainTextEdit(persona.description if persona else "")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(72)
        self.color_button = QPushButton()
        self.color_button.clicked.connect(self._choose_color)
        self.picture_label = QLabel()
        self.picture_label.setWordWrap(True)
        picture_row = QHBoxLayout()
        choose = QPushButton("Choose…")
        choose.clicked.connect(lambda: self.choose_picture())
        clear = QPushButton("Remove")
        clear.clicked.connect(lambda: self._set_picture(""))
        picture_row.addWidget(self.picture_label, 1)
        picture_row.addWidget(choose)
        picture_row.addWidget(clear)
        self.segment = QComboBox()
        self.segment.setEditable(True)
        self.segment.setAccessibleName("Segment")
        self.segment.addItem("")
        self.segment.addItems(document.journey.segments())
        line = self.segment.lineEdit()
        if line is not None:
            line.setPlaceholderText("none")
        self.segment.setCurrentText(persona.segment if persona else "")
        self.segment.setToolTip("The measurement segment this persona stands for: choosing the persona on the "
                                "toolbar then shows that segment's figures")
        form.addRow("Name", self.name)
        form.addRow("Description", self.description)
        form.addRow("Colour", self.color_button)
        form.addRow("Picture", picture_row)
        form.addRow("Segment", self.segment)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._show_color()
        self._set_picture(self.picture)

    def _show_color(self) -> None:
        style = persona_style(self.index, self.color)
        self.color_button.setIcon(curve_icon(style))
        self.color_button.setIconSize(SWATCH)
        self.color_button.setText(f" {style.color}" + ("" if self.color else " (automatic)"))

    def _choose_color(self) -> None:
        start = QColor(persona_style(self.index, self.color).color)
        chosen = QColorDialog.getColor(start, self, "Persona colour")
        if chosen.isValid():
            self.color = chosen.name()
            self._show_color()

    def choose_picture(self, source: Path | None = None) -> None:
        path = self.document.path
        if path is None:
            QMessageBox.information(self, "Save the journey first", "Pictures are kept in a folder beside the "
                                    "journey file. Save the journey first, then add a picture.")
            return
        if source is None:
            patterns = " ".join(f"*{s}" for s in PICTURE_SUFFIXES)
            name, _ = QFileDialog.getOpenFileName(self, "Persona picture", str(path.parent), f"Pictures ({patterns})")
            if not name:
                return
            source = Path(name)
        try:
            self._set_picture(add_picture(path, source))
        except PictureError as exc:
            QMessageBox.warning(self, "Cannot add the picture", str(exc))

    def _set_picture(self, ref: str) -> None:
        self.picture = ref
        if not ref:
            self.picture_label.setText("None")
            return
        path = picture_path(self.document.path.parent if self.document.path else None, ref)
        pixmap = QPixmap(str(path)) if path is not None and path.is_file() else QPixmap()
        if pixmap.isNull():
            self.picture_label.setText(f"⚠ {ref} is missing")
        else:
            self.picture_label.setPixmap(pixmap.scaled(QSize(64, 64), Qt.AspectRatioMode.KeepAspectRatio,
                                                       Qt.TransformationMode.SmoothTransformation))
            self.picture_label.setToolTip(ref)

    def _accept(self) -> None:
        if not self.name.text().strip():
            QMessageBox.information(self, "A persona needs a name", "Give the persona a name.")
            return
        self.accept()

    def fields(self) -> dict[str, str]:
        return {"name": self.name.text().strip(), "description": self.description.toPlainText().strip(),
                "color": self.color, "picture": self.picture, "segment": self.segment.currentText().strip()}


class PersonasPanel(QWidget):
    """The journey's personas with their curves' look; Add, Edit and Remove
    each make one undo step through the document."""

    def __init__(self, document: JourneyDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        layout = QVBoxLayout(self)
        intro = QLabel("The customers this map is drawn for. Each has an emotion curve of its own; set a card's "
                       "emotion for each in the inspector.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Personas")
        self.list.setIconSize(SWATCH)
        self.list.itemDoubleClicked.connect(lambda item: self.edit_persona(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add…")
        self.add_button.clicked.connect(lambda: self.add_persona())
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(lambda: self.edit_persona(self.current_id()))
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_persona)
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.reload()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _enable(self) -> None:
        chosen = self.current_id() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def reload(self) -> None:
        current = self.current_id()
        self.list.clear()
        journey = self.document.journey
        segments = set(journey.segments())
        for i, persona in enumerate(journey.personas):
            words = persona.name
            if persona.segment:
                words += f" · segment {persona.segment}" + ("" if persona.segment in segments else " (no data yet)")
            if persona.description:
                words += f"\n{persona.description}"
            item = QListWidgetItem(curve_icon(persona_style(i, persona.color)), words)
            item.setData(Qt.ItemDataRole.UserRole, persona.id)
            item.setToolTip(self._tooltip(persona))
            self.list.addItem(item)
            if persona.id == current:
                self.list.setCurrentItem(item)
        if not journey.personas:
            placeholder = QListWidgetItem("No personas yet: Add… one for each kind of customer you map.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self._enable()

    def _tooltip(self, persona: Persona) -> str:
        """The persona's picture (when it is there) over its description."""
        text = html.escape(persona.description or persona.name)
        path = picture_path(self.document.path.parent if self.document.path else None, persona.picture) \
            if persona.picture else None
        if path is not None and path.is_file():
            return f'<img src="{html.escape(path.as_uri())}" width="{PORTRAIT}"><br>{text}'
        if persona.picture:
            return f"{text}<br>⚠ Its picture {html.escape(persona.picture)} is missing"
        return text

    def add_persona(self) -> str | None:
        dialog = PersonaDialog(self.document, None, len(self.document.journey.personas), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        fields = dialog.fields()
        return self.document.add_persona(fields.pop("name"), **fields)

    def edit_persona(self, persona_id: str | None) -> None:
        if persona_id is None:
            return
        journey = self.document.journey
        dialog = PersonaDialog(self.document, journey.persona(persona_id), journey.persona_index(persona_id), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.document.update_persona(persona_id, **dialog.fields())

    def remove_persona(self) -> None:
        persona_id = self.current_id()
        if persona_id is None:
            return
        self.document.delete_persona(persona_id)
