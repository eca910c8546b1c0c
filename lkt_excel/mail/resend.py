"""The no-resend rule: an unchanged report is not sent twice to the same address.

Pure bookkeeping over :class:`SentRecord` values, which the folder manifest
stores (:meth:`SentRecord.to_json` / :meth:`SentRecord.from_json`): what was
sent (the report's digest), to whom (the addresses the server accepted, sorted)
and when. The rule works per address: a re-run sends a report only to the
addresses that have not yet received that very report, so adding a Tembusan
sends to the new address alone, and a changed report goes to everyone again.

The digest must not change when the same report is rebuilt. An ``.xlsx``
records the time it was made in ``docProps/core.xml``, so two builds of the
same input differ in their bytes; :func:`report_digest` hashes the workbook's
parts without that one.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lkt_excel.mail.addresses import comparable

VOLATILE_PARTS = frozenset({"docProps/core.xml"})  # creation time: new at every build


@dataclass(frozen=True)
class SentRecord:
    sha256: str  # report_digest of the report sent
    recipients: tuple[str, ...]  # as compared (comparable()), sorted
    when: str = ""  # ISO 8601, for people reading the manifest

    def to_json(self) -> dict[str, object]:
        return {"sha256": self.sha256, "recipients": list(self.recipients), "when": self.when}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> SentRecord:
        recipients = data.get("recipients") or []
        if not isinstance(recipients, list):
            recipients = []
        when = str(data.get("when", ""))
        return record(str(data.get("sha256", "")), [str(r) for r in recipients], when)


def record(sha256: str, recipients: Iterable[str], when: str = "") -> SentRecord:
    """The record of ``sha256`` accepted for ``recipients`` (normalized and sorted)."""
    return SentRecord(sha256, tuple(sorted({comparable(r) for r in recipients})), when)


def unsent(sha256: str, recipients: Sequence[str], records: Iterable[SentRecord]) -> list[str]:
    """Those of ``recipients`` (in their order) that have not yet received report ``sha256``."""
    done = {r for rec in records if rec.sha256 == sha256 for r in rec.recipients}
    return [r for r in recipients if comparable(r) not in done]


def should_send(sha256: str, recipients: Sequence[str], records: Iterable[SentRecord]) -> bool:
    """Whether report ``sha256`` still has to go to at least one of ``recipients``."""
    return bool(unsent(sha256, recipients, records))


def report_digest(path: Path) -> str:
    """sha256 of a report that is the same for two builds of the same input.

    An ``.xlsx`` (a zip) is hashed part by part, by name and content, leaving
    out :data:`VOLATILE_PARTS`; any other file (a PDF) by its bytes.
    """
    digest = hashlib.sha256()
    path = Path(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as book:
            for name in sorted(book.namelist()):
                if name in VOLATILE_PARTS:
                    continue
                content = book.read(name)
                for piece in (name.encode("utf-8"), content):
                    digest.update(len(piece).to_bytes(8, "big"))
                    digest.update(piece)
        return digest.hexdigest()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
