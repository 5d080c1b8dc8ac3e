"""Render the SVG master (resources/journeymap-icon.svg) to the icon files
the platforms want: hicolor PNGs for Linux, .ico for Windows, .icns for
macOS. Run after changing the master: `python packaging/make_icons.py`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
MASTER = ROOT / "resources" / "journeymap-icon.svg"
OUT = ROOT / "packaging" / "icons"
APP_ID = "org.journeymap.JourneyMap"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int) -> Path:
    renderer = QSvgRenderer(str(MASTER))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    path = OUT / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(path), "PNG")
    return path


def main() -> int:
    QGuiApplication(sys.argv[:1])
    pngs = {size: render(size) for size in SIZES}
    scalable = OUT / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(MASTER.read_bytes())
    big = Image.open(pngs[512])
    big.save(OUT / "journeymap.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(OUT / "journeymap.icns")
    print(f"wrote {len(pngs)} PNG sizes, journeymap.ico and journeymap.icns in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
