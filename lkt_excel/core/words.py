"""Words in an indicator's name that say what kind of figure it is.

One list, shared by the validator's plausibility checks and the importer of
office tables: a name such as "Angka Kematian Ibu" or "Prevalensi Stunting"
says that lower is better (a blank Polaritas there is probably a mistake), and
a name that starts "Jumlah ..." or "Banyaknya ..." counts things (its Satuan is
not a percentage). Matching is on whole words, case-insensitive. Pure data.

The lower-is-better list keeps to phrases that are bad in themselves; words
such as "kasus" or "pengaduan" are left out because "kasus yang ditangani" or
"pengaduan yang diselesaikan" are better when higher.
"""

from __future__ import annotations

import re

# Phrases whose indicator is better when lower (Polaritas negatif).
LOWER_IS_BETTER: tuple[str, ...] = (
    "kematian",
    "mortalitas",
    "gizi buruk",
    "gizi kurang",
    "stunting",
    "wasting",
    "balita pendek",
    "kesakitan",
    "morbiditas",
    "waktu tunggu",
    "lama waktu",
    "kemiskinan",
    "penduduk miskin",
    "pengangguran",
    "kecelakaan",
    "kriminalitas",
    "kejahatan",
    "kebakaran",
    "putus sekolah",
    "buta aksara",
    "pelanggaran",
    "tunggakan",
    "kredit macet",
    "inflasi",
    "ketimpangan",
    "gini",
    "genangan",
    "kemacetan",
    "lahan kritis",
    "pencemaran",
    "sampah tidak terkelola",
    "kerugian",
    "banjir",
    "kumuh",
    "koperasi rehabilitasi",  # the reference's IK1: cooperatives still to be rescued
)

# Words that start the name of an indicator counting things: "Jumlah kunjungan wisatawan".
COUNT_WORDS: tuple[str, ...] = ("jumlah", "banyaknya", "banyak", "total")

# Words that say the figure is a share or a rate anyway: "Jumlah persentase ...".
RATE_WORDS: tuple[str, ...] = (
    "persentase",
    "persen",
    "proporsi",
    "rasio",
    "rata-rata",
    "rerata",
    "angka",
    "indeks",
    "tingkat",
    "prevalensi",
    "cakupan",
    "laju",
)


def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)


_LOWER = _phrases(LOWER_IS_BETTER)
_COUNT_START = re.compile(rf"^\W*({'|'.join(COUNT_WORDS)})(?!\w)", re.IGNORECASE)
_RATE = _phrases(RATE_WORDS)


def lower_is_better_word(name: str) -> str | None:
    """The phrase of :data:`LOWER_IS_BETTER` in ``name`` (as written there), or None."""
    found = _LOWER.search(name)
    return found.group(1) if found else None


def count_word(name: str) -> str | None:
    """The count word ``name`` starts with ("Jumlah", "Banyaknya", "Total"), unless the
    name also calls itself a share or rate ("Jumlah persentase ..."); else None."""
    found = _COUNT_START.search(name)
    if found is None or _RATE.search(name):
        return None
    return found.group(1)
