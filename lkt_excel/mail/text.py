"""Text from a spreadsheet made safe for one line of a mail header or body.

A cell may hold a line break (Alt+Enter in Excel), a tab, a NUL, a zero-width
space pasted from a web page, or a Unicode line separator. In a header any of
them could end the header and start another (``Bcc: ...``) or the body. Every
piece of spreadsheet text that goes into a message passes through
:func:`one_line` first; the header machinery of :mod:`email` is the second
line of defence, not the first.
"""

from __future__ import annotations

import unicodedata

# Cc: control characters (NUL, CR, LF, TAB, ESC, ...); Cf: format characters
# (zero-width space, BOM, bidi overrides); Zl, Zp: line and paragraph separators.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def is_invisible(char: str) -> bool:
    """Whether ``char`` is a control, format or line-separator character."""
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES


def one_line(text: object) -> str:
    """``text`` on one line: every run of whitespace or invisible characters becomes one space.

    ``"Dinas\\r\\nBcc: x@y.id"`` -> ``"Dinas Bcc: x@y.id"``: the words stay (the
    reader sees what the cell holds) but can no longer start a header.
    """
    spaced = "".join(" " if is_invisible(ch) else ch for ch in str(text))
    return " ".join(spaced.split())


def describe_char(char: str) -> str:
    """A person's name for an invisible character: ``baris baru``, ``tab``, ``U+200B``."""
    names = {"\n": "baris baru", "\r": "baris baru", "\t": "tab", "\u00a0": "spasi keras"}
    return names.get(char, f"U+{ord(char):04X}")
