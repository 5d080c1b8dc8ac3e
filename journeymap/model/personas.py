"""Personas: the customers a map is drawn for ("Busy parent", "Small
business owner"). Each card's emotion can differ per persona, and a persona
may stand for a measurement segment, so choosing it shows that segment's
figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .evidence import EvidenceError, check_relative_path

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class PersonaError(ValueError):
    pass


@dataclass(frozen=True)
class Persona:
    """A customer the map is drawn for, with the segment it may stand for."""

    id: str
    name: str
    description: str = ""
    # "#rrggbb"; empty: the palette's colour for the persona's place.
    color: str = ""
    # A picture beside the journey file, by a path relative to it.
    picture: str = ""
    # The measurement segment this persona stands for ("" for none).
    segment: str = ""


def check_persona(persona: Persona) -> None:
    where = f"persona '{persona.name or persona.id}'"
    if not persona.id.strip():
        raise PersonaError("a persona needs an id")
    if not persona.name.strip():
        raise PersonaError(f"{where} needs a name")
    if persona.color and not _HEX_COLOR.fullmatch(persona.color):
        raise PersonaError(f"{where}: colour '{persona.color}' is not a colour like #1f77b4")
    if persona.picture:
        try:
            check_relative_path(persona.picture)
        except EvidenceError as exc:
            raise PersonaError(f"{where}: picture {exc}") from None
