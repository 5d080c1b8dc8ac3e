"""The main window: menus, toolbar, canvas, docks, status bar and files.

One window holds one document. Opening or creating a journey while this
window already holds work opens another window, as document-based desktop
apps do, so several journeys can be open at once.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QToolBar,
)

from journeymap import __version__
from journeymap.analysis.scorecard import Scorecards
from journeymap.analysis.status import Status
from journeymap.analysis.weak import no_weak_words
from journeymap.model.wording import how_many

from .canvas.scene import JourneyScene
from .canvas.style import system_palette
from .canvas.view import JourneyView
from .compare_actions import CompareActions
from .document import JourneyDocument
from .edit_actions import EditActions
from .file_actions import FileActions
from .find_actions import FindActions
from .icons import icon
from .map_menus import MapMenus
from .panels.actions_panel import ActionsPanel
from .panels.compare_panel import ComparePanel
from .panels.inspector import InspectorPanel
from .panels.metric_library import MetricLibraryPanel
from .panels.personas_panel import PersonasPanel
from .panels.priority_panel import PriorityPanel
from .panels.weak_panel import WeakPanel
from .paths import settings
from .research_actions import ResearchActions

# Mouse gestures and keys that are not menu actions (F1 lists them too).
# Narrower than this, a first start gives the panels less room.
SMALL_WINDOW = 1400

EDITOR_GESTURES = (
    ("Ctrl+wheel, pinch", "zoom about the cursor"),
    ("Space+drag, middle-drag", "pan"),
    ("Arrow keys", "move the selection between cards"),
    ("Alt+arrow keys", "move the selected cards to the neighbouring cell"),
    ("double-click an empty cell", "add a touchpoint there"),
    ("drag from a card's right-edge handle", "connect two touchpoints"),
    ("double-click a connection", "edit its label and customer share"),
)


def _too_few_note(cards: Scorecards) -> str:
    """The health figure leaves out values below their metric's minimum n: say so."""
    few = cards.too_few_count()
    return (f"\n{how_many(few, 'result')} with too few answers (below the metric's minimum n) "
            "not counted." if few else "")


