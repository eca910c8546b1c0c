"""The folder's mail step: ``proses --surel`` drafts each report's email, ``--kirim`` sends it.

It runs in the parent process after the builds, before ``ringkasan.xlsx`` is
written, over every row that has a report (built now or unchanged since an
earlier run). Each report's :class:`~lkt_excel.mail.letter.Letter` comes from
the manifest, where the worker that built it left it, so an unchanged report
is drafted or sent without rebuilding it. The work of one report is
:mod:`lkt_excel.mail.delivery`'s; here are the folder's parts:

- one SMTP session for the whole run (:class:`~lkt_excel.mail.smtp.Mailer`),
  in this process only (the password never crosses to a worker);
- the no-resend rule over the manifest's ``sent`` records, which are saved
  after every message sent, so a run stopped halfway still knows what went;
- a report that another input also makes (the summary's "ganda") is drafted
  but never sent: which of the two is right is for a person to decide;
- each row gets a :class:`~lkt_excel.folder.results.MailNote` (ringkasan's
  SUREL column and KETERANGAN), handed to ``on_mail`` as it is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from lkt_excel.folder.manifest import Manifest
from lkt_excel.folder.results import FileResult, MailNote, mark_duplicates
from lkt_excel.mail.delivery import (
    Delivery,
    Step,
    deliver,
    now_iso,
    pdf_beside,
    records,
    sent_entry,
    write_letter_draft,
)
from lkt_excel.mail.settings import SmtpSettings
from lkt_excel.mail.smtp import Mailer

NO_LETTER = (
    "Data surel laporan ini tidak tercatat di lkt-manifest.json. Jalankan lagi dengan --semua."
)


@dataclass
class MailStep:
    """What ``proses`` was asked to do with each report's email.

    ``settings``: the SMTP server, for ``--kirim``; None drafts only (``--surel``).
    """

    settings: SmtpSettings | None = None
    on_mail: Callable[[FileResult], None] | None = None
    clock: Callable[[], str] = now_iso

    def run(
        self,
        manifest: Manifest,
        outdir: Path,
        rows: Iterable[FileResult],
        save: Callable[[], None] | None = None,
    ) -> list[FileResult]:
        """The rows, each with a report given its :class:`MailNote`; ``save`` saves the
        manifest after each send (by default ``manifest.save``)."""
        save = save or manifest.save
        done: list[FileResult] = []
        mailer = Mailer(self.settings) if self.settings is not None else None
        try:
            for row in mark_duplicates(rows):
                note = self._one(manifest, outdir, row, mailer, save)
                if note is not None:
                    row = replace(row, mail=note)
                    if self.on_mail is not None:
                        self.on_mail(row)
                done.append(row)
        finally:
            if mailer is not None:
                mailer.close()
        return done

    def _one(
        self,
        manifest: Manifest,
        outdir: Path,
        row: FileResult,
        mailer: Mailer | None,
        save: Callable[[], None],
    ) -> MailNote | None:
        if not row.status.ok or not row.output:
            return None
        entry = manifest.inputs.get(row.label)
        letter = entry.letter if entry is not None else None
        if letter is None:
            return MailNote(Step.FAILED.value, NO_LETTER, ok=False)
        workbook = outdir / row.output
        pdf = pdf_beside(workbook)
        if mailer is None:
            return _note(write_letter_draft(letter, workbook, pdf))
        if row.duplicates:
            drafted = write_letter_draft(letter, workbook, pdf)
            text = (
                f"Tidak dikirim: laporan yang sama juga dibuat dari {', '.join(row.duplicates)}. "
                f"Periksa mana yang benar. {drafted.text}"
            )
            return MailNote(Step.FAILED.value, text, ok=False)
        sent = deliver(letter, workbook, pdf, mailer, records(manifest.sent), now=self.clock())
        if sent.record is not None:
            manifest.sent.append(sent_entry(row.output, sent.record))
            save()  # at once: a run stopped later still knows this one went
        return _note(sent)


def _note(delivery: Delivery) -> MailNote:
    return MailNote(delivery.step.value, delivery.text, delivery.step.ok)


def mail_failed(rows: Iterable[FileResult]) -> list[FileResult]:
    """The rows whose email left something to do by hand (the run's exit code is 1)."""
    return [row for row in rows if row.mail is not None and not row.mail.ok]
