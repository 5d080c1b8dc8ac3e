"""Canvas speed on a 2,000-touchpoint, 3,000-connection journey (editor issue).

Prints: time from a saved file to a painted window; full repaint of a
1600x1000 view at 100% and zoomed to fit; and the share of the view a card
drag repaints. Each timing has a baseline measured in the same run: the same
view painting one plain rectangle per card (the least any canvas could draw).
Run: `make bench` or `QT_QPA_PLATFORM=offscreen python benchmarks/bench_canvas.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("JOURNEYMAP_CONFIG_DIR", tempfile.mkdtemp())
sys.path.insert(0, str(Path(__file__).parent))

from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView
from synthetic import build

from journeymap.io.journey_file import load, save


def repaint_ms(view, repeat=15, cold=False) -> float:
    """Median time of a full viewport repaint. Cold: the zoom changes by a
    hair before each paint, so every item cache is rebuilt (the cost of the
    first frame after a zoom); warm: the caches are used (scrolling back,
    a window uncovered)."""
    app = QApplication.instance()
    times = []
    for i in range(repeat):
        view.viewport().update()
        app.processEvents()
        if cold:  # after processEvents, or the event loop would paint first
            factor = 1.02 if i % 2 else 1 / 1.02
            view.scale(factor, factor)
        start = time.perf_counter()
        view.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class PaintSpy(QObject):
    def __init__(self):
        super().__init__()
        self.areas = []

    def eventFilter(self, _obj, event):  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            r = event.region().boundingRect()
            self.areas.append(r.width() * r.height())
        return False


def main() -> None:
    app = QApplication([])
    from journeymap.qt.app import open_window
    from journeymap.qt.document import JourneyDocument

    journey = build()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.journey"
        save(journey, path)
        start = time.perf_counter()
        doc = JourneyDocument(load(path), path)
        loaded = time.perf_counter()
        window = open_window(doc)
        window.resize(1600 + 420, 1000 + 160)
        app.processEvents()
        window.view.viewport().repaint()
        painted = time.perf_counter()
    view = window.view
    print(f"open 2,000-touchpoint file to painted window: {painted - start:.2f} s "
          f"(load {loaded - start:.2f} s, build and paint {painted - loaded:.2f} s)")
    print(f"view size: {view.viewport().width()}x{view.viewport().height()}")

    # Baseline: a plain rectangle per card in a view of the same size.
    base_scene = QGraphicsScene()
    for (x, y, w, h) in window.scene.layout.cards.values():
        base_scene.addRect(x, y, w, h)
    base_scene.setSceneRect(window.scene.sceneRect())
    base_view = QGraphicsView(base_scene)
    base_view.resize(view.viewport().size())
    base_view.show()
    app.processEvents()

    results = []
    for label, zoom in (("100% zoom", 1.0), ("fit", None)):
        for v in (view, base_view):
            if zoom is None:
                v.fitInView(v.scene().sceneRect())
            else:
                v.resetTransform()
                v.scale(zoom, zoom)
                v.centerOn(v.scene().sceneRect().center())
        app.processEvents()
        for cold in (False, True):
            ours, base = repaint_ms(view, cold=cold), repaint_ms(base_view, cold=cold)
            results.append((f"{label}, {'cold' if cold else 'warm'}", ours, base))
    print(f"{'full repaint':<20}{'ms':>8}{'baseline ms':>13}{'ratio':>8}")
    for label, ours, base in results:
        print(f"{label:<20}{ours:>8.1f}{base:>13.1f}{ours / base:>8.1f}")

    # Drag: how much of the view repaints when one card moves.
    view.resetTransform()
    item = next(iter(window.scene.card_items.values()))
    view.centerOn(item)
    app.processEvents()
    spy = PaintSpy()
    view.viewport().installEventFilter(spy)
    for _ in range(10):
        item.setPos(item.pos() + QPointF(4, 2))
        app.processEvents()
    view.viewport().removeEventFilter(spy)
    full = view.viewport().width() * view.viewport().height()
    share = statistics.median(spy.areas) / full if spy.areas else 0.0
    print(f"card drag: median repainted area {share:.1%} of the view over {len(spy.areas)} paints")
    window.document.undo_stack.setClean()


if __name__ == "__main__":
    main()
