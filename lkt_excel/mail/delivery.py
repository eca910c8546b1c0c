"""One report's email: its draft beside it, or its sending under the no-resend rule.

``build`` and ``proses`` both come here, one report at a time:

- :func:`write_letter_draft` (``--surel``) writes ``<report name>.eml`` beside
  the report, and says when it has no To;
- :func:`deliver` (``--kirim``) sends it to those of its recipients that have
  not yet received this very report (:func:`~lkt_excel.mail.resend.unsent`).
  The draft is written first, so nothing is lost should the send fail or the
  program be stopped; it is removed once every recipient has the report (an
  ``.eml`` left beside a report that was sent would invite sending it twice),
  and kept, addressed to those still waiting, after any failure.

What was sent is kept as a list of plain JSON objects, each a
:class:`~lkt_excel.mail.resend.SentRecord` with the report's file name
(:func:`sent_entry`): in the folder's manifest for ``proses``, and for
``build`` in :data:`SENT_LOG` in the report's folder (:func:`load_sent`,
:func:`save_sent`). Nothing here prints.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from lkt_excel.core.problems import listed
from lkt_excel.files import cannot_write, write_text_atomically
from lkt_excel.mail.draft import draft_path, write_draft
from lkt_excel.mail.letter import Letter
from lkt_excel.mail.resend import SentRecord, record, report_digest, unsent
from lkt_excel.mail.settings import SmtpSettings
from lkt_excel.mail.smtp import Mailer, Status

SENT_LOG = ".lkt-terkirim.json"  # build --kirim: what was sent from this folder
SENT_LOG_FORMAT = 1


class Step(str, Enum):
    """What came of one report's email, as ``ringkasan.xlsx`` shows it (column SUREL)."""

    DRAFTED = "draf"
    DRAFTED_NO_TO = "draf tanpa tujuan"
    ALREADY_SENT = "sudah terkirim"
    SENT = Status.SENT.value
    PARTIAL = Status.PARTIAL.value
    REFUSED = Status.REFUSED.value
    FAILED = Status.FAILED.value

    @property
    def ok(self) -> bool:
        """Whether nothing is left to do by hand (a draft to send is the user's next step)."""
        return self not in (Step.PARTIAL, Step.REFUSED, Step.FAILED)


@dataclass(frozen=True)
class Delivery:
    step: Step
    text: str  # the Indonesian sentence to print and put in ringkasan
    draft: Path | None = None  # the draft left beside the report
    record: SentRecord | None = None  # what was sent now, to add to the records


def now_iso() -> str:
    """Local time with its offset, as a sent record keeps it."""
    from datetime import datetime

    return datetime.now().astimezone().isoformat(timespec="seconds")


def pdf_beside(workbook: Path) -> Path | None:
    """The report's PDF (same name, ``.pdf``) when it is there and not older than the workbook.

    An older PDF belongs to an earlier build of the report: it is not attached.
    """
    pdf = Path(workbook).with_suffix(".pdf")
    try:
        if pdf.is_file() and pdf.stat().st_mtime_ns >= Path(workbook).stat().st_mtime_ns:
            return pdf
    except OSError:
        pass
    return None


def write_letter_draft(letter: Letter, workbook: Path, pdf: Path | None = None) -> Delivery:
    """``<report name>.eml`` beside ``workbook`` with the whole letter (``--surel``)."""
    path = draft_path(workbook)
    try:
        write_draft(letter.compose(workbook, pdf), path)
    except OSError as exc:
        return Delivery(Step.FAILED, cannot_write(path, exc, what="Draf surel"))
    if not letter.to:
        return Delivery(
            Step.DRAFTED_NO_TO,
            f"Draf surel ditulis tanpa alamat tujuan: {path.name}. Isi Surel Tujuan di lembar "
            "Laporan, atau ketik alamatnya di draf sebelum mengirim.",
            path,
        )
    cc = [a for a in letter.recipients if a not in letter.to]
    copies = f"; tembusan {listed(cc)}" if cc else ""
    return Delivery(
        Step.DRAFTED,
        f"Draf surel ditulis: {path.name} (untuk {listed(list(letter.to))}{copies}).",
        path,
    )


