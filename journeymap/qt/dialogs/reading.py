"""While a spreadsheet is read (in a child process, see io.importing.isolation)
the window keeps painting, and a read that takes a moment shows a progress
dialog whose Cancel stops it. Nothing changes until the read is done."""

from __future__ import annotations

from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

# A read shorter than this shows nothing: a dialog that flashes up and away
# is worse than a short wait.
SHOW_AFTER_SECONDS = 0.4


class ReadingProgress:
    """An isolation.Waiter for the window: `with ReadingProgress(parent, name)
    as waiter: ...` passes it to the read and closes the dialog after."""

    def __init__(self, parent: QWidget | None, name: str) -> None:
        self.parent = parent
        self.name = name
        self.dialog: QProgressDialog | None = None

    def __enter__(self) -> ReadingProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def __call__(self, elapsed: float) -> bool:
        """Keep waiting? (False once Cancel was pressed.)"""
        if self.dialog is None:
            if elapsed < SHOW_AFTER_SECONDS:
                return True
            self.dialog = self._show()
        # Only while the window-modal dialog is up: the user can press
        # Cancel, and cannot edit the map under a read that plans against it.
        QApplication.processEvents()
        return not self.dialog.wasCanceled()

    def _show(self) -> QProgressDialog:
        dialog = QProgressDialog(f"Reading {self.name}…", "Cancel", 0, 0, self.parent)
        dialog.setWindowTitle("Reading")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.show()
        return dialog

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
