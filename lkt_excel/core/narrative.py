"""The narrative paragraph of each indicator, in the office's own words.

The structure follows the reference report: the first quarter names the
indicator and the region, every later quarter is joined by ", sedangkan", each
quarter states target, realisasi, the difference and the counts behind it, and
the indicator's ``Analisis`` closes the paragraph.

A positif quarter says "maka mengalami peningkatan 0,17%": higher is better, so
the figure and the performance move the same way. A negatif quarter (lower is
better) says both, plainly: "realisasi sebesar 83,30 per 100.000 KH, 6,70 lebih
rendah dari target, maka kinerja mengalami peningkatan", because "the death
rate mengalami peningkatan" would read, literally, as more deaths.

Under Agregasi kumulatif each quarter after the first measured one covers the
year so far: its clause begins "sampai dengan Triwulan II" and names the running
totals of the counts ("sampai dengan Triwulan II tahun 2021 (68)").

After the quarters come the evaluation's figures (:func:`comparison_sentences`):
the TOTAL against ``Realisasi Tahun Lalu`` ("meningkat 0,31%" for positif; "0,11%
lebih rendah, maka kinerja membaik" for negatif, in the same plain style) and the
``Target Akhir Renstra``; then the budget lines behind the indicator (sheet
``Anggaran``: :func:`lkt_excel.core.anggaran.budget_sentences`); then ``Analisis``,
then the office's own words (:func:`office_sentences`): faktor pendorong, faktor
penghambat, tindak lanjut.
"""

from __future__ import annotations

from decimal import Decimal

from lkt_excel.core.anggaran import budget_sentences
from lkt_excel.core.compute import Direction, IndicatorResult, QuarterResult, ReportResult
from lkt_excel.core.model import ROMAN, Aggregation, Budget, Indicator, Polarity, Settings
from lkt_excel.core.numbers import format_id, places_of, round_to


def with_unit(number: str, unit: str) -> str:
    """``2,3%`` for percentages, ``12 unit`` for any other unit."""
    unit = unit.strip()
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def _counts(indicator: Indicator, result: QuarterResult, period: str) -> str:
    """The counts behind the realisasi: the quarter's own, or kumulatif's running totals."""
    pembilang = indicator.uraian_pembilang.strip()
    if indicator.is_ratio and result.penyebut is not None:
        return (
            f" yaitu {pembilang or 'pembilang'} {period} ({format_id(result.pembilang)})"
            f" dibagi {indicator.uraian_penyebut.strip()} {period} ({format_id(result.penyebut)})"
        )
    if pembilang:
        return f" yaitu {pembilang} {period} ({format_id(result.pembilang)})"
    return ""


def quarter_clause(
    indicator: Indicator, result: QuarterResult, settings: Settings, places: int | None = None
) -> str:
    """One quarter's clause; ``places``: of realisasi and selisih (default ``Desimal``)."""
    places = settings.desimal if places is None else places
    unit = indicator.satuan
    roman = ROMAN[result.quarter]
    target = with_unit(format_id(result.target), unit)

    def shown(value: Decimal) -> str:  # rounded to Desimal already; to 0 places only if whole
        return format_id(round_to(value, places, settings.pembulatan), places)

    realisasi = with_unit(shown(result.realisasi), unit)
    # Agregasi kumulatif: from the second measured quarter on, the figures run from the first.
    lead = "sampai dengan " if result.running else ""
    selisih = with_unit(shown(abs(result.selisih)), unit)
    if result.direction is Direction.SESUAI:
        outcome = f"realisasi sebesar {realisasi} maka sesuai dengan target"
    elif indicator.polaritas is Polarity.NEGATIF:
        moved = "lebih tinggi" if result.realisasi > result.target else "lebih rendah"
        outcome = (
            f"realisasi sebesar {realisasi}, {selisih} {moved} dari target, "
            f"maka kinerja mengalami {result.direction.value}"
        )
    else:
        outcome = f"realisasi sebesar {realisasi} maka mengalami {result.direction.value} {selisih}"
    return f"{lead}Triwulan {roman} Tahun {settings.tahun} dengan target {target} {outcome}" + (
        _counts(indicator, result, f"{lead}Triwulan {roman} tahun {settings.tahun}")
    )


def paragraph(result: IndicatorResult, settings: Settings, budgets: tuple[Budget, ...] = ()) -> str:
    indicator = result.indicator
    places = result.places(settings.desimal)
    clauses = [quarter_clause(indicator, r, settings, places) for r in result.quarters.values()]
    text = f"Indikator {indicator.nama.strip()} di {settings.wilayah.strip()} "
    text += ", sedangkan ".join(clauses) + "." if clauses else ""
    text = (text + not_measured_sentence(indicator, settings, bool(clauses))).rstrip()
    for sentence in comparison_sentences(result, settings):
        text += " " + sentence
    for sentence in budget_sentences(indicator, budgets, settings):  # sheet Anggaran's lines
        text += " " + sentence
    analysis = indicator.analisis.strip()
    if analysis:
        text += " " + analysis
    for sentence in office_sentences(indicator):
        text += " " + sentence
    return text