def deliver(
    letter: Letter,
    workbook: Path,
    pdf: Path | None,
    mailer: Mailer,
    sent: Iterable[SentRecord],
    *,
    now: str,
) -> Delivery:
    """Send the report to whoever has not yet received it; ``now`` (ISO 8601) goes in the record."""
    if not letter.to:
        drafted = write_letter_draft(letter, workbook, pdf)
        return Delivery(
            Step.FAILED, f"Tidak dikirim: Surel Tujuan kosong. {drafted.text}", drafted.draft
        )
    recipients = letter.recipients
    digest = report_digest(workbook)
    pending = unsent(digest, recipients, sent)
    if not pending:
        return Delivery(
            Step.ALREADY_SENT,
            f"Tidak dikirim lagi: laporan yang sama sudah terkirim ke {listed(list(recipients))}.",
        )
    path = draft_path(workbook)
    message = letter.compose(workbook, pdf, only=pending)
    try:
        write_draft(message, path)
    except OSError as exc:
        return Delivery(Step.FAILED, f"Tidak dikirim: {cannot_write(path, exc, what='Draf surel')}")
    outcome = mailer.send(message)
    earlier = [a for a in recipients if a not in pending]
    before = f" Sebelumnya sudah terkirim ke {listed(earlier)}." if earlier else ""
    done = record(digest, outcome.delivered, now) if outcome.delivered else None
    step = Step(outcome.status.value)
    if step is Step.SENT:
        path.unlink(missing_ok=True)
        return Delivery(step, outcome.text + before, None, done)
    waiting = [a for a in pending if a.casefold() not in {d.casefold() for d in outcome.delivered}]
    kept = _redraft(letter, workbook, pdf, path, waiting) if outcome.delivered else path
    if kept is None:
        return Delivery(step, outcome.text + before, None, done)
    return Delivery(
        step,
        f"{outcome.text}{before} Draf disimpan: {kept.name} (untuk {listed(waiting)}).",
        kept,
        done,
    )


def _redraft(
    letter: Letter, workbook: Path, pdf: Path | None, path: Path, waiting: Sequence[str]
) -> Path | None:
    """The draft again, for the recipients still waiting only (the others have it)."""
    try:
        return write_draft(letter.compose(workbook, pdf, only=waiting), path)
    except OSError:
        return path if path.is_file() else None


# What was sent, as stored.


def sent_entry(report: str, sent: SentRecord) -> dict[str, object]:
    """One stored record: the report's file name and the :class:`SentRecord`."""
    return {"report": report, **sent.to_json()}


def records(entries: Iterable[object]) -> list[SentRecord]:
    """The :class:`SentRecord` of every stored entry that is one."""
    return [SentRecord.from_json(e) for e in entries if isinstance(e, dict) and e.get("sha256")]


def load_sent(path: Path) -> list[dict[str, object]]:
    """The entries of a :data:`SENT_LOG`; none when it is missing or damaged."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("format") != SENT_LOG_FORMAT:
        return []
    entries = data.get("sent")
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def save_sent(path: Path, entries: Sequence[dict[str, object]]) -> None:
    """Rewrite a :data:`SENT_LOG` atomically (an OSError propagates)."""
    data = {"format": SENT_LOG_FORMAT, "tool": "lkt-excel", "sent": list(entries)}
    write_text_atomically(Path(path), json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def send_report(
    letter: Letter,
    workbook: Path,
    pdf: Path | None,
    settings: SmtpSettings,
    *,
    now: str,
) -> Delivery:
    """``build --kirim``: send one report, under the no-resend rule of :data:`SENT_LOG`.

    The log is the report folder's: the same report sent again from the same
    folder to the same addresses is not sent a second time, as in ``proses``.
    """
    log = Path(workbook).parent / SENT_LOG
    entries = load_sent(log)
    with Mailer(settings) as mailer:
        done = deliver(letter, workbook, pdf, mailer, records(entries), now=now)
    if done.record is None:
        return done
    try:
        save_sent(log, [*entries, sent_entry(Path(workbook).name, done.record)])
    except OSError as exc:
        warning = (
            f" Perhatian: catatan pengiriman '{log}' tidak dapat disimpan "
            f"({exc.__class__.__name__}), jadi perintah yang sama akan mengirimnya lagi."
        )
        return replace(done, text=done.text + warning)
    return done
