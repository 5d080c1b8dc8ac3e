"""Personas, the current and future journey, linked journeys and templates
in the main window: the toolbar's Persona and Journey choosers, the Personas
panel, opening a card's detailed journey in one click, saying when pictures
or linked journeys are missing, and File > Save as Template / New from
Template."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QDialog, QInputDialog, QLabel, QLineEdit, QMessageBox, QToolBar

from journeymap.analysis.scorecard import Filter
from journeymap.io.journey_file import JourneyFileError
from journeymap.io.pictures import missing_pictures
from journeymap.io.templates import TEMPLATE_KEEPS, save_template, template_file_name
from journeymap.model.wording import how_many

from .paths import templates_dir

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QDockWidget, QMainWindow

    from .canvas.scene import JourneyScene
    from .document import JourneyDocument
    from .panels.inspector import InspectorPanel
    from .panels.personas_panel import PersonasPanel
    _WindowBase = QMainWindow
else:
    _WindowBase = object

# The Journey chooser: which journey the map, the figures and the exports show.
STATE_VIEWS = (("both", "Current and future"), ("current", "Current journey"), ("future", "Future journey"))
EDIT_PERSONAS = "__edit__"
PERSONAS_HEIGHT = 190  # px: the Personas panel's height when it opens


class ResearchActions(_WindowBase):
    """Mixed into MainWindow (which holds the scene, the filters and the docks)."""

    if TYPE_CHECKING:
        document: JourneyDocument
        scene: JourneyScene
        docks: dict[str, QDockWidget]
        personas_panel: PersonasPanel
        inspector: InspectorPanel
        segment_combo: QComboBox
        period_combo: QComboBox
        windows: ClassVar[list]

        def open_path(self, path: Path) -> bool: ...
        def is_pristine(self) -> bool: ...
        @property
        def open_window_requested(self): ...

    def add_research_choosers(self, tb: QToolBar) -> None:
        self.state_combo = QComboBox()
        self.state_combo.setAccessibleName("Journey")
        self.state_combo.setToolTip("Show the current journey, the future one the team wants (with its own "
                                    "targets), or both with the differences marked")
        for value, words in STATE_VIEWS:
            self.state_combo.addItem(words, value)
        self.state_combo.activated.connect(lambda _: self.apply_filter())
        self.persona_combo = QComboBox()
        self.persona_combo.setAccessibleName("Persona")
        self.persona_combo.setToolTip("Show one persona's emotion curve; a persona that stands for a segment "
                                      "also shows that segment's figures")
        self.persona_combo.activated.connect(lambda _: self.choose_persona(self.persona_combo.currentData()))
        self.persona_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.segment_combo.activated.connect(lambda _: self._segment_chosen())
        self._persona_segment: str | None = None  # the segment a chosen persona set
        self._personas_sized = False  # the Personas panel got its first height
        tb.addWidget(QLabel(" Journey "))
        tb.addWidget(self.state_combo)
        tb.addWidget(QLabel(" Persona "))
        tb.addWidget(self.persona_combo)
        self.fill_personas()

    def apply_filter(self) -> None:
        self.scene.set_filter(Filter(self.segment_combo.currentData(), self.period_combo.currentData(),
                                     self.state_combo.currentData()))

    def fill_personas(self) -> None:
        combo = self.persona_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Everyone", None)
        for persona in self.document.journey.personas:
            combo.addItem(persona.name, persona.id)
            if persona.segment:
                combo.setItemData(combo.count() - 1, f"Shows segment {persona.segment}'s figures",
                                  Qt.ItemDataRole.ToolTipRole)
        combo.insertSeparator(combo.count())
        combo.addItem("Edit personas…", EDIT_PERSONAS)
        combo.setCurrentIndex(max(0, combo.findData(self.scene.persona_focus)))
        combo.blockSignals(False)

    def show_personas_panel(self) -> None:
        dock = self.docks["personas"]
        dock.show()
        dock.raise_()

    def size_personas_panel(self, visible: bool) -> None:
        """The first time the Personas panel opens (from the chooser or View >
        Panels), a few lines high: the map keeps its height. Set once the
        dock has its place in the window's layout; later the user's size stays."""
        if visible and not self._personas_sized:
            self._personas_sized = True
            dock = self.docks["personas"]
            QTimer.singleShot(0, lambda: self.resizeDocks([dock], [PERSONAS_HEIGHT], Qt.Orientation.Vertical))

    def choose_persona(self, persona_id: str | None) -> None:
        """Show one persona's curve (None: everyone's and all personas'); a
        persona that stands for a segment also filters the figures to it."""
        if persona_id == EDIT_PERSONAS:
            self.persona_combo.setCurrentIndex(max(0, self.persona_combo.findData(self.scene.persona_focus)))
            self.show_personas_panel()
            return
        journey = self.document.journey
        self.scene.set_persona_focus(persona_id)
        self.persona_combo.setCurrentIndex(max(0, self.persona_combo.findData(persona_id)))
        segment = journey.persona(persona_id).segment if persona_id else ""
        message = ""
        if segment and segment in journey.segments():
            self._set_segment(segment)
            self._persona_segment = segment
            message = f"Showing {journey.persona(persona_id or '').name}: segment {segment}"
        elif self._persona_segment is not None:
            # Back to everyone (or a persona without a segment): the segment
            # the last persona chose is dropped, one the user chose is kept.
            if self.segment_combo.currentData() == self._persona_segment:
                self._set_segment(None)
            self._persona_segment = None
        if segment and segment not in journey.segments():
            message = (f"{journey.persona(persona_id or '').name} stands for segment '{segment}', which has no "
                       "data yet: the figures are for all customers")
        if message:
            self.statusBar().showMessage(message, 6000)

    def _segment_chosen(self) -> None:
        """A segment chosen by hand that is not the chosen persona's: the
        persona no longer stands for the figures shown, so back to everyone."""
        persona_id = self.scene.persona_focus
        if persona_id is None or self._persona_segment is None:
            return
        segment = self.segment_combo.currentData()
        if segment != self._persona_segment:
            name = self.document.journey.persona(persona_id).name
            self._persona_segment = None
            self.scene.set_persona_focus(None)
            self.persona_combo.setCurrentIndex(0)
            self.statusBar().showMessage(f"Segment {segment or 'all customers'}: no longer {name}'s "
                                         "segment, so the map shows every persona again", 6000)

    def _set_segment(self, segment: str | None) -> None:
        self.segment_combo.setCurrentIndex(max(0, self.segment_combo.findData(segment)))
        self.apply_filter()

    def changeEvent(self, event: QEvent) -> None:
        # Back to this window: a linked journey or a picture may have moved
        # or changed. (getattr: Qt may report an activation while the window
        # is still being built; the inspector is made after the scene.)
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
                and getattr(self, "inspector", None) is not None):
            self.scene.recheck_links()
            if self.scene.has_links():
                self.inspector.reload()
        super().changeEvent(event)

    def report_missing_files(self) -> None:
        """On opening: say when pictures or linked journeys the cards refer
        to are not where the journey says (the cards are marked ⚠)."""
        path = self.document.path
        if path is None:
            return
        journey = self.document.journey
        pictures = len(missing_pictures(journey, path.parent))
        links = sum(1 for tp in journey.touchpoints if tp.link and not self.document.linked_journey(tp.link).ok)
        if pictures or links:
            what = " and ".join(w for w in (how_many(pictures, "picture") if pictures else "",
                                            how_many(links, "linked journey") if links else "") if w)
            self.statusBar().showMessage(f"{what} of this journey cannot be found beside {path.name}: the cards "
                                         "are marked ⚠ (hover one for the file)", 15000)

    def open_linked(self, tp_id: str) -> None:
        """A card's detailed journey, in its own window; a missing or broken
        link says why and changes nothing."""
        tp = self.document.journey.touchpoint(tp_id)
        if not tp.link:
            return
        linked = self.document.linked_journey(tp.link)
        if not linked.ok or linked.path is None:
            QMessageBox.warning(self, "Cannot open the linked journey",
                                f"{tp.name}: {linked.words()}.\n\nTo point the card at the file where it is now, "
                                "use Link… under Linked journey in the inspector.")
            self.scene.recheck_links()
            return
        self.open_path(linked.path)

    # ------------------------------------------------------------ templates
    def save_as_template(self, title: str | None = None) -> bool:
        """File > Save as Template: the map's structure, metrics and
        personas, without its data, as a template of the user's own."""
        if title is None:
            title, ok = QInputDialog.getText(
                self, "Save as Template", f"{TEMPLATE_KEEPS}\n\nTemplate name:", QLineEdit.EchoMode.Normal,
                self.document.journey.info.name)
            if not ok or not title.strip():
                return False
        folder = templates_dir()
        try:
            path = save_template(self.document.journey, folder, title)
        except FileExistsError:
            answer = QMessageBox.question(self, "Replace template?",
                                          f"You have a template named '{template_file_name(title)}'. Replace it?")
            if answer != QMessageBox.StandardButton.Yes:
                return False
            path = save_template(self.document.journey, folder, title, replace=True)
        except OSError as exc:
            QMessageBox.critical(self, "Cannot save the template", f"{exc}\n\nNothing was changed.")
            return False
        self.statusBar().showMessage(f"Saved template '{path.stem}': File > New from Template lists it", 6000)
        return True

    def new_from_template_dialog(self) -> None:
        from .dialogs.template_dialog import TemplateDialog
        from .document import JourneyDocument
        dialog = TemplateDialog(templates_dir(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        template = dialog.chosen()
        assert template is not None
        try:
            journey = template.load()
        except JourneyFileError as exc:
            QMessageBox.warning(self, "Cannot open the template", str(exc))
            return
        self.open_window_requested.emit(JourneyDocument(journey, None, untitled_name=f"Untitled ({template.title})"))
        if self.is_pristine() and len(self.windows) > 1:
            self.close()
