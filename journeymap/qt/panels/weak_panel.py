"""Weak touchpoints: the ranked list with reasons; click to select and centre."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journeymap.analysis.status import Status
from journeymap.analysis.weak import WeakTouchpoint
from journeymap.model.journey import Journey

from ..canvas.style import system_palette

# A ranking longer than this is cut, with a note: nobody reads rank 900,
# and a filter narrows the list to what matters.
MAX_ROWS = 200
LOW_CONFIDENCE = "(unsure)"  # the word the inspector's statuses use


class WeakPanel(QWidget):
    touchpoint_activated = Signal(str)
    action_requested = Signal(str)  # right-click > Create Action

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.weak: Sequence[WeakTouchpoint] = []
        self._shown: list[WeakTouchpoint] = []
        self._shown_ids: list[str] | None = None
        self.phase_filter = QComboBox()
        self.phase_filter.setAccessibleName("Filter by phase")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        self.status_filter.addItem("Red and amber", None)
        self.status_filter.addItem(f"{Status.RED.symbol} Red only", Status.RED)
        self.status_filter.addItem(f"{Status.AMBER.symbol} Amber only", Status.AMBER)
        self.phase_filter.currentIndexChanged.connect(self._fill)
        self.status_filter.currentIndexChanged.connect(self._fill)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["#", "Touchpoint", "Score"])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        # Every row is one line: telling the view so spares it measuring all
        # rows whenever one changes (17 ms a rename with 200 rows shown).
        self.tree.setUniformRowHeights(True)
        self.tree.itemClicked.connect(self._on_clicked)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemActivated.connect(self._on_clicked)
        self.empty = QLabel("No weak touchpoints: every measured touchpoint meets its targets.")
        self.empty.setWordWrap(True)
        self.more = QLabel()
        self.more.setWordWrap(True)
        filters = QHBoxLayout()
        filters.addWidget(self.phase_filter, 1)
        filters.addWidget(self.status_filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        layout.addWidget(self.more)
        self._phase_names: dict[str, str] = {}

    def set_ranking(self, journey: Journey, weak: Sequence[WeakTouchpoint], empty_words: str = "") -> None:
        self.weak = weak
        if empty_words:
            self.empty.setText(empty_words)
        current = self.phase_filter.currentData()
        self.phase_filter.blockSignals(True)
        self.phase_filter.clear()
        self.phase_filter.addItem("All phases", None)
        self._phase_names = {p.id: p.name for p in journey.phases}
        for phase in journey.phases:
            self.phase_filter.addItem(phase.name, phase.id)
        index = self.phase_filter.findData(current)
        self.phase_filter.setCurrentIndex(max(0, index))
        self.phase_filter.blockSignals(False)
        self._fill()

    def visible_ids(self) -> list[str]:
        return [self._row(i).data(0, Qt.ItemDataRole.UserRole) for i in range(self.tree.topLevelItemCount())]

    def _row(self, i: int) -> QTreeWidgetItem:
        item = self.tree.topLevelItem(i)
        assert item is not None  # i < topLevelItemCount()
        return item

    def _fill(self) -> None:
        phase = self.phase_filter.currentData()
        status = self.status_filter.currentData()
        if phase or status:
            shown = [w for w in self.weak
                     if not (phase and w.phase != phase) and not (status and w.status is not status)]
            total, top = len(shown), shown[:MAX_ROWS]
        else:  # the common case reads only the rows it shows
            total, top = len(self.weak), list(self.weak[:MAX_ROWS])
        self.more.setVisible(total > MAX_ROWS)
        self.more.setText(f"Showing the worst {MAX_ROWS} of {total}; filter by phase to see others.")
        if [w.id for w in top] == self._shown_ids:
            # Same cards in the same order (an edit changed a name or a
            # reason): rewrite those rows only.
            for i, (w, before) in enumerate(zip(top, self._shown, strict=True)):
                if w != before:
                    self._write_row(self._row(i), w)
            self._shown = top
            return
        self.tree.clear()
        for w in top:
            item = QTreeWidgetItem()
            self.tree.addTopLevelItem(item)  # first: a reason row spans the columns only inside the tree
            self._write_row(item, w)
            item.setExpanded(True)
        self._shown, self._shown_ids = top, [w.id for w in top]
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(1, max(220, self.tree.columnWidth(1)))
        self.empty.setVisible(self.tree.topLevelItemCount() == 0)

    def _write_row(self, item: QTreeWidgetItem, w: WeakTouchpoint) -> None:
        # A low-confidence entry says so in words: it may meet its targets.
        name = f"{w.status.symbol} {w.name}" + (f" {LOW_CONFIDENCE}" if w.low_confidence else "")
        for column, text in enumerate((str(w.rank), name, f"{w.score:.3f}")):
            if item.text(column) != text:
                item.setText(column, text)
        item.setData(0, Qt.ItemDataRole.UserRole, w.id)
        item.setForeground(1, QColor(system_palette().status[w.status]))
        unsure = ("\nUnsure (low confidence): every target it misses lies inside that value's 95% interval, "
                  "so it may meet them." if w.low_confidence else "")
        item.setToolTip(1, f"{self._phase_names.get(w.phase, w.phase)}\n" + "\n".join(w.reasons) + unsure)
        item.takeChildren()
        for reason in w.reasons:
            # Across all three columns: under the name alone a reason was cut
            # beside an empty score column.
            child = QTreeWidgetItem([reason])
            child.setToolTip(0, reason)  # and still cut in a narrow dock
            child.setData(0, Qt.ItemDataRole.UserRole, w.id)
            item.addChild(child)
            child.setFirstColumnSpanned(True)
        item.setExpanded(True)

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        tp_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if tp_id:
            menu = QMenu(self)
            menu.addAction("Create Action", lambda: self.action_requested.emit(tp_id))
            menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _on_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        tp_id = item.data(0, Qt.ItemDataRole.UserRole)
        if tp_id:
            self.touchpoint_activated.emit(tp_id)
