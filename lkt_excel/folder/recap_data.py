"""The recap's figures: one compact record per report, kept so no workbook is read again.

The worker that builds a report also returns its :class:`Record` (the agency,
each indicator's last quarter and TOTAL figures as the report prints them, the
agency's kategori bands). The parent keeps the records of every good report in
:data:`STORE_NAME` beside the manifest, keyed by input label and sha256, and
writes it once per run: the manifest is rewritten after every file, and holding
25 indicators of 1.000 agencies in it would make that cost grow with the square
of the folder. An input built before this store existed (or whose record was
lost to an interrupted run) has no record and is built again, so ``rekap.xlsx``
always covers every good report, the unchanged ones included.

Figures are Decimals written as text in the JSON, so the recap shows exactly
the report's numbers. :func:`agency_rows` works out each agency's average,
predikat, counts per kategori and rank.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lkt_excel import __version__
from lkt_excel.core.capaian import compute_capaian, kategori
from lkt_excel.core.compute import ReportResult
from lkt_excel.core.model import Band, Rounding
from lkt_excel.core.numbers import round_to
from lkt_excel.files import write_text_atomically

STORE_NAME = "lkt-rekap.json"
STORE_FORMAT = 1
AVERAGE_PLACES = 2  # the average capaian is rounded like Excel's ROUND(...; 2)

# The figures of one indicator, in this order (see Line).
_FIGURES = (
    "target",
    "realisasi",
    "capaian",
    "target_total",
    "realisasi_total",
    "capaian_total",
)


def _decimal(value: object) -> Decimal | None:
    if not isinstance(value, str):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Line:
    """One indicator of a report, as its sheet Capaian prints it."""

    no: str
    sasaran: str
    kode: str
    nama: str
    satuan: str
    polaritas: str
    target: Decimal | None  # the last quarter's (None: that quarter has no row)
    realisasi: Decimal | None
    capaian: Decimal | None
    target_total: Decimal | None
    realisasi_total: Decimal | None
    capaian_total: Decimal | None  # None: it cannot be reckoned (a zero divisor)
    kategori: str  # of capaian_total; '' when there is none

    def to_json(self) -> list[object]:
        texts = [self.no, self.sasaran, self.kode, self.nama, self.satuan, self.polaritas]
        return [*texts, *(_text(getattr(self, name)) for name in _FIGURES), self.kategori]

    @classmethod
    def from_json(cls, data: list[object]) -> Line:
        no, sasaran, kode, nama, satuan, polaritas = (str(value) for value in data[:6])
        figures = [_decimal(value) for value in data[6:12]]
        if len(figures) != len(_FIGURES):
            raise ValueError("a damaged line")
        return cls(
            no,
            sasaran,
            kode,
            nama,
            satuan,
            polaritas,
            **dict(zip(_FIGURES, figures, strict=True)),
            kategori=str(data[12]),
        )


@dataclass(frozen=True)
class Record:
    """What the recap needs of one report."""

    instansi: str
    wilayah: str
    tahun: int
    triwulan: int
    bands: tuple[Band, ...]
    lines: tuple[Line, ...]

    def band(self, name: str) -> Band | None:
        return next((band for band in self.bands if band.name == name), None)

    def to_json(self) -> dict[str, object]:
        return {
            "instansi": self.instansi,
            "wilayah": self.wilayah,
            "tahun": self.tahun,
            "triwulan": self.triwulan,
            "bands": [[b.name, _text(b.lower), b.color] for b in self.bands],
            "lines": [line.to_json() for line in self.lines],
        }

    @classmethod
    def from_json(cls, data: object) -> Record | None:
        """A record as :meth:`to_json` wrote it; None when it is damaged."""
        if not isinstance(data, dict):
            return None
        try:
            bands = tuple(Band(str(n), _decimal(lower), str(c)) for n, lower, c in data["bands"])
            lines = tuple(Line.from_json(line) for line in data["lines"])
            return cls(
                str(data["instansi"]),
                str(data["wilayah"]),
                int(data["tahun"]),
                int(data["triwulan"]),
                bands,
                lines,
            )
        except (KeyError, TypeError, ValueError, IndexError):
            return None


def record_of(result: ReportResult) -> Record:
    """The record of a built report: its figures exactly as sheet Capaian shows them."""
    settings = result.report.settings
    lines = []
    for item in compute_capaian(result).indicators:
        ind = item.indicator
        last = next((row for row in item.rows if row.quarter == settings.triwulan), None)
        total = next((row for row in item.rows if row.quarter is None), None)
        lines.append(
            Line(
                no=ind.no,
                sasaran=ind.sasaran,
                kode=ind.kode,
                nama=ind.nama,
                satuan=ind.satuan,
                polaritas=ind.polaritas.value,
                target=last.target if last else None,
                realisasi=last.realisasi if last else None,
                capaian=last.capaian if last else None,
                target_total=total.target if total else None,
                realisasi_total=total.realisasi if total else None,
                capaian_total=total.capaian if total else None,
                kategori=total.band.name if total and total.band else "",
            )
        )
    return Record(
        settings.instansi,
        settings.wilayah,
        settings.tahun,
        settings.triwulan,
        settings.bands,
        tuple(lines),
    )


# ---------------------------------------------------------------------------
# The per-agency figures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    """One row of the recap's per-agency sheet."""

    label: str  # the input
    output: str  # its report's file name
    record: Record
    average: Decimal | None  # of the TOTAL capaian that could be reckoned, rounded
    predikat: Band | None  # the kategori band of ``average``, by the agency's own bands
    counts: dict[str, int]  # indicators per kategori name ('' : no capaian)
    rank: int | None = None  # 1 = highest average; equal averages share a rank


