"""The optional sheet ``Anggaran``: one :class:`Budget` per program or kegiatan.

Each row names a program or kegiatan, its pagu (rupiah, above 0) and its
realisasi per quarter, and what it supports: indicators by ``Kode Indikator``
(one or more Kode, separated by ``;`` or ``,``) and/or a ``Sasaran`` (as written
in sheet Indikator, or its No), whose every indicator is then linked too.

The realisasi of every quarter up to the reported one must be given (0 when
nothing was spent yet: the tool never guesses a figure); a later quarter's is
not read, with a warning, as sheet Data does. A running total above the pagu
is a warning at the quarter where it first passes it. A sheet with headers only
holds no budget line and is fine (the template writes it so), as is an empty one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from lkt_excel.core import catalogue as codes
from lkt_excel.core.anggaran import rupiah
from lkt_excel.core.model import (
    ANGGARAN_COLUMNS,
    QUARTERS,
    ROMAN,
    Budget,
    Where,
    normalize,
    sasaran_numbers,
)
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import error, has_errors, warning
from lkt_excel.reading.reader import RawSheet
from lkt_excel.validate.cells import Cells, Context, is_blank, shown
from lkt_excel.validate.indikator import IndicatorRow, ordered
from lkt_excel.validate.tables import Record, read_table

PROGRAM = "Program/Kegiatan"
_SEPARATORS = re.compile(r"[;,]")
SHOWN_KNOWN = 5  # known values named in a fix, at most


def realisasi_header(quarter: int) -> str:
    return f"Realisasi TW {ROMAN[quarter]}"


def read_anggaran(
    sheet: RawSheet,
    rows: list[IndicatorRow],
    known: set[str] | None,
    triwulan: int | None,
    ctx: Context,
) -> tuple[Budget, ...]:
    """The budget lines of sheet ``Anggaran`` (none when it has errors, which are reported).

    ``rows`` and ``known``: sheet Indikator's indicators and every Kode in it (None:
    the sheet has none, so links are not checked); ``triwulan``: the reported quarter
    (None when unknown: every quarter is read, none is required).
    """
    if all(is_blank(value) for row in sheet.rows for value in row):
        return ()  # an empty sheet: no budget, as a sheet with headers only
    # The realisasi columns are required up to the reported quarter (TW I when unknown).
    reported = triwulan or 1
    columns = tuple(
        replace(column, required=True)
        if column.header in {realisasi_header(q) for q in QUARTERS if q <= reported}
        else column
        for column in ANGGARAN_COLUMNS
    )
    table = read_table(sheet, columns, ctx)
    if table is None:
        return ()
    start = len(ctx.problems)
    cells = Cells(ctx)
    sasaran = _sasaran_keys(rows)
    budgets = []
    for excel_row, record in table.records():
        budget = _budget(record, excel_row, cells, triwulan)
        # The links are checked on every row, so that one run names every mistake.
        kodes = _kodes(record, cells, known)
        linked = _sasaran(record, cells, sasaran, known is not None)
        if budget is not None:
            budgets.append(replace(budget, kodes=kodes, sasaran=linked))
    if has_errors(ctx.problems[start:]):
        return ()
    return tuple(budgets)


def _budget(record: Record, excel_row: int, cells: Cells, triwulan: int | None) -> Budget | None:
    """The row's name, pagu and realisasi; None when the name or the pagu is missing."""
    ctx = cells.ctx
    name_value, name_ref = record[PROGRAM]
    name = cells.text(name_value)
    if not name:
        filled = [h for h, (v, _) in record.items() if h != PROGRAM and not is_blank(v)]
        ctx.add(
            error(
                codes.PROGRAM_KOSONG,
                f"Baris {excel_row} lembar '{name_ref.sheet}' berisi {', '.join(filled)}, "
                f"tetapi kolom '{PROGRAM}' kosong.",
                "Isi nama program atau kegiatan di sel itu, atau hapus baris itu.",
                where=name_ref,
            )
        )
    pagu = _pagu(record, cells)
    realisasi = _realisasi(record, cells, triwulan)
    if not name or pagu is None or realisasi is None:
        return None
    budget = Budget(
        name=name,
        pagu=pagu,
        realisasi=realisasi,
        no=cells.text(record["No"][0]) if "No" in record else "",
        where=name_ref,
        pagu_where=record["Pagu"][1],
        realisasi_where=tuple(
            record[realisasi_header(q)][1] if realisasi_header(q) in record else None
            for q in QUARTERS
        ),
    )
    _check_running_total(budget, ctx)
    return budget


