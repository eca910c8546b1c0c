"""The report's email: composed from plain data, written as .eml, parsed back by `email`."""

from __future__ import annotations

import email
import email.policy
import shutil
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from mail_support import bounded  # noqa: F401

from lkt_excel.mail.draft import (
    MIME_TYPES,
    compose,
    draft_path,
    kategori_counts,
    subject,
    write_draft,
)

pytestmark = pytest.mark.usefixtures("bounded")

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "contoh-lkt-2021-kabupaten-malang.xlsx"
)
SUBJECT = "Laporan Kinerja Triwulan IV Tahun 2021 — Dinas Koperasi dan Usaha Mikro Kabupaten Malang"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WHEN = datetime(2022, 1, 10, 9, 30, tzinfo=timezone(timedelta(hours=7)))  # WIB
BANDS = {"Sangat Tinggi": 5, "Tinggi": 4, "Sedang": 0, "Rendah": 2, "Sangat Rendah": 1}


@pytest.fixture
def report(tmp_path) -> Path:
    """A workbook to attach: the example's bytes under a report's name."""
    path = tmp_path / "LKT Dinas Koperasi dan Usaha Mikro Kabupaten Malang 2021 TW IV.xlsx"
    shutil.copyfile(EXAMPLE, path)
    return path


@pytest.fixture
def pdf(report) -> Path:
    path = report.with_suffix(".pdf")
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    return path


def make(report: Path, **changes) -> EmailMessage:
    arguments = {
        "triwulan": 4,
        "tahun": 2021,
        "instansi": "Dinas Koperasi dan Usaha Mikro",
        "wilayah": "Kabupaten Malang",
        "to": ["kepala@malangkab.go.id", "bappeda@malangkab.go.id"],
        "cc": ["sekretariat@malangkab.go.id"],
        "kategori": BANDS,
        "warnings": 4,
        "jabatan": "Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang",
        "nama": "NAMA KEPALA DINAS",
        "workbook": report,
        "date": WHEN,
    }
    return compose(**{**arguments, **changes})


def written(message: EmailMessage, folder: Path) -> tuple[bytes, EmailMessage]:
    """The draft's bytes on disk and the message Python's email package reads from them."""
    path = write_draft(message, folder / "draft.eml")
    data = path.read_bytes()
    return data, email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content().replace("\r\n", "\n")  # the file's line ends are CRLF


def attachments(message: EmailMessage) -> list[tuple[str | None, str, bytes]]:
    return [
        (part.get_filename(), part.get_content_type(), part.get_content())
        for part in message.iter_attachments()
    ]


def test_headers_read_back(report, tmp_path):
    data, parsed = written(make(report), tmp_path)
    assert parsed["Subject"] == SUBJECT
    assert [a.addr_spec for a in parsed["To"].addresses] == [
        "kepala@malangkab.go.id",
        "bappeda@malangkab.go.id",
    ]
    assert [a.addr_spec for a in parsed["Cc"].addresses] == ["sekretariat@malangkab.go.id"]
    assert parsed["X-Unsent"] == "1"
    assert parsed["MIME-Version"] == "1.0"
    assert parsedate_to_datetime(parsed["Date"]) == WHEN
    assert parsed.get_content_type() == "multipart/mixed"
    assert "From" not in parsed  # the mail client fills in its own account
    assert not parsed.defects
    assert all(byte < 128 for byte in data)  # 7-bit clean: any relay takes it as is
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only


def test_body_says_what_is_attached_and_counts_the_indicators(report, tmp_path):
    _, parsed = written(make(report), tmp_path)
    text = body_text(parsed)
    assert text.startswith("Yth. Bapak/Ibu,\n\n")
    assert (
        "bersama surel ini kami sampaikan Laporan Kinerja Triwulan IV Tahun 2021 Dinas "
        "Koperasi dan Usaha Mikro Kabupaten Malang." in text
    )
    assert f"Terlampir laporan dalam format Excel ({report.name})." in text
    # 5 + 4 + 0 + 2 + 1 = 12 indicators; Sedang has none and is left out.
    assert (
        "Laporan memuat 12 indikator kinerja: 5 berkategori Sangat Tinggi, 4 Tinggi, 2 Rendah "
        "dan 1 Sangat Rendah." in text
    )
    assert "Sedang" not in text
    assert "Terdapat 4 catatan peringatan; rinciannya ada di lembar Catatan." in text
    assert text.endswith(
        "Hormat kami,\nKepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang\nNAMA KEPALA DINAS\n"
    )


