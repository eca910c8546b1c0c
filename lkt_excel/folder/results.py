"""What a folder run tells its caller: each input's outcome and the folder's warnings.

:class:`FileResult` is one input (one row of ``ringkasan.xlsx``),
:class:`FolderResult` the whole run. Inputs whose reports are for the same
agency, region, year and quarter are found by :func:`mark_duplicates`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from lkt_excel.core.model import ROMAN
from lkt_excel.core.text import comparable, one_line
from lkt_excel.files import open_elsewhere_notice


def natural_key(text: str) -> list:
    """Order names as people do: ``unit-2`` before ``unit-10``, case ignored."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


@dataclass(frozen=True)
class ReportId:
    """Which report an input makes: agency, region, year and last quarter, as typed."""

    instansi: str
    wilayah: str
    tahun: int
    triwulan: int

    @property
    def key(self) -> tuple[str, str, int, int]:
        """Compared case-insensitively, runs of spaces as one, invisible characters left out
        (:func:`~lkt_excel.core.text.comparable`): ``Dinas  a`` is ``dinas a``."""
        return (comparable(self.instansi), comparable(self.wilayah), self.tahun, self.triwulan)

    @property
    def title(self) -> str:
        """``Dinas A Kabupaten Malang 2021 TW IV``, as in the report's file name."""
        quarter = ROMAN.get(self.triwulan, str(self.triwulan))
        return f"{_squash(self.instansi)} {_squash(self.wilayah)} {self.tahun} TW {quarter}"

    def to_dict(self) -> dict[str, object]:
        return {
            "instansi": self.instansi,
            "wilayah": self.wilayah,
            "tahun": self.tahun,
            "triwulan": self.triwulan,
        }

    @classmethod
    def from_dict(cls, data: object) -> ReportId | None:
        """From the manifest; None for an entry of an older run that did not record it."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                str(data["instansi"]),
                str(data["wilayah"]),
                int(data["tahun"]),
                int(data["triwulan"]),
            )
        except (KeyError, TypeError, ValueError, OverflowError):
            return None


def _squash(text: str) -> str:
    return one_line(text)


class Status(str, Enum):
    """A file's outcome, as the summary shows it (Indonesian: users read it)."""

    BERHASIL = "berhasil"  # built in this run
    TIDAK_BERUBAH = "tidak berubah"  # skipped: same content, same tool version, output present
    GAGAL = "gagal"  # not built: see its error report
    PERIODE_LAIN = "periode-lain"  # built, but for another year, quarter or region (period.py)
    LAPORAN = "laporan"  # a finished report found among the inputs: not an input, not read

    @property
    def ok(self) -> bool:
        """A report of the folder's period: built now or unchanged."""
        return self in (Status.BERHASIL, Status.TIDAK_BERUBAH)


@dataclass(frozen=True)
class MailNote:
    """What came of a report's email (``--surel``/``--kirim``): see folder.mailing."""

    step: str  # the SUREL column: draf, terkirim, gagal, ... (mail.delivery.Step)
    text: str  # the sentence printed and added to KETERANGAN
    ok: bool = True  # False: something is left to do by hand (a failed or refused send)


@dataclass(frozen=True)
class FileResult:
    """One row of the summary: one input file."""

    label: str  # the input's path relative to the folder, with "/" between parts
    status: Status
    output: str | None  # report file name in the output folder
    error_report: str | None  # error report file name in the output folder
    warnings: int
    errors: int
    message: str = ""  # the first error, for the summary's KETERANGAN
    report_id: ReportId | None = None  # which report it made; None when it has none
    duplicates: tuple[str, ...] = ()  # labels of the other inputs with the same report
    mail: MailNote | None = None  # its email, when the run drafted or sent one

    @property
    def shown_output(self) -> str:
        return self.output or self.error_report or ""

    @property
    def remark(self) -> str:
        """The summary's KETERANGAN: the first error, or the inputs this one duplicates."""
        if self.duplicates and self.report_id is not None:
            return (
                f"Ganda dengan {', '.join(self.duplicates)}: laporan yang sama "
                f"({self.report_id.title}). Periksa mana yang benar sebelum mengirim."
            )
        return self.message


