"""A wrong command line is answered in Indonesian, with exit code 2 (a bad input file: 1).

click's own sentences are English; every one a user can meet here is replaced
by an Indonesian sentence naming the argument or option and how to write it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import pytest
import typer
from typer.testing import CliRunner

from lkt_excel.cli.app import app
from lkt_excel.cli.indonesian import IndonesianGroup, IndonesianTyper

# click's English, none of which may reach the user.
CLICK_ENGLISH = (
    "Missing argument",
    "Missing option",
    "No such option",
    "No such command",
    "Got unexpected",
    "Invalid value",
    "requires an argument",
    "does not take a value",
    "Did you mean",
    "Possible options",
    "Input should",
    "is not a valid",
    "is not in the range",
    "does not exist",
)
# Single English words that would show a sentence was left untranslated (whole words).
ENGLISH_WORDS = {"Error", "Usage", "Try", "Missing", "Invalid", "unexpected", "argument", "value"}


def said(application, args: list[str]) -> tuple[int, str]:
    """Exit code, and the output with the error panel's frame removed and lines joined."""
    result = CliRunner().invoke(application, args, env={"COLUMNS": "200"})
    text = result.output.replace("│", " ").replace("╭", " ").replace("╰", " ")
    return result.exit_code, " ".join(text.split())


def assert_indonesian(text: str) -> None:
    for phrase in CLICK_ENGLISH:
        assert phrase not in text, phrase
    words = set(text.replace(".", " ").replace(":", " ").split())
    assert not words & ENGLISH_WORDS, words & ENGLISH_WORDS


# Each wrong command line of the real CLI, and the sentence it gets.
CASES = {
    "missing argument": (
        ["build"],
        "Argumen MASUKAN belum diisi: sebutkan berkas masukan (.xlsx, .xlsm, .xls, .ods). "
        "Contoh: lkt-excel build masukan-lkt.xlsx --pdf",
    ),
    "missing folder": (
        ["proses"],
        "Argumen FOLDER belum diisi: sebutkan folder berisi berkas-berkas Excel masukan. "
        'Contoh: lkt-excel proses "D:\\LKT\\Triwulan IV"',
    ),
    "extra arguments": (
        ["build", "a.xlsx", "b", "c"],
        "Argumen berlebih: 'b', 'c'. Perintah build hanya menerima MASUKAN. Nama berkas atau "
        'folder yang berisi spasi harus diapit tanda kutip, misalnya "Laporan TW IV.xlsx".',
    ),
    "unknown option": (
        ["build", "--bogus", "x"],
        "Opsi --bogus tidak dikenal oleh perintah build. "
        "Opsi yang ada: --output, --pdf, --dengan-catatan, --surel, --kirim, --debug, --help.",
    ),
    "mistyped option": (
        ["build", "--outpt", "x"],
        "Opsi --outpt tidak dikenal oleh perintah build. Maksud Anda --output?",
    ),
    "unknown option of the program": (
        ["--bogus"],
        "Opsi --bogus tidak dikenal. Opsi yang ada: --version, --help.",
    ),
    "not an integer": (
        ["proses", "--jobs", "abc", "."],
        "Nilai opsi --jobs tidak sah: harus bilangan bulat dari 1 sampai 61, misalnya --jobs 2.",
    ),
    "below the minimum": (
        ["proses", "-j", "0", "."],
        "Nilai opsi --jobs tidak sah: harus bilangan bulat dari 1 sampai 61, misalnya --jobs 2.",
    ),
    "option without its value": (
        ["build", "a.xlsx", "-o"],
        "Opsi -o perlu nilai: tulis nilainya sesudah -o, yaitu berkas atau folder keluaran.",
    ),
    "flag given a value": (
        ["build", "--pdf=ya", "a.xlsx"],
        "Opsi --pdf tidak menerima nilai: tulis --pdf saja.",
    ),
    "unknown command": (
        ["foo"],
        "Perintah 'foo' tidak dikenal. Perintah yang ada: build, check, template, impor, "
        "proses, batch.",
    ),
    "mistyped command": (
        ["buidl", "a.xlsx"],
        "Perintah 'buidl' tidak dikenal. Maksud Anda build?",
    ),
}


