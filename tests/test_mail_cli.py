"""``--surel`` and ``--kirim`` end to end: the commands, a real SMTP server on 127.0.0.1.

The server is aiosmtpd's (tests/mail_support.py). Every draft is read back with
Python's ``email`` package; every report a message carries is compared byte for
byte with the file in the output folder.

The example's two indicators, worked out by hand for the body's sentence:
IK1 is negatif, TW IV target 1, realisasi 32/1.339 x 100 = 2,39 -> capaian
(2 x 1 - 2,39) / 1 x 100 = -39 -> Sangat Rendah; IK2 is positif, target 0,05,
realisasi 3.498/429.569 x 100 = 0,81 -> 0,81 / 0,05 x 100 = 1.620 -> Sangat
Tinggi. Its four warnings are the four wrong figures of Realisasi Dilaporkan.
"""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import openpyxl
import pytest
from builders import unit
from mail_support import (
    PASSWORD,
    SENDER,
    USER,
    Authenticator,
    Recorder,
    free_port,
    make_certificate,
    smtp_server,
)
from typer.testing import CliRunner

from lkt_excel.cli.app import app
from lkt_excel.folder.manifest import MANIFEST_NAME
from lkt_excel.folder.summary import SUMMARY_HEADER_ROW, SUMMARY_NAME
from lkt_excel.mail.delivery import SENT_LOG

runner = CliRunner()

