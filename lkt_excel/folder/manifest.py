"""The manifest: what was built from which input, so an unchanged input is skipped.

It is a JSON file in the output folder (:data:`MANIFEST_NAME`) holding, for
each input (by its label), its sha256, the tool version, its status, output
and error report with the output's size and sha256, and which report it made.
It is rewritten atomically after every finished file, so an interrupted run
leaves it consistent. A manifest that is missing, damaged, or of another
format version (``"format"``) is ignored: everything is built again.

The manifest is data, never a list of paths: anyone who can write to a
shared output folder can write it. An entry whose output or error report is
not a plain file name of the output folder (``../../x``, ``C:\\x``, ``sub/x``,
``..``), whose label is not a relative path inside the input folder, or whose
fields are of the wrong type, is ignored (that input is built again).

One output folder may serve several input folders (``-o`` shared): the
manifest records which input folder its ``inputs`` belong to (``"folder"``),
and keeps the other folders' entries in ``"other_folders"``, untouched: their
names stay taken, and their reports are never retired by this folder's run.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lkt_excel.files import write_text_atomically
from lkt_excel.folder.discovery import alternative_names
from lkt_excel.folder.results import ReportId, Status
from lkt_excel.mail.letter import Letter

MANIFEST_NAME = "lkt-manifest.json"
# The version of the file's layout; any other is not read. 2: each output's size
# and sha256, the input folder, the other folders' entries.
MANIFEST_FORMAT = 2
_NOT_IN_A_NAME = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_HEX64 = re.compile(r"[0-9a-f]{64}")
_STATUSES = frozenset(status.value for status in Status)


def plain_name(value: object) -> str | None:
    """``value`` when it is a plain file name that stays in the folder it is joined to."""
    if not isinstance(value, str) or not value or value in (".", "..") or len(value) > 255:
        return None
    if _NOT_IN_A_NAME.search(value) or value != value.strip() or value.endswith("."):
        return None
    return value


def plain_label(label: str) -> bool:
    """A label is a relative ``a/b.xlsx`` path inside the input folder, no ``..``."""
    parts = label.split("/")
    return bool(label) and all(plain_name(part) for part in parts) and "\\" not in label


def folder_key(folder: Path) -> str:
    """How the manifest names an input folder; compared as the file system compares."""
    return os.path.normcase(str(Path(folder)))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: object) -> int:
    if isinstance(value, (int, float, str)):
        try:
            return int(value)
        except (ValueError, OverflowError):  # not a number, or an infinite one
            pass
    return 0


@dataclass(frozen=True)
class Entry:
    """What the manifest records of one input."""

    sha256: str | None  # None: the input could not be opened
    version: str | None  # of the tool that recorded it
    status: Status | None
    output: str | None  # report file name in the output folder
    error_report: str | None  # error report file name in the output folder
    warnings: int = 0
    errors: int = 0
    time: str | None = None  # local time it was recorded, ISO 8601
    report: ReportId | None = None  # which report it made; None when it has none
    duplicates: tuple[str, ...] = ()  # labels of the other inputs with the same report
    letter: Letter | None = None  # what its report's email says (see folder.mailing)
    output_size: int | None = None  # of the report when it was recorded, in bytes
    output_sha256: str | None = None
    note: str = ""  # why its status is periode-lain (lkt_excel.folder.period)
    figures: str = ""  # check's verdict when its warnings affect figures (render.figures_remark)

    @property
    def names(self) -> tuple[str, ...]:
        """The files of the output folder this input owns: its report, its error report."""
        return tuple(name for name in (self.output, self.error_report) if name)

    def to_json(self) -> dict[str, object]:
        return {
            "sha256": self.sha256,
            "version": self.version,
            "status": self.status.value if self.status else None,
            "output": self.output,
            "error_report": self.error_report,
            "warnings": self.warnings,
            "errors": self.errors,
            "time": self.time,
            "report": self.report.to_dict() if self.report else None,
            "duplicates": list(self.duplicates),
            "letter": self.letter.to_json() if self.letter else None,
            "output_size": self.output_size,
            "output_sha256": self.output_sha256,
            "note": self.note,
            "figures": self.figures,
        }

    @classmethod
    def from_json(cls, data: object) -> Entry | None:
        """An entry as :meth:`to_json` wrote it; optional fields missing or of the wrong
        type are empty. None when it is no entry: not an object, or an output or error
        report that is not a plain file name (see the module's text)."""
        if not isinstance(data, dict):
            return None
        names = [data.get("output"), data.get("error_report")]
        if any(name is not None and plain_name(name) is None for name in names):
            return None
        status = data.get("status")
        duplicates = data.get("duplicates")
        size = data.get("output_size")
        digest = _text(data.get("output_sha256"))
        return cls(
            sha256=_text(data.get("sha256")),
            version=_text(data.get("version")),
            status=Status(status) if isinstance(status, str) and status in _STATUSES else None,
            output=plain_name(names[0]),
            error_report=plain_name(names[1]),
            warnings=_count(data.get("warnings", 0)),
            errors=_count(data.get("errors", 0)),
            time=_text(data.get("time")),
            report=ReportId.from_dict(data.get("report")),
            duplicates=tuple(map(str, duplicates)) if isinstance(duplicates, list) else (),
            letter=Letter.from_json(data.get("letter")),
            output_size=size if type(size) is int and size >= 0 else None,
            output_sha256=digest if digest and _HEX64.fullmatch(digest) else None,
            note=_text(data.get("note")) or "",
            figures=_text(data.get("figures")) or "",
        )


@dataclass(frozen=True)
class Manifest:
    """The manifest of one output folder: ``inputs[label]`` is that input's :class:`Entry`.

    Where it lives and its format are fixed; the entries change as files finish
    (each change is saved by the caller with :meth:`save`).
    """

    path: Path
    inputs: dict[str, Entry] = field(default_factory=dict)
    format: int = MANIFEST_FORMAT
    # The reports sent by --kirim: what, to whom, when (mail.delivery.sent_entry).
    sent: list[dict[str, object]] = field(default_factory=list)
    folder: str | None = None  # folder_key of the input folder ``inputs`` belong to
    others: dict[str, dict[str, Entry]] = field(default_factory=dict)  # other folders'

    @classmethod
    def load(cls, path: Path, folder: Path | None = None, *, adopt: bool = False) -> Manifest:
        """The manifest at ``path`` for input folder ``folder`` (by default the folder it
        records): an empty one when it is missing, damaged or not of
        :data:`MANIFEST_FORMAT`, so everything is built again.

        ``adopt``: the output folder lies inside ``folder`` (the default ``hasil``), so
        its entries are ``folder``'s whatever folder they record: the input folder was
        moved or renamed, or reached by another drive letter."""
        mine = folder_key(folder) if folder is not None else None
        try:
            data = json.loads(path.read_text(encoding="utf-8", errors="surrogateescape"))
        except (OSError, ValueError, RecursionError):
            return cls(path, folder=mine)
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            return cls(path, folder=mine)
        sections = {}
        other = data.get("other_folders")
        for key, raw in (other if isinstance(other, dict) else {}).items():
            sections[key] = _entries(raw)
        recorded = data.get("folder")
        recorded = recorded if isinstance(recorded, str) and not adopt else mine
        mine = recorded if mine is None else mine  # no folder given: the one it records
        sections[recorded] = _entries(data.get("inputs"))
        inputs = sections.pop(mine, {})
        sections.pop(None, None)
        sent = data.get("sent")
        sent = [e for e in sent if isinstance(e, dict)] if isinstance(sent, list) else []
        return cls(path, inputs, folder=mine, others=sections, sent=sent)

    def owner_of(self, name: str) -> str | None:
        """The input whose output or error report is called ``name`` (case-insensitive);
        an input of another folder is named ``<folder>|<label>``."""
        key = name.casefold()
        for label, entry in self.inputs.items():
            if any(owned.casefold() == key for owned in entry.names):
                return label
        for folder, entries in self.others.items():
            for label, entry in entries.items():
                if any(owned.casefold() == key for owned in entry.names):
                    return f"{folder}|{label}"
        return None

    def claim(self, name: str, label: str, max_length: int = 180) -> str:
        """The first of :func:`alternative_names` (at most ``max_length`` characters)
        no other input owns."""
        for candidate in alternative_names(name, label, max_length):
            if self.owner_of(candidate) in (None, label):
                return candidate
        raise AssertionError("unreachable: alternative_names never ends")

    def forget_missing(self, folder: Path) -> list[Entry]:
        """Drop inputs that are no longer in the folder (their names become free);
        return their entries.

        A name is looked for as it is spelled: on a file system that ignores case
        (Windows, macOS), ``dinas-a.xlsx`` renamed ``Dinas-A.xlsx`` is found under
        its new spelling, and its entry moves there (nothing is rebuilt or retired).
        """
        listings: dict[Path, list[str]] = {}
        gone = []
        for label in list(self.inputs):
            spelled = _spelled(folder, label, listings)
            if spelled == label:
                continue
            if spelled is not None and spelled not in self.inputs:
                self.inputs[spelled] = self.inputs.pop(label)
                continue
            gone.append(label)
        return [self.inputs.pop(label) for label in gone]

    def save(self) -> None:
        """Write the manifest atomically; raises OSError (the caller goes on without it)."""

        def section(entries: dict[str, Entry]) -> dict[str, object]:
            return {label: entry.to_json() for label, entry in sorted(entries.items())}

        data = {
            "format": self.format,
            "tool": "lkt-excel",
            "folder": self.folder,
            "inputs": section(self.inputs),
            "other_folders": {key: section(value) for key, value in sorted(self.others.items())},
            "sent": self.sent,
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8: escaped, so it reads back
            text = json.dumps(data, ensure_ascii=True, indent=2) + "\n"
        write_text_atomically(self.path, text)


def _spelled(folder: Path, label: str, listings: dict[Path, list[str]]) -> str | None:
    """The label as the input is spelled on disk now (another case where the file system
    ignores it), or None when there is no such file."""
    if not (folder / label).is_file():
        return None
    here, parts = folder, []
    for part in label.split("/"):
        if here not in listings:
            try:
                listings[here] = os.listdir(here)
            except OSError:
                return None
        names = listings[here]
        if part not in names:
            same = [n for n in names if n.casefold() == part.casefold()]
            part = same[0] if len(same) == 1 else part
        parts.append(part)
        here = here / part
    return "/".join(parts)


def _entries(raw: object) -> dict[str, Entry]:
    """The entries of one folder's section; those of the wrong shape left out."""
    if not isinstance(raw, dict):
        return {}
    entries = {label: Entry.from_json(value) for label, value in raw.items()}
    return {
        label: entry for label, entry in entries.items() if entry is not None and plain_label(label)
    }
