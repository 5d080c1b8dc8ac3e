"""Journey templates and the sample journey shipped as package data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from journeymap.model.entities import JourneyInfo
from journeymap.model.journey import Journey

from .journey_file import JourneyFileError, loads

_RESOURCES = resources.files("journeymap") / "resources"


def template_names() -> list[str]:
    return sorted(p.name.removesuffix(".journey")
                  for p in (_RESOURCES / "templates").iterdir() if p.name.endswith(".journey"))


def load_template(name: str, journey_name: str | None = None) -> Journey:
    if name not in template_names():
        raise JourneyFileError(f"unknown template '{name}' (choose from {', '.join(template_names())})")
    journey = loads((_RESOURCES / "templates" / f"{name}.journey").read_text("utf-8"))
    if journey_name:
        journey.set_info(JourneyInfo(name=journey_name, description=journey.info.description))
    return journey


def sample_path() -> Path:
    """The shipped sample journey that the app opens on first run."""
    return Path(str(_RESOURCES / "samples" / "acme-b2b-saas.journey"))
