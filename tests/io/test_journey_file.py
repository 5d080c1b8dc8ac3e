import json
import os
from pathlib import Path

import pytest

from journeymap.io import journey_file
from journeymap.io.journey_file import JourneyFileError, dumps, load, loads, save
from journeymap.io.templates import load_template, sample_path, template_names
from journeymap.model import Measurement


def snapshot(j):
    """Everything a journey holds, in a comparable form."""
    return json.loads(dumps(j))


def test_round_trip_keeps_everything(small_journey, tmp_path):
    j = small_journey
    j.set_measurement(Measurement("a", "nps", 0.0, 12, "2026-Q1", "SMB", "survey"))
    j.update_touchpoint("b", emotion=0.0, pain_points=("slow",), opportunities=("faster",),
                        moment_of_truth=True, votes=3, position=(8.0, 16.0),
                        target_overrides=(("nps", 20.0),), notes=("from workshop",))
    path = tmp_path / "x.journey"
    save(j, path)
    again = load(path)
    assert snapshot(again) == snapshot(j)
    b = again.touchpoint("b")
    assert b.emotion == 0.0
    assert b.votes == 3
    assert b.position == (8.0, 16.0)
    assert again.measurements_of("a", "nps")[0].value == 0.0


def test_file_is_readable_json_with_format_and_version(small_journey, tmp_path):
    path = tmp_path / "x.journey"
    save(small_journey, path)
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "journeymap"
    assert data["version"] == journey_file.VERSION
    assert list(data)[:3] == ["format", "version", "journey"]


def test_small_edit_gives_small_diff():
    j = load_template("b2b-saas")
    before = dumps(j).splitlines()
    j.update_touchpoint("webinar", name="Partner webinar")
    after = dumps(j).splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1


