"""Evidence behind a card: what customers said (quotes), what was seen
(pictures) and where to read more (links), and how well the card is known,
from an assumption to a measured fact.

Pictures are files beside the .journey file, referred to by a path relative
to it, so a journey stays a small text file and its folder moves with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from .wording import is_iso_date

KINDS = ("quote", "picture", "link")
# From least to best known; a card's marker fills one bar per level.
LEVELS = ("assumption", "anecdote", "researched", "measured")
LEVEL_WORDS = {
    "assumption": "Assumption: what the team believes, not yet checked",
    "anecdote": "Anecdote: heard from a few customers or colleagues",
    "researched": "Researched: seen in interviews, tests or observation",
    "measured": "Measured: backed by data from many customers",
}
# Web addresses a link may open; anything else (javascript:, file:) is refused.
LINK_SCHEMES = ("http://", "https://", "mailto:")


class EvidenceError(ValueError):
    pass


@dataclass(frozen=True)
class Evidence:
    """One item of a card's evidence: a quote, a picture or a link."""

    kind: str  # one of KINDS
    text: str = ""  # the quote, or a picture's or link's caption
    source: str = ""  # who said it, or where it is from
    date: str = ""  # an ISO date (2026-11-29), or none
    # A picture's path relative to the journey file, or a link's address.
    ref: str = ""

    @property
    def label(self) -> str:
        """One line for lists: the quote or caption, else the reference."""
        return self.text or self.ref


def level_rank(level: str) -> int:
    """0 for no level, 1 (assumption) to 4 (measured)."""
    return LEVELS.index(level) + 1 if level in LEVELS else 0


def check_relative_path(path: str) -> None:
    """A picture's path must stay inside the journey's folder: relative, no
    '..', no drive; a shared file must not point a reader at other files."""
    if "\\" in path:
        path = path.replace("\\", "/")
    posix = PurePosixPath(path)
    if posix.is_absolute() or PureWindowsPath(path).drive or ".." in posix.parts or not posix.parts:
        raise EvidenceError(f"'{path}' must be a path inside the journey's folder (relative, without '..')")


def check_evidence(item: Evidence, where: str) -> None:
    if item.kind not in KINDS:
        raise EvidenceError(f"{where}: evidence kind must be quote, picture or link, not '{item.kind}'")
    if item.kind == "quote" and not item.text.strip():
        raise EvidenceError(f"{where}: a quote needs its text")
    if item.kind == "picture":
        if not item.ref.strip():
            raise EvidenceError(f"{where}: a picture needs its file")
        try:
            check_relative_path(item.ref)
        except EvidenceError as exc:
            raise EvidenceError(f"{where}: picture {exc}") from None
    if item.kind == "link" and not item.ref.lower().startswith(LINK_SCHEMES):
        raise EvidenceError(f"{where}: link '{item.ref}' must start with https://, http:// or mailto:")
    if item.date and not is_iso_date(item.date):
        raise EvidenceError(f"{where}: date '{item.date}' is not a date like 2026-11-29")


def check_level(level: str, where: str) -> None:
    if level and level not in LEVELS:
        raise EvidenceError(f"{where}: evidence level must be one of {', '.join(LEVELS)}, not '{level}'")
