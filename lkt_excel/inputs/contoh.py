"""The example: the 2021 report of the Dinas Koperasi dan Usaha Mikro Kabupaten Malang.

Counts come from the original narrative, targets from its table, and its
printed realisations go to ``Realisasi Dilaporkan`` so the cross-check shows
the four figures the hand-made report got wrong. The budget lines (``ANGGARAN``) and
the evaluation's texts are illustrative, marked ``(Contoh)``. ``template --contoh`` and
``examples/`` are made from these rows.
"""

from __future__ import annotations

LAPORAN = (
    ("Judul", "LAPORAN KINERJA TRIBULAN"),
    ("Instansi", "Dinas Koperasi dan Usaha Mikro"),
    ("Wilayah", "Kabupaten Malang"),
    ("Tahun", 2021),
    ("Triwulan", "IV"),
    ("Desimal", 2),
    ("Pembulatan", "normal"),
)
# The signature block. The name is a placeholder: the office types its head's own.
PENGESAHAN = (
    ("Tempat", "Kepanjen"),
    ("Tanggal", "10 Januari 2022"),
    ("Jabatan", "Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang"),
    ("Nama", "NAMA KEPALA DINAS"),
    ("Pangkat", "Pembina Utama Muda"),
    ("NIP", "19751229 199902 2 001"),
)
# Where the report's email goes. Made-up addresses under the reserved ``.example``
# domain (RFC 2606): a clerk trying --kirim on the example reaches no real office.
SUREL = (
    ("Surel Tujuan", "bappeda@malangkab.example; inspektorat@malangkab.example"),
    ("Surel Tembusan", "sekretariat@malangkab.example"),
)

SASARAN = "Meningkatnya Usaha Koperasi dan Usaha Mikro"

ANALISIS_KOPERASI = (
    "Hal ini disebabkan adanya Pandemi Covid 19 yang mempengaruhi perekonomian global, "
    "sehingga memberi dampak kepada koperasi mulai dari proses distribusi terhambat, penjualan "
    "menurun, dan kurangnya permodalan, tetapi pembinaan dan pendampingan yang berkelanjutan "
    "dan berkesinambungan tentang perkoperasian kepada koperasi, khususnya kepada anggota, "
    "pengurus dan pengawas koperasi di Kabupaten Malang, tetap dilaksanakan."
)
ANALISIS_UMK = (
    "Hal ini disebabkan adanya Pandemi Covid 19 yang mempengaruhi perekonomian global, "
    "sedangkan pembinaan dan pendampingan yang dilakukan oleh Dinas Koperasi dan Usaha Mikro "
    "Kabupaten Malang tetap dilaksanakan kepada Pelaku UMKM yang meliputi Sosialisasi IUMK, "
    "pengoptimalan usaha, pelatihan ketrampilan, fasilitasi promosi dan pameran produk UMKM "
    "secara virtual."
)

# The evaluation's columns: illustrative text written for the example (the reference
# report has none), marked "(Contoh)" so that no office copies it as its own.
EVALUASI_KOPERASI = (
    "(Contoh) Pembinaan dan pendampingan perkoperasian yang berkelanjutan kepada anggota, "
    "pengurus dan pengawas koperasi",
    "(Contoh) Pandemi Covid 19: distribusi terhambat, penjualan menurun dan permodalan koperasi "
    "berkurang",
    "(Contoh) Pendampingan koperasi yang tidak aktif agar menyelenggarakan Rapat Anggota "
    "Tahunan dan menyusun rencana penyehatan usaha",
)
EVALUASI_UMK = (
    "(Contoh) Sosialisasi IUMK, pelatihan ketrampilan dan fasilitasi promosi produk UMKM "
    "secara virtual",
    "(Contoh) Pandemi Covid 19 membatasi pertemuan tatap muka dengan Pelaku UMKM",
    "(Contoh) Layanan jemput bola pengurusan Nomor Induk Berusaha (NIB) bersama kecamatan",
)

INDIKATOR_HEADERS = (
    "Kode", "No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Polaritas",
    "Uraian Pembilang", "Uraian Penyebut", "Target TW I", "Target TW II", "Target TW III",
    "Target TW IV", "Target Total", "Agregasi", "Keterangan", "Analisis",
    "Faktor Pendorong", "Faktor Penghambat", "Tindak Lanjut",
)  # fmt: skip
INDIKATOR = (
    ("IK1", 1, SASARAN, "Persentase Koperasi Rehabilitasi", "%", "negatif",
     "jumlah koperasi rehabilitasi", "jumlah koperasi", 2.3, 1.9, 1.4, 1, None, "akhir", None,
     ANALISIS_KOPERASI, *EVALUASI_KOPERASI),
    ("IK2", 1, SASARAN, "Persentase Usaha Mikro Kecil yang mendapatkan legalitas usaha", "%",
     "positif", "jumlah Usaha Mikro Kecil yang mendapatkan legalitas usaha", "jumlah UMKM",
     0.01, 0.02, 0.04, 0.05, None, "akhir", None, ANALISIS_UMK, *EVALUASI_UMK),
)  # fmt: skip

DATA_HEADERS = ("Kode", "Triwulan", "Pembilang", "Penyebut", "Realisasi Dilaporkan")
DATA = (
    ("IK1", "I", 36, 1334, 2.69),
    ("IK1", "II", 32, 1338, 2.08),
    ("IK1", "III", 32, 1339, 2.39),
    ("IK1", "IV", 32, 1339, 2.39),
    ("IK2", "I", 754, 427706, 0.17),
    ("IK2", "II", 1377, 428762, 0.32),
    ("IK2", "III", 2312, 429099, 0.53),
    ("IK2", "IV", 3498, 429569, 0.81),
)

# Sheet Anggaran: two budget lines, one behind each indicator. Illustrative figures written
# for the example (the reference report has no budget table), marked "(Contoh)" like the
# evaluation's texts so that no office copies them as its own.
ANGGARAN_HEADERS = (
    "No", "Program/Kegiatan", "Kode Indikator", "Sasaran", "Pagu",
    "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV",
)  # fmt: skip
ANGGARAN = (
    (1, "(Contoh) Program Pengawasan dan Pemeriksaan Koperasi", "IK1", None, 350_000_000,
     62_500_000, 85_750_000, 90_000_000, 98_400_000),
    (2, "(Contoh) Program Pemberdayaan Usaha Mikro", "IK2", None, 1_250_000_000,
     180_000_000, 332_340_000, 310_500_000, 397_160_000),
)  # fmt: skip
