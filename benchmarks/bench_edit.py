"""Edit speed in the window, command push to painted view (issue 13).

For journeys of 200, 2,000 and 10,000 touchpoints: rename, move a card,
change a target, undo, redo, add and delete a touchpoint (medians of 5), and
deleting a whole phase. Each time runs from the document call that pushes the
undo command to the end of a synchronous repaint of a 1600x1000 view. The
baseline, measured in the same run, is that same repaint with no edit: the
least any edit can cost. Targets: rename/move/target/undo/redo under 30 ms at
2,000 and under 60 ms at 10,000; add/delete under 60 ms at 2,000; a phase of
10,000 deleted under 0.5 s.
Run: `QT_QPA_PLATFORM=offscreen python benchmarks/bench_edit.py [sizes...]`.
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

from PySide6.QtWidgets import QApplication
from synthetic import build

TARGETS = {200: (30, 60), 2000: (30, 60), 10000: (60, None)}


def painted(window, action) -> float:
    """ms from the edit to a painted view."""
    app = QApplication.instance()
    start = time.perf_counter()
    action()
    window.scene.flush()
    app.processEvents()  # paints what the edit marked dirty, as the event loop would
    return (time.perf_counter() - start) * 1000


def median_of(window, make_action, repeat=5) -> float:
    return statistics.median(painted(window, make_action(i)) for i in range(repeat))


def run(size: int) -> None:
    from journeymap.qt.app import open_window
    from journeymap.qt.document import JourneyDocument

    journey = build(touchpoints=size, connections=size * 3 // 2, measurements=size * 50)
    doc = JourneyDocument(journey, autosave=False)
    window = open_window(doc)
    window.resize(1600 + 420, 1000 + 160)
    app = QApplication.instance()
    app.processEvents()
    window.view.viewport().repaint()
    # Work at 100% on the middle of the map, where the edited card is.
    tp = journey.touchpoints[size // 2]
    window.view.resetTransform()
    window.view.centerOn(window.scene.card_items[tp.id])
    app.processEvents()
    frame = median_of(window, lambda _i: window.view.viewport().repaint)
    stack = doc.undo_stack
    other_phase = journey.phases[(journey.phase_index(tp.phase) + 1) % len(journey.phases)].id
    figures = {
        "rename": median_of(window, lambda i: lambda: doc.update_touchpoint(tp.id, name=f"Renamed {i}")),
        # A nudge inside its cell, and a drag into the next phase (which
        # grows that column, so every card to its right shifts).
        "move in its cell": median_of(window, lambda i: lambda: doc.move_touchpoints(
            {tp.id: {"position": (12.0 + 8 * (i % 2), 20.0)}})),
        "move to next phase": median_of(window, lambda i: lambda: doc.move_touchpoints(
            {tp.id: {"phase": other_phase if i % 2 == 0 else tp.phase, "lane": tp.lane,
                     "position": None}})),
        "change a target": median_of(window, lambda i: lambda: doc.set_target_override(tp.id, "nps", float(i))),
        "undo": median_of(window, lambda _i: stack.undo),
        "redo": median_of(window, lambda _i: stack.redo),
    }
    added: list[str] = []
    figures["add a touchpoint"] = median_of(window, lambda i: lambda: added.append(
        doc.add_touchpoint(tp.phase, tp.lane, f"Added {i}")))
    figures["delete a touchpoint"] = median_of(window, lambda i: lambda: doc.delete_touchpoints([added[i]]))
    quick, slow = TARGETS[size]
    print(f"\n{size:,} touchpoints, {len(journey.connections):,} connections, "
          f"{len(journey.measurements):,} measurements; baseline: full repaint with no edit {frame:.1f} ms")
    for name, ms in figures.items():
        limit = (slow if name in ("add a touchpoint", "delete a touchpoint") else quick) if size == 2000 else \
            (quick if name not in ("add a touchpoint", "delete a touchpoint") else None)
        target = f"  (target < {limit} ms)" if limit else ""
        print(f"  {name:<22} {ms:7.1f} ms  = {ms / frame:5.1f}x a full repaint{target}")
    if size >= 10000:
        phase = journey.phases[len(journey.phases) // 2].id
        count = sum(1 for _ in journey.touchpoints_in(phase_id=phase))
        ms = painted(window, lambda: doc.delete_phase(phase))
        undo_ms = painted(window, stack.undo)
        print(f"  delete a phase ({count:,} cards) {ms:7.1f} ms  = {ms / frame:5.1f}x a full repaint"
              f"  (target < 500 ms); undo it {undo_ms:.1f} ms")
    window.document.undo_stack.setClean()
    window.close()


def main() -> None:
    QApplication([])
    if os.environ.get("PROFILE"):  # PROFILE=1: where an edit's time goes
        import cProfile
        cProfile.runctx("run(int(sys.argv[1]))", globals(), locals(), sort="cumtime")
        return
    sizes = [int(a) for a in sys.argv[1:]] or [200, 2000, 10000]
    for size in sizes:
        run(size)


if __name__ == "__main__":
    main()
