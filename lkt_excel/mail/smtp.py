"""Sending the reports' messages through the office's SMTP server.

One connection serves every message of a run (:class:`Mailer`); each message
gets an :class:`Outcome` with an Indonesian sentence for the screen and
``ringkasan.xlsx``:

- **terkirim**: every recipient accepted it;
- **terkirim sebagian**: the server refused some recipients (each named with
  the server's reply), the others got it;
- **ditolak**: the server refused the message, with its reply;
- **gagal**: it never reached the server. Connection refused, an unknown host,
  no answer, a TLS failure and an authentication failure each have their own
  sentence. A failure to connect or log in is not retried for the messages
  after it (forty failed logins lock an account): they get the same outcome.

On sending, ``From`` is set from the settings, ``X-Unsent`` is dropped, and
``Date`` and ``Message-ID`` are set; the caller's message is not changed.
Nothing here prints; the password is never part of an outcome (every text is
also scrubbed of it, in case a server echoes it back).
"""

from __future__ import annotations

import copy
import smtplib
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, localtime, make_msgid
from enum import Enum
from types import TracebackType

from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import listed
from lkt_excel.mail.draft import UNSENT_HEADER
from lkt_excel.mail.settings import NAMES, SmtpSettings, Tls
from lkt_excel.mail.text import one_line

DEFAULT_TIMEOUT = 60.0  # seconds for each network step


class Status(str, Enum):
    SENT = "terkirim"
    PARTIAL = "terkirim sebagian"
    REFUSED = "ditolak"
    FAILED = "gagal"


class Failure(str, Enum):
    """Why a message never reached the server (``Status.FAILED``)."""

    CONNECTION = "koneksi"
    TLS = "tls"
    AUTH = "autentikasi"
    NO_RECIPIENTS = "tanpa-tujuan"


@dataclass(frozen=True)
class Outcome:
    subject: str
    status: Status
    text: str  # the Indonesian sentence to print and record
    delivered: tuple[str, ...] = ()  # recipients the server accepted
    refused: tuple[tuple[str, str], ...] = ()  # (recipient, the server's reply)
    failure: Failure | None = None
    message_id: str = ""

    @property
    def sent(self) -> bool:
        """Whether at least one recipient got the message."""
        return bool(self.delivered)


class _Fatal(Exception):
    """Connecting or logging in failed: the same outcome for every message after it."""

    def __init__(self, failure: Failure, text: str):
        super().__init__(text)
        self.failure = failure
        self.text = text


def send(
    messages: Iterable[EmailMessage],
    settings: SmtpSettings,
    *,
    ssl_context: ssl.SSLContext | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Outcome]:
    """Send every message over one connection; one :class:`Outcome` per message, in order."""
    with Mailer(settings, ssl_context=ssl_context, timeout=timeout) as mailer:
        return [mailer.send(message) for message in messages]


def recipients_of(message: EmailMessage) -> list[str]:
    """The envelope recipients: every address in To, Cc and Bcc, each once."""
    found: dict[str, str] = {}
    for _, address in getaddresses(
        [str(v) for key in ("To", "Cc", "Bcc") for v in message.get_all(key, [])]
    ):
        if address:
            found.setdefault(address.casefold(), address)
    return list(found.values())


def prepare(message: EmailMessage, settings: SmtpSettings) -> EmailMessage:
    """A copy of ``message`` as it goes out: From set, X-Unsent gone, Date and Message-ID new."""
    outgoing = copy.deepcopy(message)
    for header in (UNSENT_HEADER, "From", "Sender", "Date", "Message-ID"):
        del outgoing[header]
    outgoing["From"] = settings.sender
    outgoing["Date"] = format_datetime(localtime())
    outgoing["Message-ID"] = make_msgid(domain=settings.sender.domain)
    return outgoing


