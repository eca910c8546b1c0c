"""The folder's period: which year, quarter and region the reports of one run are for.

A coordinator's folder holds one quarter's reports. An input whose report is
for another year, quarter or region must not pass as one of them: its row gets
the status ``periode-lain`` with the reason (console, ``ringkasan.xlsx``, the
manifest), and it stays out of the recap. Its report is kept (it is a correct
report, only not of this quarter).

The period is given (``proses --tahun 2024 --triwulan IV --wilayah ...``) or,
for each part not given, taken from the inputs: the value most of the built
reports share. When two values are equally common there is no majority, and
that part is not checked (the run says so and names the options to give).

Pure functions over :class:`~lkt_excel.folder.results.FileResult` rows; the
text a user types (``IV``, ``4``, ``TW IV``) is read by :func:`parse_triwulan`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from lkt_excel.core.model import ROMAN
from lkt_excel.folder.results import FileResult, Status

YEAR_RANGE = (2000, 2100)
_QUARTER_WORDS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _squash(text: str) -> str:
    return " ".join(text.split())


def parse_triwulan(text: str) -> int | None:
    """``IV``, ``iv``, ``4``, ``TW IV``, ``Triwulan 4`` as 4; None when it is no quarter."""
    words = _squash(text).upper().replace("TRIWULAN", "").replace("TW", "").strip()
    return _QUARTER_WORDS.get(words)


def parse_tahun(text: str) -> int | None:
    """A year from :data:`YEAR_RANGE` (``2024``); None when it is none."""
    text = text.strip()
    if not text.isdigit():
        return None
    year = int(text)
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


@dataclass(frozen=True)
class Period:
    """The year, quarter and region a folder's reports are for; None: not checked."""

    tahun: int | None = None
    triwulan: int | None = None
    wilayah: str | None = None

    @property
    def title(self) -> str:
        """``2024 TW IV Kabupaten Malang``: the parts that are checked."""
        parts = []
        if self.tahun is not None:
            parts.append(str(self.tahun))
        if self.triwulan is not None:
            parts.append(f"TW {ROMAN[self.triwulan]}")
        if self.wilayah:
            parts.append(_squash(self.wilayah))
        return " ".join(parts)


@dataclass(frozen=True)
class PeriodCheck:
    """The period the rows were checked against, and how it was found."""

    period: Period
    given: Period  # what the command line gave
    undecided: tuple[str, ...] = ()  # parts with no majority: "tahun", "triwulan", "wilayah"

    @property
    def undecided_message(self) -> str:
        """The notice for parts with no majority, or ''."""
        if not self.undecided:
            return ""
        options = ", ".join(f"--{part}" for part in self.undecided)
        return (
            f"Perhatian: tidak ada {', '.join(self.undecided)} yang dipakai sebagian besar "
            f"berkas, jadi bagian itu tidak diperiksa. Sebutkan dengan {options}."
        )


def _majority(values: list) -> tuple[object | None, bool]:
    """The most common value and True; (None, False) when two tie or there is none."""
    counted = Counter(values).most_common(2)
    if not counted:
        return None, True
    if len(counted) == 2 and counted[0][1] == counted[1][1]:
        return None, False
    return counted[0][0], True


def decide(rows: Iterable[FileResult], given: Period) -> PeriodCheck:
    """The period to check the rows against: each part given, or the majority's."""
    ids = [row.report_id for row in rows if row.status.ok and row.report_id is not None]
    undecided: list[str] = []
    parts: dict[str, object] = {}
    for part, values in (
        ("tahun", [i.tahun for i in ids]),
        ("triwulan", [i.triwulan for i in ids]),
        ("wilayah", [_squash(i.wilayah).casefold() for i in ids]),
    ):
        if getattr(given, part) is not None:
            parts[part] = getattr(given, part)
            continue
        value, decided = _majority(values)
        if not decided:
            undecided.append(part)
        if part == "wilayah" and value is not None:  # shown as the first input typed it
            value = next(i.wilayah for i in ids if _squash(i.wilayah).casefold() == value)
        parts[part] = value
    period = Period(parts["tahun"], parts["triwulan"], parts["wilayah"])  # type: ignore[arg-type]
    return PeriodCheck(period, given, tuple(undecided))


def mismatch(row: FileResult, check: PeriodCheck) -> str:
    """Why the row's report is not of the period (Indonesian), or '' when it is."""
    report = row.report_id
    if report is None or not row.status.ok:
        return ""
    period, found = check.period, {}
    if period.tahun is not None and report.tahun != period.tahun:
        found["tahun"] = f"tahun {report.tahun}, bukan {period.tahun}"
    if period.triwulan is not None and report.triwulan != period.triwulan:
        found["triwulan"] = f"TW {ROMAN[report.triwulan]}, bukan TW {ROMAN[period.triwulan]}"
    if period.wilayah and _squash(report.wilayah).casefold() != _squash(period.wilayah).casefold():
        found["wilayah"] = f"wilayah {_squash(report.wilayah)}, bukan {_squash(period.wilayah)}"
    if not found:
        return ""
    options = [f"--{part}" for part in found if getattr(check.given, part) is not None]
    majority = len(options) < len(found)
    how = " dan ".join([*options, *(["sebagian besar berkas"] if majority else [])])
    return (
        f"Periode lain: laporan ini untuk {'; '.join(found.values())} (periode folder ini: "
        f"{period.title}, menurut {how}). "
        "Laporannya dibuat tetapi tidak masuk rekap. Periksa lembar Laporan berkas ini, "
        "atau pindahkan berkasnya ke folder periodenya."
    )


def flag_other_periods(rows: Iterable[FileResult], check: PeriodCheck) -> list[FileResult]:
    """The rows, each built report of another period as ``periode-lain`` with the reason.

    A row flagged by an earlier call whose report is of the period again (the
    majority moved) becomes ``tidak berubah``.
    """
    flagged = []
    for row in rows:
        if row.status is Status.PERIODE_LAIN:
            row = replace(row, status=Status.TIDAK_BERUBAH, message="")
        reason = mismatch(row, check)
        flagged.append(replace(row, status=Status.PERIODE_LAIN, message=reason) if reason else row)
    return flagged
