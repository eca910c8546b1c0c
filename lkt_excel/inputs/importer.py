"""``impor``: what was read from an office's own table, written as a complete input workbook.

The Laporan, Indikator and Data sheets in the contract, so that the next
quarter starts from them with nothing to re-key: each value guessed from the
table is marked in Laporan's help column (*DITEBAK: ...*), targets not measured
stay ``-``, and the counts go to Data one row per indicator and quarter. The
evaluation's columns (faktor, tindak lanjut, last year, Renstra) and a sheet
Anggaran read beside the table are carried over too.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from lkt_excel.core.model import (
    ANGGARAN_COLUMNS,
    INDIKATOR_COLUMNS,
    INDIKATOR_EXTRA_COLUMNS,
    ROMAN,
    Indicator,
    Report,
)
from lkt_excel.inputs.template import Row, write_input_workbook


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def laporan_values(report: Report) -> dict[str, object]:
    settings = report.settings
    sign = settings.signature
    values: dict[str, object] = {
        "Judul": settings.judul,
        "Instansi": settings.instansi,
        "Wilayah": settings.wilayah,
        "Tahun": settings.tahun,
        "Triwulan": ROMAN[settings.triwulan],
        "Desimal": settings.desimal,
        "Pembulatan": settings.pembulatan.value,
        "Rumus Negatif": settings.rumus_negatif.value,
        "Kertas": settings.kertas.name,
        "Tempat": sign.tempat,
        "Tanggal": sign.tanggal,
        "Jabatan": sign.jabatan,
        "Nama": sign.nama,
        "Pangkat": sign.pangkat,
        "NIP": sign.nip,
    }
    return {key: value for key, value in values.items() if value != ""}


def indikator_row(ind: Indicator, with_pengali: bool) -> Row:
    by_header: dict[str, object] = {
        "Kode": ind.kode,
        "No": int(ind.no) if ind.no.isdigit() else ind.no or None,
        "Sasaran Strategis": ind.sasaran or None,
        "Indikator Kinerja": ind.nama,
        "Satuan": ind.satuan,
        "Polaritas": ind.polaritas.value,
        "Uraian Pembilang": ind.uraian_pembilang or None,
        "Uraian Penyebut": ind.uraian_penyebut or None,
        "Target Total": _number(ind.target_total),
        "Agregasi": ind.aggregation.value,
        "Keterangan": ind.keterangan or None,
        "Analisis": ind.analisis or None,
        "Faktor Pendorong": ind.faktor_pendorong or None,
        "Faktor Penghambat": ind.faktor_penghambat or None,
        "Tindak Lanjut": ind.tindak_lanjut or None,
        "Realisasi Tahun Lalu": _number(ind.realisasi_tahun_lalu),
        "Target Akhir Renstra": _number(ind.target_renstra),
        "Pengali": _number(ind.pengali),
    }
    for q, target in enumerate(ind.targets, start=1):
        by_header[f"Target TW {ROMAN[q]}"] = "-" if target is None else float(target)
    columns = INDIKATOR_COLUMNS + (INDIKATOR_EXTRA_COLUMNS if with_pengali else ())
    return [by_header.get(c.header) for c in columns]


def data_rows(report: Report) -> list[Row]:
    rows: list[Row] = []
    for ind in report.indicators:
        for q, obs in ind.observations.items():
            rows.append(
                [
                    ind.kode,
                    ROMAN[q],
                    float(obs.pembilang),
                    _number(obs.penyebut) if ind.is_ratio else None,
                    _number(obs.dilaporkan),
                ]
            )
    return rows


def anggaran_rows(report: Report) -> list[Row]:
    """The budget lines read beside the table, in sheet Anggaran's columns."""
    rows: list[Row] = []
    for budget in report.budgets:
        by_header: dict[str, object] = {
            "No": budget.no or None,
            "Program/Kegiatan": budget.name,
            "Kode Indikator": "; ".join(budget.kodes) or None,
            "Sasaran": budget.sasaran or None,
            "Pagu": float(budget.pagu),
        }
        for q, value in enumerate(budget.realisasi, start=1):
            by_header[f"Realisasi TW {ROMAN[q]}"] = _number(value)
        rows.append([by_header.get(c.header) for c in ANGGARAN_COLUMNS])
    return rows


def write_imported(path: Path, report: Report, marks: dict[str, str]) -> Path:
    """Write ``report`` as an input workbook at ``path``; ``marks``: guessed key -> source."""
    with_pengali = any(ind.pengali is not None for ind in report.indicators)
    columns = INDIKATOR_COLUMNS + (INDIKATOR_EXTRA_COLUMNS if with_pengali else ())
    rows = [indikator_row(ind, with_pengali) for ind in report.indicators]
    return write_input_workbook(
        path, laporan_values(report), (columns, rows), data_rows(report), marks,
        anggaran_rows(report),
    )  # fmt: skip


__all__ = ["anggaran_rows", "data_rows", "indikator_row", "laporan_values", "write_imported"]