SUBJECT = "Laporan Kinerja Triwulan IV Tahun 2021 — Dinas Koperasi dan Usaha Mikro Kabupaten Malang"
REPORT = "LKT Dinas Koperasi dan Usaha Mikro Kabupaten Malang 2021 TW IV"
TO = ["bappeda@malangkab.example", "inspektorat@malangkab.example"]
CC = ["sekretariat@malangkab.example"]
JABATAN = "Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang"
NAMA = "NAMA KEPALA DINAS"
BODY = (
    "Yth. Bapak/Ibu,\n\n"
    "Dengan hormat, bersama surel ini kami sampaikan Laporan Kinerja Triwulan IV Tahun 2021 "
    "Dinas Koperasi dan Usaha Mikro Kabupaten Malang. Terlampir laporan dalam format Excel "
    f"({REPORT}.xlsx).\n\n"
    "Laporan memuat 2 indikator kinerja: 1 berkategori Sangat Tinggi dan 1 Sangat Rendah. "
    "Terdapat 4 catatan peringatan; rinciannya ada di lembar Catatan.\n\n"
    "Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.\n\n"
    f"Hormat kami,\n{JABATAN}\n{NAMA}\n"
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def body_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def addressed(rows, to=TO, cc=CC):
    rows = rows.copy().set("Jabatan", JABATAN).set("Nama", NAMA)
    return rows.set("Surel Tujuan", "; ".join(to)).set("Surel Tembusan", ", ".join(cc))


@pytest.fixture
def no_settings(tmp_path, monkeypatch):
    """No SMTP settings anywhere: an empty configuration folder, no LKT_SMTP_* variable."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "config"))
    for name in ("HOST", "PORT", "TLS", "USER", "PASSWORD", "FROM"):
        monkeypatch.delenv(f"LKT_SMTP_{name}", raising=False)


@pytest.fixture
def relay(no_settings, monkeypatch):
    """An office relay without login (tls none); the settings in the environment."""

    def start(handler: Recorder | None = None, port: int | None = None):
        monkeypatch.setenv("LKT_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("LKT_SMTP_TLS", "none")
        monkeypatch.setenv("LKT_SMTP_FROM", f"Dinas Koperasi <{SENDER}>")
        if port is not None:  # a server that is down
            monkeypatch.setenv("LKT_SMTP_PORT", str(port))
            return None
        server = smtp_server(handler)
        running = server.__enter__()
        monkeypatch.setenv("LKT_SMTP_PORT", str(running.port))
        started.append(server)
        return running

    started: list = []
    yield start
    for server in started:
        server.__exit__(None, None, None)


def summary(outdir: Path) -> tuple[list, list[tuple]]:
    sheet = openpyxl.load_workbook(outdir / SUMMARY_NAME)["Ringkasan"]
    header = [c.value for c in sheet[SUMMARY_HEADER_ROW]]
    rows = [tuple(r) for r in sheet.iter_rows(min_row=SUMMARY_HEADER_ROW + 1, values_only=True)]
    return header, rows


# ---------------------------------------------------------------------------
# The contract: the two keys
# ---------------------------------------------------------------------------


def test_a_bad_address_is_an_error_at_its_cell(rows, make_input):
    from lkt_excel import api

    # contoh.LAPORAN has seven keys (rows 1-7); the two set here are rows 8 and 9.
    path = make_input(
        rows.copy()
        .set("Surel Tujuan", "bappeda@malangkab.example; bappeda malangkab")
        .set("Surel Tembusan", "sekretariat@malangkab")
    )
    errors = [(p.code, p.cell, p.header) for p in api.check(path) if p.is_error]
    assert errors == [
        ("surel-tidak-sah", "Laporan!B8", "Surel Tujuan"),
        ("surel-tidak-sah", "Laporan!B9", "Surel Tembusan"),
    ]
    result = runner.invoke(app, ["build", str(path), "--surel"])
    assert result.exit_code == 1
    words = " ".join(result.output.split())
    assert "Surel Tujuan: 'bappeda malangkab' bukan alamat surel" in words
    assert "Traceback" not in result.output


def test_the_addresses_reach_the_settings(rows, make_input):
    from lkt_excel import api

    report, problems = api.load(make_input(addressed(rows, cc=[*CC, TO[0]])))
    assert report is not None, problems
    assert report.settings.surel_tujuan == tuple(TO)
    assert report.settings.surel_tembusan == (*CC, TO[0])


# ---------------------------------------------------------------------------
# build --surel
# ---------------------------------------------------------------------------


def test_build_surel_writes_a_draft_outlook_opens(rows, make_input):
    path = make_input(addressed(rows))
    result = runner.invoke(app, ["build", str(path), "--surel"])
    assert result.exit_code == 0, result.output
    report = path.parent / f"{REPORT}.xlsx"
    draft = path.parent / f"{REPORT}.eml"
    assert (
        f"Surel: Draf surel ditulis: {REPORT}.eml (untuk {TO[0]} dan {TO[1]}; tembusan {CC[0]})."
        in result.output
    )
    parsed = parse(draft.read_bytes())
    assert parsed["X-Unsent"] == "1"  # Outlook opens it as a draft to review and send
    assert parsed["Subject"] == SUBJECT
    assert [a.addr_spec for a in parsed["To"].addresses] == TO
    assert [a.addr_spec for a in parsed["Cc"].addresses] == CC
    assert "From" not in parsed and "Bcc" not in parsed
    assert parsed.get_content_type() == "multipart/mixed"
    assert body_text(parsed) == BODY
    [attachment] = parsed.iter_attachments()
    assert attachment.get_filename() == report.name
    assert attachment.get_content_type() == XLSX
    assert attachment.get_content() == report.read_bytes()
    assert not parsed.defects
    # The file name on one line, not in RFC 2231 pieces (filename*0*=...) that some
    # Outlook versions show as ATT00001.
    assert f'Content-Disposition: attachment; filename="{REPORT}.xlsx"\r\n'.encode() in (
        draft.read_bytes()
    )


def test_build_surel_without_addresses_still_drafts_and_says_so(rows, make_input):
    path = make_input(rows)
    result = runner.invoke(app, ["build", str(path), "--surel"])
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert f"Draf surel ditulis tanpa alamat tujuan: {REPORT}.eml" in words
    assert "Isi Surel Tujuan di lembar Laporan" in words
    parsed = parse((path.parent / f"{REPORT}.eml").read_bytes())
    assert "To" not in parsed and "Cc" not in parsed
    assert parsed["X-Unsent"] == "1"


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r"])
def test_a_line_break_in_instansi_never_adds_a_header(rows, make_input, relay, brk):
    server = relay()
    instansi = f"Dinas Koperasi{brk}Bcc: penyusup@mata.example"
    path = make_input(addressed(rows).set("Instansi", instansi))
    drafted = runner.invoke(app, ["build", str(path), "--surel", "-o", str(path.parent / "a.xlsx")])
    assert drafted.exit_code == 0, drafted.output
    parsed = parse((path.parent / "a.eml").read_bytes())
    assert "Bcc" not in parsed
    assert parsed["Subject"] == (
        "Laporan Kinerja Triwulan IV Tahun 2021 — Dinas Koperasi Bcc: penyusup@mata.example "
        "Kabupaten Malang"
    )
    sent = runner.invoke(app, ["build", str(path), "--kirim", "-o", str(path.parent / "b.xlsx")])
    assert sent.exit_code == 0, sent.output
    [got] = server.handler.messages
    assert got.rcpt_tos == [*TO, *CC]  # nobody else
    assert "Bcc" not in parse(got.content)


def test_build_surel_attaches_the_pdf(rows, make_input):
    from lkt_excel.report.pdf import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = make_input(addressed(rows))
    result = runner.invoke(app, ["build", str(path), "--pdf", "--surel"])
    assert result.exit_code == 0, result.output
    parsed = parse((path.parent / f"{REPORT}.eml").read_bytes())
    files = {a.get_filename(): a for a in parsed.iter_attachments()}
    assert sorted(files) == [f"{REPORT}.pdf", f"{REPORT}.xlsx"]
    pdf = path.parent / f"{REPORT}.pdf"
    assert files[pdf.name].get_content_type() == "application/pdf"
    assert files[pdf.name].get_content() == pdf.read_bytes()
    assert f"dalam format Excel ({REPORT}.xlsx) dan PDF ({REPORT}.pdf)." in body_text(parsed)


# ---------------------------------------------------------------------------
# --kirim: settings first
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "proses"])
def test_kirim_without_settings_names_them_and_builds_nothing(
    command, rows, make_input, no_settings, tmp_path
):
    (tmp_path / "masuk").mkdir()
    path = make_input(addressed(rows), "masuk/a.xlsx")
    target = path if command == "build" else path.parent
    result = runner.invoke(app, [command, str(target), "--kirim"])
    assert result.exit_code == 1
    words = " ".join(result.output.split())
    assert "Setelan server surel belum lengkap: isi LKT_SMTP_HOST dan LKT_SMTP_FROM" in words
    assert "host = mail.malangkab.go.id" in result.output  # the example to copy
    assert "Traceback" not in result.output
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.xlsx"]  # nothing built


# ---------------------------------------------------------------------------
# build --kirim
# ---------------------------------------------------------------------------


def test_build_kirim_with_starttls_and_login_sends_once(
    rows, make_input, no_settings, monkeypatch, tmp_path
):
    certificate = make_certificate(tmp_path)
    auth = Authenticator()
    # The client trusts this certificate alone: OpenSSL reads SSL_CERT_FILE.
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert))
    with smtp_server(authenticator=auth, starttls=certificate.server_context()) as server:
        for name, value in (
            ("HOST", "127.0.0.1"),
            ("PORT", str(server.port)),
            ("TLS", "starttls"),
            ("USER", USER),
            ("PASSWORD", PASSWORD),
            ("FROM", SENDER),
        ):
            monkeypatch.setenv(f"LKT_SMTP_{name}", value)
        path = make_input(addressed(rows))
        first = runner.invoke(app, ["build", str(path), "--kirim"])
        assert first.exit_code == 0, first.output
        assert f"Surel: Terkirim ke {TO[0]}, {TO[1]} dan {CC[0]}." in first.output
        [got] = server.handler.messages
        assert got.login == USER.encode() and got.rcpt_tos == [*TO, *CC]
        parsed = parse(got.content)
        assert parsed["Subject"] == SUBJECT and "X-Unsent" not in parsed
        assert parsed["From"].addresses[0].addr_spec == SENDER
        report = path.parent / f"{REPORT}.xlsx"
        [attachment] = parsed.iter_attachments()
        assert attachment.get_content() == report.read_bytes()
        assert not (path.parent / f"{REPORT}.eml").exists()  # sent: no draft to send twice
        log = json.loads((path.parent / SENT_LOG).read_text(encoding="utf-8"))
        [entry] = log["sent"]
        assert entry["report"] == report.name
        assert entry["recipients"] == sorted([*TO, *CC])
        # Built again from the same input: the same report, not sent again.
        second = runner.invoke(app, ["build", str(path), "--kirim"])
        assert second.exit_code == 0, second.output
        assert "Tidak dikirim lagi: laporan yang sama sudah terkirim" in second.output
        assert len(server.handler.messages) == 1
        assert auth.attempts == 1  # the second run did not even log in
    for text in (first.output, second.output, (path.parent / SENT_LOG).read_text("utf-8")):
        assert PASSWORD not in text


# ---------------------------------------------------------------------------
# proses --surel / --kirim
# ---------------------------------------------------------------------------


@pytest.fixture
def folder(rows, make_input, tmp_path):
    """Dinas A (cc'd to the sekretariat) and Dinas B, each with its own To."""

    def make(refuse: str | None = None, b_cc: tuple[str, ...] = ()) -> Path:
        a_to = ["kepala.a@malangkab.example", *([refuse] if refuse else [])]
        (tmp_path / "masuk").mkdir(exist_ok=True)
        make_input(addressed(unit(rows, "Dinas A"), to=a_to), "masuk/a.xlsx")
        make_input(
            addressed(unit(rows, "Dinas B"), to=["kepala.b@malangkab.example"], cc=list(b_cc)),
            "masuk/b.xlsx",
        )
        return tmp_path / "masuk"

    return make


A = "LKT Dinas A Kabupaten Malang 2021 TW IV"
B = "LKT Dinas B Kabupaten Malang 2021 TW IV"


def test_proses_surel_drafts_every_report(folder):
    inbox = folder()
    result = runner.invoke(app, ["proses", str(inbox), "--jobs", "1", "--surel"])
    assert result.exit_code == 0, result.output
    outdir = inbox / "hasil"
    for name, to in ((A, ["kepala.a@malangkab.example"]), (B, ["kepala.b@malangkab.example"])):
        parsed = parse((outdir / f"{name}.eml").read_bytes())
        assert [a.addr_spec for a in parsed["To"].addresses] == to
        [attachment] = parsed.iter_attachments()
        assert attachment.get_content() == (outdir / f"{name}.xlsx").read_bytes()
        assert f"Surel {name}.xlsx: Draf surel ditulis: {name}.eml" in result.output
    header, rows = summary(outdir)
    assert header[6:] == ["SUREL", "KETERANGAN"]
    assert [r[6] for r in rows] == ["draf", "draf"]


def test_proses_kirim_sends_each_report_once(folder, relay):
    server = relay()
    inbox = folder()
    first = runner.invoke(app, ["proses", str(inbox), "--jobs", "1", "--kirim"])
    assert first.exit_code == 0, first.output
    outdir = inbox / "hasil"
    got = {parse(m.content)["Subject"]: m for m in server.handler.messages}
    assert len(server.handler.messages) == 2
    a = got["Laporan Kinerja Triwulan IV Tahun 2021 — Dinas A Kabupaten Malang"]
    b = got["Laporan Kinerja Triwulan IV Tahun 2021 — Dinas B Kabupaten Malang"]
    assert a.rcpt_tos == ["kepala.a@malangkab.example", *CC]
    assert b.rcpt_tos == ["kepala.b@malangkab.example"]
    for message, name in ((a, A), (b, B)):
        [attachment] = parse(message.content).iter_attachments()
        assert attachment.get_content() == (outdir / f"{name}.xlsx").read_bytes()
        assert not (outdir / f"{name}.eml").exists()  # sent: no draft left to send twice
    assert f"Surel {B}.xlsx: Terkirim ke kepala.b@malangkab.example." in first.output
    header, rows = summary(outdir)
    assert header[6] == "SUREL"
    assert [(r[1], r[6]) for r in rows] == [("a.xlsx", "terkirim"), ("b.xlsx", "terkirim")]
    assert rows[1][7] == "Terkirim ke kepala.b@malangkab.example."
    sent = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))["sent"]
    assert sorted((e["report"], tuple(e["recipients"])) for e in sent) == [
        (f"{A}.xlsx", ("kepala.a@malangkab.example", CC[0])),
        (f"{B}.xlsx", ("kepala.b@malangkab.example",)),
    ]
    assert all(e["when"] for e in sent)

    # Again, unchanged: nothing is sent. Again with --semua (rebuilt, same reports): nothing.
    for again in (["--kirim"], ["--kirim", "--semua"]):
        rerun = runner.invoke(app, ["proses", str(inbox), "--jobs", "1", *again])
        assert rerun.exit_code == 0, rerun.output
        assert len(server.handler.messages) == 2
        assert [r[6] for r in summary(outdir)[1]] == ["sudah terkirim", "sudah terkirim"]
        assert "Tidak dikirim lagi" in rerun.output

    # A Tembusan added to Dinas B (its input changes, its report does not): the new
    # address alone gets it.
    folder(b_cc=("baru@malangkab.example",))
    added = runner.invoke(app, ["proses", str(inbox), "--jobs", "1", "--kirim"])
    assert added.exit_code == 0, added.output
    assert len(server.handler.messages) == 3
    newest = server.handler.messages[-1]
    assert newest.rcpt_tos == ["baru@malangkab.example"]
    assert parse(newest.content)["Cc"].addresses[0].addr_spec == "baru@malangkab.example"
    assert "To" not in parse(newest.content)
    assert "Sebelumnya sudah terkirim ke kepala.b@malangkab.example." in added.output


