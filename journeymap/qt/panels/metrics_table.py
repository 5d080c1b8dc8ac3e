"""The metrics of one touchpoint or phase: value, n, period, target (with
override) and status, editable in place; add and remove metrics on the node."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journeymap.analysis.confidence import Interval, margin_words, why_none
from journeymap.analysis.scorecard import Filter, MetricResult, Scorecards, combine, select, status_words
from journeymap.model.entities import Measurement, MetricDef
from journeymap.model.metrics import format_value
from journeymap.model.periods import sort_periods

from ..canvas.style import system_palette
from ..document import JourneyDocument
from .fields import FocusComboBox

# The status next to the value: in a narrow dock the columns on the right
# scroll out of view, and the answer to "is it on target?" must not.
# Beside them, how sure the value is (its 95% interval).
COLUMNS = ("Metric", "Value", "Status", "Interval", "n", "Period", "Target", "Trend")
SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """A small trend in text: one block per period, oldest first."""
    if len(values) < 2:
        return ""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    return "".join(SPARK[round((v - lo) / span * (len(SPARK) - 1))] for v in values)
VALUE, STATUS, INTERVAL, N, PERIOD, TARGET, TREND = 1, 2, 3, 4, 5, 6, 7


_METHODS = {"wilson": "Wilson score interval of the share",
            "nps": "from the promoter and detractor shares",
            "t": "t-interval of the mean"}
WIDEST = {"nps": "the promoter and detractor shares are not in the data, only the score",
          "t": "the spread of the answers is not in the data"}
CAPTION = "Interval: 95% confidence. “± up to”: the widest the value and n allow (the answers' spread is not known)."


def interval_tooltip(metric: MetricDef, r: MetricResult, iv: Interval) -> str:
    """What the interval is and what it says about the status."""
    how = f"widest possible: {WIDEST[iv.method]}" if iv.widest else _METHODS[iv.method]
    lines = [f"95% confidence interval: {format_value(metric, iv.low)} to {format_value(metric, iv.high)} "
             f"({how}; n={r.n})."]
    if iv.widest:
        lines.append("The true interval is at most this wide. Import the answers one by one (or a standard "
                     "deviation column) to narrow it.")
    if r.target is not None and iv.contains(r.target):
        lines.append(f"The target {format_value(metric, r.target)} lies inside it: the data cannot yet tell "
                     "this value from the target, whatever the colour says.")
    return "\n".join(lines)


def _parse_number(text: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not text:
        return None
    return float(text.replace(",", "."))


def _fit_height(table: QTableWidget) -> None:
    """As tall as its rows: a table in the inspector never scrolls inside the
    inspector's own scrolling (at 1280x720 it was one row high)."""
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    scrollbar = table.horizontalScrollBar().sizeHint().height()  # room for it, so it never covers a row
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth() + scrollbar)


