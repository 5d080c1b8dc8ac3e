"""The map as PNG, SVG and PDF: the canvas's own scene rendered offscreen
with a title and the legend, so screen and export share one drawing path."""

from __future__ import annotations

import math
import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from journeymap.analysis.scorecard import Filter
from journeymap.drawing.theme import LIGHT
from journeymap.io.atomic import atomic_write, ends_with
from journeymap.model.journey import Journey

from .canvas.scene import JourneyScene
from .document import JourneyDocument

PICTURE_SUFFIXES = (".png", ".svg", ".pdf")
# Scene pixels are 1/96 inch at 100%: the print scale of a tiled PDF.
SCENE_DPI = 96.0
# A PNG larger than this would not open in most viewers (and eats memory).
MAX_PNG_PIXELS = 400_000_000


def ensure_app() -> None:
    """A QApplication for headless exports; offscreen when there is no display."""
    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication([])


def export_scene(journey: Journey, flt: Filter = Filter(), source: Path | None = None,
                 persona: str | None = None) -> JourneyScene:
    """A scene for printing: light palette, title block, legend, nothing
    selected. `source` is the journey's file (its linked journeys are found
    beside it); `persona`, one persona's curve alone, as the window shows it."""
    ensure_app()
    doc = JourneyDocument(journey, path=source, autosave=False)
    scene = JourneyScene(doc, LIGHT, show_title=True)
    scene.disable_caching()
    scene.set_filter(flt)
    if persona is not None:
        scene.set_persona_focus(persona)
    scene.clearSelection()
    scene.export_document = doc  # keep the document alive with the scene
    return scene


