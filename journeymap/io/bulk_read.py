"""Reading a big .journey file fast (issue 13).

A big map's file is mostly measurements: 100,000 small objects, which the
general reader builds as dicts and then checks one by one in Python. Here
msgspec splits the file into its top-level sections without building them and
reads the measurements straight into checked records in C, by the same rules
as the general reader (text where text belongs, a number in range where a
number belongs, never true or false for a number). The other sections are
read by orjson, as the general reader would.

Anything this reader does not accept, it leaves to the general reader, which
says exactly what is wrong: a damaged file gets the same message either way.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

import msgspec
import orjson

from journeymap.model.entities import Measurement

# The general reader's limits (journey_file.MAX_MAGNITUDE), repeated here as
# constraints msgspec checks while it reads; a test keeps them equal.
MAX_MAGNITUDE = 1e15
_MAX_WHOLE = 10**15

_Number = Annotated[float, msgspec.Meta(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]
_Whole = Annotated[int, msgspec.Meta(ge=-_MAX_WHOLE, le=_MAX_WHOLE)]
_Spread = Annotated[float, msgspec.Meta(ge=0, le=MAX_MAGNITUDE)]


class _Row(msgspec.Struct, frozen=True, gc=False):
    """A measurement as the file writes it; the fields in Measurement's order."""

    node: str
    metric: str
    value: _Number
    n: _Whole | None = None
    period: str = ""
    segment: str = ""
    source: str = ""
    sd: _Spread | None = None


_MEASUREMENT = partial(tuple.__new__, Measurement)
_SECTIONS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ROWS = msgspec.json.Decoder(list[_Row])
_VERSION = msgspec.json.Decoder(int)


def read_sections(raw: bytes, version: int) -> tuple[dict[str, Any], list[Measurement]] | None:
    """The file's sections but its measurements, and its measurements, for a
    file of this format version; None when anything is not as a well-formed
    file of that version has it (the general reader then reads it)."""
    try:
        sections = _SECTIONS.decode(raw)
        if "version" not in sections or _VERSION.decode(sections["version"]) != version:
            return None  # an older file is migrated by the general reader
        rows = _ROWS.decode(sections.pop("measurements")) if "measurements" in sections else []
        data = {key: orjson.loads(memoryview(section)) for key, section in sections.items()}
    except (msgspec.DecodeError, orjson.JSONDecodeError):
        return None
    # tuple.__new__ through partial builds each record in C (Measurement._make
    # is a Python call per record: a fifth slower over 100,000).
    return data, list(map(_MEASUREMENT, map(msgspec.structs.astuple, rows)))
