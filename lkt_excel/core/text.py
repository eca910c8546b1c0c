"""Text from spreadsheets and file names made safe to show, to compare and to name files by.

Cells and file names are data. Before they reach a terminal, an error report
or a file name, :func:`printable` takes out what could act instead of being
read: terminal escape sequences (ESC and the C0/C1 controls), the bidi
overrides and isolates that reorder what is shown (``U+202A``-``U+202E``,
``U+2066``-``U+2069``), zero-width and other invisible characters (so
``Dinas\u200bA`` cannot pass for ``DinasA`` nor defeat a duplicate check),
and lone surrogates (a file name that is not UTF-8, as Python hands it over
on Linux), shown as ``U+FFFD``. :func:`comparable` is the form names are
compared in. :func:`shorten` cuts a text to a length in characters and in
UTF-8 bytes (Linux file systems count bytes, 255 to a name). Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata

# A whole escape sequence: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \),
# or ESC and one character; then any single control left over.
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.?)", re.S)
# C0 controls except tab and line feed, DEL and the C1 controls.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Invisible or reordering: soft hyphen, combining grapheme joiner, Arabic letter
# mark, Hangul fillers, Mongolian vowel separator, zero-width space/joiners,
# left-to-right and right-to-left marks, bidi embeddings/overrides/isolates,
# word joiner and invisible operators, the byte order mark, interlinear marks.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
)
_HIDDEN = re.compile(f"[{_CONTROL}{_INVISIBLE}]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` without escape sequences, controls (tab and line feed stay) and invisible
    or reordering characters; a lone surrogate becomes ``U+FFFD``."""
    text = _ESCAPE.sub("", text)
    text = _HIDDEN.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def one_line(text: str) -> str:
    """:func:`printable`, with every run of white space (line ends too) one space."""
    return " ".join(printable(text).split())


def comparable(text: str) -> str:
    """The form two names are compared in: :func:`one_line`, NFC, case folded.

    ``Dinas  A``, ``DINAS A`` and ``Dinas\u200b A`` are the same name.
    """
    return unicodedata.normalize("NFC", one_line(text)).casefold()


def utf8_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def shorten(text: str, max_chars: int, max_bytes: int) -> str:
    """``text`` cut to at most ``max_chars`` characters and ``max_bytes`` UTF-8 bytes.

    The cut goes back to the last space when that keeps at least two thirds of
    what fits (a word is not split where it can be helped), and trailing spaces
    and punctuation (`` .,;-``) are dropped: Windows refuses a name ending in a dot.
    """
    if len(text) <= max_chars and utf8_length(text) <= max_bytes:
        return text
    cut = text[: max(0, max_chars)]
    while cut and utf8_length(cut) > max_bytes:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space >= len(cut) * 2 // 3 and len(cut) < len(text) and text[len(cut)] != " ":
        cut = cut[:space]
    return cut.rstrip(" .,;-")