def _render(scene: JourneyScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def centred(area: QRectF, source: QRectF) -> QRectF:
    """The largest rectangle of the source's proportions in the middle of
    `area`: a wide map sits centred on its page, not at the top of it."""
    scale = min(area.width() / source.width(), area.height() / source.height())
    width, height = source.width() * scale, source.height() * scale
    return QRectF(area.left() + (area.width() - width) / 2, area.top() + (area.height() - height) / 2,
                  width, height)


def export_png(scene: JourneyScene, path: Path, scale: float = 2.0) -> QSize:
    rect = scene.sceneRect()
    if not 0.1 <= scale <= 8:
        raise ValueError("the PNG scale must be between 0.1 and 8")
    size = QSize(math.ceil(rect.width() * scale), math.ceil(rect.height() * scale))
    if size.width() * size.height() > MAX_PNG_PIXELS:
        raise ValueError(f"a {size.width()}x{size.height()} PNG is too large; use a smaller --scale or SVG/PDF")
    # Opaque RGB32 with a faster zlib level: the map has a solid background,
    # and encoding is most of the time for a large map (about 30% saved).
    image = QImage(size, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(SCENE_DPI * scale / 0.0254))
    image.setDotsPerMeterY(round(SCENE_DPI * scale / 0.0254))
    image.fill(QColor(LIGHT.background))
    painter = QPainter(image)
    _render(scene, painter, QRectF(0, 0, size.width(), size.height()), rect)
    painter.end()

    def write(tmp: Path) -> None:
        if not image.save(str(tmp), "PNG", 80):  # type: ignore[call-overload]  # the stub says bytes; PySide wants text
            raise OSError(f"could not encode {path.name}")
    atomic_write(path, write)
    return size


def export_svg(scene: JourneyScene, path: Path, title: str) -> None:
    rect = scene.sceneRect()

    def write(tmp: Path) -> None:
        gen = QSvgGenerator()
        gen.setFileName(str(tmp))
        gen.setSize(QSize(math.ceil(rect.width()), math.ceil(rect.height())))
        gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        gen.setTitle(title)
        gen.setDescription("Customer journey map exported by journeymap")
        gen.setResolution(round(SCENE_DPI))
        painter = QPainter(gen)
        painter.fillRect(QRectF(0, 0, rect.width(), rect.height()), QColor(LIGHT.background))
        _render(scene, painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
    atomic_write(path, write, ends_with(b"</svg>"))


def export_pdf(scene: JourneyScene, path: Path, title: str, page: str = "A3", tile: bool = False) -> int:
    """Vector PDF in landscape: the whole map fitted on one page, or tiled at
    print scale over as many pages as it needs. Returns the page count."""
    size_id = {"A3": QPageSize.PageSizeId.A3, "A4": QPageSize.PageSizeId.A4}[page.upper()]
    pages = [0]

    def write(tmp: Path) -> None:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(title)
        writer.setCreator("journeymap")
        writer.setResolution(300)
        writer.setPageLayout(QPageLayout(QPageSize(size_id), QPageLayout.Orientation.Landscape,
                                         QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
        pages[0] = draw_on_pages(scene, writer, tile)
    atomic_write(path, write, ends_with(b"%%EOF"))
    return pages[0]


def draw_on_pages(scene: JourneyScene, device: QPagedPaintDevice, tile: bool = False) -> int:
    """The map on a PDF writer's or a printer's pages: fitted and centred
    on one page, or tiled at print scale over as many as it needs. Returns
    the page count."""
    rect = scene.sceneRect()
    resolution = _resolution(device)
    painter = QPainter(device)
    area = QRectF(device.pageLayout().paintRectPixels(resolution))
    area.moveTo(0, 0)
    pages = 0
    if not tile:
        _render(scene, painter, centred(area, rect), rect)
        pages = 1
    else:
        # Scene pixels at print scale: how much of the map one page holds.
        per_page = QSizeF(area.width() / resolution * SCENE_DPI, area.height() / resolution * SCENE_DPI)
        cols = max(1, math.ceil(rect.width() / per_page.width()))
        rows = max(1, math.ceil(rect.height() / per_page.height()))
        for r in range(rows):
            for c in range(cols):
                if pages:
                    device.newPage()
                source = QRectF(rect.left() + c * per_page.width(), rect.top() + r * per_page.height(),
                                per_page.width(), per_page.height())
                _render(scene, painter, area, source)
                pages += 1
    painter.end()
    return pages


def _resolution(device: QPagedPaintDevice) -> int:
    # QPdfWriter and QPrinter both say their resolution, by the same name.
    return int(device.resolution())  # type: ignore[attr-defined]


def export_picture(journey: Journey, path: Path, flt: Filter = Filter(), scale: float = 2.0,
                   page: str = "A3", tile: bool = False, source: Path | None = None,
                   persona: str | None = None) -> str:
    """Export by file suffix; returns a one-line description of what was written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        raise ValueError(f"cannot export a picture as '{suffix}'")
    scene = export_scene(journey, flt, source, persona)
    title = journey.info.name
    try:
        if suffix == ".png":
            size = export_png(scene, path, scale)
            return f"wrote {path.name} ({size.width()}x{size.height()} px)"
        if suffix == ".svg":
            export_svg(scene, path, title)
            return f"wrote {path.name}"
        count = export_pdf(scene, path, title, page, tile)
        return f"wrote {path.name} ({count} page{'s' if count != 1 else ''}, {page} landscape)"
    finally:
        # The journey may be the open one: nothing of the export may go on
        # listening to its edits.
        release_export_scene(scene)


def release_export_scene(scene: JourneyScene) -> None:
    scene.detach()
    if scene.export_document is not None:
        scene.export_document.close()
    scene.deleteLater()





def thumbnail(journey: Journey, width: int = 240, height: int = 150) -> QImage:
    """A small picture of a whole map (its cards and lanes, no legend), for
    the New from Template list."""
    scene = export_scene(journey)
    try:
        scene.show_legend = False
        scene.show_title = False
        scene.refresh()
        rect = scene.sceneRect()
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(LIGHT.background))
        painter = QPainter(image)
        _render(scene, painter, centred(QRectF(0, 0, width, height), rect), rect)
        painter.end()
        return image
    finally:
        release_export_scene(scene)