def test_a_mistyped_command_is_exit_2_and_a_bad_file_exit_1(tmp_path):
    # Scripts can tell them apart: the command line was fine, the file is not there.
    code, text = said(app, ["build", str(tmp_path / "tidak-ada.xlsx")])
    assert code == 1
    assert "tidak ditemukan" in text


@pytest.mark.parametrize("command", [None, "build", "check", "template", "proses", "batch"])
def test_help_has_none_of_clicks_english(command):
    code, text = said(app, [*([command] if command else []), "--help"])
    assert code == 0
    assert_indonesian(text)
    for type_name in ("int range", "INTEGER", "float", "FLOAT"):  # options show a metavar
        assert type_name not in text


# The kinds of parameter the real CLI does not have yet, on a small app built
# with the same classes: a required option, a bounded number, a decimal number,
# a choice, a path that must exist.
class Tinta(str, Enum):
    MERAH = "merah"
    BIRU = "biru"


demo = IndonesianTyper(cls=IndonesianGroup, add_completion=False, pretty_exceptions_enable=False)


@demo.command()
def cetak(
    salinan: Annotated[int, typer.Option("--salinan", "-s", min=1, max=9, help="Banyak salinan.")],
    tinta: Annotated[Tinta, typer.Option("--tinta", help="Warna tinta.")] = Tinta.MERAH,
    jeda: Annotated[
        Optional[float],  # noqa: UP045 - typer reads the annotation at run time on 3.10 too
        typer.Option("--jeda", help="Jeda antarsalinan dalam detik."),
    ] = None,
    sumber: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on 3.10 too
        typer.Option("--sumber", exists=True, help="Berkas sumber."),
    ] = None,
) -> None:
    """Cetak sesuatu."""


@demo.command()
def lain() -> None:
    """Perintah kedua, supaya aplikasinya sebuah grup."""


DEMO_CASES = {
    "missing required option": (
        ["cetak"],
        "Opsi --salinan wajib diisi: tulis nilainya sesudah --salinan, yaitu banyak salinan, "
        "misalnya --salinan 2.",
    ),
    "outside the range": (
        ["cetak", "-s", "12"],
        "Nilai opsi --salinan tidak sah: harus bilangan bulat dari 1 sampai 9, "
        "misalnya --salinan 2.",
    ),
    "not a number": (
        ["cetak", "-s", "1", "--jeda", "sebentar"],
        "Nilai opsi --jeda tidak sah: harus bilangan (pecahan ditulis dengan titik), "
        "misalnya --jeda 2.5.",
    ),
    "not one of the choices": (
        ["cetak", "-s", "1", "--tinta", "hijau"],
        "Nilai opsi --tinta tidak sah: harus salah satu dari: merah, biru, misalnya --tinta merah.",
    ),
    "path that does not exist": (
        ["cetak", "-s", "1", "--sumber", "tidak-ada.xlsx"],
        "Nilai opsi --sumber tidak sah: harus nama berkas atau folder yang sudah ada.",
    ),
}


WRONG = [(app, *case) for case in CASES.values()] + [(demo, *case) for case in DEMO_CASES.values()]


@pytest.mark.parametrize(("application", "args", "sentence"), WRONG, ids=[*CASES, *DEMO_CASES])
def test_wrong_command_line_is_told_in_indonesian_with_exit_code_2(application, args, sentence):
    code, text = said(application, args)
    assert code == 2, text
    assert sentence in text
    assert "Cara pakai:" in text  # typer's frame: the usage line, also for "-o" alone
    assert "Galat" in text
    assert_indonesian(text)