class Mailer:
    """One SMTP session for a run: ``with Mailer(settings) as m: m.send(message)``.

    It connects (and logs in) at the first message that has recipients, so a run
    with nothing to send never touches the network. :meth:`send` is safe to call
    after any outcome: a dropped connection is reopened for the next message.
    """

    def __init__(
        self,
        settings: SmtpSettings,
        *,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ):
        self.settings = settings
        self.timeout = timeout
        self._context = ssl_context
        self._smtp: smtplib.SMTP | None = None
        self._fatal: _Fatal | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def send(self, message: EmailMessage) -> Outcome:
        outgoing = prepare(message, self.settings)
        subject = one_line(outgoing.get("Subject", ""))
        message_id = str(outgoing["Message-ID"])
        recipients = recipients_of(outgoing)
        if not recipients:
            return Outcome(
                subject,
                Status.FAILED,
                "Tidak dikirim: tidak ada alamat tujuan (Surel Tujuan kosong).",
                failure=Failure.NO_RECIPIENTS,
            )
        try:
            smtp = self._connected()
        except _Fatal as fatal:
            return Outcome(subject, Status.FAILED, self._safe(fatal.text), failure=fatal.failure)
        try:
            refused_now = smtp.send_message(
                outgoing, from_addr=self.settings.sender.addr_spec, to_addrs=recipients
            )
        except smtplib.SMTPRecipientsRefused as exc:
            refused = self._replies(exc.recipients)
            text = f"Ditolak: server menolak semua alamat tujuan: {self._listed(refused)}."
            return Outcome(subject, Status.REFUSED, text, refused=refused, message_id=message_id)
        except smtplib.SMTPSenderRefused as exc:
            reply = self._reply(exc.smtp_code, exc.smtp_error)
            text = f"Ditolak: server menolak alamat pengirim {exc.sender} ({reply})."
            return Outcome(subject, Status.REFUSED, self._safe(text), message_id=message_id)
        except smtplib.SMTPServerDisconnected:
            self._drop()
            text = "Gagal: sambungan ke server surel terputus saat mengirim. Ulangi perintahnya."
            return Outcome(subject, Status.FAILED, text, failure=Failure.CONNECTION)
        except smtplib.SMTPResponseException as exc:  # SMTPDataError and the like
            reply = self._reply(exc.smtp_code, exc.smtp_error)
            text = f"Ditolak: server menolak surel ini ({reply})."
            return Outcome(subject, Status.REFUSED, self._safe(text), message_id=message_id)
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            text = f"Gagal: pengiriman terhenti ({exc.__class__.__name__}). Ulangi perintahnya."
            return Outcome(subject, Status.FAILED, text, failure=Failure.CONNECTION)
        refused = self._replies(refused_now)
        gone = {address.casefold() for address, _ in refused}
        delivered = tuple(a for a in recipients if a.casefold() not in gone)
        if refused:
            text = (
                f"Terkirim ke {listed(list(delivered))}; ditolak server untuk "
                f"{self._listed(refused)}."
            )
            status = Status.PARTIAL
        else:
            text, status = f"Terkirim ke {listed(list(delivered))}.", Status.SENT
        return Outcome(subject, status, text, delivered, refused, message_id=message_id)

    # The connection.

    def _connected(self) -> smtplib.SMTP:
        if self._fatal is not None:
            raise self._fatal
        if self._smtp is None:
            try:
                self._smtp = self._open()
            except _Fatal as fatal:
                self._fatal = fatal
                raise
        return self._smtp

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        context = self._context or ssl.create_default_context()
        smtp: smtplib.SMTP | None = None
        try:
            if s.tls is Tls.SSL:
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
            smtp.ehlo()
            if s.tls is Tls.STARTTLS:
                if not smtp.has_extn("starttls"):
                    raise _Fatal(Failure.TLS, self._no_starttls())
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.login and s.password is not None:
                smtp.login(s.user, s.password.reveal())
            return smtp
        except BaseException as exc:
            if smtp is not None:
                smtp.close()
            if isinstance(exc, _Fatal):
                raise
            if isinstance(exc, Exception):
                fatal = self._classify(exc)
                if fatal is not None:
                    raise fatal from None
            raise

    def _drop(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            smtp.close()

    # Words for what went wrong.

    def _classify(self, exc: Exception) -> _Fatal | None:
        """The plain sentence for a failure to connect, secure or log in; None if not one."""
        s = self.settings
        where = f"{s.host}:{s.port}"
        env = {name: variable for name, (variable, _) in NAMES.items()}
        tls_hint = (
            f"Periksa {env['tls']} dan {env['port']}: ssl biasanya dengan port 465, starttls "
            "dengan port 587."
        )
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            reply = self._reply(exc.smtp_code, exc.smtp_error)
            return _Fatal(
                Failure.AUTH,
                f"Gagal masuk: server surel {where} menolak nama pengguna '{s.user}' atau kata "
                f"sandinya ({reply}). Periksa {env['user']} dan {env['password']}.",
            )
        if isinstance(exc, smtplib.SMTPNotSupportedError) or (
            isinstance(exc, smtplib.SMTPException) and "authentication" in str(exc).lower()
        ):
            return _Fatal(
                Failure.AUTH,
                f"Gagal masuk: server surel {where} tidak menawarkan cara login yang dapat "
                f"dipakai. Bila {env['tls']} berisi none, coba starttls; bila server tidak "
                f"meminta login, kosongkan {env['user']} dan {env['password']}.",
            )
        if isinstance(exc, ssl.SSLCertVerificationError):
            why = one_line(exc.verify_message or exc.reason or "")
            return _Fatal(
                Failure.TLS,
                f"Gagal membuka sambungan aman (TLS): sertifikat server surel {where} tidak "
                f"dapat diverifikasi ({why}). Periksa {env['host']}: namanya harus sama dengan "
                "nama pada sertifikat server; bila benar, tanyakan pengelola TI.",
            )
        if isinstance(exc, ssl.SSLError):
            why = one_line(exc.reason or exc.__class__.__name__)
            return _Fatal(
                Failure.TLS,
                f"Gagal membuka sambungan aman (TLS) ke server surel {where} ({why}). {tls_hint}",
            )
        if isinstance(exc, ConnectionRefusedError):
            return _Fatal(
                Failure.CONNECTION,
                f"Gagal tersambung: server surel {where} menolak sambungan. Periksa "
                f"{env['host']} dan {env['port']}, dan apakah server surel sedang menyala.",
            )
        if isinstance(exc, socket.gaierror):
            return _Fatal(
                Failure.CONNECTION,
                f"Gagal tersambung: nama server surel '{s.host}' tidak dikenal. Periksa ejaan "
                f"{env['host']} dan sambungan jaringan komputer ini.",
            )
        # smtplib rewords a timeout while reading a reply as a disconnection.
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            seconds = format_id(int(self.timeout)) if self.timeout >= 1 else "1"
            return _Fatal(
                Failure.CONNECTION,
                f"Gagal tersambung: server surel {where} tidak menjawab dalam {seconds} detik. "
                f"Periksa sambungan jaringan. {tls_hint}",
            )
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return _Fatal(
                Failure.CONNECTION,
                f"Gagal tersambung: server surel {where} memutus sambungan. {tls_hint}",
            )
        if isinstance(exc, smtplib.SMTPResponseException):
            reply = self._reply(exc.smtp_code, exc.smtp_error)
            return _Fatal(
                Failure.CONNECTION,
                f"Gagal tersambung: server surel {where} menolak sambungan ({reply}).",
            )
        if isinstance(exc, OSError):  # SMTPException is an OSError too
            why = one_line(exc.strerror or exc.__class__.__name__)
            return _Fatal(
                Failure.CONNECTION,
                f"Gagal tersambung ke server surel {where} ({why}). Periksa {env['host']}, "
                f"{env['port']} dan sambungan jaringan.",
            )
        return None

    def _no_starttls(self) -> str:
        s = self.settings
        return (
            f"Gagal membuka sambungan aman (TLS): server surel {s.host}:{s.port} tidak "
            f"menawarkan STARTTLS. Bila port-nya 465, isi {NAMES['tls'][0]} dengan ssl; "
            "bila tidak, tanyakan pengelola TI."
        )

    def _reply(self, code: int, text: bytes | str) -> str:
        """The server's reply as one line: ``550 5.1.1 Mailbox tidak ada``."""
        words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return self._safe(one_line(f"{code} {words}"))

    def _replies(self, refused: dict[str, tuple[int, bytes]]) -> tuple[tuple[str, str], ...]:
        return tuple((address, self._reply(*reply)) for address, reply in refused.items())

    def _listed(self, refused: tuple[tuple[str, str], ...]) -> str:
        return listed([f"{address} ({reply})" for address, reply in refused])

    def _safe(self, text: str) -> str:
        """``text`` with the password, should a server echo it, replaced by ``***``."""
        password = self.settings.password
        secret = password.reveal() if password is not None else ""
        return text.replace(secret, "***") if len(secret) >= 4 else text
