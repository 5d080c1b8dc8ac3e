"""Changes: the map compared with another saved version of it, or with an
earlier period of its own data; worst news first, a review list per owner.
A click on an entry selects its card."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from journeymap.analysis.compare import Comparison, FigureChange, compare_journeys, compare_periods
from journeymap.analysis.scorecard import Scorecards
from journeymap.analysis.status import Status
from journeymap.model.journey import Journey

from ..canvas.style import system_palette

# What the tags on the map mean (they say it in words too).
LEGEND = ("Tags on the map: ▼ worse (a status or a value fell) · ▲ better · ✚ new · "
          "● changed (renamed, moved or edited)")


class ComparePanel(QWidget):
    touchpoint_activated = Signal(str)
    marks_changed = Signal(dict)  # card id -> "worse", "better", "new" or "changed"
    cleared = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.other: Journey | None = None  # another saved version
        self.other_label = ""
        self.old_period: str | None = None  # or an earlier period of this journey
        self.comparison: Comparison | None = None
        self.heading = QLabel("Compare this map with another saved version (View > Compare with File…) "
                              "or with an earlier period of its data (View > Compare with Period).")
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.itemClicked.connect(self._on_clicked)
        self.tree.itemActivated.connect(self._on_clicked)
        self.clear_button = QPushButton("Clear comparison")
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.clear_button)

    @property
    def active(self) -> bool:
        return self.other is not None or self.old_period is not None

    def compare_with_journey(self, other: Journey, label: str) -> None:
        self.other, self.other_label, self.old_period = other, label, None

    def compare_with_period(self, period: str) -> None:
        self.other, self.old_period = None, period

    def recompute(self, journey: Journey, cards: Scorecards) -> None:
        """Compare again (the map changed, or the comparison did)."""
        if self.other is not None:
            c = compare_journeys(self.other, journey, cards.requested, self.other_label, "this map")
        elif self.old_period is not None and cards.period is not None:
            c = compare_periods(journey, self.old_period, cards.period, cards.filter.segment,
                                cards.filter.state)
        else:
            return
        self.comparison = c
        self.clear_button.setEnabled(True)
        worse = c.worse()
        self.heading.setText(f"<b>{c.old_label}</b> → <b>{c.new_label}</b>: "
                             + ("no changes" if c.empty else
                                f"{len(worse)} worse, {sum(f.better for f in c.figures)} better, "
                                f"{len(c.structure)} in structure")
                             + f"<br><small>{LEGEND}</small>")
        self._fill(c)
        self.marks_changed.emit(c.changed_nodes())

    def clear(self) -> None:
        self.other, self.old_period, self.comparison = None, None, None
        self.tree.clear()
        self.clear_button.setEnabled(False)
        self.heading.setText("No comparison.")
        self.marks_changed.emit({})
        self.cleared.emit()

    def _fill(self, c: Comparison) -> None:
        self.tree.clear()
        tones = system_palette().status
        worse = c.worse()
        if worse:
            group = self._group(f"Worse ({len(worse)}), by owner")
            for owner, changes in c.by_owner(worse).items():
                owner_item = QTreeWidgetItem([owner])
                group.addChild(owner_item)
                for f in changes:
                    owner_item.addChild(self._figure_item("▼", f, tones[Status.RED]))
                owner_item.setExpanded(True)
        better = [f for f in c.figures if f.better]
        if better:
            group = self._group(f"Better ({len(better)})")
            for f in better:
                group.addChild(self._figure_item("▲", f, tones[Status.GREEN]))
        other = [f for f in c.figures if not f.worse and not f.better]
        if other:
            group = self._group(f"Other changes in figures ({len(other)})")
            for f in other:
                group.addChild(self._figure_item("·", f, None))
        if c.structure:
            group = self._group(f"Structure ({len(c.structure)})")
            for s in c.structure:
                item = QTreeWidgetItem([s.text()])
                item.setToolTip(0, s.text())
                if s.item == "touchpoint" and s.kind != "removed":
                    item.setData(0, Qt.ItemDataRole.UserRole, s.id)
                group.addChild(item)

    def _group(self, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem([title])
        f = group.font(0)
        f.setBold(True)
        group.setFont(0, f)
        self.tree.addTopLevelItem(group)
        group.setExpanded(True)
        return group

    def _figure_item(self, arrow: str, f: FigureChange, tone: str | None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([f"{arrow} {f.text}"])
        item.setToolTip(0, f.text)
        if tone is not None:
            item.setForeground(0, QColor(tone))
        if f.kind == "touchpoint":
            item.setData(0, Qt.ItemDataRole.UserRole, f.node)
        return item

    def _on_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        tp_id = item.data(0, Qt.ItemDataRole.UserRole)
        if tp_id:
            self.touchpoint_activated.emit(tp_id)
