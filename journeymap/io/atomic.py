"""Atomic file writes: a temporary file beside the target, flushed to disk,
then renamed over it, so a crash or a full disk never leaves half a file."""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable
from pathlib import Path


class WriteError(OSError):
    """Writing failed; the existing file, if any, is untouched."""


# A temporary file this old beside its target was left by a killed run.
STALE_SECONDS = 600


def atomic_write(path: Path, write: Callable[[Path], object],
                 check: Callable[[Path], str | None] | None = None) -> None:
    """Call ``write(tmp_path)`` then move tmp_path over ``path``.

    ``write`` may be any writer that takes a file name (openpyxl, QImage.save,
    a JSON dump), so every export shares one safe path to disk. ``check``
    says what is wrong with the written file, for writers that do not report
    errors themselves (Qt's SVG and PDF writers fall silent on a full disk).
    A symbolic link is written through (its target is replaced, the link
    stays); a file with other hard links is rewritten in place once the new
    version is safely on disk, so every name sees it; a read-only file is
    refused.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.exists() and not path.stat().st_mode & 0o222:
        raise WriteError(f"{path.name} is read-only; nothing was written")
    folder = path.parent if str(path.parent) else Path(".")
    _remove_stale(folder, path.name)
    try:
        import tempfile  # imported when first saving: a report never writes

        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp" + path.suffix, dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        problem = check(tmp) if check else None
        if problem:
            raise OSError(problem)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if path.exists() and path.stat().st_nlink > 1:
            _write_in_place(tmp, path)
            tmp.unlink(missing_ok=True)
            return
        if path.exists():
            # Keep the permissions of the file being replaced.
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except _PartlyWritten as exc:
        raise WriteError(f"could not save {path.name} in place ({exc}); the complete new version is "
                         f"kept in {tmp.name}") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(f"could not save {path.name}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_in_place(tmp: Path, path: Path) -> None:
    """A file with other hard links is rewritten in place (a rename would
    leave the other names on the old content). The complete new version is
    already on disk in `tmp`, and the space is reserved before the first
    byte is overwritten, so a full disk stops the save with the old file
    intact."""
    size = tmp.stat().st_size
    with open(tmp, "rb") as src, open(path, "r+b") as dst:
        if size > os.fstat(dst.fileno()).st_size and hasattr(os, "posix_fallocate"):
            os.posix_fallocate(dst.fileno(), 0, size)
        try:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.truncate(size)
            dst.flush()
            os.fsync(dst.fileno())
        except OSError as exc:
            raise _PartlyWritten(exc.strerror or str(exc)) from None


class _PartlyWritten(Exception):  # noqa: N818 (a state, not an error of the caller's)
    """Rewriting in place failed after it began: the new version stays in
    the temporary file, the one complete copy."""


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


def _remove_stale(folder: Path, name: str) -> None:
    """Temporary files of this target left behind by a run that was killed."""
    now = time.time()
    try:
        for leftover in folder.glob(f".{glob.escape(name)}.*.tmp*"):
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass  # cleaning up is a courtesy; the write goes on


def ends_with(marker: bytes) -> Callable[[Path], str | None]:
    """A check that the file ends with `marker` (a PDF's %%EOF, an SVG's
    </svg>): a write cut short by a full disk does not."""
    def check(tmp: Path) -> str | None:
        size = tmp.stat().st_size
        with open(tmp, "rb") as fh:
            fh.seek(max(0, size - 1024))
            tail = fh.read().rstrip()
        return None if tail.endswith(marker) else "the file was cut short (is the disk full?)"
    return check


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