class MainWindow(FileActions, MapMenus, CompareActions, ResearchActions, FindActions, EditActions, QMainWindow):
    """Open windows register themselves in `windows` so New and Open can
    reuse an empty one and the app can quit when the last one closes."""

    windows: ClassVar[list[MainWindow]] = []
    open_window_requested = Signal(object)

    def __init__(self, document: JourneyDocument) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        MainWindow.windows.append(self)
        self.document = document
        document.setParent(self)
        self.palette_ = system_palette()
        self.scene = JourneyScene(document, self.palette_, self)
        self.view = JourneyView(self.scene, self)
        self.setCentralWidget(self.view)
        self.setAcceptDrops(True)
        self.inspector = InspectorPanel(document)
        self.metric_library = MetricLibraryPanel(document)
        self.weak_panel = WeakPanel()
        self.priority_panel = PriorityPanel()
        self.compare_panel = ComparePanel()
        self.actions_panel = ActionsPanel(document)
        self.personas_panel = PersonasPanel(document)
        self.docks = {}
        for key, title, widget, area in (
                ("inspector", "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea),
                ("weak", "Weak touchpoints", self.weak_panel, Qt.DockWidgetArea.RightDockWidgetArea),
                ("metrics", "Metric library", self.metric_library, Qt.DockWidgetArea.BottomDockWidgetArea),
                ("priority", "Priority matrix", self.priority_panel, Qt.DockWidgetArea.RightDockWidgetArea),
                ("compare", "Changes", self.compare_panel, Qt.DockWidgetArea.RightDockWidgetArea),
                ("actions", "Actions", self.actions_panel, Qt.DockWidgetArea.RightDockWidgetArea),
                ("personas", "Personas", self.personas_panel, Qt.DockWidgetArea.BottomDockWidgetArea)):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{key}")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[key] = dock
        self._stale_panels: set[str] = set()
        for panel in ("weak", "priority"):
            self.docks[panel].visibilityChanged.connect(
                lambda visible, panel=panel: self._on_dock_shown(panel, visible))
        self.tabifyDockWidget(self.docks["inspector"], self.docks["weak"])
        self.tabifyDockWidget(self.docks["weak"], self.docks["priority"])
        self.tabifyDockWidget(self.docks["priority"], self.docks["compare"])
        self.tabifyDockWidget(self.docks["compare"], self.docks["actions"])
        self.tabifyDockWidget(self.docks["metrics"], self.docks["personas"])
        self.docks["inspector"].raise_()
        self.docks["metrics"].hide()
        self.docks["personas"].hide()  # shown from the toolbar's Persona chooser, or View > Panels
        self.docks["personas"].visibilityChanged.connect(self.size_personas_panel)
        self.docks["compare"].hide()  # shown by Compare with…
        self.selection_label = QLabel()
        # The health figure opens the metric library, where its targets,
        # amber bands and weights are set.
        self.health_label = QPushButton()
        self.health_label.setFlat(True)
        self.health_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.health_label.clicked.connect(self.show_metric_library)
        # The zoom, always in sight (a message that faded after 1.5 s left a
        # user zoomed far out unsure how far).
        self.zoom_label = QLabel("Zoom 100%")
        self.zoom_label.setToolTip("Zoom (Ctrl+0: actual size; Ctrl+9: fit, and again: the whole map)")
        self.statusBar().addWidget(self.selection_label, 1)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.statusBar().addPermanentWidget(self.health_label)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._wire()
        self._restore_settings()
        self._on_refreshed()
        self._update_title()
        QTimer.singleShot(0, self.view.fit)
        QTimer.singleShot(0, self.report_missing_files)

    # ------------------------------------------------------------- actions
    def _action(self, text: str, slot, shortcut=None, icon_name: str | None = None,
                checkable: bool = False, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        if checkable:
            action.setCheckable(True)
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _=False: slot())
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({action.shortcut().toString()})"
                              if action.shortcut() else tip)
        return action

    def _build_actions(self) -> None:
        sk = QKeySequence.StandardKey
        a: dict[str, QAction] = {}
        self.actions_ = a
        a["open"] = self._action("&Open…", self.open_dialog, sk.Open, "folder-open", tip="Open a journey")
        a["save"] = self._action("&Save", self.save, sk.Save, "save", tip="Save the journey")
        a["save_as"] = self._action("Save &As…", self.save_as, sk.SaveAs)
        a["import"] = self._action("&Import Data…", self.import_dialog, "Ctrl+I", "file-spreadsheet",
                                   tip="Import measured values from Excel, ODS, CSV or Parquet")
        a["import_database"] = self._action("Import from &Database…", self.import_database_dialog,
                                            tip="Import measured values from a database query (counted there)")
        a["refresh"] = self._action("Refresh &Data", self.refresh_data, "Ctrl+R", "upload",
                                    tip="Import the last imported file or query again with the same settings")
        a["export"] = self._action("&Export…", self.export_dialog, "Ctrl+E", "image-down",
                                   tip="Export an Excel summary, a picture (PNG, SVG, PDF) or Mermaid")
        a["print"] = self._action("&Print…", self.print_map, sk.Print, tip="Print the map, with a preview")
        # Written out: the platform's own Close and Quit keys are missing on
        # some desktops (and Ctrl+F4 is no Linux user's Close).
        a["close"] = self._action("&Close", self.close, ("Ctrl+W",))
        a["quit"] = self._action("&Quit", self.quit_all, ("Ctrl+Q",))
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence(sk.Undo))
        undo.setIcon(icon("undo-2"))
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence(sk.Redo), QKeySequence("Ctrl+Shift+Z")]
                          if QKeySequence(sk.Redo) != QKeySequence("Ctrl+Shift+Z") else [QKeySequence(sk.Redo)])
        redo.setIcon(icon("redo-2"))
        a["undo"], a["redo"] = undo, redo
        a["cut"] = self._action("Cu&t", self.cut, sk.Cut, "scissors")
        a["copy"] = self._action("&Copy", self.copy, sk.Copy, "copy")
        a["paste"] = self._action("&Paste", self.paste, sk.Paste, "clipboard-paste")
        a["duplicate"] = self._action("D&uplicate", self.duplicate, "Ctrl+D", "copy-plus")
        a["delete"] = self._action("&Delete", self.delete_selection, [QKeySequence(sk.Delete), "Backspace"],
                                   "trash-2")
        a["select_all"] = self._action("Select &All", self.select_all, sk.SelectAll)
        a["find"] = self._action("&Find…", self.focus_find, sk.Find, "search")
        a["rename"] = self._action("&Rename", self.rename_selection, "F2")
        a["connect_to"] = self._action("Co&nnect to…", self.connect_to_dialog, "Ctrl+K", "link",
                                       tip="Connect the selected touchpoint to another, picked by name")
        a["moment_of_truth"] = self._action("&Moment of truth", self._toggle_moment_of_truth, checkable=True)
        a["add_tp"] = self._action("Add &Touchpoint", self.add_touchpoint, "Ctrl+T", "square-plus",
                                   tip="Add a touchpoint to the selected cell")
        a["add_phase"] = self._action("Add P&hase", lambda: self._add_phase(None), "Ctrl+Shift+P", "columns-3",
                                      tip="Add a phase at the end")
        a["add_lane"] = self._action("Add &Lane", lambda: self._add_lane(None), "Ctrl+Shift+L", "rows-3",
                                     tip="Add a lane at the bottom")
        a["tidy"] = self._action("T&idy Layout", self.document.tidy, "Ctrl+Shift+T", "wand-sparkles",
                                 tip="Lay cards out neatly inside their cells")
        a["zoom_in"] = self._action("Zoom &In", self.view.zoom_in, sk.ZoomIn, "zoom-in")
        a["zoom_out"] = self._action("Zoom &Out", self.view.zoom_out, sk.ZoomOut, "zoom-out")
        a["zoom_100"] = self._action("&Actual Size", self.view.zoom_reset, "Ctrl+0")
        a["fit"] = self._action("&Fit to Window", self.view.fit, "Ctrl+9", "maximize",
                                tip="The map at a readable size; pressed again, the whole map however small")
        a["show_lanes"] = self._action("Show &Lanes", self._toggle_lanes, checkable=True)
        a["show_emotion"] = self._action("Show &Emotion Curve", self._toggle_emotion, checkable=True)
        a["show_connections"] = self._action("Show &Connections", self._toggle_connections, checkable=True)
        a["show_legend"] = self._action("Show Le&gend", self._toggle_legend, checkable=True)
        # On a small screen the map gets the whole window; the panels come back as they were.
        a["show_panels"] = self._action("Show &Panels", self._toggle_panels, "F9", checkable=True,
                                        tip="Hide the inspector and the other panels to give the map the window")
        for key in ("show_lanes", "show_emotion", "show_connections", "show_legend", "show_panels"):
            a[key].blockSignals(True)
            a[key].setChecked(True)
            a[key].blockSignals(False)
        a["present"] = self._action("&Present", self.present, "F5", "presentation",
                                    tip="Project the map full screen and walk it phase by phase")
        a["present_dark"] = self._action("Presentation: Light on Dark", lambda _on: None, checkable=True)
        a["drivers"] = self._action("&Driver Analysis…", self.drivers_dialog,
                                    tip="Which touchpoints drive loyalty, from respondent-level survey data")
        a["about"] = self._action("&About journeymap", self.about)
        a["shortcuts"] = self._action("&Keyboard Shortcuts", self.show_shortcuts, sk.HelpContents, "keyboard")

    def _build_menus(self) -> None:
        a = self.actions_
        mb = self.menuBar()
        file_menu = mb.addMenu("&File")
        # New is the blank map (its phases and lanes named, nothing else);
        # the templates are a submenu under their own titles.
        self.new_action = file_menu.addAction(icon("file-plus"), "&New", partial(self.new_from_template, "blank"))
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_from_template_action = file_menu.addAction("New from &Template…", self.new_from_template_dialog)
        self.new_from_template_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        file_menu.addAction(a["open"])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([a["save"], a["save_as"]])
        file_menu.addAction("Save as Te&mplate…", lambda: self.save_as_template())
        self.file_menu = file_menu
        file_menu.addSeparator()
        file_menu.addActions([a["import"], a["import_database"], a["refresh"], a["export"], a["print"]])
        file_menu.addSeparator()
        file_menu.addAction(a["close"])
        file_menu.addAction(a["quit"])
        edit = mb.addMenu("&Edit")
        edit.addActions([a["undo"], a["redo"]])
        edit.addSeparator()
        edit.addActions([a["cut"], a["copy"], a["paste"], a["duplicate"], a["delete"]])
        edit.addSeparator()
        edit.addActions([a["select_all"], a["find"], a["rename"], a["connect_to"]])
        edit.addSeparator()
        edit.addActions([a["add_tp"], a["add_phase"], a["add_lane"], a["tidy"]])
        view = mb.addMenu("&View")
        view.addActions([a["zoom_in"], a["zoom_out"], a["zoom_100"], a["fit"]])
        view.addSeparator()
        view.addActions([a["show_lanes"], a["show_emotion"], a["show_connections"], a["show_legend"]])
        view.addAction(a["show_panels"])
        view.addSeparator()
        view.addActions([a["present"], a["present_dark"]])
        view.addSeparator()
        view.addAction("Compare with &File…", self.compare_with_file)
        self.compare_period_menu = view.addMenu("Compare with P&eriod")
        self.compare_period_menu.aboutToShow.connect(
            lambda: self.fill_compare_period_menu(self.compare_period_menu))
        view.addSeparator()
        panels = view.addMenu("&Panels")
        for dock in self.docks.values():
            panels.addAction(dock.toggleViewAction())
        self.view_menu = view
        analysis = mb.addMenu("&Analysis")
        analysis.addAction(a["drivers"])
        analysis.addAction(self.docks["priority"].toggleViewAction())
        help_menu = mb.addMenu("&Help")
        help_menu.addActions([a["shortcuts"], a["about"]])

    def _build_toolbar(self) -> None:
        a = self.actions_
        tb = QToolBar("Main", self)
        tb.setObjectName("toolbar-main")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        tb.addActions([a["open"], a["save"]])
        tb.addSeparator()
        tb.addActions([a["undo"], a["redo"]])
        tb.addSeparator()
        tb.addActions([a["add_tp"], a["add_phase"], a["add_lane"], a["tidy"], a["delete"]])
        tb.addSeparator()
        tb.addActions([a["zoom_out"], a["zoom_in"], a["fit"], a["present"]])
        tb.addSeparator()
        self.segment_combo = QComboBox()
        self.segment_combo.setToolTip("Show the map for one customer segment")
        self.segment_combo.setAccessibleName("Segment")
        self.period_combo = QComboBox()
        self.period_combo.setToolTip("Show the map for one period (default: the latest)")
        self.period_combo.setAccessibleName("Period")
        self.segment_combo.activated.connect(lambda _: self._apply_filter())
        self.period_combo.activated.connect(lambda _: self._apply_filter())
        tb.addWidget(QLabel(" Segment "))
        tb.addWidget(self.segment_combo)
        tb.addWidget(QLabel(" Period "))
        tb.addWidget(self.period_combo)
        self.add_research_choosers(tb)
        tb.addSeparator()
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find in touchpoints (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(260)
        self.find_box.returnPressed.connect(self.find_next)
        self.find_box.textEdited.connect(lambda _text: self._refresh_find_names())
        tb.addWidget(self.find_box)
        self.addToolBar(tb)
        self.toolbar = tb

    def _wire(self) -> None:
        self.scene.refreshed.connect(self._on_refreshed)
        self.scene.selectionChanged.connect(self._on_selection)
        self.scene.rename_requested.connect(self.start_rename)
        self.scene.connection_edit_requested.connect(self._edit_connection)
        self.scene.move_to_neighbour_requested.connect(self.move_to_neighbour)
        for table in (self.inspector.t_metrics, self.inspector.p_metrics):
            table.library_requested.connect(self.show_metric_library)
        self.scene.phase_clicked.connect(self._on_phase_clicked)
        self.scene.lane_clicked.connect(self._on_lane_clicked)
        self.scene.context_requested.connect(self._context_menu)
        self.scene.link_requested.connect(self.open_linked)
        self.inspector.t_research.open_link_requested.connect(self.open_linked)
        self.inspector.t_research.personas_requested.connect(self.show_personas_panel)
        for panel in (self.weak_panel, self.priority_panel, self.compare_panel):
            panel.touchpoint_activated.connect(self.go_to_touchpoint)
        self.compare_panel.marks_changed.connect(self.scene.set_compare_marks)
        self.actions_panel.touchpoints_activated.connect(self._select_linked)
        self.actions_panel.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.weak_panel.action_requested.connect(self.create_action)
        self.priority_panel.action_requested.connect(self.create_action)
        self.document.error.connect(lambda msg: self.statusBar().showMessage(f"Not done: {msg}", 8000))
        self.document.autosave_failed.connect(self._on_document_autosave_failed)
        self.document.undo_stack.indexChanged.connect(lambda _i: self._update_selection_label())
        self.document.modified_changed.connect(self._update_title)
        self.document.path_changed.connect(self._update_title)
        # A tenth of a percent below 10%, where a step of the zoom is less than one.
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"Zoom {z:.0%}" if z >= 0.1 else
                                                                         f"Zoom {z:.1%}"))
        self.view.notice.connect(lambda text: self.statusBar().showMessage(text, 6000))

    # --------------------------------------------------------------- actions
    def create_action(self, tp_id: str, opportunity: str = "") -> None:
        """One step from a weak touchpoint, a matrix point, a card or one of
        its opportunities: the action is made, shown and selected."""
        action_id = self.document.action_for_touchpoint(tp_id, self.scene.cards, opportunity)
        if action_id is None:
            return
        self.actions_panel.reload()
        self.actions_panel.select_action(action_id)
        self.docks["actions"].show()
        self.docks["actions"].raise_()
        self.statusBar().showMessage(f"Action created: {self.document.journey.action(action_id).title} "
                                     "(double-click it in Actions to edit)", 6000)

    def _select_linked(self, tp_ids: list[str]) -> None:
        if tp_ids:
            self.scene.select_touchpoints(tp_ids)

    # ----------------------------------------------------------- refreshing
    def _on_refreshed(self) -> None:
        # Each panel refills only when what it shows may have changed: with
        # thousands of cards, refilling all of them was most of an edit's cost.
        change = self.scene.last_change
        cards = self.scene.cards
        self.inspector.set_scorecards(cards)
        if change.everything or change.metrics:
            self.metric_library.reload()
        if change.everything or change.personas:
            self.personas_panel.reload()
            self.fill_personas()
        if change.everything or change.actions or change.structure or change.touchpoints:
            self.actions_panel.reload()
        if change.everything or self.scene.ranking_changed or change.phases or change.structure:
            self._refill("weak")
        if change.everything or self.scene.ranking_changed or change.importance or change.structure:
            self._refill("priority")
        self._refresh_comparison()
        health = cards.health_percent()
        counts = cards.status_counts()
        # Two figures that count different things, each named: "26% on
        # target · ✕ 2000 ! 0 ✓ 0" read as a contradiction (results, then cards).
        self.health_label.setText(
            f"Health: {'n/a' if health is None else f'{health:.0f}% of results on target'}  ·  "
            f"cards {Status.RED.symbol} {counts[Status.RED]:,}  {Status.AMBER.symbol} {counts[Status.AMBER]:,}  "
            f"{Status.GREEN.symbol} {counts[Status.GREEN]:,}")
        self.health_label.setToolTip(
            ("No measured results yet." if health is None else
             f"{health:.0f}% of the measured results (each touchpoint's and phase's metrics) meet their target.")
            + f"\nTouchpoints by their worst status: {counts[Status.RED]} miss, {counts[Status.AMBER]} near, "
            f"{counts[Status.GREEN]} meet, {counts[Status.NONE]} without data."
            + _too_few_note(cards)
            + "\nClick to open the metric library: targets, amber bands and weights.")
        if change.everything or change.measured:
            self._fill_filters()
        if change.everything or change.touchpoints:
            self._names_stale = True  # the find box's list is rebuilt when next typed in
        if change.everything or change.structure or change.phases or change.lanes:
            self.view.set_hint(self._empty_map_hint())

    def _empty_map_hint(self) -> str | None:
        """How to start, while the map has no touchpoints."""
        j = self.document.journey
        if j.touchpoint_count():
            return None
        if not j.phases or not j.lanes:
            return ("This map is empty. Add a phase (Ctrl+Shift+P) and a lane (Ctrl+Shift+L), start from a "
                    "template (File > New from Template), or drop a spreadsheet of steps here "
                    "(File > Import Data…, Ctrl+I).")
        return ("Double-click a cell to add a touchpoint, or import a list of steps with their phases "
                "(File > Import Data…, Ctrl+I, or drop the spreadsheet here).")

    def print_map(self) -> None:
        """File > Print: the map as the PDF export draws it (light colours,
        title and legend), fitted on one landscape page, with a preview."""
        from PySide6.QtGui import QPageLayout
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setDocName(self.document.journey.info.name)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(f"Print {self.document.journey.info.name}")
        dialog.paintRequested.connect(self.paint_for_print)
        self.print_preview = dialog
        dialog.exec()

    def paint_for_print(self, printer) -> int:
        from .picture_export import draw_on_pages, export_scene, release_export_scene
        scene = export_scene(self.document.journey, self.scene.filter, self.document.path, self.scene.persona_focus)
        try:
            return draw_on_pages(scene, printer)
        finally:
            release_export_scene(scene)

    def _toggle_panels(self, show: bool) -> None:
        if not show:
            self._hidden_docks = [key for key, dock in self.docks.items() if dock.isVisible()]
            for key in self._hidden_docks:
                self.docks[key].hide()
        else:
            # Those that were open; the usual ones if none was.
            for key in getattr(self, "_hidden_docks", None) or ["inspector", "weak", "priority"]:
                self.docks[key].show()
            self._hidden_docks = []

    def show_metric_library(self) -> None:
        dock = self.docks["metrics"]
        dock.show()
        dock.raise_()
        self.metric_library.setFocus()

    def _refill(self, panel: str, shown: bool = False) -> None:
        """Refill a ranked panel now if it shows, else when it next does: the
        weak list and the matrix sit in tabs behind the inspector, and
        refilling them unseen on every edit of a big map cost more than the
        edit."""
        # A dock in a tab behind another still says it is visible; what it
        # really shows is its visible region.
        if not shown and self.docks[panel].widget().visibleRegion().isEmpty():
            self._stale_panels.add(panel)
            return
        self._stale_panels.discard(panel)
        if panel == "weak":
            weak = self.scene.weak
            self.weak_panel.set_ranking(self.document.journey, weak, "" if weak else no_weak_words(self.scene.cards))
        else:
            self.priority_panel.set_journey(self.document.journey, self.scene.cards)

    def _on_dock_shown(self, panel: str, visible: bool) -> None:
        if visible and panel in self._stale_panels:
            self._refill(panel, shown=True)  # its region may not be laid out yet

    def _fill_filters(self) -> None:
        j = self.document.journey
        for combo, values, everything, current in (
                (self.segment_combo, j.segments(), "All customers", self.scene.filter.segment),
                (self.period_combo, j.periods(), "Latest", self.scene.filter.period)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for v in values:
                combo.addItem(v, v)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _apply_filter(self) -> None:
        self.apply_filter()

    def _on_selection(self) -> None:
        ids = self.scene.selected_touchpoints()
        connections = self.scene.selected_connections()
        if len(ids) == 1:
            self.inspector.show_touchpoint(ids[0])
        elif len(ids) > 1:
            self.inspector.show_many(ids)
        elif not ids and len(connections) == 1:
            self.inspector.show_connection(*connections[0])
        elif not ids and self.inspector.kind in ("touchpoint", "connection", "many"):
            self.inspector.show_journey()
        if ids or connections:
            self.scene.grid.set_chosen(None)  # a card or connection is what is chosen now
        self._update_selection_label()

    def _update_selection_label(self) -> None:
        """Says what is selected, by name; kept current after every edit and
        undo (a rename or move must not leave the old name or phase here)."""
        ids = [i for i in self.scene.selected_touchpoints() if self.document.journey.has_touchpoint(i)]
        j = self.document.journey
        if len(ids) == 1:
            tp = j.touchpoint(ids[0])
            self.selection_label.setText(f"{tp.name} · {j.phase(tp.phase).name} · {j.lane(tp.lane).name}")
        elif ids:
            self.selection_label.setText(f"{len(ids)} touchpoints selected")
        else:
            conns = [c for c in self.scene.selected_connections() if j.has_connection(*c)]
            self.selection_label.setText(f"Connection {j.touchpoint(conns[0][0]).name} → "
                                         f"{j.touchpoint(conns[0][1]).name}" if conns else "")

    def go_to_touchpoint(self, tp_id: str) -> None:
        """A card chosen in a list: selected, and brought to the middle of
        the view (scrolled only into sight, it sat on the view's edge)."""
        self.scene.select_touchpoints([tp_id])
        item = self.scene.card_items.get(tp_id)
        if item is not None:
            self.view.centerOn(item)

    def _on_phase_clicked(self, phase_id: str) -> None:
        self.inspector.show_phase(phase_id)
        self.scene.grid.set_chosen(("phase", phase_id))  # outlined: what Delete now acts on
        self.docks["inspector"].raise_()

    def _on_lane_clicked(self, lane_id: str) -> None:
        self.inspector.show_lane(lane_id)
        self.scene.grid.set_chosen(("lane", lane_id))

    def _on_document_autosave_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 0)
        QMessageBox.warning(self, "Autosave failed", message)

    def _update_title(self, *_args) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — journeymap")
        self.setWindowModified(self.document.modified)

    def present(self):
        """Workshop mode in its own full-screen window; this editor keeps its
        zoom, selection and panels, and shows every capture as it happens."""
        from .present import PresentationWindow
        window = PresentationWindow(self.document, dark=self.actions_["present_dark"].isChecked(),
                                    flt=self.scene.filter, persona=self.scene.persona_focus)
        self.presentation = window
        window.present()
        return window

    # --------------------------------------------------------------- toggles
    def _toggle_lanes(self, on: bool) -> None:
        self.scene.grid.show_lanes = on
        self.scene.grid.update()

    def _toggle_emotion(self, on: bool) -> None:
        self.scene.grid.show_emotion = on
        self.scene.refresh()

    def _toggle_connections(self, on: bool) -> None:
        self.scene.show_connections = on
        self.scene.refresh()

    def _toggle_legend(self, on: bool) -> None:
        self.scene.show_legend = on
        self.scene.refresh()

    # --------------------------------------------------------------- settings
    def _save_settings(self) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())

    def _restore_settings(self) -> None:
        s = settings()
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        self._fit_on_screen()
        if state is None and self.width() < SMALL_WINDOW:
            # A first start on a small screen: narrower panels, more map.
            self.resizeDocks([self.docks["inspector"]], [300], Qt.Orientation.Horizontal)

    def _fit_on_screen(self) -> None:
        """Never larger than the screen, never partly off it: at 1280x720 the
        default 1440x900 put the inspector out of reach, and a geometry saved
        on a larger monitor can do the same."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()  # title bar and borders
        width = min(self.width(), room.width() - frame.width())
        height = min(self.height(), room.height() - frame.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(self.x(), room.left()), room.right() - self.frameGeometry().width() + 1)
        y = min(max(self.y(), room.top()), room.bottom() - self.frameGeometry().height() + 1)
        if (x, y) != (self.x(), self.y()):
            self.move(x, y)

    # ------------------------------------------------------------------ help
    def about(self) -> None:
        QMessageBox.about(self, "About journeymap",
                          f"<h3>journeymap {__version__}</h3>"
                          "<p>Customer journey maps with CX metrics, targets and weak-touchpoint ranking.</p>"
                          "<p>Icons: Lucide (ISC licence).</p>")

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(where, keys, what they do): every action that has a shortcut, in
        menu order, the mouse gestures, and the presentation's keys; F1 shows
        this, and the README's table is checked against it."""
        from .present import KEY_EXTRAS, PRESENT_KEYS
        rows = []
        for act in (self.new_action, *self.actions_.values()):
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.PortableText) for k in act.shortcuts())
            text = act.text()
            if keys:
                rows.append(("Editor", keys, text.replace("&", "").rstrip("…")))
        rows += [("Editor", keys, does) for keys, does in EDITOR_GESTURES]
        rows += [("Presentation", keys, does) for _codes, keys, does, _method in PRESENT_KEYS]
        rows += [("Presentation", keys, does) for keys, does in KEY_EXTRAS]
        return rows

    def show_shortcuts(self) -> None:
        rows = []
        section = ""
        for where, keys, does in self.shortcut_rows():
            if where != section:
                section = where
                rows.append(f"<tr><td colspan=2><b><u>{where}</u></b></td></tr>")
            rows.append(f"<tr><td>{escape(does)}</td><td><b>{escape(keys)}</b></td></tr>")
        QMessageBox.information(self, "Keyboard shortcuts", "<table cellspacing=6>" + "".join(rows) + "</table>")