def agency_of(label: str, output: str, record: Record) -> Agency:
    values = [line.capaian_total for line in record.lines if line.capaian_total is not None]
    average = None
    if values:
        average = round_to(sum(values, Decimal(0)) / len(values), AVERAGE_PLACES, Rounding.NORMAL)
    counts: dict[str, int] = {}
    for line in record.lines:
        counts[line.kategori] = counts.get(line.kategori, 0) + 1
    predikat = None if average is None else kategori(average, record.bands)
    return Agency(label, output, record, average, predikat, counts)


def ranked(agencies: list[Agency]) -> list[Agency]:
    """Highest average first, ranked 1, 2, 2, 4 (equal averages share a rank); agencies
    without an average last, unranked. Ties keep the order given."""
    with_average = sorted(
        (a for a in agencies if a.average is not None),
        key=lambda a: a.average,  # type: ignore[arg-type, return-value]
        reverse=True,
    )
    out: list[Agency] = []
    for index, agency in enumerate(with_average):
        same = out and out[-1].average == agency.average
        rank = out[-1].rank if same else index + 1
        out.append(replace(agency, rank=rank))
    return out + [a for a in agencies if a.average is None]


def kategori_names(agencies: list[Agency]) -> list[str]:
    """Every kategori name the agencies use, highest first, in the order first seen."""
    names: list[str] = []
    for agency in agencies:
        for band in agency.record.bands:
            if band.name not in names:
                names.append(band.name)
    return names


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------


class Stored:
    """One input's record in the store. A record read from the file is parsed only
    when the recap needs it (an unchanged run whose recap is current never does)."""

    def __init__(self, sha256: str, record: Record | None, pdf: bool | None = None, raw=None):
        self.sha256 = sha256
        self.pdf = pdf  # its PDF was made with Catatan (True), without (False), or none
        self._record, self._raw = record, raw

    @property
    def record(self) -> Record | None:
        """The record; None when the stored one is damaged."""
        if self._record is None and self._raw is not None:
            self._record, self._raw = Record.from_json(self._raw), None
        return self._record

    def to_json(self) -> dict[str, object]:
        record = self._raw if self._record is None else self._record.to_json()
        return {"sha256": self.sha256, "pdf": self.pdf, "record": record}


