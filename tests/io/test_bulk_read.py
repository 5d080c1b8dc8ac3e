"""The fast reader of big files (io/bulk_read.py) must read exactly what the
general reader reads, and leave every file it does not accept to it, so that
a damaged big file gets the same message as a damaged small one."""

import json

import pytest

from journeymap.io import bulk_read, journey_file
from journeymap.io.journey_file import JourneyFileError, dumps, load, loads
from journeymap.io.templates import sample_path
from journeymap.model import Measurement


@pytest.fixture
def current_sample():
    """The sample as this version writes it (the shipped file is version 1)."""
    return dumps(load(sample_path()))


def test_the_limits_are_the_general_readers_and_the_fields_a_measurements():
    assert bulk_read.MAX_MAGNITUDE == journey_file.MAX_MAGNITUDE
    # Records become Measurements by position: the same fields in the same order.
    assert bulk_read._Row.__struct_fields__ == Measurement._fields


def test_a_current_file_is_read_alike_by_both_readers(current_sample, monkeypatch):
    raw = current_sample.encode("utf-8")
    found = bulk_read.read_sections(raw, journey_file.VERSION)
    assert found is not None  # the fast reader took it
    data, measurements = found
    assert "measurements" not in data
    assert all(type(m) is Measurement for m in measurements)
    general = loads(current_sample)  # small: the general reader
    monkeypatch.setattr(journey_file, "SMALL_FILE", 0)
    fast = loads(current_sample)
    assert dumps(fast) == dumps(general)
    assert fast.measurements == general.measurements
    assert fast.measurements_of("support-chat", "nps") == general.measurements_of("support-chat", "nps")


def test_an_older_version_is_left_to_the_general_reader_which_migrates_it():
    raw = sample_path().read_bytes()
    assert json.loads(raw)["version"] < journey_file.VERSION
    assert bulk_read.read_sections(raw, journey_file.VERSION) is None


def with_measurement(text: str, row: object) -> str:
    data = json.loads(text)
    data["measurements"] = [*data["measurements"], row]
    return json.dumps(data)


GOOD = {"node": "support-chat", "metric": "nps", "value": 12, "n": 40, "period": "2026-Q9"}


@pytest.mark.parametrize(("change", "message"), [
    ({"value": "twelve"}, r"measurements\[\d+\]: 'value' must be a number"),
    ({"value": True}, r"measurements\[\d+\]: 'value' must be a number"),
    ({"value": 1e20}, r"'value': the number 1e\+20 is out of range"),
    ({"n": -3}, "n cannot be negative"),
    ({"n": 2.5}, r"'n' must be a whole number"),
    ({"sd": -1}, "spread"),
    ({"node": "nowhere"}, "there is no touchpoint or phase 'nowhere'"),
    ({"metric": None}, r"'metric' is missing"),
    ({"period": 2026}, r"'period' must be text"),
])
def test_a_bad_measurement_in_a_big_file_gets_the_general_readers_message(current_sample, monkeypatch,
                                                                          change, message):
    text = with_measurement(current_sample, {**GOOD, **change})
    with pytest.raises(JourneyFileError, match=message) as small:
        loads(text)
    monkeypatch.setattr(journey_file, "SMALL_FILE", 0)
    with pytest.raises(JourneyFileError, match=message) as big:
        loads(text)
    assert str(big.value) == str(small.value)


@pytest.mark.parametrize("text", [
    '{"format": "journeymap", "version": 3, "measurements": null}',
    '{"format": "journeymap", "version": 3, "measurements": [{"node": "a", "metric": "m", "value": NaN}]}',
    '{"format": "journeymap", "version": 3, "phases": [{"id": "p", "name": "P", "targets": {"m": Infinity}}]}',
    '[1, 2, 3]',
    '{"format": "journeymap", "version": "3"}',
    '{"format": "journeymap", "version": 3, "phases": [',
])
def test_damaged_big_files_get_the_same_message_as_small_ones(monkeypatch, text):
    with pytest.raises(JourneyFileError) as small:
        loads(text)
    assert bulk_read.read_sections(text.encode(), journey_file.VERSION) is None
    monkeypatch.setattr(journey_file, "SMALL_FILE", 0)
    with pytest.raises(JourneyFileError) as big:
        loads(text)
    assert str(big.value) == str(small.value)
