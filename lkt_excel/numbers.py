"""Exact rounding, and numbers written and read the Indonesian way.

``1.334`` is one thousand three hundred thirty-four and ``2,39`` is two point
three nine. Formatting and strict parsing use babel's ``id`` locale data.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .model import Rounding

_MODES = {Rounding.NORMAL: ROUND_HALF_UP, Rounding.POTONG: ROUND_DOWN}


def round_to(value: Decimal, places: int, rounding: Rounding) -> Decimal:
    """Round like Excel: ``normal`` is ROUND (half away from zero), ``potong`` ROUNDDOWN.

    Decimal's ROUND_HALF_UP rounds ties away from zero (-2.345 -> -2.35), and
    ROUND_DOWN truncates toward zero, exactly Excel's ROUND and ROUNDDOWN.
    """
    return value.quantize(Decimal(1).scaleb(-places), rounding=_MODES[Rounding(rounding)])


def from_float(value: float) -> Decimal:
    """The number a person typed into a numeric cell.

    Excel keeps 15 significant digits; a cell typed as 2.3 may be stored as
    2.2999999999999998. Reading it back at 15 significant digits gives 2.3.
    """
    if not value:
        return Decimal(0)
    number = Decimal(format(value, ".15g"))
    return number if places_of(number) else number.quantize(Decimal(1))  # 1E+16 -> 10000...


def places_of(value: Decimal) -> int:
    """How many decimal places a value was entered with (``2.30`` -> 2, ``1`` -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0  # 'n'/'F': not finite


def format_id(value: Decimal | int, places: int | None = None) -> str:
    """Indonesian text for a number: ``1.334``, ``2,70``, ``-0,40``.

    ``places=None`` writes the value as entered (``2,3``, ``1``); otherwise the
    value must already be rounded to ``places`` (this function never rounds).
    """
    from babel.numbers import format_decimal

    number = Decimal(value)
    if places is None:
        places = places_of(number)
    if places_of(number) == 0 and number == number.to_integral_value():  # 1E+3 -> 1000
        number = number.quantize(Decimal(1))
    if places_of(number) > places:
        raise ValueError(f"{number} has more than {places} decimal places; round it first")
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(number, format=pattern, locale="id", decimal_quantization=True)


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
