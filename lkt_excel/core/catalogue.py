"""Every problem code, declared once, with its level and a short Indonesian title.

A code is the stable kebab-case identifier a :class:`~lkt_excel.core.problems.Problem`
carries (``check --json`` prints it; programs match on it). Each one is declared
here as a :class:`Code`, in the order README's table of codes lists them: the
file as a whole, the three sheets, the printed report's options and sheet
``Kategori``, the computed figures, and the folder run of ``proses``.
:data:`CODES` maps each code's string to its entry.

A warning whose figure in the report may be wrong (a fraction read for a
percentage, a ratio whose unit is not %) is declared with ``figures=True``:
``check`` then says the file is not yet ready to sign (see
:func:`lkt_excel.core.render.verdict`).

A :class:`Code` *is* its string (a ``str`` subclass), so it compares, hashes
and serialises as the code itself and can be passed wherever a code string is
expected. :func:`lkt_excel.core.problems.error` and ``warning`` refuse a code
that is not declared here or is given at the other level. Pure data: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any


class Level(str, Enum):
    ERROR = "galat"
    WARNING = "peringatan"


_KEBAB = re.compile(r"[a-z]+(?:-[a-z]+)+")


class Code(str):
    """A problem code: the code string itself, with its ``level`` and ``summary``.

    ``summary`` is the Indonesian title of the code (``str.title`` is a method,
    hence the other name). ``figures``: a warning of this code says a figure in
    the report may be wrong. Instances are read-only.
    """

    level: Level
    summary: str
    figures: bool

    def __new__(cls, code: str, level: Level, summary: str, *, figures: bool = False) -> Code:
        if not _KEBAB.fullmatch(code):
            raise ValueError(f"a problem code is kebab-case, got {code!r}")
        self = super().__new__(cls, code)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "summary", summary)
        object.__setattr__(self, "figures", figures)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Code is read-only (tried to set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Code is read-only (tried to delete {name!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_code, (str(self), self.level, self.summary, self.figures))

    def __repr__(self) -> str:
        figures = ", figures=True" if self.figures else ""
        return f"Code({str(self)!r}, {self.level!s}, {self.summary!r}{figures})"


def _code(code: str, level: Level, summary: str, figures: bool) -> Code:
    """Unpickle a :class:`Code` (pickle passes positional arguments only)."""
    return Code(code, level, summary, figures=figures)


_E, _W = Level.ERROR, Level.WARNING

# --- The file as a whole (reading: inspection, compound, scanners, reader) -------------
BERKAS_TIDAK_ADA = Code("berkas-tidak-ada", _E, "Berkas tidak ditemukan")
BERKAS_ADALAH_FOLDER = Code("berkas-adalah-folder", _E, "Yang disebut folder, bukan berkas")
BUKAN_BERKAS_BIASA = Code("bukan-berkas-biasa", _E, "Bukan berkas biasa (pipa atau perangkat)")
BERKAS_TIDAK_TERBUKA = Code("berkas-tidak-terbuka", _E, "Berkas tidak dapat dibuka")
BERKAS_KOSONG = Code("berkas-kosong", _E, "Berkas kosong (0 bita)")
BERKAS_TERLALU_BESAR = Code("berkas-terlalu-besar", _E, "Berkas melebihi batas ukuran")
BUKAN_LEMBAR_KERJA = Code("bukan-lembar-kerja", _E, "Bukan lembar kerja Excel")
BERKAS_ZIP_RUSAK = Code("berkas-zip-rusak", _E, "Berkas rusak atau tidak utuh")
ISI_TERLALU_BESAR = Code("isi-terlalu-besar", _E, "Isi berkas melebihi batas")
BERKAS_BERKATA_SANDI = Code("berkas-berkata-sandi", _E, "Berkas dilindungi kata sandi")
XML_BERBAHAYA = Code("xml-berbahaya", _E, "Bagian XML berisi DOCTYPE/ENTITY")
XML_TIDAK_DIDUKUNG = Code("xml-tidak-didukung", _E, "Bagian XML berpengodean UTF-16")
LEMBAR_TERLALU_BESAR = Code("lembar-terlalu-besar", _E, "Lembar melebihi batas ukuran")
XLS_BERGANTI_NAMA = Code("xls-berganti-nama", _W, "Berkas .xls berganti nama")
FORMAT_TIDAK_TERBACA = Code("format-tidak-terbaca", _W, "Format angka berkas tidak terbaca")
BERKAS_TIDAK_TERBACA = Code("berkas-tidak-terbaca", _E, "Berkas tidak dapat dibaca pembaca")
BERKAS_RUSAK_ATAU_BERBAHAYA = Code(
    "berkas-rusak-atau-berbahaya", _E, "Pembaca berhenti mendadak: berkas rusak atau berbahaya"
)
BERKAS_TERLALU_LAMA = Code("berkas-terlalu-lama", _E, "Membaca berkas terlalu lama")

# --- Sheets Laporan, Indikator and Data (validate: laporan, indikator, data, ...) -------
LEMBAR_HILANG = Code("lembar-hilang", _E, "Lembar wajib tidak ada")
JUDUL_KOLOM_HILANG = Code("judul-kolom-hilang", _E, "Baris judul kolom tidak ditemukan")
KOLOM_WAJIB_HILANG = Code("kolom-wajib-hilang", _E, "Kolom wajib tidak ada")
KOLOM_GANDA = Code("kolom-ganda", _E, "Kolom yang sama dua kali")
KOLOM_TIDAK_DIKENAL = Code("kolom-tidak-dikenal", _W, "Kolom tambahan, diabaikan")
ISIAN_WAJIB_KOSONG = Code("isian-wajib-kosong", _E, "Isian wajib Laporan kosong")
KUNCI_GANDA = Code("kunci-ganda", _W, "Kunci Laporan dua kali")
KUNCI_TIDAK_DIKENAL = Code("kunci-tidak-dikenal", _W, "Kunci Laporan tidak dikenal, diabaikan")
TAHUN_SALAH = Code("tahun-salah", _E, "Tahun bukan tahun 2000-2100")
TRIWULAN_SALAH = Code("triwulan-salah", _E, "Triwulan bukan I-IV")
TRIWULAN_KOSONG = Code("triwulan-kosong", _E, "Triwulan kosong di lembar Data")
DESIMAL_SALAH = Code("desimal-salah", _E, "Desimal bukan bilangan bulat 0-6")
PILIHAN_SALAH = Code("pilihan-salah", _E, "Isian bukan salah satu pilihan")
INDIKATOR_TIDAK_ADA = Code("indikator-tidak-ada", _E, "Lembar Indikator tanpa indikator")
KODE_KOSONG = Code("kode-kosong", _E, "Baris tanpa Kode")
KODE_GANDA = Code("kode-ganda", _E, "Kode dipakai dua kali di Indikator")
INDIKATOR_KOSONG = Code("indikator-kosong", _E, "Indikator tanpa nama")
SASARAN_KOSONG = Code("sasaran-kosong", _W, "Indikator pertama tanpa Sasaran Strategis")
KODE_TIDAK_DIKENAL = Code("kode-tidak-dikenal", _E, "Kode Data tidak ada di Indikator")
DATA_GANDA = Code("data-ganda", _E, "Kode dan Triwulan yang sama dua kali")
DATA_TRIWULAN_HILANG = Code("data-triwulan-hilang", _E, "Triwulan tanpa baris Data")
TRIWULAN_MELEBIHI_DATA = Code(
    "triwulan-melebihi-data", _E, "Triwulan laporan melewati data semua indikator"
)
DATA_SESUDAH_TRIWULAN = Code(
    "data-sesudah-triwulan", _W, "Data sesudah triwulan laporan, diabaikan"
)
DATA_TATA_LETAK_CAMPUR = Code("data-tata-letak-campur", _E, "Lembar Data mencampur dua tata letak")
DATA_TIDAK_DIUKUR = Code(
    "data-tidak-diukur", _W, "Data triwulan yang tidak diukur (target '-'), diabaikan"
)
RASIO_TANPA_PENGALI = Code(
    "rasio-tanpa-pengali", _E, "Rasio tanpa pengali (Satuan bukan % atau per N)"
)
SATUAN_KOSONG = Code("satuan-kosong", _E, "Satuan kosong pada indikator yang menghitung jumlah")
JUMLAH_PADA_PERSEN = Code(
    "jumlah-pada-persen", _W, "Agregasi jumlah pada indikator persen atau rasio", figures=True
)
KUMULATIF_TANPA_PENYEBUT = Code(
    "kumulatif-tanpa-penyebut", _E, "Agregasi kumulatif pada persen tanpa penyebut"
)
TARGET_KUMULATIF_TURUN = Code(
    "target-kumulatif-turun", _W, "Target indikator kumulatif menurun", figures=True
)
TARGET_TOTAL_KUMULATIF = Code(
    "target-total-kumulatif",
    _W,
    "Target Total kumulatif bukan target triwulan terakhir",
    figures=True,
)
PENYEBUT_TETAP_KUMULATIF = Code(
    "penyebut-tetap-kumulatif",
    _W,
    "Penyebut indikator kumulatif sama di setiap triwulan",
    figures=True,
)
POLARITAS_MUNGKIN_NEGATIF = Code(
    "polaritas-mungkin-negatif",
    _W,
    "Polaritas kosong pada indikator makin rendah makin baik",
    figures=True,
)
ANGKA_KOSONG = Code("angka-kosong", _E, "Angka wajib kosong")
BUKAN_ANGKA = Code("bukan-angka", _E, "Bukan angka")
ANGKA_RIBUAN_KOMA = Code("angka-ribuan-koma", _E, "Koma sebagai pemisah ribuan")
ANGKA_TERLALU_BESAR = Code("angka-terlalu-besar", _E, "Angka 10^15 atau lebih")
SEL_GALAT = Code("sel-galat", _E, "Sel berisi galat Excel")
TEKS_TERLALU_PANJANG = Code("teks-terlalu-panjang", _E, "Teks melebihi 32.767 karakter")
JUMLAH_NEGATIF = Code("jumlah-negatif", _E, "Jumlah di bawah nol")
JUMLAH_PECAHAN = Code("jumlah-pecahan", _E, "Jumlah bukan bilangan bulat")
SEL_FORMAT_PERSEN = Code("sel-format-persen", _W, "Angka di sel berformat persen", figures=True)
JUMLAH_FORMAT_PERSEN = Code("jumlah-format-persen", _E, "Jumlah di sel berformat persen")
PENYEBUT_NOL = Code("penyebut-nol", _E, "Penyebut rasio 0")
PEMBILANG_LEBIH_BESAR = Code(
    "pembilang-lebih-besar", _W, "Pembilang melebihi Penyebut", figures=True
)
PENYEBUT_DIABAIKAN = Code(
    "penyebut-diabaikan", _W, "Penyebut indikator bukan rasio, diabaikan", figures=True
)
RUMUS_TANPA_HASIL = Code("rumus-tanpa-hasil", _E, "Rumus tanpa hasil tersimpan")
TABEL_TIDAK_COCOK = Code("tabel-tidak-cocok", _E, "Tabel kantor tidak cocok kolom demi kolom")
TABEL_TEBAKAN = Code("tabel-tebakan", _W, "Isian ditebak dari tabel kantor")
TABEL_TANPA_JUMLAH = Code("tabel-tanpa-jumlah", _W, "Realisasi tabel kantor tanpa jumlah")
LEMBAR_TERSEMBUNYI = Code("lembar-tersembunyi", _W, "Lembar tersembunyi ikut dibaca")
BARIS_TERSEMBUNYI = Code("baris-tersembunyi", _W, "Baris tersembunyi ikut dibaca")
KOLOM_TERSEMBUNYI = Code("kolom-tersembunyi", _W, "Kolom tersembunyi ikut dibaca")

# --- Signature keys and sheet Kategori (validate: laporan, kategori) ------------------
TANGGAL_SALAH = Code("tanggal-salah", _E, "Tanggal bukan tanggal")
NIP_ANGKA = Code("nip-angka", _E, "NIP tersimpan sebagai angka")
SUREL_TIDAK_SAH = Code("surel-tidak-sah", _E, "Alamat surel tidak sah")
NIP_TIDAK_LAZIM = Code("nip-tidak-lazim", _W, "NIP tidak terdiri atas 18 angka")
KATEGORI_KOSONG = Code("kategori-kosong", _E, "Kategori tanpa nama")
BATAS_TERBALIK = Code("batas-terbalik", _E, "Batas Bawah tidak lebih kecil dari Batas Atas")
WARNA_SALAH = Code("warna-salah", _E, "Warna bukan kode warna")
KATEGORI_TIDAK_ADA = Code("kategori-tidak-ada", _E, "Lembar Kategori tanpa kategori")
BATAS_BAWAH_KOSONG = Code("batas-bawah-kosong", _E, "Batas Bawah kosong di atas kategori terendah")
BATAS_ATAS_KOSONG = Code("batas-atas-kosong", _E, "Batas Atas kosong di bawah kategori lain")
KATEGORI_CELAH = Code("kategori-celah", _E, "Celah antara dua kategori")
KATEGORI_TUMPANG_TINDIH = Code("kategori-tumpang-tindih", _E, "Dua kategori tumpang tindih")

# --- Sheet Anggaran (validate: anggaran) and its efficiency index (core.anggaran) ----
PROGRAM_KOSONG = Code("program-kosong", _E, "Baris anggaran tanpa Program/Kegiatan")
PAGU_TIDAK_SAH = Code("pagu-tidak-sah", _E, "Pagu kosong, nol atau negatif")
REALISASI_NEGATIF = Code("realisasi-negatif", _E, "Realisasi anggaran negatif")
REALISASI_KOSONG = Code("realisasi-kosong", _E, "Realisasi anggaran triwulan laporan kosong")
REALISASI_SESUDAH_TRIWULAN = Code(
    "realisasi-sesudah-triwulan", _W, "Realisasi anggaran sesudah triwulan laporan, diabaikan"
)
REALISASI_MELEBIHI_PAGU = Code(
    "realisasi-melebihi-pagu", _W, "Realisasi kumulatif melebihi pagu", figures=True
)
KODE_INDIKATOR_TIDAK_DIKENAL = Code(
    "kode-indikator-tidak-dikenal", _E, "Kode Indikator anggaran tidak ada di Indikator"
)
SASARAN_TIDAK_DIKENAL = Code("sasaran-tidak-dikenal", _E, "Sasaran anggaran tidak ada di Indikator")
EFISIENSI_TIDAK_TERHITUNG = Code(
    "efisiensi-tidak-terhitung", _W, "Indeks efisiensi anggaran tidak dapat dihitung"
)

# --- The computed figures (core.compute, core.capaian) --------------------------------
REALISASI_BERBEDA = Code("realisasi-berbeda", _W, "Realisasi Dilaporkan berbeda dari hitungan")
TARGET_PECAHAN_PERSEN = Code(
    "target-pecahan-persen", _W, "Target persen tampaknya diketik sebagai pecahan", figures=True
)
CAPAIAN_TIDAK_WAJAR = Code(
    "capaian-tidak-wajar", _W, "Capaian di luar -100% sampai 5.000%", figures=True
)
CAPAIAN_TIDAK_TERHITUNG = Code("capaian-tidak-terhitung", _W, "Capaian tidak dapat dihitung")

# --- The folder run of `proses` (folder) ----------------------------------------------
FOLDER_TIDAK_ADA = Code("folder-tidak-ada", _E, "Folder tidak ditemukan")
FOLDER_HASIL_SAMA = Code("folder-hasil-sama", _E, "Folder hasil sama dengan folder masukan")
FOLDER_HASIL_INDUK = Code("folder-hasil-induk", _E, "Folder hasil berada di atas folder masukan")
KELUARAN_GAGAL = Code("keluaran-gagal", _E, "Laporan tidak dapat ditulis")
GALAT_TAK_TERDUGA = Code("galat-tak-terduga", _E, "Galat tak terduga")
PEMBACA_BERHENTI = Code("pembaca-berhenti", _E, "Berkas menghentikan proses pembaca")


def _declared() -> dict[str, Code]:
    found: dict[str, Code] = {}
    for value in list(globals().values()):
        if isinstance(value, Code):
            if value in found:
                raise ValueError(f"problem code {value!r} is declared twice")
            found[str(value)] = value
    return found


CODES: Mapping[str, Code] = MappingProxyType(_declared())
"""Every code's string -> its entry, in declaration order."""
