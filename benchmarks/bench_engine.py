"""Measurement data at any size (issue: an embedded analytical engine).

Whole processes, as a user runs them, against DuckDB's own aggregate of the
same file in a process of its own, measured in the same run (best of 3):

* 1,000,000 raw answers in CSV (touchpoint, question, score, date, segment):
  `journeymap import --dry-run` at most 1.5x DuckDB alone, peak memory under
  300 MB (the CLI process and its reading process, whichever is larger);
* 10,000,000 answers in Parquet: under 10 s on this machine, under 500 MB.

Run: `make bench` or `python benchmarks/bench_engine.py [rows]`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from journeymap.io.templates import sample_path

# Prints the peak memory of a process and of the processes it waited for
# (the reading child), in MB, on stderr's last line.
MEASURED = """
import resource, runpy, sys
mode, args = sys.argv[1], sys.argv[2:]
try:
    if mode == "code":
        exec(args[0])
    else:
        sys.argv = ["journeymap", *args]
        runpy.run_module("journeymap", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"PEAK {own:.0f} {child:.0f}", file=sys.stderr)
sys.exit(code or 0)
"""

NAMES = ["Search ad & blog article", "Pricing page", "First data import", "Daily dashboards", "Support chat",
         "Help centre", "Renewal quote", "Industry webinar"]


def answers_sql(rows: int) -> str:
    """Raw answers made by DuckDB itself (fast, reproducible)."""
    names = ", ".join("'" + n.replace("'", "''") + "'" for n in NAMES)
    return f"""
        SELECT list_extract([{names}], (i % {len(NAMES)}) + 1) AS Touchpoint,
               list_extract(['NPS', 'CSAT', 'CES'], (i % 3) + 1) AS Question,
               CASE i % 3 WHEN 0 THEN hash(i) % 11 WHEN 1 THEN 1 + hash(i) % 5 ELSE 1 + hash(i) % 7 END AS Score,
               DATE '2026-01-01' + CAST(i % 300 AS INTEGER) AS Date,
               list_extract(['SMB', 'Enterprise', 'Mid-market'], (i // 7 % 3) + 1) AS Segment
        FROM range({rows}) t(i)"""


def run(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(seconds, peak MB of the process or its reading child, the result)."""
    start = time.perf_counter()
    mode, rest = ("code", args[1:]) if args[0] == "-c" else ("cli", args)
    done = subprocess.run([sys.executable, "-c", MEASURED, mode, *rest], capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - start
    peak = next(line for line in reversed(done.stderr.splitlines()) if line.startswith("PEAK "))
    own, child = (float(v) for v in peak.split()[1:])
    if done.returncode:
        raise SystemExit(f"failed: {args}\n{done.stderr}")
    return seconds, max(own, child), done


def best(args: list[str], repeat: int = 3) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    runs = [run(args) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def against_duckdb(journey: Path, data: Path, reader: str) -> tuple[float, float, float, str]:
    """(our seconds, our peak MB, ratio to DuckDB alone, the counting line),
    after printing DuckDB's own figures for the same file."""
    alone = ("import duckdb; duckdb.sql(\"SELECT Touchpoint, Question, Score, Date, Segment, count(*) "
             f"FROM {reader}('{data}') GROUP BY ALL\").fetchall()")
    base_t, base_mb, _ = best(["-c", alone])
    ours_t, ours_mb, done = best(["import", str(journey), str(data), "--dry-run"])
    counted = next((line.strip() for line in done.stdout.splitlines() if "rows counted" in line), "")
    print(f"  DuckDB alone, a whole process: {base_t:.2f} s, {base_mb:.0f} MB")
    return ours_t, ours_mb, ours_t / base_t, counted


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    folder = Path(tempfile.mkdtemp(prefix="jm-engine-"))
    journey = folder / "acme.journey"
    shutil.copy(sample_path(), journey)
    csv = folder / "answers.csv"
    duckdb.sql(f"COPY ({answers_sql(rows)}) TO '{csv}' (HEADER, DELIMITER ',')")
    print(f"{rows:,} raw answers in CSV, {csv.stat().st_size / 1e6:.0f} MB")
    seconds, peak, ratio, counted = against_duckdb(journey, csv, "read_csv")
    print(f"  journeymap import --dry-run:   {seconds:.2f} s, {peak:.0f} MB -> ratio {ratio:.2f} "
          f"(target <= 1.5), memory {'under' if peak < 300 else 'OVER'} 300 MB")
    print(f"  {counted}")

    parquet = folder / "answers.parquet"
    duckdb.sql(f"COPY ({answers_sql(rows * 10)}) TO '{parquet}' (FORMAT parquet)")
    print(f"{rows * 10:,} answers in Parquet, {parquet.stat().st_size / 1e6:.0f} MB")
    seconds, peak, ratio, _ = against_duckdb(journey, parquet, "read_parquet")
    print(f"  journeymap import --dry-run:   {seconds:.2f} s, {peak:.0f} MB -> ratio {ratio:.2f}; "
          f"{'under' if seconds < 10 else 'OVER'} 10 s, memory {'under' if peak < 500 else 'OVER'} 500 MB")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