class RecapStore:
    """The records of the output folder's reports, by input label (see module doc).

    ``recap_key`` and ``recap_stamp`` say what ``rekap.xlsx`` was last written
    from (see :func:`recap_key`) and the file it left (size, modification time):
    while both hold, the run keeps that file instead of writing the same again.
    """

    def __init__(self, path: Path, entries: dict[str, Stored] | None = None):
        self.path = path
        self.entries: dict[str, Stored] = entries or {}
        # An output folder shared by input folders keeps each folder's records apart,
        # as the manifest does: ``folder`` is this run's (manifest.folder_key), ``others``
        # the other folders' records, kept as they were read.
        self.folder: str | None = None
        self.others: dict[str, object] = {}
        self.recap_key = ""
        self.recap_stamp: list[int] = []
        self.dirty = False  # changed since loaded or saved

    @classmethod
    def load(cls, path: Path, folder: str | None = None, *, adopt: bool = False) -> RecapStore:
        """The store at ``path`` for input folder ``folder`` (a manifest folder key; by
        default the folder it records); empty when missing, damaged or of another format.
        ``adopt``: the records it holds are ``folder``'s whatever folder they name (the
        output folder lies inside the input folder, as the manifest adopts them)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            data = None
        if not isinstance(data, dict) or data.get("format") != STORE_FORMAT:
            store = cls(path)
            store.folder = folder
            return store
        others = data.get("other_folders")
        sections: dict[str | None, object] = dict(others) if isinstance(others, dict) else {}
        recorded = data.get("folder")
        recorded = folder if adopt or not isinstance(recorded, str) else recorded
        sections[recorded] = data.get("reports")
        mine = recorded if folder is None else folder
        store = cls._with_reports(path, sections.pop(mine, None), data)
        store.folder = mine
        store.others = {k: v for k, v in sections.items() if isinstance(k, str)}
        return store

    @classmethod
    def _with_reports(cls, path: Path, reports: object, data: dict) -> RecapStore:
        entries = {}
        for label, raw in (reports if isinstance(reports, dict) else {}).items():
            if isinstance(raw, dict) and isinstance(raw.get("sha256"), str):
                pdf = raw.get("pdf")
                made = pdf if isinstance(pdf, bool) else None
                entries[label] = Stored(raw["sha256"], None, made, raw.get("record"))
        store = cls(path, entries)
        key, stamp = data.get("recap_key"), data.get("recap_stamp")
        store.recap_key = key if isinstance(key, str) else ""
        store.recap_stamp = stamp if isinstance(stamp, list) else []
        return store

    def has(self, label: str, sha256: str) -> bool:
        stored = self.entries.get(label)
        return stored is not None and stored.sha256 == sha256

    def put(self, label: str, sha256: str, record: Record) -> None:
        self.entries[label] = Stored(sha256, record)
        self.dirty = True

    def rename(self, old: str, new: str) -> None:
        """An input renamed in letter case only (Windows, macOS) keeps its record."""
        if old in self.entries and new not in self.entries:
            self.entries[new] = self.entries.pop(old)
            self.dirty = True

    def forget(self, label: str) -> None:
        """Drop a record (a damaged one): its input is built again next run."""
        if self.entries.pop(label, None) is not None:
            self.dirty = True

    def mark_pdf(self, label: str, with_catatan: bool) -> None:
        stored = self.entries.get(label)
        if stored is not None and stored.pdf is not with_catatan:
            stored.pdf = with_catatan
            self.dirty = True

    def keep_only(self, labels: set[str]) -> None:
        kept = {k: v for k, v in self.entries.items() if k in labels}
        self.dirty = self.dirty or len(kept) != len(self.entries)
        self.entries = kept

    def recap_is_current(self, key: str, recap: Path) -> bool:
        """Whether ``recap`` is the file last written from ``key``, untouched since."""
        return bool(key) and key == self.recap_key and _stamp(recap) == self.recap_stamp

    def recap_written(self, key: str, recap: Path) -> None:
        self.recap_key, self.recap_stamp, self.dirty = key, _stamp(recap), True

    def save(self) -> None:
        data = {
            "format": STORE_FORMAT,
            "tool": "lkt-excel",
            "recap_key": self.recap_key,
            "recap_stamp": self.recap_stamp,
            "folder": self.folder,
            "reports": {label: s.to_json() for label, s in sorted(self.entries.items())},
            "other_folders": dict(sorted(self.others.items())),
        }
        try:
            text = json.dumps(data, ensure_ascii=False) + "\n"
            text.encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8 (Linux): escaped
            text = json.dumps(data, ensure_ascii=True) + "\n"
        write_text_atomically(self.path, text)
        self.dirty = False

    def save_if_changed(self) -> None:
        """Save when changed; a store that cannot be written only costs a rebuild next
        run (an input without its record is built again)."""
        if self.dirty:
            with contextlib.suppress(OSError):
                self.save()


def _stamp(path: Path) -> list[int]:
    try:
        info = path.stat()
    except OSError:
        return []
    return [info.st_size, info.st_mtime_ns]


def recap_key(parts: list[tuple[str, str, str]], period_title: str) -> str:
    """What a recap is made of: tool version, period, and each report's (input label,
    sha256, report name). The same key makes the same recap (but for its time line)."""
    text = json.dumps([__version__, period_title, sorted(parts)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
