"""Plausibility: values that read correctly but probably say something else.

A hurried clerk types 0,8 for a target of 80 %, leaves Satuan blank on
"Jumlah kunjungan wisatawan" (a blank Satuan means %, and the TOTAL of a % is
the last quarter, not the sum), sums percentages, or leaves Polaritas blank on
"Angka Kematian Ibu". Each gives a report that looks right and is wrong, so
each is named at its cell with the number as read, what it probably meant and
the fix; where no reading is safe it is an error. The bounds (README, "The
checks"):

* :data:`FRACTION_RATIO`, :data:`FRACTION_CLOSE`: a ``%`` target t with 0 < t < 1
  whose realisasi r is at least 20 x t, while r is within 5 times of t x 100;
* :data:`CAPAIAN_LOW`, :data:`CAPAIAN_HIGH`: a capaian below -100 % or above 5.000 %;
* the name words of :mod:`lkt_excel.core.words`.

:func:`check_names` runs on sheet Indikator's rows; :func:`check_figures` on the
validated report, with the figures as the report will show them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from lkt_excel.core import catalogue as codes
from lkt_excel.core.capaian import capaian
from lkt_excel.core.compute import IndicatorResult, compute_indicator
from lkt_excel.core.model import ROMAN, Aggregation, Budget, Indicator, Report, Settings, Where
from lkt_excel.core.narrative import paragraph
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import Problem, error, warning
from lkt_excel.core.words import count_word, lower_is_better_word
from lkt_excel.validate.cells import MAX_TEXT, Context, is_blank
from lkt_excel.validate.indikator import IndicatorRow

FRACTION_RATIO = 20  # realisasi at least this many times the target ...
FRACTION_CLOSE = 5  # ... and within this factor of target x 100
# The reference report itself reaches 1.700 % (a realisasi of 0,17 % on a target of 0,01 %),
# so 300 % would flag real reports; 5.000 % still catches a unit or a fraction 100 times off.
CAPAIAN_LOW, CAPAIAN_HIGH = Decimal(-100), Decimal(5000)


def place(item: IndicatorRow, header: str) -> Where:
    """The cell of ``header`` on the indicator's row; its name cell when the column is absent."""
    found = item.record.get(header) or item.record.get("Indikator Kinerja")
    return found[1] if found else Where("Indikator", item.row)


def _blank(item: IndicatorRow, header: str) -> bool:
    return header not in item.record or is_blank(item.record[header][0])


def check_names(rows: list[IndicatorRow], ctx: Context) -> None:
    """Satuan, Agregasi and Polaritas against what the indicator's name says."""
    for item in rows:
        ind = item.indicator
        word = count_word(ind.nama)
        blank_unit = _blank(item, "Satuan")
        if word and blank_unit:
            ctx.add(
                error(
                    codes.SATUAN_KOSONG,
                    f"Satuan indikator {ind.kode} ('{ind.nama}') kosong, jadi dibaca %; "
                    f"namanya diawali '{word}', jadi tampaknya menghitung banyaknya sesuatu. "
                    "Dengan %, narasi menulis angkanya sebagai persen dan TOTAL menjadi angka "
                    "triwulan terakhir, bukan jumlahnya.",
                    "Isi Satuan, mis. orang, unit, kunjungan atau dokumen (tulis % bila memang "
                    "persen).",
                    where=place(item, "Satuan"),
                )
            )
        elif ind.agregasi is Aggregation.JUMLAH and (ind.satuan.strip() == "%" or ind.is_ratio):
            kind = "rasio" if ind.is_ratio else "persen"
            ctx.add(
                warning(
                    codes.JUMLAH_PADA_PERSEN,
                    f"Agregasi indikator {ind.kode} adalah jumlah, padahal indikatornya {kind} "
                    f"({ind.satuan}): TOTAL akan menjumlahkan persentase keempat triwulan "
                    "(mis. 80% + 85% = 165%).",
                    "Kosongkan Agregasi atau isi akhir (angka triwulan terakhir) atau rata-rata. "
                    "Biarkan jumlah hanya bila persentase tiap triwulan memang bagian dari "
                    "total tahunan.",
                    where=place(item, "Agregasi"),
                )
            )
        lower = lower_is_better_word(ind.nama)
        if lower and _blank(item, "Polaritas"):
            ctx.add(
                warning(
                    codes.POLARITAS_MUNGKIN_NEGATIF,
                    f"Polaritas indikator {ind.kode} ('{ind.nama}') kosong, jadi dibaca positif "
                    f"(makin tinggi makin baik); kata '{lower}' dalam namanya menunjukkan makin "
                    "rendah makin baik. Capaian dan narasi (peningkatan/penurunan) bergantung "
                    "pada polaritas.",
                    "Isi Polaritas: negatif bila makin rendah makin baik, positif bila bukan.",
                    where=place(item, "Polaritas"),
                )
            )


