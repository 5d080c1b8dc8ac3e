"""A large synthetic journey shared by the benchmark scripts."""

from __future__ import annotations

import random
import statistics
import time

from journeymap.model import Connection, Journey, JourneyInfo, Lane, Measurement, Phase, Touchpoint
from journeymap.model.entities import DEFAULT_LANES
from journeymap.model.metrics import STANDARD_METRICS, custom_metric


def build(touchpoints: int = 2000, connections: int = 3000, measurements: int = 100_000,
          phases: int = 20, seed: int = 1) -> Journey:
    rnd = random.Random(seed)
    j = Journey(JourneyInfo(name=f"Synthetic journey ({touchpoints} touchpoints)"))
    for i in range(phases):
        j.add_phase(Phase(f"ph{i}", f"Phase {i + 1}"))
    for lane_id, name in DEFAULT_LANES:
        j.add_lane(Lane(lane_id, name))
    metrics = [
        *STANDARD_METRICS.values(),
        custom_metric("m8", "Custom 8", "mean", scale_min=0, scale_max=10, target=7, amber=1),
        custom_metric("m9", "Custom 9", "median", scale_min=0, scale_max=10, target=6, amber=1),
        custom_metric("m10", "Custom 10", "rate", unit="%", target=50, amber=5)]
    for m in metrics:
        j.set_metric(m)
    lanes = [lane_id for lane_id, _ in DEFAULT_LANES]
    for i in range(touchpoints):
        j.add_touchpoint(Touchpoint(f"tp{i}", f"Touchpoint {i}", f"ph{i * phases // touchpoints}",
                                    lanes[i % len(lanes)], channel="Web", owner="Team",
                                    emotion=rnd.choice((-2.0, -1.0, 0.0, 1.0, 2.0))))
    made = 0
    while made < connections:
        a = rnd.randrange(touchpoints)
        b = min(touchpoints - 1, a + rnd.randint(1, 40)) if rnd.random() < 0.9 else rnd.randrange(touchpoints)
        if a != b and not j.has_connection(f"tp{a}", f"tp{b}"):
            j.add_connection(Connection(f"tp{a}", f"tp{b}", share=round(rnd.random(), 2)))
            made += 1
    periods = [f"2026-{m:02d}" for m in range(1, 6)]
    per_tp_metric = max(1, measurements // (touchpoints * len(metrics)))
    count = 0
    for i in range(touchpoints):
        for m in metrics:
            for k in range(per_tp_metric):
                if count >= measurements:
                    break
                lo, hi = m.scale_min, m.scale_max
                j.set_measurement(Measurement(f"tp{i}", m.id, round(rnd.uniform(lo, hi), 2),
                                              rnd.randint(5, 500), periods[k % len(periods)]))
                count += 1
    return j


def best_of(fn, repeat=5):
    """(best, median) seconds of `repeat` runs: the figure every benchmark prints."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)
