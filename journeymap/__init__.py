"""journeymap: a desktop customer journey mapper."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up on first use, not at import: importlib.metadata costs ~95 ms,
    # a third of the CLI's start, and most runs never ask for the version.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version
        try:
            value = version("journeymap")
        except PackageNotFoundError:  # running from a source tree that is not installed
            value = "0.0.0+unknown"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
