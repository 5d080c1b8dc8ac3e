"""Export speed on 2,000 touchpoints x 10 metrics with 100,000 measurements
(exports issue). Baselines in the same run: XlsxWriter writing the same
number of plain cells with no formats, tables or chart; and encoding a blank
PNG of the same pixel size.
Run: `make bench` or `QT_QPA_PLATFORM=offscreen python benchmarks/bench_export.py`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import xlsxwriter
from synthetic import build

from journeymap.io.excel_export import export_workbook


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    journey = build()
    tmp = Path(tempfile.mkdtemp())
    xlsx_t, _ = timed(lambda: export_workbook(journey, tmp / "summary.xlsx"))

    def plain():
        wb = xlsxwriter.Workbook(str(tmp / "plain.xlsx"))
        ws = wb.add_worksheet()
        for r in range(len(journey.touchpoints)):
            for c in range(61):
                ws.write_number(r, c, r * c)
        ws2 = wb.add_worksheet()
        for r, m in enumerate(journey.measurements):
            for c in range(8):
                ws2.write_number(r, c, m.value)
        wb.close()
    base_t, _ = timed(plain)
    print(f"xlsx export: {xlsx_t:.2f} s, {(tmp / 'summary.xlsx').stat().st_size / 1e6:.1f} MB "
          f"(baseline, same cell count unformatted: {base_t:.2f} s, ratio {xlsx_t / base_t:.2f})")

    from PySide6.QtGui import QColor, QImage

    from journeymap.qt.picture_export import export_picture, export_scene
    scene_t, scene = timed(lambda: export_scene(journey))
    png_t, message = timed(lambda: export_picture(journey, tmp / "map.png", scale=1.0))
    size = scene.sceneRect()

    def blank():
        image = QImage(int(size.width()), int(size.height()), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        image.save(str(tmp / "blank.png"), "PNG")
    blank_t, _ = timed(blank)
    print(f"png export (whole map, scale 1): {png_t:.2f} s, {message} "
          f"(baseline, encode a blank PNG of that size: {blank_t:.2f} s, ratio {png_t / blank_t:.1f}; "
          f"building the scene alone: {scene_t:.2f} s)")


if __name__ == "__main__":
    main()
