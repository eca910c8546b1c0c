"""The manifest: what was built from which input, so an unchanged input is skipped.

It is a JSON file in the output folder (:data:`MANIFEST_NAME`) holding, for
each input (by its label), its sha256, the tool version, its status, output
and error report, and which report it made. It is rewritten atomically after
every finished file, so an interrupted run leaves it consistent. A manifest
that is missing, damaged, or of another format version (``"format"``) is
ignored: everything is built again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from lkt_excel.files import write_text_atomically
from lkt_excel.folder.discovery import alternative_names
from lkt_excel.folder.results import ReportId, Status

MANIFEST_NAME = "lkt-manifest.json"
MANIFEST_FORMAT = 1  # the version of the file's layout; any other is not read


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
    note: str = ""  # why its status is periode-lain (lkt_excel.folder.period)

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
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: object) -> Entry | None:
        """An entry as :meth:`to_json` wrote it; fields missing or of the wrong type are
        empty (an entry from an older run lacks some), None when it is no entry at all."""
        if not isinstance(data, dict):
            return None
        try:
            status: Status | None = Status(data.get("status"))
        except ValueError:
            status = None
        duplicates = data.get("duplicates")
        return cls(
            sha256=_text(data.get("sha256")),
            version=_text(data.get("version")),
            status=status,
            output=_text(data.get("output")),
            error_report=_text(data.get("error_report")),
            warnings=_count(data.get("warnings", 0)),
            errors=_count(data.get("errors", 0)),
            time=_text(data.get("time")),
            report=ReportId.from_dict(data.get("report")),
            duplicates=tuple(map(str, duplicates)) if isinstance(duplicates, list) else (),
            note=_text(data.get("note")) or "",
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

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The manifest at ``path``; an empty one when it is missing, damaged or not
        of :data:`MANIFEST_FORMAT`, so everything is built again."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            return cls(path)
        raw = data.get("inputs")
        if not isinstance(raw, dict):
            return cls(path)
        entries = {label: Entry.from_json(value) for label, value in raw.items()}
        return cls(path, {label: entry for label, entry in entries.items() if entry is not None})

    def owner_of(self, name: str) -> str | None:
        """The input whose output or error report is called ``name`` (case-insensitive)."""
        key = name.casefold()
        for label, entry in self.inputs.items():
            if any(owned.casefold() == key for owned in entry.names):
                return label
        return None

    def claim(self, name: str, label: str) -> str:
        """The first of :func:`alternative_names` no other input owns."""
        for candidate in alternative_names(name, label):
            if self.owner_of(candidate) in (None, label):
                return candidate
        raise AssertionError("unreachable: alternative_names never ends")

    def forget_missing(self, folder: Path) -> list[Entry]:
        """Drop inputs that are no longer in the folder (their names become free);
        return their entries."""
        gone = [label for label in self.inputs if not (folder / label).is_file()]
        return [self.inputs.pop(label) for label in gone]

    def save(self) -> None:
        data = {
            "format": self.format,
            "tool": "lkt-excel",
            "inputs": {label: entry.to_json() for label, entry in sorted(self.inputs.items())},
        }
        write_text_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
