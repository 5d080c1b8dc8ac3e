"""Linked journeys: a card that stands for a whole detailed journey (the
"Onboarding" step of a high-level map links to onboarding.journey). The card
shows the linked map's name and health; a link that cannot be followed says
why, plainly, and never stops this journey from opening."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journeymap.analysis.scorecard import Scorecards

from .journey_file import JourneyFileError, load


@dataclass(frozen=True)
class LinkedJourney:
    link: str  # as the card holds it: relative to the journey's folder
    path: Path | None  # where it resolves to (None: the journey is not saved yet)
    name: str = ""
    health: float | None = None  # share of its results meeting target, None when nothing is measured
    problem: str = ""  # why it cannot be opened; "" when it can

    @property
    def ok(self) -> bool:
        return not self.problem

    def words(self) -> str:
        """One line for a card's tooltip, the inspector or a report."""
        if self.problem:
            return f"Linked journey {self.link}: {self.problem}"
        health = "nothing measured yet" if self.health is None else f"{self.health:.0f}% of results on target"
        return f"Linked journey '{self.name}' ({self.link}): {health}"


def resolve_link(base: Path | None, link: str) -> Path | None:
    """The linked file's path; a relative link is relative to `base`, the
    folder of the journey that holds it."""
    path = Path(link)
    if path.is_absolute():
        return path
    return None if base is None else (base / path)


class LinkedJourneys:
    """Reads linked journeys, keeping each until its file changes: a map
    redraws its cards often, and reading a file per redraw would be slow."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], LinkedJourney]] = {}

    def read(self, base: Path | None, link: str) -> LinkedJourney:
        path = resolve_link(base, link)
        if path is None:
            return LinkedJourney(link, None, problem="save this journey first, so the link has a folder to start from")
        try:
            stat = path.stat()
        except FileNotFoundError:
            return LinkedJourney(link, path, problem="the file is missing (moved or renamed?)")
        except OSError as exc:
            return LinkedJourney(link, path, problem=exc.strerror or str(exc))
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            journey = load(path)
        except JourneyFileError as exc:
            linked = LinkedJourney(link, path, problem=f"cannot be read ({exc})")
        else:
            linked = LinkedJourney(link, path, journey.info.name, Scorecards(journey).health_percent())
        self._cache[path] = (stamp, linked)
        return linked
