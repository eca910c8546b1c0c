"""The report's data model and the input contract, shared by every module.

Everything here is plain data: no I/O. Numbers are :class:`decimal.Decimal`
so that rounding is exact and matches Excel's ROUND / ROUNDDOWN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

QUARTERS = (1, 2, 3, 4)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Rounding(str, Enum):
    NORMAL = "normal"  # half away from zero, like Excel ROUND
    POTONG = "potong"  # truncate toward zero, like Excel ROUNDDOWN / TRUNC


class Polarity(str, Enum):
    POSITIF = "positif"  # higher is better
    NEGATIF = "negatif"  # lower is better


class Aggregation(str, Enum):
    AKHIR = "akhir"  # the last quarter's value
    JUMLAH = "jumlah"  # the sum of the quarters
    RATA_RATA = "rata-rata"  # the mean of the quarters


# ---------------------------------------------------------------------------
# The input contract: sheet names and headers as the template writes them.
# Matching is case-, space- and punctuation-insensitive (see ``normalize``).
# ---------------------------------------------------------------------------

SHEET_LAPORAN = "Laporan"
SHEET_INDIKATOR = "Indikator"
SHEET_DATA = "Data"


@dataclass(frozen=True)
class Column:
    header: str
    required: bool = False
    note: str = ""  # what goes in it, in Indonesian (template comments, README)
    aliases: tuple[str, ...] = ()


LAPORAN_KEYS: tuple[Column, ...] = (
    Column("Judul", note="Judul laporan. Kosong: LAPORAN KINERJA TRIWULAN."),
    Column("Instansi", True, "Nama instansi, mis. Dinas Koperasi dan Usaha Mikro."),
    Column("Wilayah", True, "Nama daerah, mis. Kabupaten Malang."),
    Column("Tahun", True, "Tahun laporan, mis. 2021."),
    Column("Triwulan", True, "Triwulan terakhir yang dilaporkan: I, II, III atau IV."),
    Column("Desimal", note="Banyak angka di belakang koma untuk realisasi. Kosong: 2."),
    Column(
        "Pembulatan",
        note="normal = dibulatkan seperti ROUND di Excel; potong = dipotong. Kosong: normal.",
    ),
)

INDIKATOR_COLUMNS: tuple[Column, ...] = (
    Column("Kode", True, "Kode unik indikator, mis. IK1. Dipakai di lembar Data."),
    Column("No", note="Nomor sasaran. Kosong: diberi nomor urut sasaran."),
    Column("Sasaran Strategis", note="Sasaran strategis; indikator dengan sasaran sama digabung."),
    Column("Indikator Kinerja", True, "Nama indikator kinerja.", ("indikator",)),
    Column("Satuan", note="Satuan, mis. % atau unit. Kosong: %."),
    Column("Polaritas", note="positif (makin tinggi makin baik) atau negatif. Kosong: positif."),
    Column("Uraian Pembilang", note="Uraian pembilang, mis. jumlah koperasi rehabilitasi."),
    Column("Uraian Penyebut", note="Uraian penyebut, mis. jumlah koperasi. Kosong: bukan rasio."),
    Column("Target TW I", True, "Target triwulan I.", ("targettw1", "targettriwulani")),
    Column("Target TW II", True, "Target triwulan II.", ("targettw2", "targettriwulanii")),
    Column("Target TW III", True, "Target triwulan III.", ("targettw3", "targettriwulaniii")),
    Column("Target TW IV", True, "Target triwulan IV.", ("targettw4", "targettriwulaniv")),
    Column("Target Total", note="Target tahunan. Kosong: dihitung menurut Agregasi."),
    Column(
        "Agregasi",
        note="akhir, jumlah atau rata-rata. Kosong: akhir untuk %, jumlah untuk satuan lain.",
    ),
    Column("Keterangan", note="Teks kolom 14 (KETERANGAN)."),
    Column("Analisis", note="Penutup narasi: penyebab dan upaya yang dilakukan."),
)

DATA_COLUMNS: tuple[Column, ...] = (
    Column("Kode", True, "Kode indikator, sama dengan lembar Indikator."),
    Column("Triwulan", True, "Triwulan: I, II, III atau IV."),
    Column("Pembilang", True, "Jumlah (bilangan bulat), mis. 36."),
    Column(
        "Penyebut", note="Jumlah penyebut (bilangan bulat); kosong untuk indikator bukan rasio."
    ),
    Column(
        "Realisasi Dilaporkan", note="Realisasi yang dihitung kantor sendiri (untuk dicocokkan)."
    ),
)

DEFAULT_TITLE = "LAPORAN KINERJA TRIWULAN"
DEFAULT_UNIT = "%"
DEFAULT_DECIMALS = 2


def normalize(text: object) -> str:
    """Key for case-, space- and punctuation-insensitive matching of names."""
    return "".join(filter(str.isalnum, str(text).casefold()))


# ---------------------------------------------------------------------------
# The validated model
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """The cell a value came from, for warnings that point back to the input."""

    sheet: str
    row: int
    column: str | None = None
    header: str | None = None


@dataclass(frozen=True)
class Settings:
    instansi: str
    wilayah: str
    tahun: int
    triwulan: int  # the last quarter reported, 1-4
    judul: str = DEFAULT_TITLE
    desimal: int = DEFAULT_DECIMALS
    pembulatan: Rounding = Rounding.NORMAL

    @property
    def quarters(self) -> tuple[int, ...]:
        """The quarters reported: 1 up to ``triwulan``."""
        return QUARTERS[: max(self.triwulan, 0)]


@dataclass(frozen=True)
class Observation:
    """One quarter's counts for one indicator (a row of sheet ``Data``)."""

    quarter: int
    pembilang: Decimal
    penyebut: Decimal | None = None
    dilaporkan: Decimal | None = None  # the office's own figure, cross-checked
    where: Where | None = None  # the `Realisasi Dilaporkan` cell, for warnings


@dataclass(frozen=True)
class Indicator:
    kode: str
    nama: str
    targets: tuple[Decimal, Decimal, Decimal, Decimal]
    sasaran: str = ""
    no: str = ""
    satuan: str = DEFAULT_UNIT
    polaritas: Polarity = Polarity.POSITIF
    uraian_pembilang: str = ""
    uraian_penyebut: str = ""
    target_total: Decimal | None = None
    agregasi: Aggregation | None = None  # None: the default for the unit
    keterangan: str = ""
    analisis: str = ""
    observations: dict[int, Observation] = field(default_factory=dict)

    @property
    def is_ratio(self) -> bool:
        return bool(self.uraian_penyebut.strip())

    @property
    def aggregation(self) -> Aggregation:
        if self.agregasi is not None:
            return self.agregasi
        return Aggregation.AKHIR if self.satuan.strip() == "%" else Aggregation.JUMLAH


@dataclass(frozen=True)
class Report:
    settings: Settings
    indicators: tuple[Indicator, ...]
