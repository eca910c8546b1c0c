"""The report's file name: ``LKT <Instansi> <Wilayah> <Tahun> TW <Triwulan>.xlsx``.

The name always ends with its period (`` 2021 TW III.xlsx``): reports of two
quarters never share a name. It is readable in an email and safe on Windows:
invisible and control characters are taken out (:func:`~lkt_excel.core.text.printable`),
``< > : " / \\ | ? *`` become spaces, runs of spaces one space.

The rule for a long name (:func:`report_name`): a name longer than
``max_chars`` characters or ``max_bytes`` UTF-8 bytes keeps ``LKT``, the period
and the suffix whole, and shortens Instansi and Wilayah: Wilayah gets up to two
fifths of the room left (more when Instansi needs less), Instansi the rest,
each cut at a word where it can be. A shortened name carries `` ~`` and six
hexadecimal digits of a hash of the full Instansi and Wilayah, so two long
names that begin alike still differ. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import re

from lkt_excel.core.model import ROMAN, Settings
from lkt_excel.core.text import comparable, one_line, shorten, utf8_length

_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
# A report's name, ``.xlsx`` included: a 100-character OneDrive folder, the name
# and the staging file's additions (see files.staging_path) stay inside Windows'
# 259-character path, with room for `` - <input name>`` on a clash.
MAX_NAME_LENGTH = 120
# In UTF-8 bytes: Linux file systems allow 255 to a name, the staging additions
# and a clash's `` - <input name>`` included (a Javanese letter is 3 bytes).
MAX_NAME_BYTES = 180
PREFIX = "LKT "
SUFFIX = ".xlsx"
TAG_LENGTH = len(" ~123456")


def _safe(text: str) -> str:
    return " ".join(_UNSAFE_IN_NAMES.sub(" ", one_line(text)).split())


def period_of(settings: Settings) -> str:
    """`` 2021 TW III``: how every report name ends before its suffix."""
    return f" {settings.tahun} TW {ROMAN.get(settings.triwulan, str(settings.triwulan))}"


def _shares(first: int, second: int, room: int) -> tuple[int, int]:
    """``room`` split between two texts of these lengths: the second gets up to two
    fifths, or more when the first needs less."""
    second_share = min(second, max(room * 2 // 5, room - first))
    return room - second_share, second_share


def report_name(
    settings: Settings, max_chars: int = MAX_NAME_LENGTH, max_bytes: int = MAX_NAME_BYTES
) -> str:
    """The report's file name, at most ``max_chars`` characters and ``max_bytes`` bytes
    (or as short as the rule goes: ``LKT``, the period, the tag and a few letters)."""
    instansi, wilayah = _safe(settings.instansi), _safe(settings.wilayah)
    tail = period_of(settings) + SUFFIX
    name = " ".join(f"{PREFIX}{instansi} {wilayah}".split()) + tail
    if len(name) <= max_chars and utf8_length(name) <= max_bytes:
        return name
    fixed = PREFIX + " " + tail  # the space between Instansi and Wilayah included
    chars = max(2, max_chars - len(fixed) - TAG_LENGTH)
    octets = max(2, max_bytes - utf8_length(fixed) - TAG_LENGTH)
    i_chars, w_chars = _shares(len(instansi), len(wilayah), chars)
    i_bytes, w_bytes = _shares(utf8_length(instansi), utf8_length(wilayah), octets)
    short_i = shorten(instansi, i_chars, i_bytes)
    short_w = shorten(wilayah, w_chars, w_bytes)
    whole = f"{comparable(settings.instansi)}\n{comparable(settings.wilayah)}"
    tag = " ~" + hashlib.sha256(whole.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return " ".join(f"{PREFIX}{short_i} {short_w}{tag}".split()) + tail
