"""The small parts of an .xlsx package that say how to scan its sheets.

Before the streaming pass, these parts (each a few KB) are parsed whole, once
they are known to be harmless: the workbook and its relationships name each
worksheet part (:func:`sheet_parts`), the properties and the workbook say
whether a spreadsheet program ever saved the file (:func:`never_saved_by_spreadsheet_app`),
and the styles say which cell styles show a number as a percentage
(:func:`percent_styles`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import PurePosixPath
from xml.etree import ElementTree

from lkt_excel.reading.limits import DOCTYPE

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Programs that write .xlsx without computing formulas (their cached values are placeholders).
_LIBRARY_WRITERS = ("openpyxl", "xlsxwriter", "microsoft excel compatible")


def _small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """Parse a small part (workbook, rels, properties) once it is known to be harmless."""
    info = archive.getinfo(name)
    if info.file_size > 10 * 1024 * 1024:
        return None
    data = archive.read(name)
    if DOCTYPE.search(data) or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None  # refused with its own message by the full pass
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None


def small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """:func:`_small_xml` for the other reading modules (reading.hidden)."""
    return _small_xml(archive, name)


def sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Zip member of each worksheet -> its sheet name, as calamine resolves them."""
    book = _small_xml(archive, "xl/workbook.xml")
    targets = {rel.get("Id", ""): _target(rel) for rel in _workbook_relationships(archive, names)}
    parts: dict[str, str] = {}
    for sheet in book.iter() if book is not None else ():
        if sheet.tag.endswith("}sheet"):
            sheet_member = targets.get(sheet.get(f"{_REL_NS}id", ""), "")
            if sheet_member in names:
                parts[sheet_member] = sheet.get("name", sheet_member)
    for name in names:  # a worksheet no relationship names is still scanned
        if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name) and name not in parts:
            parts[name] = PurePosixPath(name).stem
    return parts


def _workbook_relationships(archive: zipfile.ZipFile, names: set[str]) -> list[ElementTree.Element]:
    """The ``Relationship`` elements of the workbook part, in order."""
    rels_part = "xl/_rels/workbook.xml.rels"
    rels = _small_xml(archive, rels_part) if rels_part in names else None
    return list(rels.iter(f"{_PKG_REL_NS}Relationship")) if rels is not None else []


def _target(rel: ElementTree.Element) -> str:
    """The zip member a workbook relationship points at."""
    target = rel.get("Target", "")
    return _normalise(target.lstrip("/") if target.startswith("/") else f"xl/{target}")


def _normalise(member: str) -> str:
    parts: list[str] = []
    for piece in member.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def never_saved_by_spreadsheet_app(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """True when a library wrote the file and no spreadsheet program has saved it since.

    Such files carry placeholder results for their formulas. The signs: no
    ``docProps/app.xml``; an ``Application`` there naming a library; or
    ``fullCalcOnLoad`` in the workbook, which libraries set so that Excel
    computes on opening and which Excel drops when it saves.
    """
    if "docProps/app.xml" not in names:
        return True
    app = _small_xml(archive, "docProps/app.xml")
    application = ""
    for item in app.iter() if app is not None else ():
        if item.tag.endswith("}Application"):
            application = (item.text or "").lower()
    if any(name in application for name in _LIBRARY_WRITERS):
        return True
    book = _small_xml(archive, "xl/workbook.xml")
    for item in book.iter() if book is not None else ():
        if item.tag.endswith("}calcPr") and item.get("fullCalcOnLoad") in ("1", "true"):
            return True
    return False


_PERCENT_BUILTIN = frozenset({9, 10})  # "0%" and "0.00%"
_STYLES_TYPE = "/officeDocument/2006/relationships/styles"


def percent_styles(archive: zipfile.ZipFile, names: set[str]) -> frozenset[int]:
    """Indexes into ``cellXfs`` (a cell's ``s``) whose number format shows a percentage.

    The styles part is small (a few KB); it is parsed whole, like the workbook part.
    """
    member = "xl/styles.xml"
    for rel in _workbook_relationships(archive, names):
        if rel.get("Type", "").endswith(_STYLES_TYPE):
            member = _target(rel)
    styles = _small_xml(archive, member) if member in names else None
    if styles is None:
        return frozenset()
    percent_formats = set(_PERCENT_BUILTIN)
    for item in styles.iter():
        number = _format_id(item.get("numFmtId")) if item.tag.endswith("}numFmt") else None
        if number is None:
            continue
        if is_percent_format(item.get("formatCode", "")):
            percent_formats.add(number)
        else:  # a custom format may replace a built-in one's id
            percent_formats.discard(number)
    found: set[int] = set()
    for item in styles.iter():
        if item.tag.endswith("}cellXfs"):
            for index, xf in enumerate(x for x in item if x.tag.endswith("}xf")):
                if _format_id(xf.get("numFmtId", "0")) in percent_formats:
                    found.add(index)
            break
    return frozenset(found)


def _format_id(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def is_percent_format(code: str) -> bool:
    """Whether an Excel number format multiplies by 100: a ``%`` that is not literal text.

    A ``%`` is literal inside ``"..."``, after a backslash, after ``_`` (a space as wide
    as the character) or ``*`` (fill with the character), and inside ``[...]``
    (a colour, a condition, a currency or locale tag).
    """
    index = 0
    while index < len(code):
        char = code[index]
        if char == '"':
            end = code.find('"', index + 1)
            index = len(code) if end < 0 else end + 1
            continue
        if char == "[":
            end = code.find("]", index + 1)
            index = len(code) if end < 0 else end + 1
            continue
        if char in "\\_*":
            index += 2
            continue
        if char == "%":
            return True
        index += 1
    return False
