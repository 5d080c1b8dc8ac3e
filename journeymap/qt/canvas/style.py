"""Qt forms of the theme: colours, fonts and pens, cached once per palette."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from journeymap.analysis.status import Status
from journeymap.drawing.theme import DARK, LIGHT, SIZES, Palette


def color(hex_value: str) -> QColor:
    return QColor(hex_value)


@lru_cache(maxsize=64)
def font(px: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    f = QFont(SIZES.font_family)
    f.setPixelSize(px)
    f.setWeight(weight)
    # Hinting off keeps text crisp and the same width at every zoom.
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


def system_palette() -> Palette:
    """Light or dark canvas to follow the desktop's palette."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return LIGHT
    window = app.palette().color(QPalette.ColorRole.Window)
    return DARK if window.lightness() < 128 else LIGHT


def status_qcolor(palette: Palette, status: Status) -> QColor:
    return QColor(palette.status[status])
