"""PNG, SVG and PDF exports read back by independent readers."""

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor, QImage

from journeymap.analysis.scorecard import Filter
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path
from journeymap.qt.picture_export import export_picture, export_scene

# Every test here draws a scene, which needs the QApplication.
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def sample():
    return load(sample_path())


def test_png_at_scale_with_content(sample, tmp_path):
    path = tmp_path / "map.png"
    message = export_picture(sample, path, scale=2.0)
    image = QImage(str(path))
    scene = export_scene(sample)
    rect = scene.sceneRect()
    assert image.width() == pytest.approx(rect.width() * 2, abs=2)
    assert image.height() == pytest.approx(rect.height() * 2, abs=2)
    assert f"{image.width()}x{image.height()}" in message
    # Not blank: many distinct colours, and the red of weak outlines is there.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50
    red = QColor("#c62828").rgb()
    assert red in {image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 3)}
    one = tmp_path / "one.png"
    export_picture(sample, one, scale=1.0)
    assert QImage(str(one)).width() == pytest.approx(image.width() / 2, abs=2)


def test_svg_has_real_text(sample, tmp_path):
    path = tmp_path / "map.svg"
    export_picture(sample, path)
    root = ET.parse(path).getroot()
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    for tp in sample.touchpoints:
        if len(tp.name) < 14:  # longer names may wrap onto two text lines
            assert tp.name in texts, tp.name
    assert "Acme Analytics: B2B customer journey" in texts
    assert "Meets target" in texts  # the legend
    assert root.get("viewBox")


def test_pdf_fit_on_one_page_a3_landscape(sample, tmp_path):
    from pypdf import PdfReader
    path = tmp_path / "map.pdf"
    assert "1 page" in export_picture(sample, path, page="A3")
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    w_mm, h_mm = float(box.width) / 72 * 25.4, float(box.height) / 72 * 25.4
    assert (round(w_mm), round(h_mm)) == (420, 297)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Support chat" in text
    assert "Owner: Customer care" in text


def test_pdf_tiled_over_a4_pages(sample, tmp_path):
    from pypdf import PdfReader
    path = tmp_path / "tiles.pdf"
    export_picture(sample, path, page="A4", tile=True)
    reader = PdfReader(str(path))
    assert len(reader.pages) > 1
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 297


def test_export_uses_filter(sample):
    scene = export_scene(sample, Filter(segment="Enterprise"))
    assert scene.cards.result_for("support-chat", "nps").value == -7.0


def test_unwritable_target_keeps_old_file(sample, tmp_path, monkeypatch):
    import journeymap.io.atomic as atomic
    path = tmp_path / "map.png"
    path.write_bytes(b"old")

    def fail(*_):
        raise OSError(13, "Permission denied")
    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="Permission denied"):
        export_picture(sample, path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_the_export_dialog_offers_pdf_pages_and_tiling_and_remembers_them(window, tmp_path, monkeypatch):
    """Issue 14 #16 and the export dialog's memory: A4 pages at print scale
    from the window, as the CLI has; the next export starts as this one."""
    import pypdf
    from PySide6.QtWidgets import QFileDialog
    asked = []

    def save_as(_parent, _title, start, filters, chosen=None):
        asked.append((start, chosen))
        assert "PDF, A4 pages at print scale, to tile (*.pdf)" in filters.split(";;")
        return str(tmp_path / "out" / "map"), "PDF, A4 pages at print scale, to tile (*.pdf)"
    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    window.export_dialog()
    pdf = pypdf.PdfReader(tmp_path / "out" / "map.pdf")
    assert len(pdf.pages) > 1
    width, height = (float(v) * 25.4 / 72 for v in pdf.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (297, 210)  # A4 landscape, in mm
    window.export_dialog()
    assert asked[1] == (str(tmp_path / "out" / f"{window.document.journey.info.name}.pdf"),
                        "PDF, A4 pages at print scale, to tile (*.pdf)")


def test_a_map_on_one_pdf_page_is_centred():
    from PySide6.QtCore import QRectF

    from journeymap.qt.picture_export import centred
    page = QRectF(0, 0, 4000, 2800)
    placed = centred(page, QRectF(0, 0, 2000, 500))  # a wide map: fills the width, centred top to bottom
    assert placed.width() == 4000
    assert placed.top() == pytest.approx(2800 - placed.bottom())
    placed = centred(page, QRectF(0, 0, 500, 2000))
    assert placed.left() == pytest.approx(4000 - placed.right())


def test_a_long_card_title_is_written_whole_in_the_svg(tmp_path):
    """A title was cut to two lines with '…' while half the card was empty,
    and the SVG held "applicatio…" (issue 14 #5)."""
    journey = load(sample_path())
    journey.update_touchpoint("support-chat", name="Online account application with identity check")
    svg = tmp_path / "map.svg"
    export_picture(journey, svg)
    text = " ".join(t.strip() for t in ET.parse(svg).getroot().itertext() if t.strip())
    for word in ("Online", "account", "application", "with", "identity", "check"):
        assert word in text
    assert "applicatio…" not in text


def test_print_draws_the_map_through_a_printer_and_offers_a_preview(window, tmp_path):
    """File > Print: the same picture as the PDF export, through QPrinter."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrinter
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert window.paint_for_print(printer) == 1
    from pypdf import PdfReader
    words = PdfReader(str(out)).pages[0].extract_text().split()
    assert "Support" in words  # text, not a picture of it
    assert "chat" in words
    assert "Escalation" in words or "escalation" in words

    def close_preview():
        dialog = getattr(window, "print_preview", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, close_preview)
            return
        close_preview.seen = True
        dialog.reject()

    close_preview.seen = False
    QTimer.singleShot(0, close_preview)
    window.actions_["print"].trigger()
    assert close_preview.seen
