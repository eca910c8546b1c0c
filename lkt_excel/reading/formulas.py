"""The formula text of an .xlsx's cells, read from its sheet XML.

python-calamine gives each cell's saved value but, in the version this package
pins, not its formula. The office's own table says two things only through
formulas: how TOTAL is made (``=SUM(I8:L8)``, ``=AVERAGE(...)``, ``=L8``) and
where the counts behind a realisasi are (``='Data Dukung'!D2/'Data Dukung'!D3*100``).
This module streams each sheet part, after the pre-scan has found the file
harmless, and keeps each ``<f>`` text by sheet and cell. Shared formulas that
carry no text of their own (``<f t="shared" si="0"/>``) are left out: the
reader then says it could not follow them.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from lkt_excel.reading.xlsx_parts import AmbiguousPart, sheet_parts

CHUNK = 1024 * 1024
MAX_FORMULAS = 200_000  # per workbook; an office table holds a few hundred
_TAG = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL = re.compile(
    rb"<"
    + _TAG
    + rb"c(?=[\s/>])[^>]*?\sr\s*=\s*[\"']([A-Za-z]+[0-9]+)[\"'][^>]*(?<!/)>(.*?)</"
    + _TAG
    + rb"c\s*>",
    re.DOTALL,
)
_FORMULA = re.compile(rb"<" + _TAG + rb"f(?=[\s>])[^>]*>(.*?)</" + _TAG + rb"f\s*>", re.DOTALL)

Formulas = dict[tuple[str, str], str]  # (sheet name, "I8") -> "SUM(I8:L8)" (no leading '=')


def read_formulas(path: Path, kind: str) -> Formulas:
    """Every cell formula of the workbook at ``path`` that has its own text; {} for non-xlsx."""
    if kind != "xlsx":
        return {}
    found: Formulas = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for member, sheet in sheet_parts(archive).items():
                _scan(archive, member, sheet, found)
    except (OSError, zipfile.BadZipFile, KeyError, AmbiguousPart):  # the pre-scan's to report
        return {}
    return found


def _scan(archive: zipfile.ZipFile, member: str, sheet: str, found: Formulas) -> None:
    pending = b""
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            text = pending + chunk
            end = text.rfind(b"c>")  # the end of the last whole cell, prefixed or not
            if end < 0:
                pending = text if len(text) <= 4 * CHUNK else b""  # the pre-scan limits cells
                continue
            text, pending = text[: end + 2], text[end + 2 :]
            if b"<f" not in text and b":f" not in text:
                continue
            for address, body in _CELL.findall(text):
                formula = _FORMULA.search(body)
                if formula is None or not formula.group(1).strip():
                    continue
                if len(found) >= MAX_FORMULAS:
                    return
                text_of = html.unescape(formula.group(1).decode("utf-8", "replace"))
                found[(sheet, address.decode("ascii").upper())] = text_of


__all__ = ["Formulas", "read_formulas"]
