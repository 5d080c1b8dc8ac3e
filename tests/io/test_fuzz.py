"""Seeded fuzzing of what users hand us: mutated spreadsheets, CSV and
.journey files. Every outcome is a result or the one-line refusal (never
another exception), and a refused import leaves the journey unchanged.
Bounded to a few seconds a file kind."""

import random
import resource
import time
import zipfile
import zlib

import pytest

from journeymap.io.importing import ImportError_, ImportOptions, build_plan
from journeymap.io.journey_file import JourneyFileError, dumps, loads
from journeymap.io.templates import sample_path

from .xlsx_factory import ods, rewrite_members, xlsx

SECONDS = 6
# One mutant's import, refusal included: the reader's own clock stops at 90 s,
# and no seed file takes more than a fraction of a second.
CASE_SECONDS = 20
OPTS = ImportOptions(default_period="2026-Q1")


def _mutate(data: bytes, rnd: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        kind = rnd.random()
        pos = rnd.randrange(max(1, len(data)))
        if kind < 0.4 and data:
            data[pos] = rnd.randrange(256)
        elif kind < 0.6:
            del data[pos: pos + rnd.randint(1, 64)]
        elif kind < 0.8:
            data[pos:pos] = rnd.choice([b"\x00", b"\r", b'"', b";", b"\xff\xfe", b"99999999999999999999",
                                        b"NaN", b"1e400", b"<", b"]]]", b"%", b"\xe9"]) * rnd.randint(1, 5)
        else:
            data = data[: max(1, pos)]
    return bytes(data)


def _mutate_zip_member(source, target, rnd):
    """A valid zip package with one part mutated."""
    with zipfile.ZipFile(source) as z:
        name = rnd.choice(sorted(z.namelist()))
    rewrite_members(source, target, {name: lambda data: _mutate(data, rnd)})


def _seeds(tmp_path):
    rows = [["Respondent", "Touchpoint", "Question", "Score", "Date", "Segment"],
            ["r1", "Support chat", "NPS", 9, "03/14/2026", "SMB"], ["r2", "Pricing page", "CSAT", "Very satisfied",
                                                                    "2026-02-01", ""],
            ["r3", "Help centre", "CES", "5,5", "14.03.2026", "Enterprise"]]
    return {
        "xlsx": xlsx(tmp_path / "seed.xlsx", {"S": rows}),
        "ods": ods(tmp_path / "seed.ods", rows),
        "csv": tmp_path / "seed.csv",
    }


@pytest.mark.parametrize("kind", ["csv", "xlsx-bytes", "xlsx-part", "ods-part"])
def test_mutated_spreadsheets_import_or_are_refused_in_one_line(tmp_path, kind):
    from journeymap.io.journey_file import load
    journey = load(sample_path())
    before = dumps(journey)
    seeds = _seeds(tmp_path)
    seeds["csv"].write_text("Touchpoint;Metric;Value;n;Period\nSupport chat;NPS;4,5;1.250;Q1 2026\n"
                            "Pricing page;CSAT;81%;12;2026-Q1\n", encoding="cp1252")
    rnd = random.Random(zlib.crc32(kind.encode()))
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    deadline = time.monotonic() + SECONDS
    tried = 0
    while time.monotonic() < deadline:
        target = tmp_path / f"m{tried}{'.csv' if kind == 'csv' else '.ods' if kind.startswith('ods') else '.xlsx'}"
        source = seeds["csv" if kind == "csv" else "ods" if kind.startswith("ods") else "xlsx"]
        if kind.endswith("-part"):
            _mutate_zip_member(source, target, rnd)
        else:
            target.write_bytes(_mutate(source.read_bytes(), rnd))
        started = time.monotonic()
        try:
            build_plan(journey, target, OPTS)
        except ImportError_ as exc:
            text = str(exc)
            assert "\n" not in text, text
            assert len(text) < 1200, text
        assert time.monotonic() - started < CASE_SECONDS
        assert dumps(journey) == before
        target.unlink()
        tried += 1
    assert tried > 20
    # Reading happens in child processes: none went near a gigabyte, and this
    # process's peak hardly moved (ru_maxrss is in KiB on Linux).
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1024 * 1024
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 128 * 1024


def test_mutated_journey_files_load_or_are_refused_in_one_line():
    text = sample_path().read_text(encoding="utf-8")
    rnd = random.Random(12)
    deadline = time.monotonic() + SECONDS
    tried = 0
    while time.monotonic() < deadline:
        mutated = _mutate(text.encode("utf-8"), rnd).decode("utf-8", "replace")
        message = ""
        try:
            loads(mutated)
        except JourneyFileError as exc:
            message = str(exc)
        assert "\n" not in message
        tried += 1
    assert tried > 50
