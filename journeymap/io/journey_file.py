"""The .journey file: UTF-8 JSON, versioned, diff-friendly, saved atomically.

Keys are written in a fixed order and lists in the journey's own order
(measurements sorted by node, metric, period and segment), so a small edit
gives a small diff. Loading checks every item and fails with a message that
names it; nothing here ever evaluates or unpickles anything.
"""

from __future__ import annotations

import gc
import json
import math
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

from journeymap.model.actions import Action
from journeymap.model.entities import Connection, JourneyInfo, Lane, Measurement, MetricDef, Phase, Touchpoint
from journeymap.model.evidence import Evidence
from journeymap.model.journey import Journey, JourneyError, JourneySnapshot
from journeymap.model.personas import Persona

from .atomic import WriteError, atomic_write_bytes

FORMAT = "journeymap"
VERSION = 3
SUFFIX = ".journey"
# A real journey is a few MB at most; refuse anything absurd before parsing it.
MAX_FILE_BYTES = 200 * 1024 * 1024


class JourneyFileError(Exception):
    """A .journey file that cannot be read, with a message for the user."""


class UnsavableError(JourneyFileError, WriteError):
    """A journey holding a number no .journey file can carry (NaN, infinity,
    a whole number beyond 64 bits). Both a JourneyFileError and a WriteError
    (an OSError): every caller of save and dumps already shows one of those
    as a message, so this never becomes a traceback."""


# ------------------------------------------------------------------- writing
def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    # Only truly empty values go: a 0 or 0.0 (an emotion, a value) is data.
    return {k: v for k, v in d.items()
            if k in ("id", "name") or not (v is None or v is False or (isinstance(v, (str, list, dict)) and not v))}


def _overrides(pairs: Iterable[tuple[str, float]]) -> dict[str, float]:
    return dict(sorted(pairs))


def to_dict(journey: Journey | JourneySnapshot) -> dict[str, Any]:
    info = journey.info
    return {
        "format": FORMAT,
        "version": VERSION,
        "journey": _drop_empty({
            "name": info.name,
            "description": info.description,
            "import_settings": dict(info.import_settings),
        }),
        "phases": [_drop_empty({"id": p.id, "name": p.name, "description": p.description,
                                "macro": p.macro, "targets": _overrides(p.target_overrides)})
                   for p in journey.phases],
        "lanes": [{"id": lane.id, "name": lane.name} for lane in journey.lanes],
        "personas": [_drop_empty({"id": p.id, "name": p.name, "description": p.description, "color": p.color,
                                  "picture": p.picture, "segment": p.segment})
                     for p in journey.personas],
        "metrics": [_metric_to_dict(m) for m in journey.metrics],
        "touchpoints": [_touchpoint_to_dict(tp) for tp in journey.touchpoints],
        "connections": [_drop_empty({"source": c.source, "target": c.target,
                                     "label": c.label, "share": c.share})
                        for c in journey.connections],
        "measurements": _measurements_to_list(journey),
        "actions": [_drop_empty({"id": a.id, "title": a.title, "description": a.description,
                                 "touchpoints": list(a.touchpoints), "owner": a.owner, "status": a.status,
                                 "impact": a.impact, "effort": a.effort, "due": a.due})
                    for a in journey.actions],
    }


# Measurement is a NamedTuple (node, metric, value, n, period, segment,
# source); its key is fields 0, 1, 4, 5, and itemgetter builds it in C.
_MEASUREMENT_KEY = itemgetter(0, 1, 4, 5)


def _measurements_to_list(journey: Journey | JourneySnapshot) -> list[dict[str, Any]]:
    """The same dicts _drop_empty would give, without its generic loop: a
    journey holds up to 100,000 measurements and this is most of a save."""
    out: list[dict[str, Any]] = []
    append = out.append
    for node, metric, value, n, period, segment, source, sd in sorted(journey.measurements, key=_MEASUREMENT_KEY):
        if not -math.inf < value < math.inf:  # NaN fails both comparisons
            raise UnsavableError(f"the measurement of '{metric}' on '{node}' is not a number")
        d: dict[str, Any] = {}
        if node:
            d["node"] = node
        if metric:
            d["metric"] = metric
        d["value"] = value
        if n is not None and n is not False:
            d["n"] = n
        if period:
            d["period"] = period
        if segment:
            d["segment"] = segment
        if source:
            d["source"] = source
        if sd is not None:
            d["sd"] = sd
        append(d)
    return out


