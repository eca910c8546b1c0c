"""Shared pieces of the mail tests: a real SMTP server on loopback, a certificate, a time limit.

The server is aiosmtpd's, run in a thread by its ``Controller`` on 127.0.0.1
at a free port. :class:`Recorder` keeps every message it accepts (envelope
and bytes) and refuses the recipients it is told to, as a real server does
for an unknown mailbox. The certificate is made by the ``openssl`` program
for ``127.0.0.1``; the tests that need it are skipped where it is missing.
"""

from __future__ import annotations

import shutil
import signal
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.headerregistry import Address
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from lkt_excel.mail.settings import Secret, SmtpSettings, Tls

HOST = "127.0.0.1"
USER = "dinkop"
PASSWORD = "rahasia-Kop#2021"
SENDER = "dinkop@malangkab.go.id"
SECONDS_PER_TEST = 30  # every test here takes well under a second
CLIENT_TIMEOUT = 5.0  # each network step of the client


class Overran(BaseException):
    """A test ran out of time (a BaseException: the code under test cannot catch it)."""


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    login: bytes | None


@dataclass
class Recorder:
    """An aiosmtpd handler: accepts everything except the recipients in ``refuse``."""

    refuse: set[str] = field(default_factory=set)
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 Kotak surat tidak ada"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                bytes(envelope.original_content or envelope.content),
                session.login_data,
            )
        )
        return "250 Message accepted for delivery"


@dataclass
class Authenticator:
    """Accepts ``USER``/``PASSWORD``; counts attempts; ``echo`` puts the password in its reply."""

    echo: bool = False
    attempts: int = 0

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.attempts += 1
        good = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == USER.encode()
            and auth_data.password == PASSWORD.encode()
        )
        if not good and self.echo and isinstance(auth_data, LoginPassword):
            said = auth_data.password.decode()
            return AuthResult(success=False, handled=False, message=f"535 5.7.8 salah: {said}")
        # handled=False: aiosmtpd itself answers a failure (535); True would leave it silent.
        return AuthResult(success=good, handled=False, auth_data=auth_data)


@dataclass
class Server:
    port: int
    handler: Recorder
    authenticator: Authenticator | None


def free_port() -> int:
    """A port nothing listens on (bound and released: the OS does not hand it out again soon)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(
    handler: Recorder | None = None,
    *,
    authenticator: Authenticator | None = None,
    starttls: ssl.SSLContext | None = None,
    implicit_tls: ssl.SSLContext | None = None,
    auth_require_tls: bool = True,
) -> Iterator[Server]:
    """A running SMTP server on loopback; stopped on exit."""
    handler = handler or Recorder()
    port = free_port()
    options: dict[str, object] = {
        "auth_require_tls": auth_require_tls,
        "decode_data": False,
    }
    if authenticator is not None:
        options["authenticator"] = authenticator
    if starttls is not None:
        options["tls_context"] = starttls
        options["require_starttls"] = True
    controller = Controller(
        handler,
        hostname=HOST,
        port=port,
        ready_timeout=10,
        ssl_context=implicit_tls,
        **options,
    )
    controller.start()
    try:
        yield Server(port, handler, authenticator)
    finally:
        controller.stop()


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client that trusts this certificate alone (and checks the host name)."""
        return ssl.create_default_context(cafile=str(self.cert))


def make_certificate(folder: Path) -> Certificate:
    """A self-signed certificate for 127.0.0.1, made by the openssl program (skip without it)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: no certificate for the TLS tests")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
            "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST},DNS:localhost",
        ],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return Certificate(cert, key)


def settings(port: int, *, tls: Tls = Tls.NONE, password: str | None = PASSWORD) -> SmtpSettings:
    return SmtpSettings(
        host=HOST,
        port=port,
        tls=tls,
        sender=Address(display_name="Dinas Koperasi", addr_spec=SENDER),
        user=USER if password is not None else "",
        password=Secret(password) if password is not None else None,
    )


@pytest.fixture
def bounded():
    """Fail a test that runs longer than SECONDS_PER_TEST (POSIX; elsewhere unbounded)."""
    if sys.platform == "win32" or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise Overran(f"the test ran longer than {SECONDS_PER_TEST} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, SECONDS_PER_TEST)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
