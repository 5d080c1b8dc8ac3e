"""Crash recovery: find autosaved work whose window did not close cleanly."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from journeymap.io.journey_file import load
from journeymap.model.journey import Journey

from .paths import recovery_dir


@dataclass
class Recoverable:
    data_path: Path
    meta_path: Path
    original: Path | None
    saved_at: float
    name: str

    def load(self) -> Journey:
        return load(self.data_path)

    def discard(self) -> None:
        self.data_path.unlink(missing_ok=True)
        self.meta_path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_recoverable() -> list[Recoverable]:
    """Autosaves left by a journeymap that is no longer running."""
    folder = recovery_dir()
    found = []
    for meta_path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        data_path = meta_path.with_suffix(".journey")
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            pid = int(meta.get("pid", 0))
        except (OSError, ValueError, TypeError, AttributeError):
            continue
        if not data_path.exists() or (pid and _alive(pid)):
            continue
        original = meta.get("original")
        found.append(Recoverable(data_path, meta_path, Path(original) if original else None,
                                 float(meta.get("saved_at", 0)), str(meta.get("name", ""))))
    return found



