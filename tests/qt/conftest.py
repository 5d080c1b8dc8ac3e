import json

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from journeymap.io.journey_file import dumps


@pytest.fixture(scope="session", autouse=True)
def release_clipboard_at_end():
    yield
    from journeymap.qt.clipboard import release_clipboard
    release_clipboard()


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    """Settings and recovery files go to a temporary folder, and no test can
    hang on a modal dialog: each one answers as the test chooses."""
    monkeypatch.setenv("JOURNEYMAP_CONFIG_DIR", str(tmp_path / "config"))
    answers = {"question": QMessageBox.StandardButton.Yes, "warning": QMessageBox.StandardButton.Discard}
    shown = []

    def fake(kind):
        def show(*args, **_kwargs):
            shown.append((kind, args[2] if len(args) > 2 else ""))
            return answers.get(kind, QMessageBox.StandardButton.Ok)
        return show
    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake(kind)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(fake("about")))
    return {"answers": answers, "shown": shown}


@pytest.fixture
def dialogs(isolated_config):
    return isolated_config


def shown_window(qtbot, document=None, size=(1600, 1000)):
    """A main window on `document` (the sample by default), at `size`
    before it is first shown, as a user's screen would open it."""
    from journeymap.qt.app import sample_document
    from journeymap.qt.main_window import MainWindow
    w = MainWindow(document if document is not None else sample_document())
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot):
    w = shown_window(qtbot)
    w.view.set_zoom(0.6)
    w.view.centerOn(w.scene.sceneRect().center())
    QApplication.processEvents()
    # pytest-qt closes it after the test; the patched "save changes?" answers Discard.
    return w


def snapshot(journey) -> dict:
    return json.loads(dumps(journey))


def card_point(window, tp_id: str, where: str = "centre") -> QPoint:
    item = window.scene.card_items[tp_id]
    rect = item.mapRectToScene(item.card_rect())
    point = {"centre": rect.center(), "handle": item.mapToScene(item.handle_center()),
             "body": QPointF(rect.left() + 40, rect.top() + 40)}[where]
    window.view.ensureVisible(rect, 20, 20)
    QApplication.processEvents()
    return window.view.mapFromScene(point)


def scene_point(window, x: float, y: float) -> QPoint:
    window.view.ensureVisible(x - 5, y - 5, 10, 10, 10, 10)
    QApplication.processEvents()
    return window.view.mapFromScene(QPointF(x, y))


def send_mouse(widget, kind, pos: QPoint, button=Qt.MouseButton.LeftButton,
               buttons=Qt.MouseButton.LeftButton, modifiers=Qt.KeyboardModifier.NoModifier):
    local = QPointF(pos)
    event = QMouseEvent(kind, local, widget.mapToGlobal(local), button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def drag(widget, start: QPoint, end: QPoint, steps: int = 8, modifiers=Qt.KeyboardModifier.NoModifier,
         button=Qt.MouseButton.LeftButton):
    """Press, move in steps with the button held, release: a real drag
    (QTest.mouseMove does not carry the held button in Qt 6)."""
    send_mouse(widget, QEvent.Type.MouseButtonPress, start, button, button, modifiers)
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        send_mouse(widget, QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, button, modifiers)
    send_mouse(widget, QEvent.Type.MouseButtonRelease, end, button, Qt.MouseButton.NoButton, modifiers)
    QApplication.processEvents()


def wheel(widget, pos: QPoint, delta: int, modifiers=Qt.KeyboardModifier.ControlModifier):
    event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, delta),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def present(window, qtbot):
    """Presentation mode on the window's journey, at projector size."""
    from journeymap.qt.present import PresentationWindow
    p = PresentationWindow(window.document)
    qtbot.addWidget(p)
    p.resize(1920, 1080)
    p.show()
    qtbot.waitExposed(p)
    p.go_to(0, animate=False)
    p.setFocus()
    QApplication.processEvents()
    return p