def _pagu(record: Record, cells: Cells) -> Decimal | None:
    """The pagu, above zero; a blank, zero or negative one is an error at its cell."""
    value, ref = record["Pagu"]
    if is_blank(value) and ref not in cells.ctx.blanked:
        reason = "kosong"
    else:
        number = cells.number(value, ref, required=False)  # text: bukan-angka, reported there
        if number is None or number > 0:
            return number
        reason = f"berisi {format_id(number)}"
    cells.ctx.add(
        error(
            codes.PAGU_TIDAK_SAH,
            f"Sel {ref.cell} (Pagu) {reason}; pagu anggaran harus lebih dari 0 rupiah.",
            "Isi pagu anggaran setahun program/kegiatan itu dalam rupiah, mis. 1250000000.",
            where=ref,
        )
    )
    return None


def _realisasi(
    record: Record, cells: Cells, triwulan: int | None
) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None] | None:
    """Each quarter's realisasi up to ``triwulan``, None after it; None when one is wrong."""
    ctx = cells.ctx
    found: list[Decimal | None] = []
    wrong = False
    for quarter in QUARTERS:
        if realisasi_header(quarter) not in record:  # a later quarter's column may be absent
            found.append(None)
            continue
        value, ref = record[realisasi_header(quarter)]
        if triwulan is not None and quarter > triwulan:
            if not is_blank(value) and value != 0:  # a 0 typed ahead says nothing
                ctx.add(_later_quarter(value, ref, quarter, triwulan))
            found.append(None)
            continue
        if is_blank(value):
            if triwulan is not None and ref not in ctx.blanked:
                ctx.add(_blank_quarter(ref, quarter))
            wrong = wrong or triwulan is not None
            found.append(None)
            continue
        number = cells.number(value, ref, required=False)
        if number is not None and number < 0:
            ctx.add(
                error(
                    codes.REALISASI_NEGATIF,
                    f"Sel {ref.cell} ('{ref.header}') berisi {format_id(number)}; realisasi "
                    "anggaran tidak boleh negatif.",
                    "Isi realisasi triwulan itu dalam rupiah, 0 atau lebih (koreksi belanja "
                    "dikurangkan dari realisasi triwulan yang sama).",
                    where=ref,
                )
            )
            number = None
        wrong = wrong or number is None
        found.append(number)
    if wrong:
        return None
    return (found[0], found[1], found[2], found[3])


def _blank_quarter(ref: Where, quarter: int):
    return error(
        codes.REALISASI_KOSONG,
        f"Sel {ref.cell} ('{ref.header}') kosong, padahal TW {ROMAN[quarter]} termasuk "
        "triwulan yang dilaporkan.",
        "Isi realisasi anggaran triwulan itu dalam rupiah; isi 0 bila belum ada realisasi.",
        where=ref,
    )


def repr_text(value) -> str:
    """A number as Indonesians write it; text in quotes."""
    return f"'{shown(value)}'" if isinstance(value, str) else shown(value)


def _later_quarter(value, ref: Where, quarter: int, triwulan: int):
    return warning(
        codes.REALISASI_SESUDAH_TRIWULAN,
        f"Sel {ref.cell} ('{ref.header}') berisi "
        f"{repr_text(value)}; TW {ROMAN[quarter]} belum "
        f"dilaporkan (laporan sampai TW {ROMAN[triwulan]}), jadi angka ini tidak dipakai.",
        "Kosongkan sel itu, atau ubah Triwulan di lembar Laporan bila triwulan ini ikut "
        "dilaporkan.",
        where=ref,
    )


