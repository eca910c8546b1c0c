"""The report's data model and the input contract, shared by every module.

Everything here is plain data: no I/O. Numbers are :class:`decimal.Decimal`
so that rounding is exact and matches Excel's ROUND / ROUNDDOWN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from lkt_excel.core.units import PERCENT, unit_multiplier

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
    # Each quarter is the running total up to it: the counts summed from the first
    # measured quarter, compared with the target typed for "sampai dengan" that quarter.
    KUMULATIF = "kumulatif"


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
    Column(
        "Rumus Negatif",
        note="Capaian indikator negatif: selisih = (2 x target - realisasi) / target x 100; "
        "kebalikan = target / realisasi x 100. Kosong: selisih.",
    ),
    Column("Kertas", note="Ukuran kertas cetak: F4 atau A4. Kosong: F4."),
    Column("Tempat", note="Tempat penandatanganan, mis. Malang. Kosong: tanpa blok tanda tangan."),
    Column("Tanggal", note="Tanggal penandatanganan, mis. 10 Januari 2022."),
    Column("Jabatan", note="Jabatan penanda tangan, mis. Kepala Dinas Koperasi dan Usaha Mikro."),
    Column("Nama", note="Nama penanda tangan beserta gelar."),
    Column("Pangkat", note="Pangkat/golongan penanda tangan, mis. Pembina Utama Muda."),
    Column("NIP", note="NIP penanda tangan, diketik sebagai teks: 19751229 199902 2 001."),
    Column(
        "Surel Tujuan",
        note="Alamat surel penerima laporan; beberapa alamat dipisah ; atau , mis. "
        "bappeda@malangkab.go.id. Kosong: draf surel tanpa alamat tujuan.",
    ),
    Column("Surel Tembusan", note="Alamat tembusan (Cc), ditulis seperti Surel Tujuan."),
)

_TARGET_NOTE = "Target triwulan %s. Isi - bila indikator tidak diukur pada triwulan itu."

INDIKATOR_COLUMNS: tuple[Column, ...] = (
    Column("Kode", True, "Kode unik indikator, mis. IK1. Dipakai di lembar Data."),
    Column("No", note="Nomor sasaran. Kosong: diberi nomor urut sasaran."),
    Column("Sasaran Strategis", note="Sasaran strategis; indikator dengan sasaran sama digabung."),
    Column("Indikator Kinerja", True, "Nama indikator kinerja.", ("indikator",)),
    Column("Satuan", note="Satuan, mis. % atau unit. Kosong: %."),
    Column("Polaritas", note="positif (makin tinggi makin baik) atau negatif. Kosong: positif."),
    Column("Uraian Pembilang", note="Uraian pembilang, mis. jumlah koperasi rehabilitasi."),
    Column("Uraian Penyebut", note="Uraian penyebut, mis. jumlah koperasi. Kosong: bukan rasio."),
    Column("Target TW I", True, _TARGET_NOTE % "I", ("targettw1", "targettriwulani")),
    Column("Target TW II", True, _TARGET_NOTE % "II", ("targettw2", "targettriwulanii")),
    Column("Target TW III", True, _TARGET_NOTE % "III", ("targettw3", "targettriwulaniii")),
    Column("Target TW IV", True, _TARGET_NOTE % "IV", ("targettw4", "targettriwulaniv")),
    Column("Target Total", note="Target tahunan. Kosong: dihitung menurut Agregasi."),
    Column(
        "Agregasi",
        note="akhir, jumlah, rata-rata atau kumulatif. Kosong: akhir untuk % dan untuk rasio "
        "(Uraian Penyebut terisi), jumlah untuk yang lain. kumulatif: realisasi tiap triwulan "
        "= jumlah pembilang (dan penyebut) sampai dengan triwulan itu; isi target tiap "
        "triwulan sebagai target sampai dengan triwulan itu.",
    ),
    Column("Keterangan", note="Teks kolom 14 (KETERANGAN)."),
    Column("Analisis", note="Penutup narasi: penyebab dan upaya yang dilakukan."),
    # The evaluation form's columns (Permendagri 86/2017): narrative and sheet Analisis.
    Column(
        "Faktor Pendorong",
        note="Faktor pendorong keberhasilan (teks). Masuk narasi dan lembar Analisis.",
    ),
    Column("Faktor Penghambat", note="Faktor penghambat (teks). Masuk narasi dan lembar Analisis."),
    Column(
        "Tindak Lanjut",
        note="Tindak lanjut yang akan dilakukan pada triwulan berikutnya (teks).",
    ),
    Column(
        "Realisasi Tahun Lalu",
        note="Realisasi tahun sebelumnya (angka, satuan sama), untuk dibandingkan dengan "
        "realisasi TOTAL tahun ini. Kosong atau -: tidak dibandingkan.",
    ),
    Column(
        "Target Akhir Renstra",
        note="Target akhir periode Renstra (angka, satuan sama). Kosong atau -: tidak ada.",
    ),
)

# Read when present, but not offered by the template: most indicators need neither.
INDIKATOR_EXTRA_COLUMNS: tuple[Column, ...] = (
    Column(
        "Pengali",
        note="Pengali rasio, mis. 1000 untuk per 1.000. Kosong: dari Satuan (% = 100, "
        "per 1.000 KH = 1.000, per 100.000 penduduk = 100.000).",
    ),
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

# Sheet Data may instead hold one row per indicator, the quarters across (the layout
# offices keep): Kode, then these columns for each quarter (validate.data_wide).
DATA_WIDE_PER_QUARTER: tuple[str, ...] = ("Pembilang", "Penyebut", "Realisasi Dilaporkan")


def wide_header(name: str, quarter: int) -> str:
    """``Pembilang TW II``: a column of the one-row-per-indicator Data layout."""
    return f"{name} TW {ROMAN[quarter]}"


SHEET_KATEGORI = "Kategori"  # optional: replaces the default bands of capaian

KATEGORI_COLUMNS: tuple[Column, ...] = (
    Column("Kategori", True, "Nama kategori, mis. Sangat Tinggi."),
    Column("Batas Bawah", note="Capaian terendah kategori ini (termasuk). Kosong: tanpa batas."),
    Column("Batas Atas", note="Capaian mulai kategori berikutnya (tidak termasuk). Kosong: tanpa."),
    Column("Warna", note="Warna isian, kode heksadesimal mis. #00B050. Kosong: warna bawaan."),
)

SHEET_ANGGARAN = "Anggaran"  # optional: the budget lines behind the indicators

_REALISASI_NOTE = (
    "Realisasi anggaran triwulan %s (rupiah, angka 0 atau lebih). Wajib diisi sampai "
    "triwulan laporan (isi 0 bila belum ada realisasi); kosongkan triwulan sesudahnya."
)

ANGGARAN_COLUMNS: tuple[Column, ...] = (
    Column("No", note="Nomor program/kegiatan. Kosong: diberi nomor urut."),
    Column(
        "Program/Kegiatan",
        True,
        "Nama program atau kegiatan, mis. Program Pemberdayaan Koperasi.",
        ("program", "kegiatan", "uraian"),
    ),
    Column(
        "Kode Indikator",
        note="Kode indikator (lembar Indikator) yang didukung; beberapa kode dipisah ; atau , "
        "mis. IK1; IK2. Kosong: lihat Sasaran.",
        # Not a bare "Kode": budget tables (RKA, DPA) head their kode rekening so.
        aliases=("kodeindikatorkinerja",),
    ),
    Column(
        "Sasaran",
        note="Sasaran yang didukung, ditulis seperti Sasaran Strategis di lembar Indikator, "
        "atau nomornya (No); semua indikator sasaran itu ikut terkait.",
        aliases=("sasaranstrategis",),
    ),
    Column(
        "Pagu", True, "Pagu anggaran setahun dalam rupiah (angka lebih dari 0).", ("paguanggaran",)
    ),
    *(
        Column(  # TW I always; the others up to the reported quarter (validate.anggaran)
            f"Realisasi TW {ROMAN[q]}",
            q == 1,
            _REALISASI_NOTE % ROMAN[q],
            (f"realisasitw{q}", f"realisasitriwulan{ROMAN[q].lower()}"),
        )
        for q in QUARTERS
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


@dataclass(frozen=True, slots=True)
class Where:
    """A place in the input workbook: a cell, a row, a sheet's column or a whole sheet.

    The one type for "where": a :class:`~lkt_excel.core.problems.Problem` says
    where to look with it, the validator reads each cell with one, and an
    :class:`Observation` keeps the cell its value came from.
    """

    sheet: str
    row: int | None = None  # Excel row, 1-based
    column: str | None = None  # Excel column letter
    header: str | None = None  # the column's header (or the Laporan key)

    @property
    def cell(self) -> str:
        """As a person types it in Excel: ``Data!D7``, ``Data!7``, ``Data``."""
        place = f"{self.column or ''}{self.row or ''}"
        return f"{self.sheet}!{place}" if place else self.sheet


class NegativeRule(str, Enum):
    """How capaian is reckoned for a negatif indicator (lower is better)."""

    SELISIH = "selisih"  # (2 x target - realisasi) / target x 100, the usual LKjIP rule
    KEBALIKAN = "kebalikan"  # target / realisasi x 100


class Paper(int, Enum):
    """Print paper, by xlsxwriter's (and OOXML's) paper index."""

    F4 = 14  # Folio 8.5 x 13 in, the paper Indonesian offices print on
    A4 = 9


@dataclass(frozen=True)
class Band:
    """A kategori of capaian: from ``lower`` (inclusive) up to the next band's ``lower``.

    The lowest band also takes everything below it (a negative capaian), the
    highest everything above it; ``lower`` None marks the lowest band.
    """

    name: str
    lower: Decimal | None
    color: str  # fill, "#RRGGBB"


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("Sangat Tinggi", Decimal(91), "#00B050"),
    Band("Tinggi", Decimal(76), "#92D050"),
    Band("Sedang", Decimal(66), "#FFFF00"),
    Band("Rendah", Decimal(51), "#FFC000"),
    Band("Sangat Rendah", None, "#FF0000"),
)


@dataclass(frozen=True)
class Signature:
    """The signature block under the table; every field is optional text."""

    tempat: str = ""
    tanggal: str = ""  # as printed, e.g. "10 Januari 2022"
    jabatan: str = ""
    nama: str = ""
    pangkat: str = ""
    nip: str = ""  # as printed, e.g. "19751229 199902 2 001"

    @property
    def present(self) -> bool:
        return any((self.tempat, self.tanggal, self.jabatan, self.nama, self.pangkat, self.nip))


@dataclass(frozen=True)
class Settings:
    instansi: str
    wilayah: str
    tahun: int
    triwulan: int  # the last quarter reported, 1-4
    judul: str = DEFAULT_TITLE
    desimal: int = DEFAULT_DECIMALS
    pembulatan: Rounding = Rounding.NORMAL
    rumus_negatif: NegativeRule = NegativeRule.SELISIH
    kertas: Paper = Paper.F4
    signature: Signature = field(default_factory=Signature)
    bands: tuple[Band, ...] = DEFAULT_BANDS  # highest first; from sheet Kategori if given
    surel_tujuan: tuple[str, ...] = ()  # where the report's email goes (To), checked addresses
    surel_tembusan: tuple[str, ...] = ()  # its Cc

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
    # None: the indicator is not measured that quarter (a target of '-' or blank)
    targets: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
    sasaran: str = ""
    no: str = ""
    satuan: str = DEFAULT_UNIT
    polaritas: Polarity = Polarity.POSITIF
    uraian_pembilang: str = ""
    uraian_penyebut: str = ""
    pengali: Decimal | None = None  # a ratio's multiplier; None: from the Satuan
    target_total: Decimal | None = None
    agregasi: Aggregation | None = None  # None: the default (see ``aggregation``)
    keterangan: str = ""
    analisis: str = ""
    faktor_pendorong: str = ""
    faktor_penghambat: str = ""
    tindak_lanjut: str = ""  # what the office will do next quarter
    realisasi_tahun_lalu: Decimal | None = None  # last year's realisasi; None: not compared
    target_renstra: Decimal | None = None  # the Renstra's final target; None: none given
    observations: dict[int, Observation] = field(default_factory=dict)

    @property
    def is_ratio(self) -> bool:
        return bool(self.uraian_penyebut.strip())

    @property
    def multiplier(self) -> Decimal:
        """A ratio's pembilang / penyebut is multiplied by this: Pengali, else by Satuan."""
        if self.pengali is not None:
            return self.pengali
        return unit_multiplier(self.satuan) or PERCENT

    def measured(self, quarter: int) -> bool:
        """Whether the indicator is measured in ``quarter`` (it has a target there)."""
        return self.targets[quarter - 1] is not None

    @property
    def cumulative(self) -> bool:
        """Whether each quarter's figure is the running total up to it (Agregasi kumulatif)."""
        return self.agregasi is Aggregation.KUMULATIF

    @property
    def aggregation(self) -> Aggregation:
        if self.agregasi is not None:
            return self.agregasi
        # A percentage or any ratio is a rate: summing the quarters' rates means nothing.
        ratio_like = self.satuan.strip() == "%" or self.is_ratio
        return Aggregation.AKHIR if ratio_like else Aggregation.JUMLAH