def test_a_refused_recipient_is_named_and_the_others_still_receive(folder, relay):
    refused = "tidak.ada@malangkab.example"
    server = relay(Recorder(refuse={refused}))
    inbox = folder(refuse=refused)
    result = runner.invoke(app, ["proses", str(inbox), "--jobs", "1", "--kirim"])
    assert result.exit_code == 1, result.output
    words = " ".join(result.output.split())
    assert (
        f"Terkirim ke kepala.a@malangkab.example dan {CC[0]}; ditolak server untuk {refused} "
        "(550 5.1.1 Kotak surat tidak ada)." in words
    )
    assert {tuple(m.rcpt_tos) for m in server.handler.messages} == {
        ("kepala.a@malangkab.example", CC[0]),
        ("kepala.b@malangkab.example",),
    }
    outdir = inbox / "hasil"
    # Dinas A's draft stays, for the refused address alone (the others have the report).
    parsed = parse((outdir / f"{A}.eml").read_bytes())
    assert [a.addr_spec for a in parsed["To"].addresses] == [refused] and "Cc" not in parsed
    assert [r[6] for r in summary(outdir)[1]] == ["terkirim sebagian", "terkirim"]
    assert "Surel: 1 terkirim sebagian, 1 terkirim." in result.output
    assert "1 laporan belum terkirim ke semua alamatnya: drafnya ada di folder hasil" in words