def _closed(text: str) -> str:
    """``text`` ending as a sentence: a full stop added unless it ends with one already."""
    return text if text.endswith((".", "!", "?")) else text + "."


OFFICE_LEADS = (
    ("faktor_pendorong", "Faktor pendorong keberhasilan"),
    ("faktor_penghambat", "Faktor penghambat"),
    ("tindak_lanjut", "Tindak lanjut pada triwulan berikutnya"),
)


def office_sentences(indicator: Indicator) -> list[str]:
    """The office's own words, each led by what it is: ``Faktor penghambat: ...``."""
    found = []
    for name, lead in OFFICE_LEADS:
        words = str(getattr(indicator, name)).strip()
        if words:
            found.append(f"{lead}: {_closed(words)}")
    return found


def comparison_sentences(result: IndicatorResult, settings: Settings) -> list[str]:
    """The TOTAL against last year's realisasi, and the Renstra's final target, if given.

    The difference is exact (the realisasi as shown minus last year's as entered),
    written with the places of either. A sum (``jumlah``) before TW IV covers part
    of the year only: it is not set against last year's whole year.
    """
    indicator = result.indicator
    unit = indicator.satuan
    sentences = []
    last = indicator.realisasi_tahun_lalu
    if last is not None:
        sentences.append(_last_year(result, settings, last))
    if indicator.target_renstra is not None:
        renstra = with_unit(format_id(indicator.target_renstra), unit)
        sentences.append(f"Target akhir Renstra sebesar {renstra}.")
    return sentences


def _last_year(result: IndicatorResult, settings: Settings, last: Decimal) -> str:
    indicator, unit = result.indicator, result.indicator.satuan
    previous = with_unit(format_id(last), unit)
    current = result.realisasi_total
    if current is None:
        return f"Realisasi tahun lalu sebesar {previous}."
    places = result.places(settings.desimal)
    shown = round_to(current, places, settings.pembulatan)
    now = with_unit(format_id(shown, places), unit)
    period = f"realisasi Tahun {settings.tahun}"
    if settings.triwulan < 4:
        roman = ROMAN[settings.triwulan]
        period = f"realisasi sampai dengan Triwulan {roman} Tahun {settings.tahun}"
    if settings.triwulan < 4 and _part_of_year(indicator):
        return (
            f"Realisasi tahun lalu sebesar {previous}; {period} sebesar {now} belum mencakup "
            "setahun penuh, sehingga belum dibandingkan."
        )
    lead = f"Dibandingkan realisasi tahun lalu sebesar {previous}, {period} sebesar {now}"
    difference = shown - last  # exact: well within Decimal's 28 digits
    if difference == 0:
        return f"{lead} tidak berubah."
    width = max(places, places_of(last))
    moved = with_unit(format_id(abs(round_to(difference, width, settings.pembulatan)), width), unit)
    if indicator.polaritas is Polarity.NEGATIF:
        if difference < 0:
            return f"{lead}, {moved} lebih rendah, maka kinerja membaik."
        return f"{lead}, {moved} lebih tinggi, maka kinerja memburuk."
    return f"{lead} {'meningkat' if difference > 0 else 'menurun'} {moved}."


def _part_of_year(indicator: Indicator) -> bool:
    """Whether the TOTAL before TW IV counts part of the year only: a sum, or a running
    total of counts (a rate up to a quarter is a rate, comparable with last year's)."""
    how = indicator.aggregation
    if how is Aggregation.KUMULATIF:
        return not (indicator.is_ratio or indicator.satuan.strip() == "%")
    return how is Aggregation.JUMLAH


def not_measured_sentence(indicator: Indicator, settings: Settings, any_clause: bool) -> str:
    """What the paragraph says when the reported quarter has no target ('-'): never "target 0".

    Quarters not measured before it are left out; the reported quarter is named,
    so that a reader does not look for a figure that was never due.
    """
    if indicator.measured(settings.triwulan):
        return ""
    period = f"Triwulan {ROMAN[settings.triwulan]} Tahun {settings.tahun}"
    if any_clause:
        return f" Indikator ini tidak diukur pada triwulan ini ({period})."
    return f"tidak diukur pada triwulan ini ({period})."


def paragraphs(result: ReportResult) -> list[str]:
    settings = result.report.settings
    return [paragraph(r, settings, result.report.budgets) for r in result.indicators]
