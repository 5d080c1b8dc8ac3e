"""Journey templates: the built-in ones shipped as package data, and a
team's own, saved from one of its maps (File > Save as Template) into a
folder of the user's; and the sample journey."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from journeymap.model.entities import JourneyInfo
from journeymap.model.journey import Journey, derived_journey

from .journey_file import SUFFIX, JourneyFileError, load, loads, save

_RESOURCES = resources.files("journeymap") / "resources"

# A built-in template's title where its file name does not say it well.
TITLES = {"b2b-saas": "B2B SaaS", "blank": "Blank", "saas-support": "SaaS support",
          "ecommerce-purchase-return": "E-commerce purchase and return"}


@dataclass(frozen=True)
class Template:
    name: str  # the file name without .journey
    title: str  # as the New from Template list shows it
    path: Path | None  # a saved template's file; None for a built-in one

    @property
    def builtin(self) -> bool:
        return self.path is None

    def load(self) -> Journey:
        if self.path is None:
            return load_template(self.name)
        return load(self.path)


def template_title(name: str) -> str:
    """A template's file name as a menu shows it ("b2b-saas" -> "B2B SaaS")."""
    return TITLES.get(name, name.replace("-", " ").capitalize())


def template_names() -> list[str]:
    return sorted(p.name.removesuffix(SUFFIX)
                  for p in (_RESOURCES / "templates").iterdir() if p.name.endswith(SUFFIX))


def load_template(name: str, journey_name: str | None = None) -> Journey:
    if name not in template_names():
        raise JourneyFileError(f"unknown template '{name}' (choose from {', '.join(template_names())})")
    journey = loads((_RESOURCES / "templates" / f"{name}{SUFFIX}").read_text("utf-8"))
    if journey_name:
        journey.set_info(JourneyInfo(name=journey_name, description=journey.info.description))
    return journey


def all_templates(user_folder: Path | None) -> list[Template]:
    """The built-in templates (Blank first), then the user's saved ones by name."""
    names = template_names()
    builtin = [Template(n, template_title(n), None) for n in ["blank", *(n for n in names if n != "blank")]
               if n in names]
    saved = [] if user_folder is None or not user_folder.is_dir() else [
        Template(p.stem, p.stem, p) for p in sorted(user_folder.glob(f"*{SUFFIX}"), key=lambda p: p.stem.lower())]
    return builtin + saved


def as_template(journey: Journey) -> Journey:
    """What a template keeps of a map: its phases, lanes, cards (names,
    channels, owners, descriptions, emotions), connections, metrics with
    targets, and personas. What the team found and decided belongs to the
    map, not to the next one made from it: measured data, pain points,
    opportunities, notes, votes, actions, evidence, links, the future state
    and import settings. A card that is only in the future state is left out."""
    return derived_journey(journey, lambda tp: None if tp.state == "new" else dataclasses.replace(
        tp, evidence=(), evidence_level="", link="", votes=0, importance=None, notes=(), pain_points=(),
        opportunities=(), state="current", future_note="", future_targets=()))


TEMPLATE_KEEPS = ("A template keeps the phases, lanes, touchpoints (names, channels, owners, descriptions, "
                  "emotions), connections, metrics with their targets and the personas. It leaves out measured "
                  "data, pain points, opportunities, notes, votes, actions, evidence, links and the future state.")


def template_file_name(title: str) -> str:
    """A file name for a template's title (letters, digits, spaces, - and _)."""
    name = re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE).strip()
    return name[:80] or "My template"


def save_template(journey: Journey, folder: Path, title: str, replace: bool = False) -> Path:
    """Save the map as a template in `folder` (made when missing), written
    atomically; FileExistsError when one of that name exists and not `replace`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{template_file_name(title)}{SUFFIX}"
    if path.exists() and not replace:
        raise FileExistsError(path)
    save(as_template(journey), path)
    return path


def sample_path() -> Path:
    """The shipped sample journey that the app opens on first run."""
    return Path(str(_RESOURCES / "samples" / "acme-b2b-saas.journey"))