OnFile = Callable[[FileResult], None]


def row_order(row: FileResult) -> list:
    return natural_key(row.label)


@dataclass(frozen=True)
class Duplicate:
    """Inputs of one folder whose reports are for the same agency, region, year and quarter."""

    report_id: ReportId
    labels: tuple[str, ...]

    @property
    def message(self) -> str:
        return (
            f"Perhatian: {len(self.labels)} berkas untuk laporan yang sama "
            f"({self.report_id.title}): {', '.join(self.labels)}. Periksa mana yang benar "
            "sebelum mengirim."
        )


def retired_message(names: Sequence[str]) -> str:
    """The warning for old reports moved out of the output folder (see Batch.retire), or ''."""
    if not names:
        return ""
    return (
        "Perhatian: laporan lama yang tidak lagi sesuai berkas masukannya (masukannya "
        "dihapus, kini gagal, atau kini menjadi laporan lain) dipindahkan dari folder hasil, "
        "supaya tidak ikut terkirim: " + "; ".join(names) + "."
    )


def mark_duplicates(rows: Iterable[FileResult]) -> list[FileResult]:
    """The rows, each input that shares its report with others naming those others.

    Only inputs that have a report count (built now or unchanged); a failed
    input has none. Marks from an earlier call are replaced, not added to.
    """
    rows = list(rows)
    groups: dict[tuple[str, str, int, int], list[str]] = {}
    for row in rows:
        if row.status.ok and row.report_id is not None:
            groups.setdefault(row.report_id.key, []).append(row.label)
    marked = []
    for row in rows:
        same = groups.get(row.report_id.key, []) if row.status.ok and row.report_id else []
        others = tuple(label for label in same if label != row.label)
        marked.append(row if others == row.duplicates else replace(row, duplicates=others))
    return marked


@dataclass
class FolderResult:
    folder: Path
    outdir: Path
    files: list[FileResult] = field(default_factory=list)
    summary: Path | None = None
    summary_error: str = ""  # why ringkasan.xlsx could not be written (e.g. open in Excel)
    retired: list[str] = field(default_factory=list)  # old reports moved to ``usang``
    open_elsewhere: list[str] = field(default_factory=list)  # inputs open in Excel now
    write_errors: list[str] = field(default_factory=list)  # e.g. the manifest, disk full
    # The coordinator's quarter (lkt_excel.folder.quarter): what else the run made or said.
    recap: Path | None = None  # rekap.xlsx, when written
    recap_error: str = ""  # why rekap.xlsx could not be written
    recap_missing: list[str] = field(default_factory=list)  # good inputs left out of it
    pdfs: list[str] = field(default_factory=list)  # PDFs written (proses --pdf)
    pdf_errors: dict[str, str] = field(default_factory=dict)  # report name: why no PDF
    notices: list = field(default_factory=list)  # quarter.Notice: every notice, in order

    @property
    def retired_message(self) -> str:
        """The warning for old reports moved out of the output folder, or ''."""
        return retired_message(self.retired)

    @property
    def open_message(self) -> str:
        """The warning for inputs open in a spreadsheet program, or ''."""
        if not self.open_elsewhere:
            return ""
        return open_elsewhere_notice(", ".join(self.open_elsewhere))

    @property
    def ok(self) -> bool:
        return all(f.status.ok for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status is Status.GAGAL]

    @property
    def other_period(self) -> list[FileResult]:
        """Inputs built for another year, quarter or region (``periode-lain``)."""
        return [f for f in self.files if f.status is Status.PERIODE_LAIN]

    @property
    def built(self) -> int:
        """How many inputs have their report of the period (built now or unchanged)."""
        return sum(1 for f in self.files if f.status.ok)

    @property
    def duplicates(self) -> list[Duplicate]:
        """Groups of inputs with the same report, in file order (after :func:`mark_duplicates`)."""
        groups: dict[tuple[str, str, int, int], Duplicate] = {}
        for row in self.files:
            if row.duplicates and row.report_id is not None:
                groups.setdefault(
                    row.report_id.key,
                    Duplicate(
                        row.report_id, tuple(sorted((row.label, *row.duplicates), key=natural_key))
                    ),
                )
        return list(groups.values())