def _check_running_total(budget: Budget, ctx: Context) -> None:
    """A warning at the quarter whose realisasi first takes the running total past the pagu."""
    total = Decimal(0)
    for quarter, (value, ref) in enumerate(
        zip(budget.realisasi, budget.realisasi_where, strict=True), start=1
    ):
        if value is None:
            continue
        total += value
        if total > budget.pagu:
            ctx.add(
                warning(
                    codes.REALISASI_MELEBIHI_PAGU,
                    f"Realisasi '{budget.name}' sampai dengan TW {ROMAN[quarter]} "
                    f"{rupiah(total)} melebihi pagunya {rupiah(budget.pagu)}; "
                    "KETERANGAN laporan menandainya 'serapan melebihi pagu'.",
                    "Periksa realisasi triwulan itu dan pagu (sel "
                    f"{budget.pagu_where.cell if budget.pagu_where else 'Pagu'}): salah ketik, "
                    "atau pagu sesudah perubahan anggaran belum diisi? Bila memang benar, "
                    "biarkan.",
                    where=ref,
                )
            )
            return


def _kodes(record: Record, cells: Cells, known: set[str] | None) -> tuple[str, ...]:
    """The Kode Indikator of the row; an unknown one is an error naming the known ones."""
    if "Kode Indikator" not in record:
        return ()
    value, ref = record["Kode Indikator"]
    kodes = tuple(k.strip() for k in _SEPARATORS.split(cells.text(value)) if k.strip())
    if known is None:
        return kodes
    for kode in kodes:
        if kode in known:
            continue
        same = [k for k in sorted(known) if normalize(k) == normalize(kode)]
        hint = f" Maksudnya '{same[0]}'?" if same else ""
        cells.ctx.add(
            error(
                codes.KODE_INDIKATOR_TIDAK_DIKENAL,
                f"Sel {ref.cell} (Kode Indikator) menyebut Kode '{kode}', yang tidak ada di "
                f"lembar Indikator.{hint}",
                f"Tulis Kode yang ada di lembar Indikator ({_few(sorted(known))}); beberapa "
                "Kode dipisah tanda ; (titik koma). Bila tidak ada yang didukung, kosongkan "
                "sel itu.",
                where=ref,
            )
        )
    return kodes


def _sasaran_keys(rows: list[IndicatorRow]) -> dict[str, str]:
    """Normalized sasaran text and No -> the sasaran as written in sheet Indikator.

    The numbers are those the LKT table prints (:func:`~lkt_excel.core.model.sasaran_numbers`);
    a number whose group has no sasaran text links to nothing.
    """
    indicators = [item.indicator for item in ordered(rows)]
    keys: dict[str, str] = {}
    for ind, number in zip(indicators, sasaran_numbers(indicators), strict=True):
        if ind.sasaran.strip():
            keys.setdefault(normalize(ind.sasaran), ind.sasaran)
            keys.setdefault(normalize(number), ind.sasaran)
    return keys


def _sasaran(record: Record, cells: Cells, keys: dict[str, str], check: bool) -> str:
    """The sasaran the row names, as written in sheet Indikator; "" for none."""
    if "Sasaran" not in record:
        return ""
    value, ref = record["Sasaran"]
    text = cells.text(value)
    if not text:
        return ""
    found = keys.get(normalize(text))
    if found is None and check:
        names = list(dict.fromkeys(keys.values()))
        by_key = {normalize(name): name for name in names}
        close = difflib.get_close_matches(normalize(text), list(by_key), n=1, cutoff=0.8)
        hint = f" Maksudnya '{by_key[close[0]]}'?" if close else ""
        cells.ctx.add(
            error(
                codes.SASARAN_TIDAK_DIKENAL,
                f"Sel {ref.cell} (Sasaran) berisi '{text}', yang tidak cocok dengan Sasaran "
                f"Strategis mana pun di lembar Indikator, juga tidak dengan nomornya.{hint}",
                "Salin Sasaran Strategis dari lembar Indikator, atau tulis nomornya (kolom No)"
                + (f"; sasaran yang ada: {_few(names)}." if names else "."),
                where=ref,
            )
        )
    return found or ""


def _few(values: Iterable[str]) -> str:
    """A few values quoted for a message: ``'IK1', 'IK2' ... (12 in all)``."""
    values = list(values)
    quoted = ", ".join(f"'{v}'" for v in values[:SHOWN_KNOWN])
    return quoted + (f" ... ({len(values)} semuanya)" if len(values) > SHOWN_KNOWN else "")