@dataclass(frozen=True)
class Report:
    settings: Settings
    indicators: tuple[Indicator, ...]
    budgets: tuple[Budget, ...] = ()  # sheet Anggaran's lines, in its order; none without it


@dataclass(frozen=True)
class Budget:
    """One line of sheet ``Anggaran``: a program or kegiatan, its pagu and realisasi.

    ``realisasi``: per quarter, in rupiah as entered; None after the reported quarter
    (not read). ``kodes``: the indicators it names (as in sheet Indikator);
    ``sasaran``: the sasaran it names, as written in sheet Indikator ("" for none).
    The places are the cells of the name, the pagu and each realisasi, for notes.
    """

    name: str
    pagu: Decimal
    realisasi: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
    no: str = ""
    kodes: tuple[str, ...] = ()
    sasaran: str = ""
    where: Where | None = None  # the Program/Kegiatan cell
    pagu_where: Where | None = None
    realisasi_where: tuple[Where | None, ...] = (None, None, None, None)


def sasaran_numbers(indicators: Sequence[Indicator]) -> list[str]:
    """The NO the LKT table prints beside each indicator, in the report's order.

    Consecutive indicators of one sasaran (and No) share a merged cell and its number:
    the No as entered, else the sasaran numbered by first appearance among those with
    none (a blank sasaran counts as one). Sheet Anggaran's links by number use the same.
    """
    numbers: list[str] = []
    given: dict[str, str] = {}
    previous: tuple[str, str] | None = None
    for ind in indicators:
        key = (ind.sasaran, ind.no)
        if key == previous:
            numbers.append(numbers[-1])
            continue
        previous = key
        numbers.append(ind.no or given.setdefault(ind.sasaran, str(len(given) + 1)))
    return numbers
