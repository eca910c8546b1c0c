"""Emailing the report: a draft beside every report, or sending it through the office's server.

A library: it never prints or exits. The modules, each readable in one sitting:

- :mod:`~lkt_excel.mail.addresses`: the ``Surel Tujuan`` / ``Surel Tembusan``
  values, parsed and checked (:func:`parse_addresses`);
- :mod:`~lkt_excel.mail.draft`: the message (:func:`compose`) and its ``.eml``
  draft (:func:`write_draft`);
- :mod:`~lkt_excel.mail.settings`: the SMTP settings from the environment and
  ``lkt-smtp.ini`` (:func:`load_settings`);
- :mod:`~lkt_excel.mail.smtp`: sending, one :class:`Outcome` per message
  (:func:`send`, :class:`Mailer`);
- :mod:`~lkt_excel.mail.resend`: the no-resend rule (:func:`unsent`,
  :func:`should_send`, :func:`report_digest`);
- :mod:`~lkt_excel.mail.text`: spreadsheet text made safe for one header line;
- :mod:`~lkt_excel.mail.letter`: what a report's email says, as plain data that
  crosses to and from the folder's workers and its manifest (:class:`Letter`);
- :mod:`~lkt_excel.mail.delivery`: one report's draft, or its sending under the
  no-resend rule (:func:`write_letter_draft`, :func:`deliver`).

The names below are loaded on first use (PEP 562): the validator imports
:mod:`~lkt_excel.mail.addresses` on every ``check``, and must not pay for
``smtplib`` and ``ssl``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lkt_excel.mail.addresses import Addresses, parse_addresses
    from lkt_excel.mail.delivery import (
        SENT_LOG,
        Delivery,
        Step,
        deliver,
        load_sent,
        pdf_beside,
        records,
        save_sent,
        send_report,
        sent_entry,
        write_letter_draft,
    )
    from lkt_excel.mail.draft import compose, draft_path, kategori_counts, write_draft
    from lkt_excel.mail.letter import Letter, letter_of
    from lkt_excel.mail.resend import SentRecord, record, report_digest, should_send, unsent
    from lkt_excel.mail.settings import (
        SettingsError,
        SmtpSettings,
        Tls,
        load_settings,
        settings_path,
    )
    from lkt_excel.mail.smtp import Failure, Mailer, Outcome, Status, send

_HOMES = {
    "send_report": "lkt_excel.mail.delivery",
    "sent_entry": "lkt_excel.mail.delivery",
    "records": "lkt_excel.mail.delivery",
    "pdf_beside": "lkt_excel.mail.delivery",
    "Step": "lkt_excel.mail.delivery",
    "SENT_LOG": "lkt_excel.mail.delivery",
    "Addresses": "lkt_excel.mail.addresses",
    "Delivery": "lkt_excel.mail.delivery",
    "Failure": "lkt_excel.mail.smtp",
    "Letter": "lkt_excel.mail.letter",
    "Mailer": "lkt_excel.mail.smtp",
    "Outcome": "lkt_excel.mail.smtp",
    "SentRecord": "lkt_excel.mail.resend",
    "SettingsError": "lkt_excel.mail.settings",
    "SmtpSettings": "lkt_excel.mail.settings",
    "Status": "lkt_excel.mail.smtp",
    "Tls": "lkt_excel.mail.settings",
    "compose": "lkt_excel.mail.draft",
    "deliver": "lkt_excel.mail.delivery",
    "draft_path": "lkt_excel.mail.draft",
    "kategori_counts": "lkt_excel.mail.draft",
    "letter_of": "lkt_excel.mail.letter",
    "load_sent": "lkt_excel.mail.delivery",
    "load_settings": "lkt_excel.mail.settings",
    "parse_addresses": "lkt_excel.mail.addresses",
    "record": "lkt_excel.mail.resend",
    "report_digest": "lkt_excel.mail.resend",
    "save_sent": "lkt_excel.mail.delivery",
    "send": "lkt_excel.mail.smtp",
    "settings_path": "lkt_excel.mail.settings",
    "should_send": "lkt_excel.mail.resend",
    "unsent": "lkt_excel.mail.resend",
    "write_draft": "lkt_excel.mail.draft",
    "write_letter_draft": "lkt_excel.mail.delivery",
}
__all__ = [
    "Addresses",
    "Delivery",
    "Failure",
    "Letter",
    "Mailer",
    "Outcome",
    "SENT_LOG",
    "SentRecord",
    "SettingsError",
    "SmtpSettings",
    "Status",
    "Step",
    "Tls",
    "compose",
    "deliver",
    "draft_path",
    "kategori_counts",
    "letter_of",
    "load_sent",
    "load_settings",
    "parse_addresses",
    "pdf_beside",
    "record",
    "records",
    "report_digest",
    "save_sent",
    "send",
    "send_report",
    "sent_entry",
    "settings_path",
    "should_send",
    "unsent",
    "write_draft",
    "write_letter_draft",
]


def __getattr__(name: str) -> Any:
    """A name of the package, its module imported now (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