def test_save_is_atomic_and_leaves_no_temp_files(small_journey, tmp_path, monkeypatch):
    path = tmp_path / "x.journey"
    path.write_text("original", "utf-8")

    def boom(*_):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(journey_file, "dumps", lambda _: "x" * 10)
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="No space left"):
        save(small_journey, path)
    assert path.read_text("utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["x.journey"]


def write(tmp_path, text):
    p = tmp_path / "bad.journey"
    p.write_text(text, "utf-8")
    return p


def valid_dict(small_journey):
    return json.loads(dumps(small_journey))


def test_truncated_json(small_journey, tmp_path):
    text = dumps(small_journey)
    with pytest.raises(JourneyFileError, match=r"bad.journey: not valid JSON \(line \d+"):
        load(write(tmp_path, text[: len(text) // 2]))


def test_unknown_newer_version_is_refused_politely(small_journey, tmp_path):
    data = valid_dict(small_journey)
    data["version"] = 99
    with pytest.raises(JourneyFileError, match=r"newer journeymap .*update"):
        load(write(tmp_path, json.dumps(data)))


def test_not_a_journey_file(tmp_path):
    with pytest.raises(JourneyFileError, match="not a journeymap file"):
        load(write(tmp_path, '{"hello": 1}'))
    with pytest.raises(JourneyFileError, match="not a journeymap file"):
        load(write(tmp_path, "[1, 2]"))


def test_binary_and_missing_files(tmp_path):
    p = tmp_path / "bin.journey"
    p.write_bytes(b"\x89PNG\xff\xfe\x00")
    with pytest.raises(JourneyFileError, match=r"bin\.journey: not a text file"):
        load(p)
    with pytest.raises(JourneyFileError, match=r"nothere\.journey: no such file"):
        load(tmp_path / "nothere.journey")


def test_dangling_phase_id_names_the_touchpoint(small_journey, tmp_path):
    data = valid_dict(small_journey)
    data["touchpoints"][1]["phase"] = "ghost"
    with pytest.raises(JourneyFileError, match="touchpoint 'Shop': there is no phase 'ghost'"):
        load(write(tmp_path, json.dumps(data)))


def test_duplicate_id(small_journey, tmp_path):
    data = valid_dict(small_journey)
    data["touchpoints"][1]["id"] = "a"
    with pytest.raises(JourneyFileError, match="the id 'a' is already used"):
        load(write(tmp_path, json.dumps(data)))


@pytest.mark.parametrize(("section", "index", "key", "value", "message"), [
    ("touchpoints", 0, "emotion", "happy", "touchpoint 'a': 'emotion' must be a number"),
    ("touchpoints", 0, "moment_of_truth", "yes", "touchpoint 'a': 'moment_of_truth' must be true or false"),
    ("touchpoints", 0, "pain_points", [1], r"'pain_points'\[0\] must be text"),
    ("touchpoints", 0, "name", 5, "'name' must be text"),
    ("phases", 0, "name", None, "phase 'p1': 'name' is missing"),
    ("metrics", 0, "scale", [0], "'scale' must be a pair of numbers"),
    ("metrics", 0, "target", True, "'target' must be a number"),
    ("connections", 0, "share", "half", r"connections\[0\]: 'share' must be a number"),
    ("measurements", 0, "value", "12", r"measurements\[0\]: 'value' must be a number"),
])
def test_wrong_types_name_the_item(small_journey, tmp_path, section, index, key, value, message):
    small_journey.set_measurement(Measurement("a", "nps", 1.0))
    data = valid_dict(small_journey)
    data[section][index][key] = value
    with pytest.raises(JourneyFileError, match=message):
        load(write(tmp_path, json.dumps(data)))


def test_section_of_wrong_type(small_journey, tmp_path):
    data = valid_dict(small_journey)
    data["phases"] = {"p1": "Discover"}
    with pytest.raises(JourneyFileError, match="'phases' must be a list"):
        load(write(tmp_path, json.dumps(data)))


def test_templates_and_sample_load():
    assert {"b2b-saas", "retail", "blank"} <= set(template_names())
    b2b = load_template("b2b-saas", "My journey")
    assert b2b.info.name == "My journey"
    assert [p.name for p in b2b.phases] == ["Discover", "Evaluate", "Purchase & onboard",
                                            "Use & support", "Renew & advocate"]
    assert {"nps", "csat", "ces", "fcr", "ttr", "churn", "renewal"} <= {m.id for m in b2b.metrics}
    sample = load(sample_path())
    assert len(sample.touchpoints) >= 12
    assert len(sample.measurements) > 50
    with pytest.raises(JourneyFileError, match="unknown template"):
        load_template("nope")


def test_bom_is_accepted(small_journey, tmp_path):
    p = tmp_path / "bom.journey"
    p.write_bytes(b"\xef\xbb\xbf" + dumps(small_journey).encode())
    assert load(p).info.name == "Small"


def test_loads_never_evaluates():
    with pytest.raises(JourneyFileError):
        loads("__import__('os').system('echo hi')")


@pytest.mark.parametrize(("text", "message"), [
    ('{"format": "journeymap", "version": 1, "phases": [{"id": "p", "name": "P", "targets": {"nps": NaN}}]}',
     "NaN is not a number a journey can hold"),
    ('{"format": "journeymap", "version": 1, "x": -Infinity}', "-Infinity is not a number"),
    ('{"format": "journeymap", "version": 1, "x": 1e400}', "the number 1e400 is out of range"),
    ('{"format": "journeymap", "version": ' + "9" * 5000 + "}", "is out of range"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
    # Numbers a double holds but a journey does not: orjson reads them, the
    # places that use them refuse them.
    ('{"format": "journeymap", "version": 1, "phases": [{"id": "p", "name": "P"}], '
     '"metrics": [{"id": "m", "name": "M"}], "measurements": [{"node": "p", "metric": "m", "value": 1e20}]}',
     r"measurements\[0\]: 'value': the number 1e\+20 is out of range"),
    ('{"format": "journeymap", "version": 1, "phases": [{"id": "p", "name": "P", "targets": {"m": '
     + "1" + "0" * 30 + "}}]}", "target for 'm': the number 1e\\+30 is out of range"),
])
def test_numbers_and_nesting_no_journey_can_hold_get_the_one_line_message(tmp_path, text, message):
    path = tmp_path / "bad.journey"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(JourneyFileError, match=message) as info:
        load(path)
    assert str(info.value).startswith("bad.journey: ")
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 200


def test_saving_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.journey"
    save(load_template("blank"), real)
    link = tmp_path / "link.journey"
    link.symlink_to(real)
    journey = load(link)
    journey.add_phase(__import__("journeymap.model", fromlist=["Phase"]).Phase("extra", "Extra"))
    save(journey, link)
    assert link.is_symlink()
    assert "Extra" in real.read_text()


def test_saving_a_hard_linked_journey_updates_every_name(tmp_path):
    """A rename would leave the other name on the old content (fuzzing issue, #13)."""
    first = tmp_path / "team.journey"
    save(load_template("blank"), first)
    other = tmp_path / "shared" / "team.journey"
    other.parent.mkdir()
    os.link(first, other)
    for template in ("retail", "blank"):  # a longer file, then a shorter one
        save(load_template(template), other)
        assert first.read_bytes() == other.read_bytes() == dumps(load_template(template)).encode()
    assert first.stat().st_ino == other.stat().st_ino
    assert first.stat().st_nlink == 2
    assert [p.name for p in tmp_path.rglob(".*tmp*")] == []


def test_a_hard_linked_journey_on_a_full_disk_keeps_its_old_content(tmp_path, monkeypatch):
    from journeymap.io.atomic import WriteError
    first = tmp_path / "team.journey"
    save(load_template("blank"), first)
    os.link(first, tmp_path / "again.journey")
    before = first.read_bytes()

    def full(_fd, _offset, _length):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "posix_fallocate", full)
    with pytest.raises(WriteError, match="No space left on device"):
        save(load_template("retail"), first)
    assert first.read_bytes() == before
    assert [p.name for p in tmp_path.glob(".*tmp*")] == []


def test_a_read_only_journey_is_refused_and_left_as_it_was(tmp_path):
    from journeymap.io.atomic import WriteError
    path = tmp_path / "ro.journey"
    save(load_template("blank"), path)
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(WriteError, match=r"ro\.journey is read-only"):
        save(load_template("retail"), path)
    assert path.read_bytes() == before


def test_temporary_files_left_by_a_killed_save_are_cleaned_up(tmp_path):
    path = tmp_path / "j.journey"
    stale = tmp_path / ".j.journey.abc123.tmp.journey"
    stale.write_text("half")
    os.utime(stale, (0, 0))
    fresh = tmp_path / ".j.journey.def456.tmp.journey"
    fresh.write_text("another save in progress")
    save(load_template("blank"), path)
    assert not stale.exists()
    assert fresh.exists()


def test_a_write_cut_short_is_caught_and_the_old_file_kept(tmp_path):
    from journeymap.io.atomic import WriteError, atomic_write, ends_with
    path = tmp_path / "map.svg"
    path.write_text("<svg>old</svg>")
    with pytest.raises(WriteError, match="cut short"):
        atomic_write(path, lambda tmp: tmp.write_text("<svg><g>half"), ends_with(b"</svg>"))
    assert path.read_text() == "<svg>old</svg>"
    assert len(list(tmp_path.iterdir())) == 1


def test_text_of_megabytes_is_refused(tmp_path):
    data = json.loads(dumps(load_template("blank")))
    data["phases"][0]["name"] = "\n" * 5_000_000
    path = tmp_path / "long.journey"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(JourneyFileError, match="5,000,000 characters long"):
        load(path)


# ------------------------------------------------ the orjson writer (issue: perf)
def test_text_matches_the_standard_library_encoder():
    """Same values, same lines as json.dumps(indent=2): diffs stay one line an edit."""
    from journeymap.io.templates import sample_path
    for j in (load(sample_path()), load_template("b2b-saas")):
        ours = dumps(j)
        theirs = json.dumps(journey_file.to_dict(j), ensure_ascii=False, indent=2) + "\n"
        assert json.loads(ours) == json.loads(theirs)
        assert len(ours.splitlines()) == len(theirs.splitlines())
        assert ours.endswith("}\n")
        assert not ours.endswith("\n\n")
        assert journey_file.dumps_bytes(j) == ours.encode("utf-8")


def test_dumps_bytes_only_reads_the_journey(small_journey):
    before = journey_file.to_dict(small_journey)
    journey_file.dumps_bytes(small_journey)
    assert journey_file.to_dict(small_journey) == before


@pytest.mark.parametrize("change", [
    lambda j: j.update_touchpoint("b", position=(float("nan"), 4.0)),
    lambda j: j.update_touchpoint("b", votes=2 ** 70),
    lambda j: j.set_measurement(Measurement("a", "nps", 10.0, 2 ** 80, "2026-Q1")),
])
def test_unsavable_numbers_are_a_clean_error_and_nothing_is_written(small_journey, tmp_path, change):
    change(small_journey)
    path = tmp_path / "x.journey"
    path.write_text("original", "utf-8")
    for call in (lambda: save(small_journey, path), lambda: dumps(small_journey)):
        with pytest.raises(JourneyFileError) as info:
            call()
        # An OSError too: the window's save and autosave show those as a message.
        assert isinstance(info.value, OSError)
        assert "\n" not in str(info.value)
        assert len(str(info.value)) < 200
    assert path.read_text("utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["x.journey"]


def test_small_and_large_files_are_read_alike(monkeypatch):
    """Small files are read by json (orjson costs more to import than they
    take to read); both readers must give the same journey."""
    from journeymap.io import journey_file
    sample = Path(journey_file.__file__).parent.parent / "resources" / "samples" / "acme-b2b-saas.journey"
    raw = sample.read_bytes()
    assert len(raw) <= journey_file.SMALL_FILE
    by_json = journey_file._parse(raw)
    monkeypatch.setattr(journey_file, "SMALL_FILE", 0)
    assert journey_file._parse(raw) == by_json


# ------------------------------------------------ version 2: spread, minimum n
def test_a_version_1_file_opens_unchanged_and_saves_as_the_current_version(tmp_path):
    raw = sample_path().read_text(encoding="utf-8")
    assert json.loads(raw)["version"] == 1  # the shipped sample is a file of the previous version
    journey = loads(raw)
    assert all(m.sd is None for m in journey.measurements)
    assert all(m.min_n == 0 for m in journey.metrics)
    path = tmp_path / "migrated.journey"
    save(journey, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == journey_file.VERSION
    again = load(path)
    assert sorted(again.measurements) == sorted(journey.measurements)
    assert again.metrics == journey.metrics


def test_spread_and_minimum_n_round_trip(tmp_path):
    import dataclasses
    journey = load(sample_path())
    m = journey.measurement(("support-chat", "nps", "2026-Q3", ""))
    journey.set_measurement(m._replace(sd=71.25))
    journey.set_metric(dataclasses.replace(journey.metric("nps"), min_n=30))
    path = tmp_path / "spread.journey"
    save(journey, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    written = next(d for d in data["measurements"]
                   if d["node"] == "support-chat" and d["metric"] == "nps" and d.get("period") == "2026-Q3"
                   and "segment" not in d)
    assert written["sd"] == 71.25
    assert next(d for d in data["metrics"] if d["id"] == "nps")["min_n"] == 30
    assert "min_n" not in next(d for d in data["metrics"] if d["id"] == "csat")  # 0 is not written
    again = load(path)
    assert again.measurement(m.key).sd == 71.25
    assert again.metric("nps").min_n == 30


@pytest.mark.parametrize(("change", "message"), [
    ({"sd": -1}, r"measurement of .* on .*: the spread \(sd\) must be a number of 0 or more"),
    ({"sd": "wide"}, "'sd' must be a number"),
])
def test_a_bad_spread_is_refused_with_where_it_is(tmp_path, change, message):
    data = json.loads(sample_path().read_text(encoding="utf-8"))
    data["measurements"][3].update(change)
    path = tmp_path / "bad.journey"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(JourneyFileError, match=message) as info:
        load(path)
    assert "bad.journey" in str(info.value)
    assert path.read_bytes() == before


def test_a_negative_minimum_n_is_refused():
    data = json.loads(sample_path().read_text(encoding="utf-8"))
    data["metrics"][0]["min_n"] = -5
    with pytest.raises(JourneyFileError, match="minimum n cannot be negative"):
        loads(json.dumps(data))
