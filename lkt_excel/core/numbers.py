"""Exact rounding, and numbers written and read the Indonesian way.

``1.334`` is one thousand three hundred thirty-four and ``2,39`` is two point
three nine. Strict parsing uses babel's ``id`` locale data; formatting writes
the same text without it (see ``format_id``).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from lkt_excel.core.model import Rounding

_MODES = {Rounding.NORMAL: ROUND_HALF_UP, Rounding.POTONG: ROUND_DOWN}
_EXACT_INTEGERS = 10**15  # whole floats below this have at most 15 digits: exact as ints
LIMIT = 10**15  # magnitude from which the report cannot show a number: Excel keeps 15 digits
_WIDE = 400  # significant digits that hold any finite float as a whole number (1.8e308)


def round_to(value: Decimal, places: int, rounding: Rounding) -> Decimal:
    """Round like Excel: ``normal`` is ROUND (half away from zero), ``potong`` ROUNDDOWN.

    Decimal's ROUND_HALF_UP rounds ties away from zero (-2.345 -> -2.35), and
    ROUND_DOWN truncates toward zero, exactly Excel's ROUND and ROUNDDOWN.
    """
    mode = _MODES.get(rounding) or _MODES[Rounding(rounding)]  # a member, or its text
    return value.quantize(_quantum(places), rounding=mode)


@lru_cache(maxsize=64)
def _quantum(places: int) -> Decimal:
    """``Decimal('0.01')`` for 2 places: made once, not for each of the report's figures."""
    return Decimal(1).scaleb(-places)


def from_float(value: float) -> Decimal:
    """The number a person typed into a numeric cell.

    Excel keeps 15 significant digits; a cell typed as 2.3 may be stored as
    2.2999999999999998. Reading it back at 15 significant digits gives 2.3.
    Raises :class:`ValueError` for NaN and infinity (the validator refuses them first).
    """
    if not value:
        return Decimal(0)
    if -_EXACT_INTEGERS < value < _EXACT_INTEGERS and value == int(value):
        return Decimal(int(value))  # the common case, a count: same result, three times faster
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{value} is not a finite number")
    number = Decimal(format(value, ".15g"))
    if places_of(number):
        return number
    with localcontext() as wide:  # 1E+16 -> 10000...; 1E+300 needs more than 28 digits
        wide.prec = _WIDE
        return number.quantize(Decimal(1))


def places_of(value: Decimal) -> int:
    """How many decimal places a value was entered with (``2.30`` -> 2, ``1`` -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0  # 'n'/'F': not finite


def excel_format(places: int) -> str:
    """The Excel number format for ``places`` decimals, with thousands separators.

    Excel shows it in the reader's own locale: ``1.234,50`` in Indonesian.
    """
    return "#,##0." + "0" * places if places else "#,##0"


# Decimal's own formatting writes "1,234.50"; Indonesian swaps the two marks.
_TO_INDONESIAN = str.maketrans({",": ".", ".": ","})


def format_id(value: Decimal | int, places: int | None = None) -> str:
    """Indonesian text for a number: ``1.334``, ``2,70``, ``-0,40``.

    ``places=None`` writes the value as entered (``2,3``, ``1``); otherwise the
    value must already be rounded to ``places`` (this function never rounds).

    The text is babel's for the ``id`` locale and pattern ``#,##0.00`` (a test
    checks they agree), written with Decimal's exact formatting instead: the
    report formats several numbers per indicator, and babel's general pattern
    machinery made up half the time of a large build.
    """
    number = Decimal(value)
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):
        raise ValueError(f"{number} is not a finite number")
    if exponent > 0:  # 1E+3 -> 1000
        with localcontext() as wide:
            wide.prec = _WIDE
            number, exponent = number.quantize(Decimal(1)), 0
    entered = -exponent if exponent < 0 else 0
    if places is None:
        places = entered
    elif entered > places:
        raise ValueError(f"{number} has more than {places} decimal places; round it first")
    return format(number, f",.{places}f").translate(_TO_INDONESIAN)


class NumberTextError(ValueError):
    """Text in a number cell that is not an Indonesian number; ``suggestions`` may help."""

    def __init__(self, text: str, suggestions: list[str] | None = None):
        self.text = text
        self.suggestions = suggestions or []
        super().__init__(text)


def parse_id(text: str) -> Decimal:
    """Read a number typed as text, Indonesian style.

    ``1.334`` -> 1334, ``2,39`` -> 2.39, ``1.334,5`` -> 1334.5; spaces (also
    non-breaking ones) and a trailing ``%`` are tolerated. Ambiguous text such
    as ``1.33`` (a misplaced thousands dot, or an English decimal point?) is
    refused with :class:`NumberTextError` and babel's suggestions.
    """
    from babel.numbers import NumberFormatError, parse_decimal

    cleaned = "".join(str(text).split()).replace("\u00a0", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if cleaned.startswith("+"):
        cleaned = cleaned[1:]
    if not cleaned or not any(ch.isdigit() for ch in cleaned):
        raise NumberTextError(str(text))
    try:
        return parse_decimal(cleaned, locale="id", strict=True)
    except NumberFormatError as exc:
        raise NumberTextError(str(text), list(exc.suggestions or [])) from None
