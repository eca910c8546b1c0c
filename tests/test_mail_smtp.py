"""Sending against a real SMTP server (aiosmtpd) that each test starts on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import time
from pathlib import Path

import pytest
from mail_support import (
    CLIENT_TIMEOUT,
    PASSWORD,
    SENDER,
    USER,
    Authenticator,
    Recorder,
    bounded,  # noqa: F401
    free_port,
    make_certificate,
    settings,
    smtp_server,
)

from lkt_excel.mail.draft import compose
from lkt_excel.mail.settings import Tls
from lkt_excel.mail.smtp import Failure, Mailer, Status, send

pytestmark = pytest.mark.usefixtures("bounded")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "contoh-lkt-2021-kabupaten-malang.xlsx"
TO = ["kepala@malangkab.go.id", "bappeda@malangkab.go.id"]
CC = ["sekretariat@malangkab.go.id"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return make_certificate(tmp_path_factory.mktemp("cert"))


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "LKT Dinas Koperasi dan Usaha Mikro Kabupaten Malang 2021 TW IV.xlsx"
    shutil.copyfile(EXAMPLE, path)
    return path


def message(report: Path, *, to=TO, cc=CC, instansi="Dinas Koperasi dan Usaha Mikro"):
    return compose(
        triwulan=4,
        tahun=2021,
        instansi=instansi,
        wilayah="Kabupaten Malang",
        to=to,
        cc=cc,
        kategori={"Sangat Tinggi": 1, "Sangat Rendah": 1},
        warnings=4,
        jabatan="Kepala Dinas",
        nama="NAMA KEPALA DINAS",
        workbook=report,
    )


def parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def check_received(server, report: Path, recipients: list[str]):
    """The one message the server got: envelope, headers, and the attachment's bytes."""
    [got] = server.handler.messages
    assert got.mail_from == SENDER
    assert got.rcpt_tos == recipients
    parsed = parse(got.content)
    assert parsed["From"].addresses[0].addr_spec == SENDER
    assert parsed["From"].addresses[0].display_name == "Dinas Koperasi"
    assert "X-Unsent" not in parsed
    assert parsed["Message-ID"] and parsed["Date"]
    assert parsed["Subject"] == (
        "Laporan Kinerja Triwulan IV Tahun 2021 — Dinas Koperasi dan Usaha Mikro Kabupaten Malang"
    )
    [attachment] = parsed.iter_attachments()
    assert attachment.get_filename() == report.name
    assert attachment.get_content() == report.read_bytes()
    assert not parsed.defects
    return got


def test_starttls_with_login(report, certificate):
    auth = Authenticator()
    with smtp_server(authenticator=auth, starttls=certificate.server_context()) as server:
        draft = message(report)
        [outcome] = send(
            [draft],
            settings(server.port, tls=Tls.STARTTLS),
            ssl_context=certificate.client_context(),
            timeout=CLIENT_TIMEOUT,
        )
        assert outcome.status is Status.SENT, outcome.text
        assert outcome.delivered == (*TO, *CC)
        assert outcome.text == (
            "Terkirim ke kepala@malangkab.go.id, bappeda@malangkab.go.id dan "
            "sekretariat@malangkab.go.id."
        )
        got = check_received(server, report, [*TO, *CC])
        assert got.login == USER.encode()  # it logged in (only possible after STARTTLS here)
        assert auth.attempts == 1
        assert draft["X-Unsent"] == "1" and "From" not in draft  # the caller's copy is unchanged


def test_implicit_tls(report, certificate):
    # auth_require_tls=False: aiosmtpd does not see the TLS its Controller wraps around it.
    with smtp_server(
        authenticator=Authenticator(),
        implicit_tls=certificate.server_context(),
        auth_require_tls=False,
    ) as server:
        [outcome] = send(
            [message(report)],
            settings(server.port, tls=Tls.SSL),
            ssl_context=certificate.client_context(),
            timeout=CLIENT_TIMEOUT,
        )
        assert outcome.status is Status.SENT, outcome.text
        check_received(server, report, [*TO, *CC])


def test_plain_login_on_an_office_relay(report):
    with smtp_server(authenticator=Authenticator(), auth_require_tls=False) as server:
        [outcome] = send(
            [message(report)], settings(server.port, tls=Tls.NONE), timeout=CLIENT_TIMEOUT
        )
        assert outcome.status is Status.SENT, outcome.text
        assert check_received(server, report, [*TO, *CC]).login == USER.encode()


def test_a_relay_without_login(report):
    with smtp_server() as server:
        [outcome] = send(
            [message(report)], settings(server.port, password=None), timeout=CLIENT_TIMEOUT
        )
        assert outcome.status is Status.SENT, outcome.text
        assert check_received(server, report, [*TO, *CC]).login is None


