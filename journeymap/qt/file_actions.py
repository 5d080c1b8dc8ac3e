"""File work of the main window: new, open, save, recent files, import,
Refresh data, driver analysis, export, closing and drag and drop. A mixin so
MainWindow stays about the window itself; every method here runs with the
window's document, scene and status bar."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from journeymap.io.importing.safety import SPREADSHEET_SUFFIXES
from journeymap.io.journey_file import SUFFIX, JourneyFileError, load
from journeymap.io.templates import load_template
from journeymap.model.wording import how_many

from .document import JourneyDocument
from .map_menus import menu_text
from .paths import settings

FILE_FILTER = f"Journeys (*{SUFFIX});;All files (*)"
DATA_SUFFIXES = SPREADSHEET_SUFFIXES
DATA_FILTER = f"Spreadsheets ({' '.join('*' + s for s in DATA_SUFFIXES)});;All files (*)"
MAX_RECENT = 10
# File > Export's choices: (suffix, PDF page size, tiled at print scale).
EXPORT_FILTERS: dict[str, tuple[str, ...] | tuple[str, str, bool]] = {
    "Excel summary (*.xlsx)": (".xlsx",),
    "Web page for stakeholders, opens in any browser (*.html)": (".html",),
    "PNG picture (*.png)": (".png",),
    "SVG picture (*.svg)": (".svg",),
    "PDF, the map on one A3 landscape page (*.pdf)": (".pdf", "A3", False),
    "PDF, the map on one A4 landscape page (*.pdf)": (".pdf", "A4", False),
    "PDF, A4 pages at print scale, to tile (*.pdf)": (".pdf", "A4", True),
    "PDF, A3 pages at print scale, to tile (*.pdf)": (".pdf", "A3", True),
    "Mermaid diagram (*.mmd)": (".mmd",),
}


if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMainWindow, QMenu

    from .canvas.scene import JourneyScene
    from .main_window import MainWindow

    _WindowBase = QMainWindow
else:
    _WindowBase = object


class FileActions(_WindowBase):
    """File menu actions of the main window (a mixin: MainWindow is the
    QMainWindow, and provides what is declared here for the type checker)."""

    if TYPE_CHECKING:
        document: JourneyDocument
        scene: JourneyScene
        recent_menu: QMenu
        windows: ClassVar[list[MainWindow]]
        open_window_requested: SignalInstance

        def _save_settings(self) -> None: ...

    def is_pristine(self) -> bool:
        return self.document.path is None and not self.document.modified

    def new_from_template(self, name: str) -> None:
        journey = load_template(name)
        self.open_window_requested.emit(JourneyDocument(journey, None, untitled_name=f"Untitled ({name})"))
        if self.is_pristine() and len(self.windows) > 1:
            self.close()

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open journey", last_folder(self.document.path), FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Open a file in a new window (or this one when it is empty). A broken
        file shows a dialog and leaves every open journey as it was."""
        for window in self.windows:
            if window.document.path and window.document.path.resolve() == path.resolve():
                window.raise_()
                window.activateWindow()
                return True
        try:
            journey = load(path)
        except JourneyFileError as exc:
            QMessageBox.warning(self, "Cannot open journey", str(exc))
            return False
        add_recent(path)
        pristine = self.is_pristine()
        self.open_window_requested.emit(JourneyDocument(journey, path))
        if pristine:
            self.close()
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        start = str(self.document.path or Path(last_folder()) / f"{file_name(self.document.journey.info.name)}{SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Save journey", start, FILE_FILTER)
        if not path:
            return False
        if not path.endswith(SUFFIX):
            path += SUFFIX
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except OSError as exc:
            QMessageBox.critical(self, "Save failed", f"{exc}\n\nThe file on disk was not changed.")
            return False
        add_recent(path)
        self.statusBar().showMessage(f"Saved {path.name}", 3000)
        return True

    def import_dialog(self) -> None:
        start = settings().value("last_data_folder") or last_folder(self.document.path)
        path, _ = QFileDialog.getOpenFileName(self, "Import data", str(start), DATA_FILTER)
        if path:
            settings().setValue("last_data_folder", str(Path(path).parent))
            self.open_import_wizard(Path(path))

    def import_database_dialog(self):
        """Ask for a database URL and a query, then the wizard as for a file."""
        from .dialogs.database_dialog import DatabaseDialog
        settings = dict(self.document.journey.info.import_settings)
        dialog = DatabaseDialog(self, settings.get("sql_url", ""), settings.get("sql_query", ""))
        # A query the database refuses brings the dialog back as it was
        # typed, to be corrected, not retyped.
        while dialog.exec() == DatabaseDialog.DialogCode.Accepted:
            wizard = self.open_import_wizard(dialog.source())
            if wizard is not None:
                return wizard
        return None

    def open_import_wizard(self, path):
        """Open the wizard on a file (or a database query); one that cannot be
        read is refused with a message, before any page shows, and nothing changes."""
        from journeymap.io.importing import ImportError_
        from journeymap.io.importing.isolation import ReadCancelled

        from .dialogs.import_wizard import ImportWizard
        try:
            wizard = ImportWizard(self.document, path, self)
        except ReadCancelled as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return None
        except ImportError_ as exc:
            QMessageBox.warning(self, "Cannot import", str(exc))
            return None
        except Exception as exc:  # the error boundary: a dialog, never a traceback
            QMessageBox.warning(self, "Cannot import", f"{getattr(path, 'name', 'the source')}: cannot be read "
                                f"({type(exc).__name__}: {str(exc)[:200]})")
            return None
        wizard.accepted.connect(lambda: self._imported(wizard.plan))
        wizard.open()
        return wizard

    def _imported(self, plan) -> None:
        if plan is None:
            return
        earlier = any("toolbar" in w for w in plan.warnings)
        self.statusBar().showMessage(
            f"Imported {plan.name}: {len(plan.changes)} values changed, {len(plan.new_touchpoints)} "
            f"touchpoints created" + (" (for earlier periods: pick one in the toolbar to see them)" if earlier else ""),
            10000)

    def drivers_dialog(self, path: Path | None = None):
        from journeymap.io.importing import ImportError_

        from .dialogs.drivers_dialog import DriversDialog
        if path is None:
            start = str(self.document.path.parent) if self.document.path else ""
            chosen, _ = QFileDialog.getOpenFileName(self, "Respondent-level survey data", start,
                                                    DATA_FILTER)
            if not chosen:
                return None
            path = Path(chosen)
        from journeymap.io.importing.isolation import ReadCancelled
        try:
            dialog = DriversDialog(self.document, path, self)
        except ReadCancelled as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return None
        except ImportError_ as exc:
            QMessageBox.warning(self, "Cannot analyse drivers", str(exc))
            return None
        dialog.open()
        return dialog

    def refresh_data(self) -> bool:
        """Re-run the last import with its saved file (or database query), sheet, layout and mapping."""
        from journeymap.io.importing import ImportError_, SqlQuery, read_source
        from journeymap.io.importing.isolation import ReadCancelled
        from journeymap.io.importing.plan import options_from_settings

        from .dialogs.reading import ReadingProgress
        settings = dict(self.document.journey.info.import_settings)
        if "path" not in settings and "sql_query" not in settings:
            self.statusBar().showMessage("Nothing to refresh: import a file first (File > Import Data)", 5000)
            return False
        options = options_from_settings(settings)
        where = SqlQuery(settings.get("sql_url", ""), settings["sql_query"]) if "sql_query" in settings \
            else Path(settings["path"])
        try:
            with ReadingProgress(self, where.shown if isinstance(where, SqlQuery) else where.name) as waiter:
                source = read_source(where, self.document.journey, waiter)
                try:
                    plan = source.plan(self.document.journey, options)
                finally:
                    source.close()
        except ReadCancelled as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return False
        except ImportError_ as exc:
            QMessageBox.warning(self, "Cannot refresh data", str(exc))
            return False
        if not (plan.changes or plan.new_touchpoints or plan.new_phases):
            # Nothing new in the source: no undo step that does nothing.
            self.statusBar().showMessage(f"Refreshed from {plan.name}: nothing changed", 6000)
            return True
        if not self.document.apply_import(plan, f"Refresh from {plan.name}"):
            return False
        self.statusBar().showMessage(f"Refreshed from {plan.name}: {how_many(len(plan.changes), 'value')} changed, "
                                     f"{how_many(plan.cells_skipped, 'cell')} skipped", 6000)
        return True

    def export_dialog(self) -> None:
        s = settings()
        chosen_before = str(s.value("export/filter") or "")
        folder = str(s.value("export/folder") or "")
        stem = self.document.path.stem if self.document.path else self.document.journey.info.name
        if not folder or not Path(folder).is_dir():
            folder = str(self.document.path.parent) if self.document.path else str(Path.home())
        suffix = EXPORT_FILTERS.get(chosen_before, (".xlsx",))[0]
        path, chosen = QFileDialog.getSaveFileName(self, "Export", str(Path(folder) / f"{stem}{suffix}"),
                                                   ";;".join(EXPORT_FILTERS), chosen_before)
        if not path:
            return
        # The next export starts where this one went, as this kind.
        s.setValue("export/filter", chosen)
        s.setValue("export/folder", str(Path(path).parent))
        suffix, page, tile = (*EXPORT_FILTERS.get(chosen, (".xlsx",)), "A3", False)[:3]
        if not Path(path).suffix:
            path += str(suffix)
        self.export_to(Path(path), str(page), bool(tile))

    def export_to(self, path: Path, page: str = "A3", tile: bool = False) -> bool:
        """Export with the map's current segment and period; a failure leaves
        any existing file as it was and says why."""
        from journeymap.io.excel_export import export_workbook
        from journeymap.io.limits import too_large_to_draw
        from journeymap.io.mermaid import export_mermaid

        from .picture_export import export_picture
        flt = self.scene.filter
        suffix = path.suffix.lower()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if suffix == ".xlsx":
                export_workbook(self.document.journey, path, flt)
            elif suffix == ".mmd":
                export_mermaid(self.document.journey, path)
            elif suffix in (".html", ".htm"):
                from journeymap.io.html_page import write_page
                write_page(self.document.journey, path)
            else:
                problem = too_large_to_draw(self.document.journey)
                if problem:
                    raise ValueError(problem)
                export_picture(self.document.journey, path, flt, page=page, tile=tile, source=self.document.path,
                               persona=self.scene.persona_focus)
        except (OSError, ValueError) as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.critical(self, "Export failed", f"{exc}\n\nNo existing file was changed.")
            return False
        QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(f"Exported {path.name}", 4000)
        return True

    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; False means the user cancelled."""
        if not self.document.modified:
            return True
        answer = QMessageBox.warning(
            self, "Unsaved changes",
            f"Save the changes to “{self.document.display_name}” before closing?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.document.discard_recovery()
        self._save_settings()
        self.scene.detach()
        self.document.close()
        if self in self.windows:
            self.windows.remove(self)
        event.accept()

    def quit_all(self) -> None:
        for window in list(self.windows):
            if not window.close():
                return
        QApplication.quit()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in recent_files():
            self.recent_menu.addAction(menu_text(path.name), partial(self.open_path, path)).setToolTip(str(path))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("No recent files").setEnabled(False)

    def dragEnterEvent(self, event) -> None:
        if any(url.toLocalFile().lower().endswith((SUFFIX, *DATA_SUFFIXES)) for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        """A .journey file opens; a spreadsheet starts the import wizard."""
        for url in event.mimeData().urls():
            path = url.toLocalFile()
            if path.endswith(SUFFIX):
                self.open_path(Path(path))
            elif path.lower().endswith(DATA_SUFFIXES):
                self.open_import_wizard(Path(path))
                break
        event.acceptProposedAction()


def recent_files() -> list[Path]:
    stored = settings().value("recent", []) or []
    # QSettings gives one string for a one-item list on some platforms.
    values: list[str] = [stored] if isinstance(stored, str) else [str(v) for v in stored] \
        if isinstance(stored, list) else []
    return [Path(v) for v in values if Path(v).exists()]


def add_recent(path: Path) -> None:
    s = settings()
    values = [str(p) for p in recent_files() if p.resolve() != path.resolve()]
    s.setValue("recent", [str(path.resolve()), *values[: MAX_RECENT - 1]])
    s.setValue("last_folder", str(path.resolve().parent))


def file_name(title: str) -> str:
    """A journey's name as a file name every system takes ("Acme: B2B" is
    refused on Windows, and the Finder shows it as "/")."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " - ", title)
    return re.sub(r"\s+", " ", cleaned).strip(" .-") or "journey"


def last_folder(current: Path | None = None) -> str:
    """Where Open starts: the open journey's folder, else the folder of the
    last journey opened or saved, else the home folder."""
    if current is not None:
        return str(current.parent)
    folder = settings().value("last_folder") or ""
    return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())

