"""Every piece of canvas text is drawn through draw_text, so a test (or a
future accessibility check) can audit what a person sees: the size of each
text on the device and where it lands, to measure its contrast against the
rendered background."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QStaticText


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


def draw_static_text(painter: QPainter, top_left: QPointF, text: QStaticText) -> None:
    """Text laid out once and drawn many times (an overview's symbols and
    ranks), audited as draw_text audits."""
    painter.drawStaticText(top_left, text)
    if _audit is not None:
        size = text.size()
        _record(painter, text.text(), QRectF(top_left.x(), top_left.y(), size.width(), size.height()))


def draw_text(painter: QPainter, *args) -> None:
    painter.drawText(*args)
    if _audit is None:
        return
    fm = QFontMetricsF(painter.font())
    if isinstance(args[0], QPointF):
        point, text = args[0], args[1]
        rect = QRectF(point.x(), point.y() - fm.ascent(), fm.horizontalAdvance(text), fm.height())
    else:
        rect, flags, text = args[0], args[1], args[2]
        rect = painter.boundingRect(rect, flags, text)
    _record(painter, text, rect)


def _record(painter: QPainter, text: str, rect: QRectF) -> None:
    if _audit is None or not text.strip():
        return
    transform = painter.worldTransform()
    scale = (transform.m11() ** 2 + transform.m12() ** 2) ** 0.5
    _audit.append(DrawnText(text, painter.font().pixelSize() * scale, QColor(painter.pen().color()),
                            transform.mapRect(rect), painter.opacity()))
