"""The office's own 14-column table (the reference report's layout), written by code.

:func:`write_office_table` lays out the table as a clerk makes it by hand in
Excel: three title lines merged across, NO / SASARAN / INDIKATOR / KETERANGAN
merged down two rows, TARGET and REALISASI merged across their five columns, the
TW sub-row, a row of column numbers, NO and SASARAN merged down over the
indicators of one sasaran, and TOTAL as a formula. ``counts`` puts the counts
beside the table (``beside``) or on a second sheet that the realisasi formulas
reference (``sheet``), or leaves them out (``None``). :func:`saved_by_libreoffice`
then saves the file through LibreOffice, which computes and stores every
formula's value, as Excel leaves a file.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

QUARTERS = ("I", "II", "III", "IV")


@dataclass
class OfficeIndicator:
    nama: str
    targets: tuple  # four targets; "-" for a quarter not measured
    target_total: str  # a formula over the row's own cells, {r} for the row: "=G{r}"
    realisasi_total: str  # "=L{r}", "=SUM(I{r}:L{r})", "=AVERAGE(I{r}:L{r})"
    counts: tuple = ()  # ((pembilang, penyebut) or None per quarter)
    printed: tuple = ()  # the realisasi the office printed, per quarter (None: blank)
    multiplier: int = 100
    extra: dict = field(default_factory=dict)  # header -> value, beside the table


@dataclass
class OfficeSasaran:
    nama: str
    indicators: list[OfficeIndicator]


TITLE = ("LAPORAN KINERJA TRIBULAN", "DINAS KOPERASI DAN USAHA MIKRO KABUPATEN MALANG",
         "TAHUN 2021")  # fmt: skip


def reference_2021() -> list[OfficeSasaran]:
    """The reference report's own table and counts (laporan-kinerja-tribulan-2021.txt)."""
    return [
        OfficeSasaran(
            "Meningkatnya Usaha Koperasi dan Usaha Mikro",
            [
                OfficeIndicator(
                    "Persentase Koperasi Rehabilitasi",
                    (2.3, 1.9, 1.4, 1),
                    "=G{r}",
                    "=L{r}",
                    ((36, 1334), (32, 1338), (32, 1339), (32, 1339)),
                    (2.69, 2.08, 2.39, 2.39),
                ),
                OfficeIndicator(
                    "Persentase Usaha Mikro Kecil yang mendapatkan legalitas usaha",
                    (0.01, 0.02, 0.04, 0.05),
                    "=G{r}",
                    "=L{r}",
                    ((754, 427706), (1377, 428762), (2312, 429099), (3498, 429569)),
                    (0.17, 0.32, 0.53, 0.81),
                ),
            ],
        )
    ]


def write_office_table(
    path: Path,
    sasaran: list[OfficeSasaran],
    *,
    counts: str | None = "beside",
    title: tuple[str, ...] = TITLE,
    unit: str = " (%)",
    tahun: int = 2021,
    numbers_row: bool = True,
    sheet_name: str = "LKT 2021",
) -> Path:
    """Write the table; return ``path`` (formulas without values: see saved_by_libreoffice)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet_name
    for row, text in enumerate(title, start=1):
        ws.cell(row, 1, text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=14)
    top = len(title) + 2  # a blank line under the title
    sub = top + 1
    for col, text in ((1, "NO"), (2, "SASARAN STRATEGIS"), (3, "INDIKATOR KINERJA"),
                      (14, "KETERANGAN")):  # fmt: skip
        ws.cell(top, col, text)
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    for first, word in ((4, "TARGET"), (9, "REALISASI")):
        ws.cell(top, first, f"{word} TAHUN {tahun}")
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + 4)
        for i, q in enumerate([*(f"TW {q}" for q in QUARTERS), "TOTAL"]):
            ws.cell(sub, first + i, f"{q}{unit}")
    extra_headers: list[str] = []
    if counts == "beside":
        extra_headers = [f"{n} TW {q}" for q in QUARTERS for n in ("Pembilang", "Penyebut")]
    for item in (i for s in sasaran for i in s.indicators):
        extra_headers += [h for h in item.extra if h not in extra_headers]
    for offset, header in enumerate(extra_headers):
        ws.cell(top, 15 + offset, header)
        ws.merge_cells(start_row=top, start_column=15 + offset, end_row=sub, end_column=15 + offset)
    row = sub + 1
    if numbers_row:
        for col in range(1, 15):
            ws.cell(row, col, col)
        row += 1
    support = book.create_sheet("Data Dukung") if counts == "sheet" else None
    support_row = 1
    for number, group in enumerate(sasaran, start=1):
        first = row
        for item in group.indicators:
            ws.cell(row, 3, item.nama)
            for i, target in enumerate(item.targets):
                ws.cell(row, 4 + i, target)
            ws.cell(row, 8, item.target_total.format(r=row))
            for i in range(4):
                count = item.counts[i] if item.counts else None
                printed = item.printed[i] if item.printed else None
                cell = ws.cell(row, 9 + i)
                if counts == "sheet" and count is not None:
                    support.cell(support_row, 1, f"{item.nama} TW {QUARTERS[i]}")
                    support.cell(support_row, 4, count[0])
                    support.cell(support_row + 1, 4, count[1])
                    ref = f"'Data Dukung'!D{support_row}"
                    below = f"'Data Dukung'!D{support_row + 1}"
                    cell.value = f"=ROUND({ref}/{below}*{item.multiplier},2)"
                    support_row += 2
                elif printed is not None:
                    cell.value = printed
            ws.cell(row, 13, item.realisasi_total.format(r=row))
            for offset, header in enumerate(extra_headers):
                value = None
                if counts == "beside" and header.startswith(("Pembilang", "Penyebut")):
                    q = QUARTERS.index(header.rsplit(" ", 1)[1])
                    pair = item.counts[q] if item.counts else None
                    value = None if pair is None else pair[header.startswith("Penyebut")]
                value = item.extra.get(header, value)
                ws.cell(row, 15 + offset, value)
            row += 1
        ws.cell(first, 1, number)
        ws.cell(first, 2, group.nama)
        if row - 1 > first:
            for col in (1, 2):
                ws.merge_cells(start_row=first, start_column=col, end_row=row - 1, end_column=col)
    for col in range(1, 15 + len(extra_headers)):
        ws.column_dimensions[get_column_letter(col)].width = 12
    book.save(path)
    return path


def saved_by_libreoffice(paths: list[Path], outdir: Path) -> list[Path]:
    """``paths`` saved by LibreOffice headless (one run): every formula gets its value."""
    outdir.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed for these tests"
    profile = outdir / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],  # fmt: skip
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [outdir / path.name for path in paths]