def test_a_server_that_is_down_keeps_every_draft(folder, relay):
    port = free_port()  # nothing listens there
    relay(port=port)
    inbox = folder()
    result = runner.invoke(app, ["proses", str(inbox), "--jobs", "1", "--kirim"])
    assert result.exit_code == 1
    words = " ".join(result.output.split())
    assert f"Gagal tersambung: server surel 127.0.0.1:{port} menolak sambungan." in words
    assert "Traceback" not in result.output
    outdir = inbox / "hasil"
    for name in (A, B):
        parsed = parse((outdir / f"{name}.eml").read_bytes())
        [attachment] = parsed.iter_attachments()
        assert attachment.get_content() == (outdir / f"{name}.xlsx").read_bytes()
        assert f"Draf disimpan: {name}.eml" in words
    assert [r[6] for r in summary(outdir)[1]] == ["gagal", "gagal"]
    assert json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))["sent"] == []


def test_kirim_is_not_for_pantau(tmp_path):
    result = runner.invoke(app, ["proses", str(tmp_path), "--pantau", "--surel"])
    assert result.exit_code == 2
    assert "--surel dan --kirim belum dapat dipakai bersama --pantau" in result.output


def test_the_example_carries_reserved_addresses():
    from lkt_excel.inputs import contoh

    for _, value in contoh.SUREL:
        for address in value.split(";"):
            assert address.strip().endswith(".example")  # RFC 2606: reaches no one


