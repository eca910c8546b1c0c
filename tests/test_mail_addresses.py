"""`Surel Tujuan` / `Surel Tembusan`: the addresses of a cell, and a plain message for a bad one."""

from __future__ import annotations

import dataclasses

import pytest
from mail_support import bounded  # noqa: F401

from lkt_excel.core.problems import Level
from lkt_excel.mail.addresses import CODE, is_address, parse_address, parse_addresses
from lkt_excel.mail.text import one_line

pytestmark = pytest.mark.usefixtures("bounded")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kepala@malangkab.go.id", ["kepala@malangkab.go.id"]),
        ("a@malangkab.go.id; b@malangkab.go.id", ["a@malangkab.go.id", "b@malangkab.go.id"]),
        ("a@malangkab.go.id,b@malangkab.go.id", ["a@malangkab.go.id", "b@malangkab.go.id"]),
        ("a@x.id ;, ; b@y.co.id ;", ["a@x.id", "b@y.co.id"]),  # empty parts are ignored
        ("\u00a0a@x.id\u00a0", ["a@x.id"]),  # non-breaking spaces around, as Excel pastes
        ("mailto:a@x.id", ["a@x.id"]),  # a hyperlink's target
        ("first.last+lkt@sub-domain.example.com", ["first.last+lkt@sub-domain.example.com"]),
        ("a@x.id; A@X.ID", ["a@x.id"]),  # the same address twice, in another case
        ("", []),
        ("  ;  ", []),
        (None, []),
    ],
)
def test_good_values(text, expected):
    parsed = parse_addresses(text)
    assert parsed.ok and list(parsed.addresses) == expected


@pytest.mark.parametrize(
    ("text", "reason", "fix"),
    [
        ("kepala.malangkab.go.id", "tidak ada tanda @", "nama@malangkab.go.id"),
        ("a@@x.id", "lebih dari satu tanda @", "nama@malangkab.go.id"),
        ("@x.id", "tidak ada nama sebelum tanda @", "nama@malangkab.go.id"),
        ("a@", "tidak ada domain sesudah tanda @", "Lengkapi domainnya"),
        ("kepala@gmail", "domain 'gmail' tidak lengkap", "Lengkapi domainnya"),
        ("a@x..id", "penulisannya tidak sah", "dua titik berurutan"),
        ("a@-x.id", "domain '-x.id' tidak sah", "huruf, angka, titik"),
        ("a@x_y.id", "domain 'x_y.id' tidak sah", "huruf, angka, titik"),
        ("a@x.i", "domain 'x.i' tidak sah", "huruf, angka, titik"),
        ("a@[10.0.0.1]", "tanda kurung", "nama@malangkab.go.id"),
        ("a..b@x.id", "penulisannya tidak sah", "dua titik berurutan"),
        (".a@x.id", "penulisannya tidak sah", "dua titik berurutan"),
        ("kep ala@x.id", "ada spasi di dalamnya", "Hapus spasinya: kepala@x.id."),
        # No address without the space either: an example instead (not "spasinya:, mis.").
        (
            "kepala malangkab.id",
            "ada spasi di dalamnya",
            "Hapus spasinya, mis. nama@malangkab.go.id.",
        ),
        ("a@x.id b@y.id", "beberapa alamat tanpa pemisah", "Pisahkan setiap alamat dengan ;"),
        ("Kepala Dinas <kepala@x.id>", "ada nama", "Tulis alamatnya saja: kepala@x.id"),
        # A display name that looks like an address, hiding where it really goes:
        ('"kepala@x.id" <penyusup@contoh.id>', "ada nama", "alamatnya saja: penyusup@contoh.id"),
        ("a@x.id (kantor)", "ada nama atau tanda kurung", "alamatnya saja: a@x.id"),
        ('"a b"@x.id', "tanda kutip", "nama@malangkab.go.id"),
        ("a@x.id\nBcc: b@y.id", "ada baris baru", "satu baris"),
        ("a\r@x.id", "ada baris baru", "satu baris"),
        ("a\u200b@x.id", "karakter tak terlihat (U+200B)", "ketik ulang"),
        ("a\x00@x.id", "karakter tak terlihat (U+0000)", "ketik ulang"),
        ("kepalä@x.id", "huruf 'ä'", "tanpa tanda aksen"),
        ("a@bücher.id", "huruf 'ü'", "tanpa tanda aksen"),
        ("a" * 65 + "@x.id", "terlalu panjang", "Periksa"),
    ],
)
def test_bad_values_name_the_address_and_the_fix(text, reason, fix):
    parsed = parse_addresses(f"baik@malangkab.go.id; {text}", key="Surel Tembusan")
    assert parsed.addresses == ("baik@malangkab.go.id",)  # the good one is kept
    [problem] = parsed.problems
    assert problem.code == CODE and problem.level is Level.ERROR
    assert problem.message.startswith(f"Surel Tembusan: '{one_line(text.strip())}' bukan alamat")
    assert reason in problem.message
    assert fix.lower() in problem.fix.lower()
    assert "\n" not in problem.message and "\r" not in problem.message
    assert not is_address(text)


def test_every_bad_address_of_a_cell_is_named():
    parsed = parse_addresses("a@x.id; salah; b@y.id; juga salah")
    assert parsed.addresses == ("a@x.id", "b@y.id")
    assert ["'salah'" in p.message for p in parsed.problems] == [True, False]
    assert "'juga salah'" in parsed.problems[1].message


def test_the_caller_places_a_problem_at_its_cell():
    [problem] = parse_addresses("salah").problems
    placed = dataclasses.replace(
        problem, sheet="Laporan", row=12, column="B", header="Surel Tujuan"
    )
    assert placed.cell == "Laporan!B12"


def test_parse_address_returns_the_bare_address():
    assert parse_address("  kepala@x.id ") == ("kepala@x.id", None)
    address, problem = parse_address("x")
    assert address is None and problem is not None
