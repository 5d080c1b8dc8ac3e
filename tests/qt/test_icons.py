"""The toolbar's and menus' icons: made once per name, at each size a
toolbar or menu asks for, drawn (not blank) and tinted to the palette."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from journeymap.qt.icons import icon


def test_an_icon_has_every_size_drawn_in_the_text_colour(qapp):
    made = icon("save")
    assert made is icon("save")  # made once
    assert sorted(s.width() for s in made.availableSizes()) == [16, 20, 24, 32, 48]
    for size in (16, 24, 48):
        image = made.pixmap(QSize(size, size)).toImage()
        inked = [QColor.fromRgba(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height())
                 if QColor.fromRgba(image.pixel(x, y)).alpha() > 128]
        assert len(inked) > size, f"{size} px: blank"
        text = qapp.palette().windowText().color()
        assert all(abs(c.red() - text.red()) < 40 and abs(c.blue() - text.blue()) < 40 for c in inked)