def test_numbers_are_written_the_indonesian_way(report, tmp_path):
    # 1.200 + 34 = 1.234 indicators (a thousands dot, as Indonesian writes it).
    message = make(report, kategori={"Sangat Tinggi": 1200, "Tinggi": 34}, warnings=1500)
    text = body_text(written(message, tmp_path)[1])
    assert (
        "Laporan memuat 1.234 indikator kinerja: 1.200 berkategori Sangat Tinggi dan 34 Tinggi."
        in text
    )
    assert "Terdapat 1.500 catatan peringatan" in text


def test_no_warnings_and_indicators_without_kategori(report, tmp_path):
    # 2 with a kategori + 1 whose capaian could not be reckoned = 3.
    message = make(report, kategori={"Tinggi": 2, "Rendah": 0}, uncategorized=1, warnings=0)
    text = body_text(written(message, tmp_path)[1])
    assert (
        "Laporan memuat 3 indikator kinerja: 2 berkategori Tinggi dan 1 belum berkategori "
        "karena capaiannya tidak dapat dihitung." in text
    )
    assert "Tidak ada catatan peringatan." in text


def test_no_indicators(report, tmp_path):
    text = body_text(written(make(report, kategori={}, warnings=0), tmp_path)[1])
    assert "Laporan ini belum memuat indikator kinerja." in text


def test_attachment_is_the_workbook_byte_for_byte(report, tmp_path):
    _, parsed = written(make(report), tmp_path)
    assert attachments(parsed) == [(report.name, XLSX, report.read_bytes())]
    assert MIME_TYPES[".xlsx"] == tuple(XLSX.split("/"))


def test_workbook_and_pdf(report, pdf, tmp_path):
    _, parsed = written(make(report, pdf=pdf), tmp_path)
    assert attachments(parsed) == [
        (report.name, XLSX, report.read_bytes()),
        (pdf.name, "application/pdf", pdf.read_bytes()),
    ]
    assert (
        f"Terlampir laporan dalam format Excel ({report.name}) dan PDF ({pdf.name})."
        in body_text(parsed)
    )


def test_a_name_outside_ascii_survives(tmp_path, report):
    named = report.with_name("LKT Dinas Pariwisata Bumi Arema é 2021 TW IV.xlsx")
    report.rename(named)
    _, parsed = written(make(named, instansi="Dinas Pariwisata Bumi Arema é"), tmp_path)
    assert attachments(parsed)[0][0] == named.name
    assert parsed["Subject"].endswith("— Dinas Pariwisata Bumi Arema é Kabupaten Malang")


def test_without_addresses_the_draft_has_no_to(report, tmp_path):
    _, parsed = written(make(report, to=[], cc=[]), tmp_path)
    assert "To" not in parsed and "Cc" not in parsed
    assert parsed["Subject"] == SUBJECT
    assert parsed["X-Unsent"] == "1"
    assert not parsed.defects
    assert attachments(parsed)[0][2] == report.read_bytes()


def test_cc_that_is_also_a_to_is_left_out(report, tmp_path):
    message = make(report, to=["kepala@malangkab.go.id"], cc=["KEPALA@malangkab.go.id", "a@b.id"])
    _, parsed = written(message, tmp_path)
    assert [a.addr_spec for a in parsed["Cc"].addresses] == ["a@b.id"]


def test_from_when_given(report, tmp_path):
    message = make(report, sender="Dinas Koperasi <dinkop@malangkab.go.id>")
    assert written(message, tmp_path)[1]["From"].addresses[0].addr_spec == "dinkop@malangkab.go.id"


