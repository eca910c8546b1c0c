"""A ratio's multiplier, read from its unit: ``%`` is x 100, ``per 100.000 KH`` x 100.000.

Pure text rules, no I/O. A rate is pembilang / penyebut x multiplier; the
multiplier comes from an explicit ``Pengali`` when one is given, else from the
Satuan (:func:`unit_multiplier`). A unit that names no multiplier gives None,
and the validator refuses such a ratio at its Satuan cell.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

PERCENT = Decimal(100)
PER_MILLE = Decimal(1000)

# "per 1.000", "per 100.000 penduduk", "/1000 KH", "per 1000": the number after "per" or "/".
_PER_N = re.compile(r"(?:^|\s|\b)(?:per|/)\s*(\d{1,3}(?:[.\s]\d{3})+|\d+)(?![\d,])", re.IGNORECASE)
_PER_MILLE_WORDS = ("‰", "permil", "per mil", "permill")


def unit_multiplier(satuan: str) -> Decimal | None:
    """The multiplier a unit names: 100 for ``%``, 1.000 for ``‰`` or ``per 1.000 KH``.

    None when the unit names none (``unit``, ``kasus``, ``rasio``): such a
    ratio needs an explicit Pengali.
    """
    text = " ".join(satuan.split())
    if text in ("%", "persen", "Persen", "(%)"):
        return PERCENT
    folded = text.casefold()
    if any(word in folded for word in _PER_MILLE_WORDS):
        return PER_MILLE
    found = _PER_N.search(text)
    if found is None:
        return PERCENT if text.strip("() ") == "%" else None
    digits = re.sub(r"[.\s]", "", found.group(1))
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern allows digits only
        return None
    return value if value > 0 else None


__all__ = ["PERCENT", "PER_MILLE", "unit_multiplier"]