def _metric_to_dict(m: MetricDef) -> dict[str, Any]:
    return {
        "id": m.id, "name": m.name, "unit": m.unit,
        "scale": [m.scale_min, m.scale_max],
        "direction": m.direction, "aggregation": m.aggregation,
        "answers": [m.answer_min, m.answer_max],
        "target": m.target, "amber": m.amber, "amber_mode": m.amber_mode,
        "weight": m.weight, "aliases": list(m.aliases),
        **({"min_n": m.min_n} if m.min_n else {}),
    }


def _touchpoint_to_dict(tp: Touchpoint) -> dict[str, Any]:
    return _drop_empty({
        "id": tp.id, "name": tp.name, "phase": tp.phase, "lane": tp.lane,
        "channel": tp.channel, "owner": tp.owner, "description": tp.description,
        "emotion": tp.emotion,
        "pain_points": list(tp.pain_points), "opportunities": list(tp.opportunities),
        "notes": list(tp.notes),
        "moment_of_truth": tp.moment_of_truth, "votes": tp.votes or None,
        "position": list(tp.position) if tp.position is not None else None,
        "targets": _overrides(tp.target_overrides),
        "importance": tp.importance,
        # Kept in persona order (a dict: one emotion per persona).
        "persona_emotions": dict(tp.persona_emotions),
        "state": tp.state if tp.state != "current" else None,
        "future_note": tp.future_note,
        "future_targets": _overrides(tp.future_targets),
        "evidence_level": tp.evidence_level,
        "evidence": [_drop_empty({"kind": e.kind, "text": e.text, "source": e.source, "date": e.date,
                                  "ref": e.ref}) for e in tp.evidence],
        "link": tp.link,
    })


def dumps_bytes(journey: Journey | JourneySnapshot) -> bytes:
    """The UTF-8 bytes of the .journey file: two-space indented JSON, keys in
    the order to_dict gives them, one trailing newline.

    It only reads the journey (never changes it, never touches the disk), so
    a background autosave can call it on a snapshot and hand the bytes to
    atomic_write_bytes in another thread. Raises UnsavableError for a number
    a file cannot hold.
    """
    # orjson writes the indented file about ten times faster than json's
    # pure-Python indenting encoder (a 2,000-touchpoint map: 0.3 s -> 0.04 s);
    # imported here, when first needed: a report never saves.
    import orjson

    data = to_dict(journey)
    _check_finite(data, "")
    try:
        # Same text as json.dumps(indent=2, ensure_ascii=False) up to how a
        # float is spelt (1e-05 becomes 0.00001): the same values either way.
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError as exc:
        # Only a whole number beyond 64 bits gets here (a vote or n count).
        raise UnsavableError(f"a number in the journey is too large to save ({exc})") from None


def dumps(journey: Journey | JourneySnapshot) -> str:
    """The file's text; see dumps_bytes."""
    return dumps_bytes(journey).decode("utf-8")


def _check_finite(data: Any, where: str) -> None:
    """Refuse NaN and infinity everywhere but the measurements (checked as
    they are built): orjson would write them as null, a file that loads with
    a confusing message or not at all. A few thousand values on a large map."""
    kind = type(data)
    if kind is float:
        if not -math.inf < data < math.inf:
            raise UnsavableError(f"{where or 'a value'} is {data}, not a number; the journey cannot be saved")
    elif kind is dict:
        label = data.get("id")
        inside = f"'{label}'" if type(label) is str else where
        for key, value in data.items():
            if key != "measurements" and type(value) not in (str, int, bool):
                _check_finite(value, f"'{key}' of {inside}" if inside else f"'{key}'")
    elif kind is list:
        for value in data:
            if type(value) is not str:
                _check_finite(value, where)