def test_one_connection_for_many_reports(report):
    with smtp_server() as server:
        drafts = [message(report, to=[f"unit{n}@malangkab.go.id"], cc=[]) for n in range(3)]
        outcomes = send(drafts, settings(server.port, password=None), timeout=CLIENT_TIMEOUT)
        assert [o.status for o in outcomes] == [Status.SENT] * 3
        assert [m.rcpt_tos for m in server.handler.messages] == [
            ["unit0@malangkab.go.id"],
            ["unit1@malangkab.go.id"],
            ["unit2@malangkab.go.id"],
        ]
        ids = {o.message_id for o in outcomes}
        assert len(ids) == 3 and all(i.endswith("@malangkab.go.id>") for i in ids)


def test_a_refused_recipient_is_named_and_the_others_get_it(report):
    refused = "bappeda@malangkab.go.id"
    with smtp_server(Recorder(refuse={refused})) as server:
        [outcome] = send(
            [message(report)], settings(server.port, password=None), timeout=CLIENT_TIMEOUT
        )
        assert outcome.status is Status.PARTIAL
        assert outcome.delivered == ("kepala@malangkab.go.id", "sekretariat@malangkab.go.id")
        assert outcome.refused == ((refused, "550 5.1.1 Kotak surat tidak ada"),)
        assert outcome.text == (
            "Terkirim ke kepala@malangkab.go.id dan sekretariat@malangkab.go.id; ditolak server "
            "untuk bappeda@malangkab.go.id (550 5.1.1 Kotak surat tidak ada)."
        )
        check_received(server, report, ["kepala@malangkab.go.id", "sekretariat@malangkab.go.id"])


def test_every_recipient_refused(report):
    with smtp_server(Recorder(refuse={"kepala@malangkab.go.id"})) as server:
        drafts = [
            message(report, to=["kepala@malangkab.go.id"], cc=[]),
            message(report, to=["bappeda@malangkab.go.id"], cc=[]),
        ]
        first, second = send(drafts, settings(server.port, password=None), timeout=CLIENT_TIMEOUT)
        assert first.status is Status.REFUSED and not first.sent
        assert first.text == (
            "Ditolak: server menolak semua alamat tujuan: kepala@malangkab.go.id "
            "(550 5.1.1 Kotak surat tidak ada)."
        )
        assert second.status is Status.SENT  # the session goes on after a refusal
        assert [m.rcpt_tos for m in server.handler.messages] == [["bappeda@malangkab.go.id"]]


def test_a_server_that_is_down(report):
    port = free_port()  # nothing listens there
    started = time.monotonic()
    outcomes = send([message(report), message(report)], settings(port), timeout=CLIENT_TIMEOUT)
    assert time.monotonic() - started < CLIENT_TIMEOUT  # refused at once, not timed out
    assert [(o.status, o.failure) for o in outcomes] == [(Status.FAILED, Failure.CONNECTION)] * 2
    assert outcomes[0].text == (
        f"Gagal tersambung: server surel 127.0.0.1:{port} menolak sambungan. Periksa "
        "LKT_SMTP_HOST dan LKT_SMTP_PORT, dan apakah server surel sedang menyala."
    )
    assert outcomes[1].text == outcomes[0].text


def test_a_server_that_does_not_answer(report):
    # It accepts the connection (the backlog of a listening socket) but never says hello,
    # as a server on port 465 does to a client that waits for a plain greeting.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        [outcome] = send([message(report)], settings(port, tls=Tls.STARTTLS), timeout=1)
        assert time.monotonic() - started < CLIENT_TIMEOUT
    assert (outcome.status, outcome.failure) == (Status.FAILED, Failure.CONNECTION)
    assert outcome.text.startswith(
        f"Gagal tersambung: server surel 127.0.0.1:{port} tidak menjawab dalam 1 detik."
    )
    assert "ssl biasanya dengan port 465" in outcome.text


def test_wrong_password(report):
    auth = Authenticator()
    with smtp_server(authenticator=auth, auth_require_tls=False) as server:
        outcomes = send(
            [message(report), message(report)],
            settings(server.port, password="salah-sandi"),
            timeout=CLIENT_TIMEOUT,
        )
        assert [(o.status, o.failure) for o in outcomes] == [(Status.FAILED, Failure.AUTH)] * 2
        assert outcomes[0].text.startswith(
            "Gagal masuk: server surel 127.0.0.1:"
            f"{server.port} menolak nama pengguna 'dinkop' atau kata sandinya (535 "
        )
        assert outcomes[0].text.endswith("Periksa LKT_SMTP_USER dan LKT_SMTP_PASSWORD.")
        assert "salah-sandi" not in outcomes[0].text
        # smtplib tries each mechanism the server offers (LOGIN, PLAIN) once, then gives up;
        # the second message does not try again: forty failed logins would lock the account.
        assert auth.attempts == 2
        assert server.handler.messages == []


def test_a_server_that_echoes_the_password_is_scrubbed(report):
    with smtp_server(authenticator=Authenticator(echo=True), auth_require_tls=False) as server:
        secret = "Sandi-Yang-Salah-2021"
        [outcome] = send(
            [message(report)], settings(server.port, password=secret), timeout=CLIENT_TIMEOUT
        )
        assert outcome.failure is Failure.AUTH
        assert secret not in outcome.text and "salah: ***" in outcome.text
        assert secret not in repr(outcome)


