"""The small parts of an .xlsx package that say how to scan its sheets.

Before the streaming pass, these parts (each a few KB) are parsed whole, once
they are known to be harmless: the package relationships, the workbook and its
relationships name each worksheet part, found as calamine finds it
(:class:`Package`, :func:`layout`), the properties and the workbook say
whether a spreadsheet program ever saved the file (:func:`never_saved_by_spreadsheet_app`),
and the styles say which cell styles show a number as a percentage
(:func:`percent_styles`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from lkt_excel.reading.limits import DOCTYPE

# Programs that write .xlsx without computing formulas (their cached values are placeholders).
_LIBRARY_WRITERS = ("openpyxl", "xlsxwriter", "microsoft excel compatible")


class AmbiguousPart(Exception):
    """Two zip members whose names differ only in letter case or slashes."""


def _key(name: str) -> str:
    """A member name as calamine's lookup sees it: ASCII letters lowered, ``\\`` as ``/``."""
    return (
        name.replace("\\", "/")
        .encode("utf-8", "surrogateescape")
        .lower()
        .decode("utf-8", "surrogateescape")
    )


def _local(name: str) -> str:
    """An element or attribute name without its namespace."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


class Package:
    """The members of a zip package, found as calamine finds them.

    calamine looks a part up case-insensitively (ASCII letters), reading ``\\`` as
    ``/``, and falls back to the exact name; two members that such a lookup cannot
    tell apart are refused (:class:`AmbiguousPart`): Excel never writes them, and the
    scan could check one while calamine reads the other.
    """

    def __init__(self, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
        self.archive = archive
        self.unparsed: set[str] = set()  # parts xml() could not parse (calamine may)
        self.by_key: dict[str, zipfile.ZipInfo] = {}
        self.exact = {info.filename: info for info in infos}
        for info in infos:
            key = _key(info.filename)
            if key in self.by_key and not info.is_dir():
                raise AmbiguousPart(info.filename)
            self.by_key[key] = info

    def find(self, path: str) -> zipfile.ZipInfo | None:
        return self.by_key.get(_key(path)) or self.exact.get(path)

    def xml(self, info: zipfile.ZipInfo | None) -> ElementTree.Element | None:
        """Parse a small part (workbook, rels, properties) once it is known to be harmless."""
        if info is None:
            return None
        if info.file_size > 10 * 1024 * 1024:
            self.unparsed.add(info.filename)
            return None
        data = self.archive.read(info)
        if DOCTYPE.search(data) or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return None  # refused with its own message by the full pass
        try:
            return ElementTree.fromstring(data)
        except ElementTree.ParseError:
            self.unparsed.add(info.filename)
            return None

    def relationships(self, info: zipfile.ZipInfo | None) -> list[dict[str, str]]:
        """The attributes (by local name) of each ``Relationship`` of a rels part."""
        rels = self.xml(info)
        found = []
        for item in rels.iter() if rels is not None else ():
            if _local(item.tag) == "Relationship":
                found.append({_local(key): value for key, value in item.attrib.items()})
        return found


@dataclass(frozen=True)
class Layout:
    """Where calamine finds the parts of an .xlsx package."""

    folder: str  # of the workbook part ("xl/"), from _rels/.rels
    workbook: zipfile.ZipInfo | None
    sheets: dict[str, str]  # zip member name of each sheet -> its sheet name
    styles: zipfile.ZipInfo | None
    app: zipfile.ZipInfo | None  # docProps/app.xml


def layout(package: Package) -> Layout:
    """Resolve the package as calamine does: ``_rels/.rels`` names the workbook part,
    whose folder holds ``workbook.xml`` and ``_rels/workbook.xml.rels``; a sheet's target
    is taken from that folder, or from the root when it starts with ``/``."""
    folder = "xl/"
    for rel in package.relationships(package.find("_rels/.rels")):
        if rel.get("Type", "").endswith("/relationships/officeDocument"):
            target = rel.get("Target", "")
            folder = target[: target.rfind("/") + 1].removeprefix("/")
    workbook = package.find(f"{folder}workbook.xml")
    rels = package.relationships(package.find(f"{folder}_rels/workbook.xml.rels"))
    targets = {rel.get("Id", ""): rel.get("Target", "") for rel in rels}
    sheets: dict[str, str] = {}
    book = package.xml(workbook)
    for sheet in book.iter() if book is not None else ():
        if _local(sheet.tag) != "sheet":
            continue
        ids = [value for key, value in sheet.attrib.items() if _local(key) == "id"]
        target = targets.get(ids[-1] if ids else "", "")
        member = package.find(target[1:] if target.startswith("/") else f"{folder}{target}")
        if target and member is not None:
            sheets[member.filename] = sheet.get("name", member.filename)
    styles = package.find(f"{folder}styles.xml")
    for rel in rels:
        if rel.get("Type", "").endswith(_STYLES_TYPE):
            target = rel.get("Target", "")
            path = target[1:] if target.startswith("/") else f"{folder}{target}"
            styles = package.find(_normalise(path)) or styles
    return Layout(folder, workbook, sheets, styles, package.find("docProps/app.xml"))


def _normalise(member: str) -> str:
    parts: list[str] = []
    for piece in member.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def never_saved_by_spreadsheet_app(package: Package, parts: Layout) -> bool:
    """True when a library wrote the file and no spreadsheet program has saved it since.

    Such files carry placeholder results for their formulas. The signs: no
    ``docProps/app.xml``; an ``Application`` there naming a library; or
    ``fullCalcOnLoad`` in the workbook, which libraries set so that Excel
    computes on opening and which Excel drops when it saves.
    """
    if parts.app is None:
        return True
    app = package.xml(parts.app)
    application = ""
    for item in app.iter() if app is not None else ():
        if _local(item.tag) == "Application":
            application = (item.text or "").lower()
    if any(name in application for name in _LIBRARY_WRITERS):
        return True
    book = package.xml(parts.workbook)
    for item in book.iter() if book is not None else ():
        if _local(item.tag) == "calcPr" and item.get("fullCalcOnLoad") in ("1", "true"):
            return True
    return False


_PERCENT_BUILTIN = frozenset({9, 10})  # "0%" and "0.00%"
_STYLES_TYPE = "/officeDocument/2006/relationships/styles"


def percent_styles(package: Package, parts: Layout) -> frozenset[int]:
    """Indexes into ``cellXfs`` (a cell's ``s``) whose number format shows a percentage.

    The styles part is small (a few KB); it is parsed whole, like the workbook part.
    """
    styles = package.xml(parts.styles)
    if styles is None:
        return frozenset()
    percent_formats = set(_PERCENT_BUILTIN)
    for item in styles.iter():
        number = _format_id(item.get("numFmtId")) if _local(item.tag) == "numFmt" else None
        if number is None:
            continue
        if is_percent_format(item.get("formatCode", "")):
            percent_formats.add(number)
        else:  # a custom format may replace a built-in one's id
            percent_formats.discard(number)
    found: set[int] = set()
    for item in styles.iter():
        if _local(item.tag) == "cellXfs":
            for index, xf in enumerate(x for x in item if _local(x.tag) == "xf"):
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


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member of each worksheet -> its sheet name, as calamine resolves them
    (for the passes after the pre-scan: hidden parts, formulas, error cells)."""
    return layout(Package(archive, archive.infolist())).sheets


def workbook_xml(archive: zipfile.ZipFile) -> ElementTree.Element | None:
    """The workbook part, found through ``_rels/.rels`` as calamine finds it."""
    package = Package(archive, archive.infolist())
    return package.xml(layout(package).workbook)
