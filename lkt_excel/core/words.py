"""Shared word lists: names of indicators for which lower is better.

An office's own table cannot say an indicator's polarity; a name holding one
of these words suggests negatif, and the reader of such a table warns about it
(validate.office). Matching is on :func:`~lkt_excel.core.model.normalize`'d text,
so spaces and case do not matter.
"""

from __future__ import annotations

LOWER_IS_BETTER: tuple[str, ...] = (
    "kematian",
    "gizi buruk",
    "gizi kurang",
    "stunting",
    "wasting",
    "waktu tunggu",
    "kemiskinan",
    "miskin",
    "pengangguran",
    "kecelakaan",
    "kesakitan",
    "kasus",
    "angka putus sekolah",
    "pelanggaran",
    "kerugian",
    "kriminalitas",
    "inflasi",
    "genangan",
    "banjir",
    "kebakaran",
    "kumuh",
    "tunggakan",
    "keluhan",
    "pengaduan",
    "rehabilitasi",
)

__all__ = ["LOWER_IS_BETTER"]
