"""Start the GUI: QApplication, crash recovery, the first window."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from journeymap import __version__
from journeymap.io.journey_file import JourneyFileError, collector_paused, load
from journeymap.io.templates import sample_path

from .clipboard import release_clipboard
from .document import JourneyDocument
from .file_actions import add_recent, recent_files
from .icons import app_icon
from .main_window import MainWindow
from .paths import APP, ORG
from .recovery import find_recoverable


def open_window(document: JourneyDocument) -> MainWindow:
    # Building the scene and the analysis of a big map makes tens of
    # thousands of objects and no garbage: not worth a collection meanwhile.
    with collector_paused():
        window = MainWindow(document)
    window.open_window_requested.connect(open_window)
    window.show()
    # A big journey's objects (half a million measurements, their indexes,
    # the scene's items) live as long as its window. Frozen (without a
    # collection first, which alone took 0.1 s at 2,000 cards), the garbage
    # collector stops rescanning them all whenever an edit allocates a few
    # thousand small objects: that rescan was most of an edit's time at
    # 10,000 cards. Objects made later are collected as usual.
    gc.freeze()
    return window


def sample_document() -> JourneyDocument:
    """The shipped sample, as an untitled copy so saving never writes into
    the installed package."""
    return JourneyDocument(load(sample_path()), None, untitled_name="Sample journey")


def recover_documents(parent=None) -> list[JourneyDocument]:
    documents = []
    for item in find_recoverable():
        when = dt.datetime.fromtimestamp(item.saved_at).strftime("%Y-%m-%d %H:%M")
        where = item.original.name if item.original else "an unsaved journey"
        answer = QMessageBox.question(
            parent, "Recover unsaved work",
            f"journeymap closed unexpectedly. Recover the changes to {where} "
            f"(“{item.name}”, autosaved {when})?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            try:
                doc = JourneyDocument(item.load(), item.original, untitled_name="Recovered journey")
            except JourneyFileError as exc:
                QMessageBox.warning(parent, "Cannot recover", str(exc))
                continue
            doc.mark_modified()
            documents.append(doc)
            # The recovered work gets its own recovery copy at once; only then
            # does the old one go, so a second crash right away loses nothing.
            if not doc.autosave():
                continue
        item.discard()
    return documents


def run(argv: list[str]) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    for doc in startup_documents(argv):
        open_window(doc)
    app.aboutToQuit.connect(release_clipboard)
    return app.exec()


def startup_documents(argv: list[str]) -> list[JourneyDocument]:
    """What the first windows show: recovered work, the files named, or the
    last journey; the sample on a first start or with --sample."""
    documents = recover_documents()
    use_sample = "--sample" in argv
    paths = [Path(a) for a in argv if a != "--sample"]
    if not paths and not use_sample and not documents:
        # Started with nothing to open: carry on with the last journey, as
        # document apps do; the sample only on a first start.
        paths = recent_files()[:1]
    for path in paths:
        try:
            documents.append(JourneyDocument(load(path), path))
            add_recent(path)
        except JourneyFileError as exc:
            QMessageBox.warning(None, "Cannot open journey", str(exc))
    if use_sample or not documents:
        documents.append(sample_document())
    return documents