def test_a_report_recorded_without_its_letter_is_rebuilt_to_draft_it(folder):
    """A manifest entry from before --surel has no letter: the report is built again."""
    inbox = folder()
    first = runner.invoke(app, ["proses", str(inbox), "--jobs", "1"])
    assert first.exit_code == 0, first.output
    manifest_path = inbox / "hasil" / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["inputs"]["a.xlsx"]["letter"]["to"] == ["kepala.a@malangkab.example"]
    del manifest["inputs"]["a.xlsx"]["letter"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    again = runner.invoke(app, ["proses", str(inbox), "--jobs", "1", "--surel"])
    assert again.exit_code == 0, again.output
    rows = summary(inbox / "hasil")[1]
    assert [(r[1], r[2], r[6]) for r in rows] == [
        ("a.xlsx", "berhasil", "draf"),  # rebuilt, to know its letter
        ("b.xlsx", "tidak berubah", "draf"),
    ]
    assert (inbox / "hasil" / f"{A}.eml").is_file() and (inbox / "hasil" / f"{B}.eml").is_file()


def test_a_wrong_password_is_its_own_message_and_the_draft_stays(
    rows, make_input, no_settings, monkeypatch
):
    wrong = "salah-Sandi#99"
    with smtp_server(authenticator=Authenticator(), auth_require_tls=False) as server:
        for name, value in (
            ("HOST", "127.0.0.1"),
            ("PORT", str(server.port)),
            ("TLS", "none"),
            ("USER", USER),
            ("PASSWORD", wrong),
            ("FROM", SENDER),
        ):
            monkeypatch.setenv(f"LKT_SMTP_{name}", value)
        path = make_input(addressed(rows))
        result = runner.invoke(app, ["build", str(path), "--kirim"])
    assert result.exit_code == 1
    words = " ".join(result.output.split())
    assert f"Gagal masuk: server surel 127.0.0.1:{server.port} menolak nama pengguna" in words
    assert "Periksa LKT_SMTP_USER dan LKT_SMTP_PASSWORD." in words
    assert wrong not in result.output and "Traceback" not in result.output
    assert server.handler.messages == []
    parsed = parse((path.parent / f"{REPORT}.eml").read_bytes())
    assert [a.addr_spec for a in parsed["To"].addresses] == TO
    assert not (path.parent / SENT_LOG).exists()  # nothing was sent, nothing recorded
