"""Pictures of a journey (evidence on cards, personas' portraits) live in a
folder beside the .journey file and are referred to by a path relative to
it: the journey stays a small, diffable text file, and moving the file with
its folder keeps every picture."""

from __future__ import annotations

from pathlib import Path

from journeymap.model.journey import Journey

# What Qt reads everywhere it runs, and what a browser shows.
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg")
# A picture of a card is a photo or a screenshot; beyond this it is a mistake.
MAX_PICTURE_BYTES = 50 * 1024 * 1024


class PictureError(Exception):
    """A picture that cannot be added, with a message for the user."""


def pictures_folder(journey_path: Path) -> Path:
    """Where a saved journey keeps its pictures: "<name> pictures" beside it."""
    return journey_path.with_name(f"{journey_path.stem} pictures")


def add_picture(journey_path: Path, source: Path) -> str:
    """Copy a picture into the journey's folder (under a name not yet used)
    and return the relative path the journey refers to it by."""
    if source.suffix.lower() not in PICTURE_SUFFIXES:
        raise PictureError(f"{source.name}: not a picture journeymap can show "
                           f"({', '.join(s.lstrip('.') for s in PICTURE_SUFFIXES)})")
    try:
        if source.stat().st_size > MAX_PICTURE_BYTES:
            raise PictureError(f"{source.name}: larger than {MAX_PICTURE_BYTES // 2**20} MB")
        folder = pictures_folder(journey_path)
        folder.mkdir(exist_ok=True)
        if source.resolve().parent == folder.resolve():
            return f"{folder.name}/{source.name}"  # already there
        import shutil  # only to add a picture: a report's start does not pay for it

        target = folder / source.name
        i = 2
        while target.exists():
            target = folder / f"{source.stem}-{i}{source.suffix}"
            i += 1
        shutil.copyfile(source, target)
    except OSError as exc:
        raise PictureError(f"{source.name}: cannot be copied beside the journey ({exc.strerror or exc})") from None
    return f"{folder.name}/{target.name}"


def picture_path(base: Path | None, ref: str) -> Path | None:
    """Where a picture reference points (None: the journey is not saved)."""
    return None if base is None else base / ref


def missing_pictures(journey: Journey, base: Path | None) -> list[str]:
    """One line per picture that is not where the journey says, naming the
    card or persona: reported, never fatal."""
    if base is None:
        return []
    missing = []
    for persona in journey.personas:
        if persona.picture and not (base / persona.picture).is_file():
            missing.append(f"persona '{persona.name}': picture {persona.picture} is missing")
    for tp in journey.touchpoints:
        for i, item in enumerate(tp.evidence, 1):
            if item.kind == "picture" and not (base / item.ref).is_file():
                missing.append(f"touchpoint '{tp.name}', evidence {i}: picture {item.ref} is missing")
    return missing