def test_login_not_offered(report):
    # auth_require_tls with no TLS: the server does not offer AUTH at all.
    with smtp_server(authenticator=Authenticator(), auth_require_tls=True) as server:
        [outcome] = send([message(report)], settings(server.port), timeout=CLIENT_TIMEOUT)
        assert outcome.failure is Failure.AUTH
        assert "tidak menawarkan cara login" in outcome.text
        assert "Bila LKT_SMTP_TLS berisi none, coba starttls" in outcome.text


def test_untrusted_certificate_is_a_tls_failure(report, certificate):
    with smtp_server(starttls=certificate.server_context()) as server:
        # The system's own authorities do not know the test's self-signed certificate.
        [outcome] = send(
            [message(report)],
            settings(server.port, tls=Tls.STARTTLS, password=None),
            timeout=CLIENT_TIMEOUT,
        )
        assert (outcome.status, outcome.failure) == (Status.FAILED, Failure.TLS)
        assert outcome.text.startswith(
            "Gagal membuka sambungan aman (TLS): sertifikat server surel "
            f"127.0.0.1:{server.port} tidak dapat diverifikasi ("
        )
        assert server.handler.messages == []


def test_starttls_not_offered(report):
    with smtp_server() as server:
        [outcome] = send(
            [message(report)],
            settings(server.port, tls=Tls.STARTTLS, password=None),
            timeout=CLIENT_TIMEOUT,
        )
        assert outcome.failure is Failure.TLS
        assert f"127.0.0.1:{server.port} tidak menawarkan STARTTLS" in outcome.text
        assert server.handler.messages == []


def test_ssl_against_a_plain_server(report):
    with smtp_server() as server:
        [outcome] = send(
            [message(report)],
            settings(server.port, tls=Tls.SSL, password=None),
            timeout=CLIENT_TIMEOUT,
        )
        assert outcome.failure is Failure.TLS, outcome.text
        assert "ssl biasanya dengan port 465, starttls dengan port 587" in outcome.text


def test_no_recipients_never_connects(report):
    port = free_port()  # a server that is down: a connection attempt would fail differently
    [outcome] = send([message(report, to=[], cc=[])], settings(port), timeout=CLIENT_TIMEOUT)
    assert (outcome.status, outcome.failure) == (Status.FAILED, Failure.NO_RECIPIENTS)
    assert outcome.text == "Tidak dikirim: tidak ada alamat tujuan (Surel Tujuan kosong)."


def test_header_injection_does_not_reach_the_envelope(report):
    with smtp_server() as server:
        draft = message(report, instansi="Dinas\r\nBcc: penyusup@contoh.id")
        [outcome] = send([draft], settings(server.port, password=None), timeout=CLIENT_TIMEOUT)
        assert outcome.status is Status.SENT
        [got] = server.handler.messages
        assert got.rcpt_tos == [*TO, *CC]
        assert "Bcc" not in parse(got.content)


def test_mailer_sends_one_at_a_time(report):
    with (
        smtp_server() as server,
        Mailer(settings(server.port, password=None), timeout=CLIENT_TIMEOUT) as mailer,
    ):
        first = mailer.send(message(report, to=["a@malangkab.go.id"], cc=[]))
        assert first.status is Status.SENT and len(server.handler.messages) == 1
        second = mailer.send(message(report, to=["b@malangkab.go.id"], cc=[]))
        assert second.status is Status.SENT and len(server.handler.messages) == 2


def test_the_password_is_in_no_outcome(report):
    with smtp_server(authenticator=Authenticator(), auth_require_tls=False) as server:
        outcomes = send(
            [message(report), message(report, to=[], cc=[])],
            settings(server.port),
            timeout=CLIENT_TIMEOUT,
        )
    for outcome in outcomes:
        assert PASSWORD not in repr(outcome)


def test_a_dropped_connection_fails_one_message_and_the_next_reconnects(report):
    with (
        smtp_server() as server,
        Mailer(settings(server.port, password=None), timeout=CLIENT_TIMEOUT) as mailer,
    ):
        assert mailer.send(message(report, to=["a@malangkab.go.id"], cc=[])).sent
        assert mailer._smtp is not None and mailer._smtp.sock is not None
        mailer._smtp.sock.shutdown(socket.SHUT_RDWR)  # the network drops the session
        dropped = mailer.send(message(report, to=["b@malangkab.go.id"], cc=[]))
        assert (dropped.status, dropped.failure) == (Status.FAILED, Failure.CONNECTION)
        assert dropped.text == (
            "Gagal: sambungan ke server surel terputus saat mengirim. Ulangi perintahnya."
        )
        again = mailer.send(message(report, to=["c@malangkab.go.id"], cc=[]))
        assert again.status is Status.SENT
        assert [m.rcpt_tos for m in server.handler.messages] == [
            ["a@malangkab.go.id"],
            ["c@malangkab.go.id"],
        ]
