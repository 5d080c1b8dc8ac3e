"""Inspector: every field of the selected touchpoint, connection, phase or
the journey itself, editable; each finished edit is one undo step."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journeymap.analysis.scorecard import Scorecards
from journeymap.analysis.status import Status
from journeymap.model.entities import JourneyInfo
from journeymap.model.wording import how_many

from ..document import JourneyDocument
from .channel_field import ChannelField
from .fields import CommitPlainTextEdit, EmotionSpinBox, FocusComboBox
from .metrics_table import MetricsTable
from .research_section import ResearchSection


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())



class InspectorPanel(QWidget):
    def __init__(self, document: JourneyDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.cards: Scorecards | None = None
        self.kind = "journey"
        self.item_id: str | None = None
        self._loading = False
        self.title = QLabel()
        self.title.setObjectName("inspectorTitle")
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        f.setBold(True)
        self.title.setFont(f)
        # Wrapped: a long name would otherwise widen the panel, and shift the map beside it.
        self.title.setWordWrap(True)
        self.stack = QStackedWidget()
        self._build_journey_page()
        self._build_phase_page()
        self._build_touchpoint_page()
        self._build_connection_page()
        self._build_many_page()
        self._build_lane_page()
        self.scroller = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(scroll)
        # A committed line edit counts as unmodified again (see _set_text).
        for edit in self.findChildren(QLineEdit):
            edit.editingFinished.connect(partial(edit.setModified, False))
        self.show_journey()

    # ----------------------------------------------------------------- pages
    def _build_journey_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.j_name = QLineEdit()
        self.j_name.editingFinished.connect(self._commit_journey)
        self.j_desc = CommitPlainTextEdit(self._commit_journey)
        self.j_summary = QLabel()
        self.j_summary.setWordWrap(True)
        self.j_summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        form.addRow("Name", self.j_name)
        form.addRow("Description", self.j_desc)
        form.addRow("Overview", self.j_summary)
        self.stack.addWidget(page)

    def _build_phase_page(self) -> None:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        self.p_name = QLineEdit()
        self.p_name.editingFinished.connect(self._commit_phase)
        self.p_macro = QLineEdit()
        self.p_macro.setPlaceholderText("e.g. Customer support")
        self.p_macro.setToolTip("Phases that share a macro phase are grouped under one band")
        self.p_macro.editingFinished.connect(self._commit_phase)
        self.p_desc = CommitPlainTextEdit(self._commit_phase)
        form.addRow("Name", self.p_name)
        form.addRow("Macro phase", self.p_macro)
        form.addRow("Description", self.p_desc)
        outer.addLayout(form)
        outer.addWidget(QLabel("Metrics (phase roll-up or its own measurement)"))
        self.p_metrics = MetricsTable(self.document)
        outer.addWidget(self.p_metrics)
        self.stack.addWidget(page)

    def _build_touchpoint_page(self) -> None:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        self.t_name = QLineEdit()
        self.t_name.setAccessibleName("Touchpoint name")
        self.t_name.editingFinished.connect(lambda: self._commit_tp("name", self.t_name.text().strip()))
        self.t_phase = FocusComboBox()
        self.t_phase.activated.connect(lambda _: self._commit_tp("phase", self.t_phase.currentData()))
        self.t_lane = FocusComboBox()
        self.t_lane.activated.connect(lambda _: self._commit_tp("lane", self.t_lane.currentData()))
        self.t_channel = ChannelField()
        self.t_channel.known_source = lambda: (t.channel for t in self.document.journey.touchpoints)
        self.t_channel.editingFinished.connect(lambda: self._commit_tp("channel", self.t_channel.text().strip()))
        self.t_owner = QLineEdit()
        self.t_owner.setPlaceholderText("Owning department")
        self.t_owner.editingFinished.connect(lambda: self._commit_tp("owner", self.t_owner.text().strip()))
        self.t_desc: CommitPlainTextEdit = CommitPlainTextEdit(
            lambda: self._commit_tp("description", self.t_desc.toPlainText().strip()))
        self.t_emotion = EmotionSpinBox()
        self.t_emotion.setToolTip("How the customer feels here, from -2 (very negative) to +2 (very positive)")
        self.t_emotion.editingFinished.connect(self._commit_emotion)
        self.t_pains: CommitPlainTextEdit = CommitPlainTextEdit(
            lambda: self._commit_tp("pain_points", _lines(self.t_pains.toPlainText())))
        self.t_pains.setPlaceholderText("One pain point per line")
        self.t_opps: CommitPlainTextEdit = CommitPlainTextEdit(
            lambda: self._commit_tp("opportunities", _lines(self.t_opps.toPlainText())))
        self.t_opps.setPlaceholderText("One opportunity per line")
        self.t_truth = QCheckBox("Moment of truth")
        self.t_truth.toggled.connect(lambda on: self._commit_tp("moment_of_truth", on))
        for label, widget in (("Name", self.t_name), ("Phase", self.t_phase), ("Lane", self.t_lane),
                              ("Channel", self.t_channel), ("Owner", self.t_owner),
                              ("Description", self.t_desc), ("Emotion", self.t_emotion),
                              ("Pain points", self.t_pains), ("Opportunities", self.t_opps),
                              ("", self.t_truth)):
            form.addRow(label, widget)
        outer.addLayout(form)
        # Personas' emotions (beside the card's own), then its figures, then
        # the future state, evidence and a linked journey.
        self.t_research = ResearchSection(self.document)
        outer.addWidget(self.t_research.persona_box)
        outer.addWidget(QLabel("Metrics"))
        self.t_metrics = MetricsTable(self.document)
        outer.addWidget(self.t_metrics)
        outer.addWidget(self.t_research)
        self.stack.addWidget(page)

    def _build_connection_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.c_from = QLabel()
        self.c_to = QLabel()
        for label in (self.c_from, self.c_to):
            label.setWordWrap(True)
        self.c_label = QLineEdit()
        self.c_label.setAccessibleName("Connection label")
        self.c_label.setPlaceholderText("e.g. needs help, self-serve")
        self.c_label.editingFinished.connect(lambda: self._commit_connection(label=self.c_label.text().strip()))
        self.c_share = QDoubleSpinBox()
        self.c_share.setAccessibleName("Customer share")
        self.c_share.setRange(-1.0, 100.0)
        self.c_share.setDecimals(0)
        self.c_share.setSuffix(" %")
        # The value below 0 stands for "not set": an even split among the paths.
        self.c_share.setSpecialValueText("not set")
        self.c_share.setToolTip("Share of the customers at the first card who go on this way; it drives the "
                                "reach of each touchpoint (Analysis). Not set: shared evenly with the other ways on.")
        self.c_share.editingFinished.connect(self._commit_share)
        form.addRow("From", self.c_from)
        form.addRow("To", self.c_to)
        form.addRow("Label", self.c_label)
        form.addRow("Customer share", self.c_share)
        self.stack.addWidget(page)

    def _build_lane_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.l_name = QLineEdit()
        self.l_name.setAccessibleName("Lane name")
        self.l_name.editingFinished.connect(self._commit_lane)
        self.l_summary = QLabel()
        self.l_summary.setWordWrap(True)
        form.addRow("Name", self.l_name)
        form.addRow("Cards", self.l_summary)
        self.stack.addWidget(page)

    def _build_many_page(self) -> None:
        """Several cards selected: the fields they share, set on all of them
        in one undo step. A field the cards differ in shows "(mixed)" and
        is left alone unless the user sets it."""
        page = QWidget()
        form = QFormLayout(page)
        self.m_lane = FocusComboBox()
        self.m_lane.setAccessibleName("Lane of the selected touchpoints")
        self.m_lane.activated.connect(lambda _: self._commit_many("lane", self.m_lane.currentData()))
        self.m_channel = ChannelField()
        self.m_channel.editingFinished.connect(lambda: self._commit_many("channel", self.m_channel.text().strip()))
        self.m_owner = QLineEdit()
        self.m_owner.setAccessibleName("Owner of the selected touchpoints")
        self.m_owner.editingFinished.connect(lambda: self._commit_many("owner", self.m_owner.text().strip()))
        self.m_note = QLabel("Changes apply to every selected touchpoint, as one step to undo.")
        self.m_note.setWordWrap(True)
        form.addRow("Lane", self.m_lane)
        form.addRow("Channel", self.m_channel)
        form.addRow("Owner", self.m_owner)
        form.addRow(self.m_note)
        self.stack.addWidget(page)

    # ------------------------------------------------------------------ show
    def show_lane(self, lane_id: str) -> None:
        self._show("lane", lane_id)

    def show_many(self, tp_ids: list[str]) -> None:
        self._show("many", "\n".join(tp_ids))

    def set_scorecards(self, cards: Scorecards) -> None:
        self.cards = cards
        self.reload()

    def show_journey(self) -> None:
        self._show("journey", None)

    def show_phase(self, phase_id: str) -> None:
        self._show("phase", phase_id)

    def show_touchpoint(self, tp_id: str) -> None:
        self._show("touchpoint", tp_id)

    def show_connection(self, source: str, target: str) -> None:
        self._show("connection", f"{source}>{target}")

    def edit_connection_label(self) -> None:
        """Double-click on a connection: its label, ready to type."""
        self.c_label.setFocus()
        self.c_label.selectAll()

    def _show(self, kind: str, item_id: str | None) -> None:
        if (kind, item_id) != (self.kind, self.item_id):
            # Another item: its first fields, not where the last one was scrolled to.
            self.scroller.verticalScrollBar().setValue(0)
        self.kind, self.item_id = kind, item_id
        self.reload()

    def reload(self) -> None:
        j = self.document.journey
        if self.kind == "touchpoint" and not j.has_touchpoint(self.item_id or ""):
            self.kind, self.item_id = "journey", None
        if self.kind == "phase" and not j.has_phase(self.item_id or ""):
            self.kind, self.item_id = "journey", None
        if self.kind == "connection" and not j.has_connection(*self._connection_key()):
            self.kind, self.item_id = "journey", None
        if self.kind == "many" and len(self._many_ids()) < 2:
            self.kind, self.item_id = "journey", None
        if self.kind == "lane" and not j.has_lane(self.item_id or ""):
            self.kind, self.item_id = "journey", None
        self._loading = True
        try:
            {"journey": self._load_journey, "phase": self._load_phase,
             "touchpoint": self._load_touchpoint, "connection": self._load_connection,
             "many": self._load_many, "lane": self._load_lane}[self.kind]()
        finally:
            self._loading = False
        # The page shown, at the height it needs: a metrics table that grew
        # with its rows was squeezed under its buttons at 1280x720 (the
        # scroll area did not hear that the page's needs had changed).
        page = self.stack.currentWidget()
        layout = page.layout() if page is not None else None
        if page is not None and layout is not None:
            layout.activate()
            self.stack.setFixedHeight(max(page.minimumSizeHint().height(), page.sizeHint().height()))

    def _set_text(self, widget, text: str) -> None:
        # Never overwrite what the user is typing; a field that only has the
        # focus (its edit committed, then Edit > Undo from the menu) follows
        # the journey, or Enter in it would silently redo the undone change.
        if widget.hasFocus() and not (isinstance(widget, QLineEdit) and not widget.isModified()):
            return
        if isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != text:
                widget.setPlainText(text)
        elif widget.text() != text:
            widget.setText(text)
            if isinstance(widget, QLineEdit):
                widget.setCursorPosition(0)  # a long name shows its start, not its end

    def _load_journey(self) -> None:
        j = self.document.journey
        self.title.setText("Journey")
        self.stack.setCurrentIndex(0)
        self._set_text(self.j_name, j.info.name)
        self._set_text(self.j_desc, j.info.description)
        counts = self.cards.status_counts() if self.cards else {}
        summary = (f"{how_many(len(j.phases), 'phase')}, {how_many(len(j.lanes), 'lane')}, "
                   f"{how_many(j.touchpoint_count(), 'touchpoint')}, "
                   f"{how_many(j.connection_count(), 'connection')}, "
                   f"{how_many(j.measurement_count(), 'measurement')}.")
        shown = len(self.cards.touchpoints) if self.cards else j.touchpoint_count()
        state = self.cards.filter.state if self.cards else "both"
        if state != "both":
            summary += f"\nThe {state} journey: {how_many(shown, 'touchpoint')}."
        if counts:
            # Touchpoints by their status, in words ("none" read as nothing),
            # the verb agreeing with the count ("1 has no data").
            words = {Status.GREEN: ("meets its targets", "meet their targets"), Status.AMBER: ("is near", "are near"),
                     Status.RED: ("misses a target", "miss a target"), Status.NONE: ("has no data", "have no data")}
            summary += "\nTouchpoints: " + ", ".join(f"{n:,} {words[s][n != 1]}" for s, n in counts.items() if n)
        self.j_summary.setText(summary)

    def _load_phase(self) -> None:
        phase = self.document.journey.phase(self._shown_id())
        self.title.setText(f"Phase: {phase.name}")
        self.stack.setCurrentIndex(1)
        self._set_text(self.p_name, phase.name)
        self._set_text(self.p_macro, phase.macro)
        self._set_text(self.p_desc, phase.description)
        self.p_metrics.show_node(phase.id, self.cards)

    def _load_lane(self) -> None:
        j = self.document.journey
        lane = j.lane(self._shown_id())
        self.title.setText(f"Lane: {lane.name}")
        self.stack.setCurrentIndex(5)
        self._set_text(self.l_name, lane.name)
        cards = list(j.touchpoints_in(lane_id=lane.id))
        phases = [p.name for p in j.phases if any(tp.phase == p.id for tp in cards)]
        self.l_summary.setText(how_many(len(cards), "touchpoint")
                               + (f" in {', '.join(phases)}" if phases else "; double-click a cell to add one"))

    def _commit_lane(self) -> None:
        if self._loading or self.kind != "lane":
            return
        name = self.l_name.text().strip()
        if name:
            self.document.rename_lane(self._shown_id(), name)
        else:
            self.reload()

    def _load_touchpoint(self) -> None:
        j = self.document.journey
        tp = j.touchpoint(self._shown_id())
        self.title.setText(f"Touchpoint: {tp.name}")
        self.stack.setCurrentIndex(2)
        self._set_text(self.t_name, tp.name)
        for combo, items, current in ((self.t_phase, j.phases, tp.phase), (self.t_lane, j.lanes, tp.lane)):
            combo.clear()
            for it in items:
                combo.addItem(it.name, it.id)
            combo.setCurrentIndex(combo.findData(current))
        self._set_text(self.t_channel, tp.channel)
        self._set_text(self.t_owner, tp.owner)
        self._set_text(self.t_desc, tp.description)
        if not self.t_emotion.hasFocus():
            self.t_emotion.setValue(tp.emotion if tp.emotion is not None else self.t_emotion.minimum())
        self._set_text(self.t_pains, "\n".join(tp.pain_points))
        self._set_text(self.t_opps, "\n".join(tp.opportunities))
        self.t_truth.setChecked(tp.moment_of_truth)
        self.t_metrics.show_node(tp.id, self.cards)
        self.t_research.show_touchpoint(tp.id)

    def _load_connection(self) -> None:
        j = self.document.journey
        source, target = self._connection_key()
        conn = j.connection(source, target)
        a, b = j.touchpoint(source), j.touchpoint(target)
        self.title.setText(f"Connection: {a.name} → {b.name}")
        self.stack.setCurrentIndex(3)
        self.c_from.setText(f"{a.name} ({j.phase(a.phase).name})")
        self.c_to.setText(f"{b.name} ({j.phase(b.phase).name})")
        self._set_text(self.c_label, conn.label)
        if not self.c_share.hasFocus():
            self.c_share.setValue(-1.0 if conn.share is None else conn.share * 100)

    def _many_ids(self) -> list[str]:
        j = self.document.journey
        return [t for t in (self.item_id or "").split("\n") if t and j.has_touchpoint(t)]

    def _load_many(self) -> None:
        j = self.document.journey
        tps = [j.touchpoint(t) for t in self._many_ids()]
        self.title.setText(f"{len(tps)} touchpoints selected")
        self.stack.setCurrentIndex(4)

        def shared(field: str) -> str | None:
            values = {getattr(tp, field) for tp in tps}
            return values.pop() if len(values) == 1 else None

        self.m_lane.clear()
        lane = shared("lane")
        if lane is None:
            self.m_lane.addItem("(mixed)", None)
        for ln in j.lanes:
            self.m_lane.addItem(ln.name, ln.id)
        self.m_lane.setCurrentIndex(max(0, self.m_lane.findData(lane)) if lane is not None else 0)
        for field, widget in (("channel", self.m_channel), ("owner", self.m_owner)):
            value = shared(field)
            widget.setPlaceholderText("(mixed)" if value is None else "")
            self._set_text(widget, value or "")

    def _commit_many(self, field: str, value) -> None:
        if self._loading or self.kind != "many" or value is None:
            return
        widget = {"channel": self.m_channel, "owner": self.m_owner}.get(field)
        if widget is not None and not value and widget.placeholderText() == "(mixed)":
            return  # left empty over mixed values: nothing was asked for
        words = {"lane": "Move", "channel": "Change channel of", "owner": "Change owner of"}[field]
        ids = self._many_ids()
        self.document.update_touchpoints(ids, f"{words} {len(ids)} touchpoints", **{field: value})

    def _connection_key(self) -> tuple[str, str]:
        source, _, target = (self.item_id or "").partition(">")
        return source, target

    def _shown_id(self) -> str:
        """The phase or touchpoint shown (only asked while one is)."""
        assert self.item_id is not None
        return self.item_id

    # ---------------------------------------------------------------- commit
    def _commit_tp(self, field: str, value) -> None:
        if self._loading or self.kind != "touchpoint" or value is None:
            return
        if field == "name" and not value:
            self.reload()
            return
        self.document.update_touchpoint(self._shown_id(), **{field: value})

    def _commit_connection(self, **changes: str | float | None) -> None:
        if self._loading or self.kind != "connection":
            return
        source, target = self._connection_key()
        self.document.update_connection(source, target, **changes)

    def _commit_share(self) -> None:
        value = self.c_share.value()
        self._commit_connection(share=None if value < 0 else round(value / 100, 4))

    def _commit_emotion(self) -> None:
        if self._loading or self.kind != "touchpoint":
            return
        value = self.t_emotion.value()
        self.document.update_touchpoint(self._shown_id(), emotion=None if value < -2.0 else value)

    def _commit_phase(self) -> None:
        if self._loading or self.kind != "phase":
            return
        phase = self.document.journey.phase(self._shown_id())
        changes = {"name": self.p_name.text().strip() or phase.name,
                   "macro": self.p_macro.text().strip(),
                   "description": self.p_desc.toPlainText().strip()}
        changes = {k: v for k, v in changes.items() if getattr(phase, k) != v}
        if changes:
            self.document.update_phase(self._shown_id(), **changes)

    def _commit_journey(self) -> None:
        if self._loading:
            return
        info = self.document.journey.info
        name = self.j_name.text().strip() or info.name
        desc = self.j_desc.toPlainText().strip()
        if (name, desc) != (info.name, info.description):
            self.document.set_info(JourneyInfo(name=name, description=desc, import_settings=info.import_settings))

