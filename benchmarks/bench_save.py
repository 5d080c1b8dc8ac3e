"""Save, routing and path analysis on 2,000- and 10,000-touchpoint maps
(issue: perf).

Each figure comes with a baseline measured in the same run, so the ratio
means the same on any machine:

* save: journey_file.save against json.dumps (no indent) of the same dict,
  the least the standard library's encoder costs for the data alone;
* routing: route_all (all connections at once) against route called once a
  connection with a shared index, as a window re-routing everything would;
* paths: analyse_paths against effective_shares, one read of every connection.

Run: `python benchmarks/bench_save.py`. Prints; asserts nothing.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))  # this checkout's journeymap, not an installed one

from synthetic import best_of, build  # noqa: E402

from journeymap.analysis.paths import analyse_paths, effective_shares  # noqa: E402
from journeymap.drawing.layout import compute_layout  # noqa: E402
from journeymap.drawing.routing import CardIndex, corridors, route, route_all  # noqa: E402
from journeymap.io.journey_file import save, to_dict  # noqa: E402

SIZES = [(2000, 3000, 100_000), (10_000, 15_000, 100_000)]


def row(step, t, med, base, note):
    print(f"{step:<10}{t:>9.3f}{med:>10.3f}{base:>12.3f}{t / base:>8.2f}  ({note})")


def main() -> None:
    for touchpoints, connections, measurements in SIZES:
        t0 = time.perf_counter()
        journey = build(touchpoints=touchpoints, connections=connections, measurements=measurements)
        print(f"\n{touchpoints} touchpoints, {connections} connections, {measurements} measurements "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        print(f"{'step':<10}{'best s':>9}{'median s':>10}{'baseline s':>12}{'ratio':>8}")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "big.journey"
            data = to_dict(journey)
            base, _ = best_of(lambda data=data: json.dumps(data))
            t, med = best_of(lambda journey=journey, path=path: save(journey, path))
            row("save", t, med, base, "baseline: json.dumps of the same dict, no indent")

        layout = compute_layout(journey)
        pairs = [(c.source, c.target) for c in journey.connections]

        def one_at_a_time(layout=layout, pairs=pairs):
            index, lanes = CardIndex(layout.cards), corridors(layout)
            for source, target in pairs:
                route(layout, index, lanes, source, target)
        route_all(layout, pairs[:10])  # numpy's import is not routing
        base, _ = best_of(one_at_a_time, 3)
        t, med = best_of(lambda layout=layout, pairs=pairs: route_all(layout, pairs), 3)
        row("routing", t, med, base, "baseline: route() once a connection")

        base, _ = best_of(lambda journey=journey: effective_shares(journey), 3)
        t, med = best_of(lambda journey=journey: analyse_paths(journey), 3)
        row("paths", t, med, base, "baseline: effective_shares, one read of the connections")


if __name__ == "__main__":
    main()
