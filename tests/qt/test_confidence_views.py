"""How sure each figure is, as the inspector, the metric library, the weak
panel and the tour show it (issue 16, part 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from journeymap.analysis.confidence import interval
from journeymap.qt.panels.metric_library import FIELDS
from journeymap.qt.panels.metrics_table import INTERVAL, STATUS


def _row(table, metric_id):
    return table.rows.index(metric_id)


def test_inspector_shows_each_values_interval_and_whether_it_can_be_told_from_the_target(window):
    j = window.document.journey
    window.scene.select_touchpoints(["support-chat"])
    window.scene.flush()
    table = window.inspector.t_metrics
    r = _row(table, "nps")
    result = window.scene.cards.result_for("support-chat", "nps")
    iv = interval(j.metric("nps"), result.value, result.n)
    cell = table.table.item(r, INTERVAL)
    assert cell.text() == f"± up to {iv.margin:.0f}"  # the sample holds no answers, only scores and n
    assert "widest possible: the promoter and detractor shares are not in the data" in cell.toolTip()
    assert table.caption.isVisible() or not table.isVisible()  # says what "± up to" means
    assert "“± up to”: the widest" in table.caption.text()
    ttr = table.table.item(_row(table, "ttr"), INTERVAL)
    assert ttr.text() == ""
    assert "this scale has no upper end" in ttr.toolTip()  # hours: why there is none
    assert table.table.item(r, STATUS).text() == "✕ Misses target"  # -12 is far from +30
    csat = table.table.item(_row(table, "csat"), INTERVAL).text()
    assert "–" in csat  # Wilson: a range, not ±
    assert csat.endswith("%")

    window.scene.select_touchpoints(["daily-use"])
    window.scene.flush()
    r = _row(table, "nps")
    assert table.table.item(r, STATUS).text() == "! Near target (unsure)"  # +22 ± 8 reaches +30
    assert "cannot yet tell this value from the target" in table.table.item(r, STATUS).toolTip()


def test_minimum_n_set_in_the_library_takes_a_value_out_of_the_judgement_and_undo_restores_it(window):
    j = window.document.journey
    lib = window.metric_library
    col = [f[1] for f in FIELDS].index("min_n")
    n = window.scene.cards.result_for("support-chat", "nps").n
    red_before = window.scene.cards.status_counts()
    lib.table.item(lib.ids.index("nps"), col).setText(str(n + 1))
    assert j.metric("nps").min_n == n + 1
    window.scene.flush()
    window.scene.select_touchpoints(["support-chat"])
    window.scene.flush()
    table = window.inspector.t_metrics
    r = _row(table, "nps")
    assert table.table.item(r, 1).text() == "-12"  # still shown
    assert table.table.item(r, STATUS).text() == "– Too few answers"
    assert f"below the {n + 1} answers NPS needs" in table.table.item(r, STATUS).toolTip()
    assert window.document.undo_stack.undoText() == "Change NPS min n"
    window.document.undo_stack.undo()
    window.scene.flush()
    assert j.metric("nps").min_n == 0
    assert window.scene.cards.status_counts() == red_before
    lib.table.item(lib.ids.index("nps"), col).setText(str(n + 1))
    window.scene.flush()
    window._on_refreshed()
    assert "with too few answers (below the metric's minimum n) not counted" in window.health_label.toolTip()
    item = window.scene.card_items["support-chat"]
    item._apply_tooltip()
    assert "NPS -12 – (too few answers to count; target +30)" in item.toolTip()
    window.document.undo_stack.undo()
    window.scene.flush()
    lib.table.item(lib.ids.index("nps"), col).setText("-3")  # refused, said, nothing changed
    assert j.metric("nps").min_n == 0


def test_weak_panel_flags_entries_that_may_meet_their_targets(window):
    panel = window.weak_panel
    window.scene.flush()
    window._refill("weak", shown=True)
    texts = {panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): panel.tree.topLevelItem(i)
             for i in range(panel.tree.topLevelItemCount())}
    assert texts["daily-use"].text(1).endswith("(unsure)")
    assert "may meet them" in texts["daily-use"].toolTip(1)
    child = texts["daily-use"].child(texts["daily-use"].childCount() - 1)
    assert child.toolTip(0) == child.text(0)  # a long reason is readable in full
    assert child.isFirstColumnSpanned()  # across the score column, not cut beside it
    assert not texts["ticket-escalation"].text(1).endswith("(unsure)")


def test_the_tour_says_how_sure_each_figure_is(present):
    p = present
    p.set_focus("daily-use")
    QApplication.processEvents()
    text = p.info.text()
    assert "NPS</b> +22 ± up to 8, n=512 (target +30)" in text
    assert "not yet distinguishable from the target" in text


def test_the_weak_panels_rank_column_stays_narrow_beside_long_reasons(window):
    panel = window.weak_panel
    window.scene.flush()
    window._refill("weak", shown=True)
    assert panel.tree.topLevelItemCount() > 0
    assert panel.tree.columnWidth(0) < 120  # the rank's width, not a reason's


def test_a_cards_tooltip_names_each_metric_in_full(window):
    """The card has room for "TTR 96.0 h"; its tooltip says "Time to
    resolution", as the inspector and the report do."""
    item = window.scene.card_items["security-review"]
    assert any(b.text.startswith("TTR ") for b in item.data_.badges)
    item._apply_tooltip()
    assert "Time to resolution 96.0 h ✕ (misses target; target 72.0 h)" in item.toolTip()  # its target too
    assert "TTR " not in item.toolTip()
