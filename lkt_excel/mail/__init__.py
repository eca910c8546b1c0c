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
- :mod:`~lkt_excel.mail.text`: spreadsheet text made safe for one header line.
"""

from lkt_excel.mail.addresses import Addresses, parse_addresses
from lkt_excel.mail.draft import compose, draft_path, kategori_counts, write_draft
from lkt_excel.mail.resend import SentRecord, record, report_digest, should_send, unsent
from lkt_excel.mail.settings import (
    SettingsError,
    SmtpSettings,
    Tls,
    load_settings,
    settings_path,
)
from lkt_excel.mail.smtp import Failure, Mailer, Outcome, Status, send

__all__ = [
    "Addresses",
    "Failure",
    "Mailer",
    "Outcome",
    "SentRecord",
    "SettingsError",
    "SmtpSettings",
    "Status",
    "Tls",
    "compose",
    "draft_path",
    "kategori_counts",
    "load_settings",
    "parse_addresses",
    "record",
    "report_digest",
    "send",
    "settings_path",
    "should_send",
    "unsent",
    "write_draft",
]
