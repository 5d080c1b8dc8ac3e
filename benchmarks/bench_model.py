"""Save, load and report on a 2,000-touchpoint journey (issue: foundation).

Prints absolute times and ratios against a baseline measured in the same run:
plain json.dumps / json.loads of the same data, the least any JSON file format
could cost. Run: `make bench` or `python benchmarks/bench_model.py`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import best_of, build

from journeymap.analysis.report import build_report
from journeymap.io.journey_file import load, save, to_dict

SAMPLE = Path(__file__).parent.parent / "journeymap" / "resources" / "samples" / "acme-b2b-saas.journey"


# A user's Python keeps compiled bytecode; a sandbox that forbids writing it
# would time the compiler, not the program (best of N also drops the first,
# compiling run).
CLI_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "journeymap", *args], check=True, stdout=subprocess.DEVNULL, env=CLI_ENV)


def start_up_pair(repeat: int = 21) -> tuple[float, float, float]:
    """A bare Python start and a report of the sample, taken in turns (a
    shared machine's speed drifts by more than the difference between them,
    and runs measured apart would compare different moments): the best of
    each, and the median of each report's time over the start just before it."""
    bare, sample = [], []
    for _ in range(repeat):
        for times, call in ((bare, lambda: subprocess.run([sys.executable, "-c", "pass"], check=True,
                                                          env=CLI_ENV)),
                            (sample, lambda: run_cli("report", str(SAMPLE)))):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    return min(bare), min(sample), statistics.median(s / b for s, b in zip(sample, bare, strict=True))


def main() -> None:
    t0 = time.perf_counter()
    journey = build()
    print(f"built: {len(journey.touchpoints)} touchpoints, {len(journey.connections)} connections, "
          f"{len(journey.metrics)} metrics, {len(journey.measurements)} measurements "
          f"in {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.journey"
        data = to_dict(journey)
        text = json.dumps(data, ensure_ascii=False, indent=2)
        base_dump, _ = best_of(lambda: json.dumps(data, ensure_ascii=False, indent=2))
        base_load, _ = best_of(lambda: json.loads(text))
        save_t, save_med = best_of(lambda: save(journey, path))
        load_t, load_med = best_of(lambda: load(path))
        report_t, report_med = best_of(lambda: build_report(journey))
        size = path.stat().st_size
        cli_big, _ = best_of(lambda: run_cli("report", str(path)), 3)
    bare, cli_sample, paired = start_up_pair()
    print(f"file size: {size / 1e6:.1f} MB")
    print(f"{'step':<8}{'best s':>9}{'median s':>10}{'baseline s':>12}{'ratio':>8}")
    print(f"{'save':<8}{save_t:>9.3f}{save_med:>10.3f}{base_dump:>12.3f}{save_t / base_dump:>8.2f}"
          "  (baseline: json.dumps)")
    print(f"{'load':<8}{load_t:>9.3f}{load_med:>10.3f}{base_load:>12.3f}{load_t / base_load:>8.2f}"
          "  (baseline: json.loads)")
    print(f"{'report':<8}{report_t:>9.3f}{report_med:>10.3f}{'':>12}{'':>8}  (in process)")
    print(f"\nCLI `journeymap report`, a whole process (baseline: a bare `python -c pass`, {bare:.3f} s):")
    print(f"  2,000-touchpoint map  {cli_big:.3f} s  (target < 0.4 s)")
    print(f"  16-card sample        {cli_sample:.3f} s = {cli_sample / bare:.1f}x a bare Python start, best against "
          f"best; median of runs in turns {paired:.1f}x (target < 3x)")


if __name__ == "__main__":
    main()