@pytest.mark.parametrize("address", ["Nama <a@b.id>", "a@b.id\r\nBcc: x@y.id", "bukan-alamat"])
def test_a_bad_address_is_a_programming_error(report, address):
    with pytest.raises(ValueError, match="parse_addresses"):
        make(report, to=[address])


BREAKS = ["\n", "\r", "\r\n", "\r\n\r\n", "\u2028", "\x85", "\x0b", "\x00", "\x1b", "\u200b"]


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_a_line_break_in_the_spreadsheet_never_adds_a_header(report, tmp_path, brk):
    message = make(
        report,
        instansi=f"Dinas Koperasi{brk}Bcc: penyusup@contoh.id{brk}X-Evil: 1",
        wilayah=f"Kabupaten Malang{brk}{brk}Isi palsu",
        kategori={f"Tinggi{brk}Reply-To: penyusup@contoh.id": 1},
        jabatan=f"Kepala{brk}Bcc: penyusup@contoh.id",
        nama=f"NAMA{brk}",
    )
    data, parsed = written(message, tmp_path)
    assert sorted(parsed.keys()) == sorted(
        ["Subject", "To", "Cc", "Date", "X-Unsent", "MIME-Version", "Content-Type"]
    )
    assert "Bcc" not in parsed and "X-Evil" not in parsed and "Reply-To" not in parsed
    assert not parsed.defects
    # The words stay, on one line, separated by a space.
    assert parsed["Subject"] == (
        "Laporan Kinerja Triwulan IV Tahun 2021 — Dinas Koperasi Bcc: penyusup@contoh.id "
        "X-Evil: 1 Kabupaten Malang Isi palsu"
    )
    text = body_text(parsed)
    assert "1 berkategori Tinggi Reply-To: penyusup@contoh.id." in text
    assert text.endswith("Hormat kami,\nKepala Bcc: penyusup@contoh.id\nNAMA\n")
    assert all(byte >= 32 or byte in b"\r\n" for byte in data)  # no control byte is left


def test_subject_without_instansi():
    assert subject(triwulan=1, tahun=2024, instansi=" ", wilayah="") == (
        "Laporan Kinerja Triwulan I Tahun 2024"
    )
    with pytest.raises(ValueError):
        subject(triwulan=5, tahun=2024, instansi="a", wilayah="b")


def test_write_draft_replaces_atomically(report, tmp_path):
    target = draft_path(report)
    assert target == report.with_suffix(".eml")
    target.write_bytes(b"old")
    assert write_draft(make(report), target) == target
    parsed = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == SUBJECT
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([report.name, target.name])


def test_write_draft_failure_leaves_nothing(report, tmp_path):
    target = tmp_path / "tidak-ada" / "x.eml"  # its folder does not exist
    with pytest.raises(OSError):
        write_draft(make(report), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [report.name]


def test_kategori_counts_of_the_example():
    from lkt_excel import api
    from lkt_excel.core.capaian import compute_capaian
    from lkt_excel.core.compute import compute

    loaded, _ = api.load(EXAMPLE)
    assert loaded is not None
    counts, uncategorized = kategori_counts(compute_capaian(compute(loaded)), loaded.settings.bands)
    # IK1 (negatif, rule selisih): total target 1, realisasi 32/1.339 x 100 = 2,39;
    #   capaian (2 x 1 - 2,39) / 1 x 100 = -39 -> the lowest band, Sangat Rendah.
    # IK2 (positif): total target 0,05, realisasi 3.498/429.569 x 100 = 0,81;
    #   capaian 0,81 / 0,05 x 100 = 1.620 >= 91 -> Sangat Tinggi.
    assert counts == {
        "Sangat Tinggi": 1,
        "Tinggi": 0,
        "Sedang": 0,
        "Rendah": 0,
        "Sangat Rendah": 1,
    }
    assert uncategorized == 0
