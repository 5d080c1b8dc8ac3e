"""Where the app keeps its settings and recovery files.

JOURNEYMAP_CONFIG_DIR moves both (tests point it at a temporary folder so
they never touch the user's settings)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORG = APP = "journeymap"


def config_dir() -> Path:
    override = os.environ.get("JOURNEYMAP_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def recovery_dir() -> Path:
    return config_dir() / "recovery"


def settings() -> QSettings:
    return QSettings(str(config_dir() / "journeymap.ini"), QSettings.Format.IniFormat)


def templates_dir() -> Path:
    """The user's own templates (File > Save as Template)."""
    return config_dir() / "templates"
