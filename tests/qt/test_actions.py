"""Actions in the window: made in one step from a weak touchpoint, a matrix
point or an opportunity, listed and filtered, shown on cards, undoable."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from journeymap.qt.panels.actions_panel import ActionDialog


def _accept_dialog_with(changes):
    """Fill the next ActionDialog as a user would, then press OK."""
    def fill():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ActionDialog) and w.isVisible())
        for widget, value in changes.items():
            getattr(dialog, widget).setText(value) if hasattr(getattr(dialog, widget), "setText") else \
                getattr(dialog, widget).setCurrentText(value)
        dialog.accept()
    QTimer.singleShot(0, fill)


def test_weak_touchpoint_to_action_in_one_step_then_edit_filter_and_undo(window):
    j = window.document.journey
    window.weak_panel.action_requested.emit("support-chat")
    assert len(j.actions) == 1
    action = j.actions[0]
    assert action.title == "Improve Support chat"
    assert action.touchpoints == ("support-chat",)
    assert action.impact == "high"  # a red card
    assert action.owner == "Customer care"
    assert "NPS -12 vs target +30, 42 short" in action.description
    panel = window.actions_panel
    assert window.docks["actions"].isVisible()
    assert panel.selected_id() == action.id
    assert window.scene.selected_touchpoints() == ["support-chat"]  # its card, shown on the map
    window.scene.flush()
    card = window.scene.card_items["support-chat"]
    assert card.data_.open_actions == ("Improve Support chat",)
    card._apply_tooltip()
    assert "<b>Open actions</b>: Improve Support chat" in card.toolTip()

    _accept_dialog_with({"title": "Answer chats within 2 minutes", "status": "done"})
    panel.edit_selected()
    assert j.action(action.id).title == "Answer chats within 2 minutes"
    assert j.action(action.id).status == "done"
    window.scene.flush()
    assert card.data_.open_actions == ()  # done: no longer counted on the card
    assert panel.table.rowCount() == 0  # the default filter shows open ones
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(None))
    assert panel.table.item(0, 0).text() == "Answer chats within 2 minutes"
    assert window.document.undo_stack.undoText() == "Edit action 'Improve Support chat'"
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert j.actions == []
    window.document.undo_stack.redo()
    assert j.actions[0].title == "Improve Support chat"


def test_from_the_priority_matrix_and_from_an_opportunity(window):
    j = window.document.journey
    window.priority_panel.action_requested.emit("pricing-page")
    assert j.actions[-1].touchpoints == ("pricing-page",)
    window.document.update_touchpoint("kickoff", opportunities=("Send the agenda a week ahead",))
    menu = window.build_context_menu("touchpoint", "kickoff")
    sub = next(a.menu() for a in menu.actions() if a.text() == "Create Action from &Opportunity")
    sub.actions()[0].trigger()
    made = j.actions[-1]
    assert made.title == "Send the agenda a week ahead"
    assert made.touchpoints == ("kickoff",)
    assert made.description.startswith("An opportunity captured on Onboarding kick-off.")


def test_a_new_action_from_the_panel_and_delete(window):
    j = window.document.journey
    _accept_dialog_with({"title": "Call every churned customer", "owner": "Success"})
    assert window.actions_panel.add() is not None
    assert j.actions[0].owner == "Success"
    assert j.actions[0].touchpoints == ()
    heard = []
    window.actions_panel.message.connect(heard.append)
    window.actions_panel.delete_selected()
    assert j.actions == []
    assert heard == ["Deleted action 'Call every churned customer' (Edit > Undo brings it back)"]
    assert window.document.undo_stack.undoText() == "Delete action 'Call every churned customer'"


def test_the_dialog_refuses_an_empty_title(window, qtbot):
    dialog = ActionDialog(window.document.journey, None)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    dialog.title.setText("  ")
    assert not dialog.ok.isEnabled()
    dialog.title.setText("Fix it")
    assert dialog.ok.isEnabled()
    dialog.has_due.setChecked(True)
    assert dialog.fields()["due"] == dialog.due.date().toString("yyyy-MM-dd")
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_file_export_writes_the_stakeholder_page(window, tmp_path):
    path = tmp_path / "for-the-board.html"
    assert window.export_to(path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('class="card"') == len(window.document.journey.touchpoints)


def test_save_as_suggests_a_name_every_system_takes():
    from journeymap.qt.file_actions import file_name
    assert file_name("Acme Analytics: B2B customer journey") == "Acme Analytics - B2B customer journey"
    assert file_name('a/b\\c?"') == "a - b - c"
    assert file_name("...") == "journey"
