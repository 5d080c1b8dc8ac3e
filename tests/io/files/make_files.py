"""Makes the committed spreadsheet fixtures in this folder with programs
other than ours: LibreOffice writes the .xls (Excel 97-2003, BIFF8) and the
.ods (with a percent-formatted column) from an .xlsx written here. Run it
again only to change them: `python tests/io/files/make_files.py` (needs
LibreOffice: soffice on PATH)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
HEADER = ["Touchpoint", "Metric", "Value", "n", "Period"]
ROWS = [["Support chat", "NPS", 12, 340, "2026-Q1"], ["Pricing page", "CSAT", 81.3, 120, "2026-Q1"],
        ["Help centre", "CES", 5.2, 88, "2026-Q1"], ["Sales demo", "NPS", -4, 51, "2026-Q1"]]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Data"
        for row in [HEADER, *ROWS]:
            ws.append(row)
        wb.save(tmp / "long-table.xlsx")
        scores = openpyxl.Workbook()
        ws = scores.active
        ws.title = "Scores"
        ws.append(["Touchpoint", "CSAT", "FCR", "n"])
        ws.append(["Support chat", 0.813, 0.7, 200])
        ws.append(["Help centre", 0.9, 0.655, 50])
        for cell in ("B2", "B3", "C2", "C3"):
            ws[cell].number_format = "0.0%"
        scores.save(tmp / "percent-scorecard.xlsx")
        for source, target in (("long-table.xlsx", "xls:MS Excel 97"), ("percent-scorecard.xlsx", "ods")):
            subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", str(tmp),
                            str(tmp / source)], check=True, capture_output=True, timeout=120)
        shutil.copy(tmp / "long-table.xls", HERE / "long-table-libreoffice.xls")
        shutil.copy(tmp / "percent-scorecard.ods", HERE / "percent-scorecard-libreoffice.ods")


if __name__ == "__main__":
    main()