def check_figures(report: Report, rows: list[IndicatorRow], ctx: Context) -> None:
    """Targets typed as fractions, capaian out of range, paragraphs too long for a cell."""
    settings = report.settings
    by_code = {item.indicator.kode: item for item in rows}
    for ind in report.indicators:
        item = by_code.get(ind.kode)
        if item is None:
            continue
        result = compute_indicator(ind, report)
        named = set()
        for problem in _fractions(ind, result, item):
            named.add(problem.where)
            ctx.add(problem)
        for derived, problem in _capaian(ind, result, item, report):
            # A TOTAL whose target comes from the quarters' is their mistake, named already.
            if problem.where not in named and not (derived and named):
                ctx.add(problem)
        budgets = report.budgets
        long = _may_be_long(ind, settings, budgets)
        length = len(paragraph(result, settings, budgets)) if long else 0
        if length > MAX_TEXT:
            ctx.add(
                error(
                    codes.TEKS_TERLALU_PANJANG,
                    f"Narasi indikator {ind.kode} menjadi {format_id(length)} karakter dengan "
                    f"Analisis ini; Excel hanya menyimpan {format_id(MAX_TEXT)} karakter per "
                    "sel, jadi laporan akan memotongnya.",
                    f"Persingkat Analisis sekitar {format_id(length - MAX_TEXT)} karakter.",
                    where=place(item, "Analisis"),
                )
            )


def _may_be_long(ind: Indicator, settings: Settings, budgets: tuple[Budget, ...] = ()) -> bool:
    """Whether the paragraph may pass a cell's limit: a generous bound on its length, so that
    the paragraph itself is written only for the few indicators near it."""
    per_quarter = 400 + 2 * (len(ind.uraian_pembilang) + len(ind.uraian_penyebut) + len(ind.satuan))
    fixed = 100 + len(ind.nama) + len(settings.wilayah) + len(ind.analisis)
    # The evaluation's sentences: the office's three texts and two comparisons.
    fixed += 500 + len(ind.faktor_pendorong + ind.faktor_penghambat + ind.tindak_lanjut)
    # The budget lines of sheet Anggaran (any may be linked): a name and some 120 more each.
    fixed += sum(len(budget.name) + 120 for budget in budgets)
    return fixed + 4 * per_quarter > MAX_TEXT


def _fractions(ind: Indicator, result: IndicatorResult, item: IndicatorRow) -> Iterator[Problem]:
    """A % target between 0 and 1 whose realisasi says it meant target x 100."""
    if ind.satuan.strip() != "%":
        return
    pairs = [
        (f"Target TW {ROMAN[q]}", r.target, r.exact, r.realisasi)
        for q, r in result.quarters.items()
    ]
    if ind.target_total is not None and result.realisasi_total is not None:
        total = result.realisasi_total
        pairs.append(("Target Total", ind.target_total, total, total))
    for header, target, realisasi, shown in pairs:
        if not (0 < target < 1 and realisasi >= FRACTION_RATIO * target):
            continue
        meant = (target * 100).normalize()
        if not meant / FRACTION_CLOSE <= realisasi <= meant * FRACTION_CLOSE:
            continue
        where = place(item, header)
        yield warning(
            codes.TARGET_PECAHAN_PERSEN,
            f"Target {ind.kode} di {where.cell} dibaca {format_id(target)}%, sedangkan "
            f"realisasinya {format_id(shown)}%: target itu "
            f"tampaknya pecahan, maksudnya {format_id(meant)}% ({format_id(target)} x 100).",
            f"Ketik {format_id(meant)} di sel itu (sel berformat Number). Bila targetnya memang "
            f"{format_id(target)}%, biarkan.",
            where=where,
        )


def _capaian(
    ind: Indicator, result: IndicatorResult, item: IndicatorRow, report: Report
) -> Iterator[tuple[bool, Problem]]:
    """Capaian below -100 % or above 5.000 %: a target or a count typed wrong, most likely.

    Each with whether it is the TOTAL's, on a Target Total computed from the quarters.
    """
    settings = report.settings
    rows = [
        (f"TW {ROMAN[q]}", f"Target TW {ROMAN[q]}", r.target, r.realisasi, False)
        for q, r in result.quarters.items()
    ]
    if result.realisasi_total is not None:
        derived = ind.target_total is None
        header = "Indikator Kinerja" if derived else "Target Total"
        rows.append(("TOTAL", header, result.target_total, result.realisasi_total, derived))
    for period, header, target, realisasi, derived in rows:
        value = capaian(
            target,
            realisasi,
            ind.polaritas,
            settings.rumus_negatif,
            settings.desimal,
            settings.pembulatan,
        )
        if value is None or CAPAIAN_LOW <= value <= CAPAIAN_HIGH:
            continue
        where = place(item, header)
        yield (
            derived,
            warning(
                codes.CAPAIAN_TIDAK_WAJAR,
                f"Capaian {ind.kode} {period} menjadi {format_id(value)}% (target "
                f"{format_id(target)}, realisasi {format_id(realisasi)}), di luar "
                f"{format_id(CAPAIAN_LOW)}% sampai {format_id(CAPAIAN_HIGH)}% yang wajar: "
                "target atau angka di lembar Data tampaknya salah ketik (satuan lain, angka "
                "nol kurang atau lebih, pecahan untuk persen).",
                "Periksa target di sel ini dan angka indikator itu di lembar Data; bila "
                "memang benar, biarkan.",
                where=where,
            ),
        )