class MetricsTable(QWidget):
    library_requested = Signal()  # Targets…: open the metric library

    def __init__(self, document: JourneyDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.node: str | None = None
        self.filter = Filter()
        self._loading = False
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.segments_label = QLabel("By segment")
        self.segments = QTableWidget(0, 0)
        self.segments.verticalHeader().hide()
        # Every column as wide as its text, the metric's name first and whole
        # (it was stretched into what was left and cut to "…" in a narrow
        # dock); the trend takes what remains, and a narrow dock scrolls
        # sideways rather than hiding names.
        for table in (self.table, self.segments):
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(True)
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_combo = FocusComboBox()
        self.add_combo.setAccessibleName("Metric to add")
        self.add_button = QPushButton("Add metric")
        self.add_button.clicked.connect(self.add_selected_metric)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected_metric)
        # Targets, bands and weights live in the metric library (a dock that
        # starts hidden): one click away from where the values are seen.
        self.library_button = QPushButton("Targets…")
        self.library_button.setToolTip("Open the metric library: targets, amber bands and weights of every metric")
        self.library_button.clicked.connect(self.library_requested)
        # Two short rows rather than one long one: the inspector must fit a
        # narrow panel (at 1280x720 one row pushed it into a side scroll).
        adding = QHBoxLayout()
        adding.addWidget(self.add_combo, 1)
        adding.addWidget(self.add_button)
        buttons = QVBoxLayout()
        buttons.addLayout(adding)
        others = QHBoxLayout()
        others.addWidget(self.remove_button)
        others.addStretch(1)
        others.addWidget(self.library_button)
        buttons.addLayout(others)
        # Says what "± up to" means where it is read, when a row shows one.
        self.caption = QLabel(CAPTION)
        self.caption.setWordWrap(True)
        self.caption.setVisible(False)
        f = self.caption.font()
        f.setPointSizeF(f.pointSizeF() * 0.9)
        self.caption.setFont(f)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.caption)
        layout.addLayout(buttons)
        layout.addWidget(self.segments_label)
        layout.addWidget(self.segments)
        self.rows: list[str] = []
        self._cards: Scorecards | None = None
        # Metrics added to a card but not given a value yet: shown as "no
        # data" until the user types one. A row, not a measurement: a value
        # nobody measured is never recorded.
        self._pending: set[tuple[str, str]] = set()

    def show_node(self, node: str | None, cards: Scorecards | None) -> None:
        if node != self.node:  # another card starts at its first column, not where the last was scrolled
            self.table.horizontalScrollBar().setValue(0)
        self.node = node
        self._cards = cards
        if cards is not None:
            self.filter = cards.filter
        self._loading = True
        try:
            self._fill(cards)
        finally:
            self._loading = False

    def _fill(self, cards: Scorecards | None) -> None:
        j = self.document.journey
        self.table.setRowCount(0)
        self.rows = []
        self.add_combo.clear()
        self.caption.setVisible(False)
        if self.node is None:
            self.segments.setVisible(False)
            self.segments_label.setVisible(False)
            return
        # A phase also lists the metrics it rolls up from its touchpoints.
        present = [m for m in j.metrics if j.measurements_of(self._shown_node(), m.id)
                   or (cards is not None and cards.result_for(self.node, m.id) is not None)
                   or (self.node, m.id) in self._pending]
        for m in j.metrics:
            if m not in present:
                self.add_combo.addItem(m.name, m.id)
        self.add_button.setEnabled(self.add_combo.count() > 0)
        for metric in present:
            chosen = select(j.measurements_of(self._shown_node(), metric.id), self.filter)
            result = cards.result_for(self.node, metric.id) if cards else None
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.rows.append(metric.id)
            value = result.value if result else None
            n = result.n if result else None
            status = result.status if result else None
            target = result.target if result else metric.target
            note = result.note if result else ""
            periods = ", ".join(sort_periods({m.period for m in chosen if m.period}))
            if value is None and self.filter.period and not note:
                periods = f"no data in {self.filter.period}"  # said plainly, not an empty row
            iv = result.interval(metric) if result else None
            if iv is not None and iv.widest:
                self.caption.setVisible(True)
            cells = [
                metric.name,
                format_value(metric, value) if value is not None else "",
                status_words(metric, result) if result else "",
                "" if iv is None else margin_words(metric, iv),
                ("" if n is None else str(n)) + (" *" if "n unknown" in note else ""),
                periods or "—",
                "" if target is None else f"{target:g}",
                self._trend(metric),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                tips = [note] if note and col in (VALUE, N, STATUS) else []
                if col in (INTERVAL, STATUS) and iv is not None and result is not None:
                    tips.append(interval_tooltip(metric, result, iv))
                elif col == INTERVAL and result is not None and why_none(metric, result.value, result.n):
                    tips.append(why_none(metric, result.value, result.n))
                if tips:
                    item.setToolTip("\n".join(tips))
                if col not in (VALUE, N, TARGET):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col == TARGET:
                    overridden = result.target_overridden if result else False
                    item.setToolTip(("The future state's target here (clear it to use today's)" if
                                     self.filter.state == "future" else
                                     "Overridden for this item (clear it to use the metric's target)")
                                    if overridden else "The metric's target; type a number to override it here"
                                    + (" in the future state" if self.filter.state == "future" else ""))
                    if overridden:
                        f = item.font()
                        f.setBold(True)
                        item.setFont(f)
                if col == STATUS and status:
                    item.setForeground(QColor(system_palette().status[status]))
                self.table.setItem(row, col, item)
        self._fill_segments(present)
        for table in (self.table, self.segments):
            _fit_height(table)

    def _shown_node(self) -> str:
        """The touchpoint or phase shown (these are only called while one is)."""
        assert self.node is not None
        return self.node

    def _trend(self, metric: MetricDef) -> str:
        """Values across periods for the shown segment, as a sparkline and
        the first and last value."""
        segment = self.filter.segment or ""
        by_period: dict[str, list] = {}
        for m in self.document.journey.measurements_of(self._shown_node(), metric.id):
            if m.period and m.segment == segment:
                by_period.setdefault(m.period, []).append((m.value, m.n))
        if len(by_period) < 2:
            return ""
        # A period whose values cannot be combined (medians) is left out of the trend.
        points = [(p, v) for p in sort_periods(by_period)
                  if (v := combine(by_period[p], metric.aggregation)[0]) is not None]
        if len(points) < 2:
            return ""
        values = [v for _, v in points]
        return (f"{sparkline(values)} {format_value(metric, values[0])} ({points[0][0]}) → "
                f"{format_value(metric, values[-1])} ({points[-1][0]})")

    def _fill_segments(self, present) -> None:
        """Each metric per segment side by side (for the shown period)."""
        j = self.document.journey
        segments = [s for s in j.segments() if any(m.segment == s for m in j.measurements_of(self._shown_node()))]
        self.segments.setVisible(bool(segments))
        self.segments_label.setVisible(bool(segments))
        if not segments:
            return
        columns = ["Metric", "All customers", *segments]
        self.segments.setColumnCount(len(columns))
        self.segments.setHorizontalHeaderLabels(columns)
        self.segments.setRowCount(len(present))
        for r, metric in enumerate(present):
            self.segments.setItem(r, 0, QTableWidgetItem(metric.name))
            for c, seg in enumerate(["", *segments], start=1):
                chosen = [m for m in j.measurements_of(self._shown_node(), metric.id) if m.segment == (seg or "")]
                value, _ = combine([(m.value, m.n) for m in select(chosen, Filter(seg or "", self.filter.period))],
                                   metric.aggregation)
                item = QTableWidgetItem(format_value(metric, value) if value is not None else "–")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.segments.setItem(r, c, item)
        self.segments.resizeColumnsToContents()

    def _current_key(self, metric_id: str) -> tuple[str, str]:
        """The period and segment an edited value is written to."""
        chosen = select(self.document.journey.measurements_of(self._shown_node(), metric_id), self.filter)
        period = chosen[0].period if chosen else (self.filter.period or "")
        segment = self.filter.segment or ""
        return period, segment

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or self.node is None:
            return
        metric_id = self.rows[item.row()]
        try:
            number = _parse_number(item.text())
        except ValueError:
            self.document.error.emit(f"'{item.text()}' is not a number")
            self.show_node(self.node, self._cards)  # put the old value back
            return
        col = item.column()
        if col == TARGET:
            # In the future view a card's target is the future state's.
            future = self.filter.state == "future" and self.document.journey.has_touchpoint(self.node)
            self.document.set_target_override(self.node, metric_id, number, future=future)
            return
        period, segment = self._current_key(metric_id)
        existing = self.document.journey.measurement((self.node, metric_id, period, segment))
        if col == VALUE and number is not None:
            self.document.set_measurement(Measurement(
                self.node, metric_id, number, existing.n if existing else None, period, segment,
                existing.source if existing else "entered"))
        elif col == N and existing is not None:
            self.document.set_measurement(Measurement(
                self.node, metric_id, existing.value, None if number is None else int(number),
                period, segment, existing.source))

    def add_selected_metric(self) -> None:
        metric_id = self.add_combo.currentData()
        if self.node is None or metric_id is None:
            return
        self._pending.add((self.node, metric_id))
        self.show_node(self.node, self._cards)
        row = self.rows.index(metric_id)
        self.table.setCurrentCell(row, VALUE)
        cell = self.table.item(row, VALUE)
        if cell is not None:
            self.table.editItem(cell)

    def remove_selected_metric(self) -> None:
        row = self.table.currentRow()
        if self.node is None or row < 0:
            return
        metric_id = self.rows[row]
        keys = [m.key for m in self.document.journey.measurements_of(self._shown_node(), metric_id)]
        self._pending.discard((self.node, metric_id))
        if keys:
            self.document.remove_measurements(keys)
        else:
            self.show_node(self.node, self._cards)