def save(journey: Journey | JourneySnapshot, path: str | os.PathLike[str]) -> None:
    """Write atomically: a crash mid-save leaves the old file as it was."""
    atomic_write_bytes(Path(path), dumps_bytes(journey))


# ------------------------------------------------------------------- reading
class _Reader:
    """Typed access to a JSON object that says where a bad value sits."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise JourneyFileError(f"{where} must be an object")
        self.data, self.where = data, where

    def _get(self, key: str, types: tuple[type, ...], default: Any, required: bool) -> Any:
        value = self.data.get(key)
        if value is None:  # absent, or null
            if required:
                raise JourneyFileError(f"{self.where}: '{key}' is missing")
            return default
        # bool is an int in Python; a true/false where a number belongs is an error.
        if isinstance(value, bool) and bool not in types:
            raise JourneyFileError(f"{self.where}: '{key}' must be {_type_words(types)}, not {value!r}")
        if not isinstance(value, types):
            raise JourneyFileError(f"{self.where}: '{key}' must be {_type_words(types)}, not {_short(value)}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            _in_range(float(value), f"{self.where}: '{key}'")
        return value

    def text(self, key: str, default: str = "", required: bool = False) -> str:
        value = self.data.get(key)
        if isinstance(value, str) and len(value) <= MAX_TEXT:
            return value  # the usual case, without _get's checks (a big map has tens of thousands)
        checked: str = self._get(key, (str,), default, required)
        if len(checked) > MAX_TEXT:
            # A name or note of megabytes is damage, and laying it out takes minutes.
            raise JourneyFileError(f"{self.where}: '{key}' is {len(checked):,} characters long, more than a "
                                   f"journey's text may be ({MAX_TEXT:,})")
        return checked

    def number(self, key: str, default: float) -> float:
        """A number that is always there (the default when absent)."""
        value = self._get(key, (int, float), default, False)
        return float(value)

    def required_number(self, key: str) -> float:
        return float(self._get(key, (int, float), None, True))

    def optional_number(self, key: str) -> float | None:
        value = self._get(key, (int, float), None, False)
        return None if value is None else float(value)

    def whole(self, key: str, default: int) -> int:
        value: int = self._get(key, (int,), default, False)
        return value

    def optional_whole(self, key: str) -> int | None:
        value: int | None = self._get(key, (int,), None, False)
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value: bool = self._get(key, (bool,), default, False)
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        items = self._get(key, (list,), [], False)
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise JourneyFileError(f"{self.where}: '{key}'[{i}] must be text, not {_short(item)}")
        return tuple(items)

    def overrides(self, key: str, what: str = "target") -> tuple[tuple[str, float], ...]:
        """A {id: number} object: targets by metric (sorted), or with `what`
        "emotion", emotions by persona (in the file's order)."""
        mapping = self._get(key, (dict,), {}, False)
        out: list[tuple[str, float]] = []
        for item_id, value in mapping.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise JourneyFileError(f"{self.where}: {what} for '{item_id}' must be a number")
            out.append((item_id, _in_range(float(value), f"{self.where}: {what} for '{item_id}'")))
        return tuple(out) if what == "emotion" else tuple(sorted(out))

    def _pair_values(self, key: str, allow_none: bool) -> list[Any] | None:
        value = self._get(key, (list,), None, False)
        if value is None:
            return None
        ok = len(value) == 2 and all(
            (v is None and allow_none) or (isinstance(v, (int, float)) and not isinstance(v, bool))
            for v in value)
        if not ok:
            raise JourneyFileError(f"{self.where}: '{key}' must be a pair of numbers")
        for v in value:
            if v is not None:
                _in_range(v, f"{self.where}: '{key}'")
        return list(value)

    def pair(self, key: str) -> tuple[float, float] | None:
        """Two numbers, or None when absent."""
        values = self._pair_values(key, False)
        return None if values is None else (float(values[0]), float(values[1]))

    def optional_pair(self, key: str) -> tuple[float | None, float | None] | None:
        """Two numbers either of which may be null, or None when absent."""
        values = self._pair_values(key, True)
        if values is None:
            return None
        first, second = (None if v is None else float(v) for v in values)
        return first, second


def _type_words(types: tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
             list: "a list", dict: "an object"}
    if set(types) == {int, float}:
        return "a number"
    return " or ".join(names.get(t, t.__name__) for t in types)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise JourneyFileError(f"'{key}' must be a list")
    return value


def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 added a measurement's spread ("sd"), a metric's minimum n
    ("min_n") and actions, all optional: a version 1 file reads as it is."""
    return {**data, "version": 2}


def _from_version_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 added personas (and cards' emotions per persona), a card's
    future state, evidence and a linked journey, all optional: a version 2
    file reads as it is."""
    return {**data, "version": 3}


MIGRATIONS: dict[int, Any] = {
    # from_version: function(dict) -> dict of from_version + 1.
    1: _from_version_1,
    2: _from_version_2,
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise JourneyFileError("'version' must be a whole number of 1 or more")
    if version > VERSION:
        raise JourneyFileError(
            f"this file was written by a newer journeymap (file format {version}; "
            f"this version reads up to {VERSION}). Please update journeymap to open it.")
    while version < VERSION:
        data = MIGRATIONS[version](data)
        version = data["version"]
    return data


def from_dict(data: Any, measurements: list[Measurement] | None = None) -> Journey:
    """The journey a file's data holds; `measurements`, when given, were
    read and checked already (bulk_read) and the data has none."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise JourneyFileError("not a journeymap file (the 'format' key is not \"journeymap\")")
    data = migrate(data)
    info = _Reader(data.get("journey", {}), "journey")
    settings = info._get("import_settings", (dict,), {}, False)
    journey = Journey(JourneyInfo(
        name=info.text("name", "Untitled journey"), description=info.text("description"),
        import_settings=tuple(sorted((str(k), str(v)) for k, v in settings.items()))))
    try:
        _load_items(journey, data, measurements)
    except JourneyError as exc:
        raise JourneyFileError(str(exc)) from None
    return journey


def _load_items(journey: Journey, data: dict[str, Any], measurements: list[Measurement] | None) -> None:
    for i, raw in enumerate(_list(data, "phases")):
        r = _Reader(raw, f"phases[{i}]")
        r.where = f"phase '{r.text('id', required=True)}'"
        journey.add_phase(Phase(id=r.text("id", required=True), name=r.text("name", required=True),
                                description=r.text("description"), macro=r.text("macro"),
                                target_overrides=r.overrides("targets")))
    for i, raw in enumerate(_list(data, "lanes")):
        r = _Reader(raw, f"lanes[{i}]")
        journey.add_lane(Lane(id=r.text("id", required=True), name=r.text("name", required=True)))
    for i, raw in enumerate(_list(data, "personas")):
        r = _Reader(raw, f"personas[{i}]")
        r.where = f"persona '{r.text('id', required=True)}'"
        journey.set_persona(Persona(id=r.text("id", required=True), name=r.text("name", required=True),
                                    description=r.text("description"), color=r.text("color"),
                                    picture=r.text("picture"), segment=r.text("segment")))
    for i, raw in enumerate(_list(data, "metrics")):
        r = _Reader(raw, f"metrics[{i}]")
        r.where = f"metric '{r.text('id', required=True)}'"
        scale = r.pair("scale") or (0.0, 100.0)
        answers = r.optional_pair("answers") or (None, None)
        journey.set_metric(MetricDef(
            id=r.text("id", required=True), name=r.text("name", required=True), unit=r.text("unit"),
            scale_min=scale[0], scale_max=scale[1], direction=r.text("direction", "higher"),
            aggregation=r.text("aggregation", "mean"), answer_min=answers[0], answer_max=answers[1],
            target=r.optional_number("target"), amber=r.number("amber", 0.0),
            amber_mode=r.text("amber_mode", "absolute"), weight=r.number("weight", 1.0),
            aliases=r.strings("aliases"), min_n=r.optional_whole("min_n") or 0))
    for i, raw in enumerate(_list(data, "touchpoints")):
        r = _Reader(raw, f"touchpoints[{i}]")
        r.where = f"touchpoint '{r.text('id', required=True)}'"
        position = r.pair("position")
        journey.add_touchpoint(Touchpoint(
            id=r.text("id", required=True), name=r.text("name", required=True),
            phase=r.text("phase", required=True), lane=r.text("lane", required=True),
            channel=r.text("channel"), owner=r.text("owner"), description=r.text("description"),
            emotion=r.optional_number("emotion"), pain_points=r.strings("pain_points"),
            opportunities=r.strings("opportunities"), notes=r.strings("notes"),
            moment_of_truth=r.flag("moment_of_truth"), votes=r.whole("votes", 0),
            position=position, target_overrides=r.overrides("targets"), importance=r.optional_number("importance"),
            persona_emotions=r.overrides("persona_emotions", "emotion"), state=r.text("state", "current"),
            future_note=r.text("future_note"), future_targets=r.overrides("future_targets"),
            evidence_level=r.text("evidence_level"), evidence=_evidence(r), link=r.text("link")))
    for i, raw in enumerate(_list(data, "connections")):
        r = _Reader(raw, f"connections[{i}]")
        journey.add_connection(Connection(source=r.text("source", required=True),
                                          target=r.text("target", required=True),
                                          label=r.text("label"), share=r.optional_number("share")))
    journey.add_measurements(measurements if measurements is not None else
                             _measurements_from(_list(data, "measurements")))
    for i, raw in enumerate(_list(data, "actions")):
        r = _Reader(raw, f"actions[{i}]")
        r.where = f"action '{r.text('id', required=True)}'"
        journey.set_action(Action(
            id=r.text("id", required=True), title=r.text("title", required=True),
            description=r.text("description"), touchpoints=r.strings("touchpoints"), owner=r.text("owner"),
            status=r.text("status", "idea"), impact=r.text("impact", "medium"), effort=r.text("effort", "medium"),
            due=r.text("due")))
    for tp in journey.touchpoints:
        for metric, _ in (*tp.target_overrides, *tp.future_targets):
            if not journey.has_metric(metric):
                raise JourneyFileError(f"touchpoint '{tp.id}': target for unknown metric '{metric}'")


def _evidence(r: _Reader) -> tuple[Evidence, ...]:
    items = []
    for i, raw in enumerate(r._get("evidence", (list,), [], False)):
        e = _Reader(raw, f"{r.where}: evidence[{i}]")
        items.append(Evidence(kind=e.text("kind", required=True), text=e.text("text"), source=e.text("source"),
                              date=e.text("date"), ref=e.text("ref")))
    return tuple(items)


def _checked_measurement(raw: Any, i: int) -> Measurement:
    r = _Reader(raw, f"measurements[{i}]")
    return Measurement(
        node=r.text("node", required=True), metric=r.text("metric", required=True),
        value=r.required_number("value"), n=r.optional_whole("n"), period=r.text("period"),
        segment=r.text("segment"), source=r.text("source"), sd=r.optional_number("sd"))


def _measurements_from(raws: list[Any]) -> Iterator[Measurement]:
    """Measurements from their dicts: the well-formed case checked inline (a
    journey holds up to half a million), anything else by the checked path,
    which names the problem."""
    make = Measurement
    for i, raw in enumerate(raws):
        if type(raw) is dict:
            get = raw.get
            node, metric, value, n = get("node"), get("metric"), get("value"), get("n")
            period, segment, source, sd = get("period", ""), get("segment", ""), get("source", ""), get("sd")
            if (type(node) is str and type(metric) is str and (type(value) is float or type(value) is int)
                    and -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE
                    and (n is None or (type(n) is int and -MAX_MAGNITUDE <= n <= MAX_MAGNITUDE))
                    and type(period) is str and type(segment) is str and type(source) is str
                    and (sd is None or ((type(sd) is float or type(sd) is int) and 0 <= sd <= MAX_MAGNITUDE))):
                yield make(node, metric, float(value), n, period, segment, source,
                           None if sd is None else float(sd))
                continue
        yield _checked_measurement(raw, i)


# No figure in a journey comes near this; beyond it arithmetic overflows to
# infinity in roll-ups, and NaN or Infinity is not JSON a journey may hold.
MAX_MAGNITUDE = 1e15


# Longest text a name, description or note may hold.
MAX_TEXT = 20_000


class _NumberError(ValueError):
    pass


def _parse_float(text: str) -> float:
    value = float(text)
    if not abs(value) <= MAX_MAGNITUDE:
        raise _NumberError(f"the number {text[:30]}{'…' if len(text) > 30 else ''} is out of range")
    return value


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > 16:
        raise _NumberError(f"the number {text[:30]}{'…' if len(text) > 30 else ''} is out of range")
    return int(text)


def _float_as_orjson(text: str) -> float:
    value = float(text)
    if math.isinf(value):  # beyond a double: orjson refuses it too
        raise _NumberError(text)
    return value


def _int_as_orjson(text: str) -> int | float:
    return _float_as_orjson(text) if len(text.lstrip("-")) > 18 else int(text)


def _parse_constant(name: str) -> float:
    raise _NumberError(f"{name} is not a number a journey can hold")


# Up to this size a file is read by json alone (with the hooks that refuse
# what a journey may not hold); above it, by orjson first.
SMALL_FILE = 256 * 1024


def _parse(raw: bytes) -> Any:
    """The file's JSON. orjson reads a well-formed file several times faster
    than json; when it refuses (bad JSON, NaN, a number too big for a double)
    json with hooks reads it again to say exactly what is wrong. orjson turns
    a huge integer into a float rather than refusing it, so the numbers a
    journey uses are also checked where they are read (_in_range)."""
    if len(raw) > SMALL_FILE:
        import orjson  # imported when first needed: it costs more to import than a small file to read

        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    else:
        # As orjson reads it (a huge whole number becomes a float), so that
        # the range checks where values are read name where the bad one is.
        try:
            return json.loads(raw.decode("utf-8"), parse_float=_float_as_orjson, parse_int=_int_as_orjson,
                              parse_constant=_parse_constant)
        except (json.JSONDecodeError, _NumberError):
            pass
    text = raw.decode("utf-8")
    return json.loads(text, parse_float=_parse_float, parse_int=_parse_int, parse_constant=_parse_constant)


def _in_range(value: float, where: str) -> float:
    if not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
        raise JourneyFileError(f"{where}: the number {value:g} is out of range; the file is damaged")
    return value


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading a journey makes hundreds of thousands of small objects and no
    garbage; the cyclic collector would rescan them all again and again
    meanwhile (a third of the load time of a big map). Also used while a
    window builds the scene and analysis of a journey just read."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def loads(text: str | bytes) -> Journey:
    with collector_paused():
        return _loads(text)


def _loads(text: str | bytes) -> Journey:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > SMALL_FILE:
        from .bulk_read import read_sections  # imported when first needed, as orjson is

        sections = read_sections(raw, VERSION)
        if sections is not None:
            return from_dict(*sections)
    try:
        data = _parse(raw)
    except json.JSONDecodeError as exc:
        raise JourneyFileError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                               "the file may be truncated or damaged") from None
    except _NumberError as exc:
        raise JourneyFileError(f"{exc}; the file is damaged") from None
    except RecursionError:
        raise JourneyFileError("nested too deeply to be a journey; the file is damaged") from None
    return from_dict(data)


def load(path: str | os.PathLike[str]) -> Journey:
    """Read and validate a .journey file; every failure is a JourneyFileError
    whose message starts with the file name."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise JourneyFileError("the file is too large to be a journey")
        raw = path.read_bytes()
        raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some editors add
        raw.decode("utf-8")  # refuses a file that is not UTF-8 text, as before
        return loads(raw)
    except JourneyFileError as exc:
        raise JourneyFileError(f"{path.name}: {exc}") from None
    except UnicodeDecodeError:
        raise JourneyFileError(f"{path.name}: not a text file in UTF-8") from None
    except FileNotFoundError:
        raise JourneyFileError(f"{path.name}: no such file") from None
    except IsADirectoryError:
        raise JourneyFileError(f"{path.name}: is a folder, not a file") from None
    except PermissionError:
        raise JourneyFileError(f"{path.name}: permission denied") from None
    except OSError as exc:
        raise JourneyFileError(f"{path.name}: {exc.strerror or exc}") from None
