"""Import of 200,000 raw survey responses (6 columns) against a bare
python-calamine read of the same file, measured in the same run (import
issue: target at most 1.5 times the bare read).
Run: `make bench` or `python benchmarks/bench_import.py`.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import python_calamine
import xlsxwriter

from journeymap.io.importing import ImportOptions, build_plan
from journeymap.io.importing.isolation import Limits
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path

ROWS = 200_000


def make_file(path: Path, journey) -> None:
    rnd = random.Random(3)
    names = [tp.name for tp in journey.touchpoints]
    questions = [("NPS", 0, 10), ("CSAT", 1, 5), ("CES", 1, 7)]
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Responses")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["Respondent", "Touchpoint", "Question", "Score", "Date", "Segment"])
    start = dt.datetime(2026, 1, 1)
    for r in range(1, ROWS + 1):
        q, lo, hi = questions[r % 3]
        ws.write_string(r, 0, f"R{r:06d}")
        ws.write_string(r, 1, names[r % len(names)])
        ws.write_string(r, 2, q)
        ws.write_number(r, 3, rnd.randint(lo, hi))
        ws.write_datetime(r, 4, start + dt.timedelta(days=r % 300), date_fmt)
        ws.write_string(r, 5, ("SMB", "Enterprise", "Mid-market")[r % 3])
    wb.close()


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    journey = load(sample_path())
    path = Path(tempfile.mkdtemp()) / "responses.xlsx"
    make_file(path, journey)
    print(f"file: {ROWS:,} rows x 6 columns, {path.stat().st_size / 1e6:.1f} MB")

    def bare():
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        return wb.get_sheet_by_name("Responses").to_python()
    bare_t, _ = best_of(bare)
    import_t, plan = best_of(lambda: build_plan(journey, path, ImportOptions()))
    print(f"bare python-calamine read: {bare_t:.2f} s")
    print(f"journeymap import (read, check, match, aggregate, plan): {import_t:.2f} s "
          f"-> ratio {import_t / bare_t:.2f} (target <= 1.5)")
    print(f"plan: {plan.rows_used:,} rows used, {len(plan.measurements)} aggregated values, "
          f"{len(plan.skipped)} skipped cells")
    # The file is read in a child process (io/importing/isolation.py): its
    # peak is what reading costs; this process keeps only the plan.
    kib = 1 if sys.platform != "darwin" else 1 / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * kib / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * kib / 1024
    print(f"peak memory: reading process {child:.0f} MB (limit {Limits.from_environment().memory_mb} MB above "
          f"its start), this process {own:.0f} MB (it also ran the bare read)")


if __name__ == "__main__":
    sys.exit(main())
