"""``--surel`` and ``--kirim`` of ``build`` and ``proses``: the commands' email hooks.

The work is the library's (:mod:`lkt_excel.mail.delivery` for one report,
:mod:`lkt_excel.folder.mailing` for a folder); this module reads the settings
before anything is built, and prints what came of each email.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from lkt_excel.cli.console import say

if TYPE_CHECKING:
    from pathlib import Path

    from lkt_excel.folder.mailing import MailStep
    from lkt_excel.mail.settings import SmtpSettings

SUREL_HELP = (
    "Tulis juga draf surel (.eml) di samping setiap laporan, dengan laporan (dan PDF-nya) "
    "terlampir, siap dibuka di Outlook atau Thunderbird. Alamat dari Surel Tujuan dan Surel "
    "Tembusan di lembar Laporan."
)
KIRIM_HELP = (
    "Kirim laporan langsung lewat server surel kantor (setelan LKT_SMTP_HOST dan lainnya, "
    "lihat README). Laporan yang sama tidak dikirim dua kali ke alamat yang sama; bila gagal, "
    "drafnya disimpan."
)


def smtp_settings(kirim: bool) -> SmtpSettings | None:
    """The SMTP settings for ``--kirim`` (None without it); exit 1 when they are missing.

    Read before anything is built: a clerk learns what to fill at once, not after
    forty reports.
    """
    if not kirim:
        return None
    from lkt_excel.mail.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        say(f"GALAT: {exc}", err=True)
        if exc.fix:
            say(exc.fix, err=True)
        raise typer.Exit(1) from None


def after_build(done: Any, pdf: Path | None, settings: SmtpSettings | None) -> None:
    """``build --surel`` / ``--kirim``: the report's draft, or its sending; exit 1 on a failure."""
    from lkt_excel.mail.delivery import now_iso, send_report, write_letter_draft
    from lkt_excel.mail.letter import letter_of

    letter = letter_of(done.result.report.settings, done.capaian, len(done.notes))
    if settings is None:
        delivery = write_letter_draft(letter, done.output, pdf)
    else:
        delivery = send_report(letter, done.output, pdf, settings, now=now_iso())
    say(f"Surel: {delivery.text}")  # the draft, when one is left, is beside the report
    if not delivery.step.ok:
        raise typer.Exit(1)


def folder_step(surel: bool, kirim: bool, progress: Any, *, pantau: bool) -> MailStep | None:
    """``proses --surel`` / ``--kirim``: the folder's mail step, printing each report's line.

    Exit 1 when ``--kirim`` lacks its settings, 2 with ``--pantau`` (not supported yet).
    """
    if not surel and not kirim:
        return None
    if pantau:
        say("--surel dan --kirim belum dapat dipakai bersama --pantau.", err=True)
        raise typer.Exit(2)
    settings = smtp_settings(kirim)
    from lkt_excel.folder.mailing import MailStep

    def told(row: Any) -> None:
        progress.stop()  # the bar is done with: the builds are over
        say(f"Surel {row.output}: {row.mail.text}")

    return MailStep(settings, on_mail=told)


def after_folder(result: Any) -> bool:
    """The line that counts a ``proses`` run's emails; True when any was left undone."""
    from collections import Counter

    from lkt_excel.core.numbers import format_id
    from lkt_excel.folder.mailing import mail_failed

    steps = Counter(row.mail.step for row in result.files if row.mail is not None)
    if steps:
        say("Surel: " + ", ".join(f"{format_id(n)} {step}" for step, n in steps.items()) + ".")
    failed = mail_failed(result.files)
    if failed:
        say(
            f"{format_id(len(failed))} laporan belum terkirim ke semua alamatnya: drafnya ada "
            "di folder hasil (lihat KETERANGAN di ringkasan.xlsx)."
        )
    return bool(failed)
