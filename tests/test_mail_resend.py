"""The no-resend rule, and a report digest that two builds of the same input share."""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from mail_support import bounded  # noqa: F401

from lkt_excel.mail.resend import SentRecord, record, report_digest, should_send, unsent

pytestmark = pytest.mark.usefixtures("bounded")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "contoh-lkt-2021-kabupaten-malang.xlsx"
A, B, C = "kepala@malangkab.go.id", "bappeda@malangkab.go.id", "inspektorat@malangkab.go.id"


def test_nothing_sent_yet():
    assert unsent("d1", [A, B], []) == [A, B]
    assert should_send("d1", [A, B], [])


def test_the_same_report_to_the_same_addresses_is_not_sent_again():
    records = [record("d1", [B, A], "2022-01-10T09:30:00+07:00")]
    assert records[0].recipients == tuple(sorted([A, B]))
    assert unsent("d1", [A, B], records) == []
    assert not should_send("d1", [B, A], records)  # the order typed does not matter
    assert not should_send("d1", [A.upper()], records)  # nor the case


def test_a_changed_report_goes_to_everyone_again():
    records = [record("d1", [A, B])]
    assert unsent("d2", [A, B], records) == [A, B]


def test_an_added_address_gets_it_alone():
    records = [record("d1", [A, B])]
    assert unsent("d1", [A, B, C], records) == [C]


def test_a_refused_address_is_tried_again_the_others_are_not():
    # The first run reached A; B was refused, so the record names A alone.
    records = [record("d1", [A])]
    assert unsent("d1", [A, B], records) == [B]


def test_records_add_up_across_runs():
    records = [record("d1", [A]), record("d1", [B]), record("d0", [C])]
    assert unsent("d1", [A, B, C], records) == [C]


def test_a_record_round_trips_through_the_manifest_json():
    original = record("d1", [B, A], "2022-01-10T09:30:00+07:00")
    text = json.dumps(original.to_json())
    assert json.loads(text) == {
        "sha256": "d1",
        "recipients": sorted([A, B]),
        "when": "2022-01-10T09:30:00+07:00",
    }
    assert SentRecord.from_json(json.loads(text)) == original
    assert SentRecord.from_json({"sha256": "d1", "recipients": "rusak"}).recipients == ()


def test_two_builds_of_the_same_input_share_a_digest(tmp_path):
    from lkt_excel import api

    source = tmp_path / "masukan.xlsx"
    shutil.copyfile(EXAMPLE, source)
    first = api.build(source, tmp_path / "a.xlsx").output
    time.sleep(1.1)  # the workbook's creation time has whole seconds: make it differ
    second = api.build(source, tmp_path / "b.xlsx").output
    assert first.read_bytes() != second.read_bytes()  # docProps/core.xml differs
    assert report_digest(first) == report_digest(second)


def test_a_change_in_any_part_changes_the_digest(tmp_path):
    def workbook(name: str, sheet: bytes, created: bytes) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as book:
            book.writestr("docProps/core.xml", created)
            book.writestr("xl/worksheets/sheet1.xml", sheet)
        return path

    base = workbook("a.xlsx", b"<v>2,39</v>", b"2022-01-10")
    assert report_digest(base) == report_digest(workbook("b.xlsx", b"<v>2,39</v>", b"2023-05-05"))
    assert report_digest(base) != report_digest(workbook("c.xlsx", b"<v>2,40</v>", b"2022-01-10"))


def test_a_file_that_is_not_a_zip_is_hashed_by_its_bytes(tmp_path):
    import hashlib

    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7 isi")
    assert report_digest(pdf) == hashlib.sha256(b"%PDF-1.7 isi").hexdigest()
