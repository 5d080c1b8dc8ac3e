"""New from Template: every built-in and saved template with a picture of
its map, so a team picks by sight; a saved one can be removed here too."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from journeymap.io.journey_file import JourneyFileError
from journeymap.io.templates import Template, all_templates
from journeymap.model.journey import Journey
from journeymap.model.metrics import format_value
from journeymap.model.wording import how_many

from ..picture_export import thumbnail

THUMB = QSize(320, 200)


def describe(journey: Journey) -> str:
    """A template's description and what it holds, for its tooltip."""
    phases = " → ".join(p.name for p in journey.phases)
    metrics = ", ".join(m.name + ("" if m.target is None else f" {format_value(m, m.target)}")
                        for m in journey.metrics)
    lines = [f"<b>{html.escape(journey.info.name)}</b>"]
    if journey.info.description:
        lines.append(html.escape(journey.info.description))
    lines.append(f"{how_many(journey.touchpoint_count(), 'touchpoint')}: {html.escape(phases)}")
    if metrics:
        lines.append(f"Targets: {html.escape(metrics)}")
    return "<br>".join(lines)


class TemplateDialog(QDialog):
    def __init__(self, user_folder: Path, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from Template")
        self.user_folder = user_folder
        self.templates: list[Template] = []
        layout = QVBoxLayout(self)
        intro = QLabel("Start a map from a template: built-in ones for common journeys, and your own "
                       "(File > Save as Template). Double-click to open one.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 52))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = QPushButton("Remove Saved Template")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        layout.addWidget(buttons)
        # Three across: each map large enough to tell its phases apart.
        self.resize(3 * (THUMB.width() + 24) + 48, 2 * (THUMB.height() + 52) + 150)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self.templates = all_templates(self.user_folder)
        for template in self.templates:
            item = QListWidgetItem(template.title if template.builtin else f"{template.title}\n(your template)")
            try:
                journey = template.load()
                item.setIcon(QIcon(QPixmap.fromImage(thumbnail(journey, THUMB.width(), THUMB.height()))))
                item.setToolTip(describe(journey))
            except JourneyFileError as exc:
                # A saved template broken on disk is listed with why, and cannot be opened.
                item.setText(f"{template.title}\n⚠ cannot be read")
                item.setToolTip(str(exc))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self._enable()

    def chosen(self) -> Template | None:
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def _enable(self) -> None:
        template = self.chosen()
        self.open_button.setEnabled(template is not None)
        self.remove_button.setEnabled(template is not None and not template.builtin)

    def remove_selected(self) -> None:
        template = self.chosen()
        if template is None or template.path is None:
            return
        answer = QMessageBox.question(self, "Remove template", f"Remove your template '{template.title}'? "
                                      "Maps made from it are not changed.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            template.path.unlink()
        except OSError as exc:
            QMessageBox.warning(self, "Cannot remove the template", f"{template.path.name}: {exc.strerror or exc}")
        self.reload()
