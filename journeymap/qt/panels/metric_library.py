"""Metric library: define and edit metric definitions. Changing a target
recolours the map at once (the edit is an undo step like any other)."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journeymap.model.entities import MetricDef
from journeymap.model.metrics import AGGREGATIONS, STANDARD_METRICS

from ..document import JourneyDocument

# (header, MetricDef field, kind)
FIELDS = (("Name", "name", "text"), ("Unit", "unit", "text"), ("Min", "scale_min", "number"),
          ("Max", "scale_max", "number"), ("Better", "direction", ("higher", "lower")),
          ("Aggregation", "aggregation", AGGREGATIONS), ("Target", "target", "optional"),
          ("Amber band", "amber", "number"), ("Band is", "amber_mode", ("absolute", "percent")),
          ("Weight", "weight", "number"), ("Minimum n", "min_n", "whole"))


class MetricLibraryPanel(QWidget):
    def __init__(self, document: JourneyDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self._loading = False
        self.table = QTableWidget(0, len(FIELDS))
        self.table.setHorizontalHeaderLabels([f[0] for f in FIELDS])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The metric's name takes the spare width (a wide dock stretched the
        # Weight column across half the screen).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_button = QPushButton("Add metric")
        menu = QMenu(self.add_button)
        self.add_menu = menu
        self.add_button.setMenu(menu)
        menu.aboutToShow.connect(self._fill_add_menu)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.ids: list[str] = []
        self.reload()

    def reload(self) -> None:
        self._loading = True
        try:
            metrics = self.document.journey.metrics
            self.ids = [m.id for m in metrics]
            self.table.setRowCount(len(metrics))
            for r, metric in enumerate(metrics):
                for c, (_, field, kind) in enumerate(FIELDS):
                    value = getattr(metric, field)
                    if isinstance(kind, tuple):
                        combo = self.table.cellWidget(r, c)
                        if not isinstance(combo, QComboBox):
                            combo = QComboBox()
                            combo.addItems(list(kind))
                            combo.activated.connect(lambda _i, c=c, combo=combo: self._on_combo(combo, c))
                            self.table.setCellWidget(r, c, combo)
                        combo.setProperty("row", r)
                        combo.setCurrentText(value)
                        continue
                    text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
                    if field == "min_n":
                        text = str(value) if value else ""
                    item = QTableWidgetItem(text)
                    if field == "name":
                        item.setToolTip(f"id: {metric.id}")
                    if field == "min_n":
                        item.setToolTip("A value from fewer answers is shown but not judged: no status, "
                                        "not in the health figure or the weak ranking. Empty: any n counts.")
                    self.table.setItem(r, c, item)
        finally:
            self._loading = False

    def _apply(self, row: int, field: str, value) -> None:
        metric = self.document.journey.metric(self.ids[row])
        if getattr(metric, field) == value:
            return
        self.document.set_metric(dataclasses.replace(metric, **{field: value}),
                                 f"Change {metric.name} {field.replace('_', ' ')}")

    def _on_combo(self, combo: QComboBox, col: int) -> None:
        if self._loading:
            return
        self._apply(combo.property("row"), FIELDS[col][1], combo.currentText())

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        _, field, kind = FIELDS[item.column()]
        text = item.text().strip().replace(",", ".")
        value: str | float | int | None
        try:
            if kind == "text":
                value = item.text().strip()
                if field == "name" and not value:
                    raise ValueError("a metric needs a name")
            elif kind == "optional" and not text:
                value = None
            elif kind == "whole":
                value = int(text) if text else 0
                if value < 0:
                    raise ValueError("negative")
            else:
                value = float(text)
        except ValueError:
            self.document.error.emit(f"{FIELDS[item.column()][0]}: '{item.text()}' is not a valid value")
            self.reload()
            return
        self._apply(item.row(), field, value)

    def _fill_add_menu(self) -> None:
        self.add_menu.clear()
        have = {m.id for m in self.document.journey.metrics}
        for metric in STANDARD_METRICS.values():
            action = self.add_menu.addAction(metric.name)
            action.setEnabled(metric.id not in have)
            action.triggered.connect(lambda _=False, m=metric: self.add_metric(m))
        self.add_menu.addSeparator()
        self.add_menu.addAction("Custom metric…", self.add_custom)

    def add_metric(self, metric: MetricDef) -> None:
        self.document.set_metric(metric, f"Add metric {metric.name}")

    def add_custom(self) -> None:
        journey = self.document.journey
        metric_id = journey.new_id("metric")
        self.add_metric(MetricDef(id=metric_id, name=f"Custom {metric_id.split('-')[-1]}",
                                  scale_min=0, scale_max=10, aggregation="mean", target=7, amber=1))

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.document.delete_metric(self.ids[row])



