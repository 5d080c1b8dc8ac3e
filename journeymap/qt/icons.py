"""Icons from the Lucide set shipped in journeymap/resources/icons, tinted to
the palette's text colour so they read in light and dark themes."""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

_ICONS = resources.files("journeymap") / "resources" / "icons"


@lru_cache(maxsize=128)
def _icon(name: str, tint: str) -> QIcon:
    svg = (_ICONS / f"{name}.svg").read_text("utf-8").replace("currentColor", tint)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    # At the screen's own pixel ratio only: rendering every size at 1x and
    # 2x was a fifth of opening a window. (A 2x screen that this was not
    # made for still finds sharp pixmaps: a 24-pixel icon uses the 48.)
    ratio = _pixel_ratio()
    for size in (16, 20, 24, 32, 48):
        pm = QPixmap(size * ratio, size * ratio)
        pm.setDevicePixelRatio(ratio)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        icon.addPixmap(pm)
    return icon


def _pixel_ratio() -> int:
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    return max(1, math.ceil(ratio))


def icon(name: str) -> QIcon:
    app = QGuiApplication.instance()
    tint = app.palette().color(QPalette.ColorRole.WindowText).name() if isinstance(app, QGuiApplication) \
        else "#1f2328"
    return _icon(name, tint)


def app_icon() -> QIcon:
    """The application's own icon (not tinted: it has its own colours)."""
    return QIcon(str(_ICONS / "journeymap.svg"))
