"""Every piece of canvas text is drawn through draw_text, so a test (or a
future accessibility check) can audit what a person sees: the size of each
text on the device and where it lands, to measure its contrast against the
rendered background."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter


@dataclass(frozen=True)
class DrawnText:
    text: str
    pixel_size: float      # on the device, after zoom
    color: QColor
    device_rect: QRectF
    # Below 1 for deliberately dimmed context (spotlight): incidental text
    # in WCAG's terms, which the contrast rule exempts.
    opacity: float = 1.0


_audit: list[DrawnText] | None = None


def start_audit() -> None:
    global _audit
    _audit = []


def stop_audit() -> list[DrawnText]:
    global _audit
    found, _audit = _audit or [], None
    return found


def draw_text(painter: QPainter, *args) -> None:
    painter.drawText(*args)
    if _audit is None:
        return
    font = painter.font()
    transform = painter.worldTransform()
    scale = (transform.m11() ** 2 + transform.m12() ** 2) ** 0.5
    fm = QFontMetricsF(font)
    if isinstance(args[0], QPointF):
        point, text = args[0], args[1]
        rect = QRectF(point.x(), point.y() - fm.ascent(), fm.horizontalAdvance(text), fm.height())
    else:
        rect, flags, text = args[0], args[1], args[2]
        rect = painter.boundingRect(rect, flags, text)
    if not text.strip():
        return
    _audit.append(DrawnText(text, font.pixelSize() * scale, QColor(painter.pen().color()),
                            transform.mapRect(rect), painter.opacity()))
