"""The command line: a thin shell over :mod:`lkt_excel.api`.

Heavy libraries are imported inside the commands, so ``--help`` stays fast.
Every message here is in Indonesian: the users are office staff.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="lkt-excel",
    help="Membuat Laporan Kinerja Triwulan (SAKIP) dari lembar hitungan Excel.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DebugOption = Annotated[
    bool, typer.Option("--debug", help="Tampilkan traceback lengkap bila terjadi galat.")
]


def _say(text: str = "", *, err: bool = False) -> None:
    typer.echo(text, err=err)


def render_problems(problems, *, err: bool = True) -> None:
    """Errors first, then warnings; each with its cell, column header, message and fix."""
    import shutil

    from .render import table

    width = max(80, min(140, shutil.get_terminal_size((100, 24)).columns))
    _say(table(problems, width), err=err)


def _fail(exc: BaseException, debug: bool) -> typer.Exit:
    """Turn a known failure into a message and exit code 1; anything else too, kindly."""
    from .problems import InputError, OutputError

    if debug:
        raise exc
    if isinstance(exc, InputError):
        render_problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.is_error)
        _say(f"Laporan tidak dibuat: {errors} galat harus diperbaiki dulu.", err=True)
    elif isinstance(exc, OutputError):
        _say(f"GALAT: {exc}", err=True)
    else:
        _say(
            f"GALAT tak terduga: {exc.__class__.__name__}: {exc}. Jalankan lagi dengan --debug "
            "dan kirim keluarannya ke pengelola alat ini.",
            err=True,
        )
    return typer.Exit(1)


@app.command()
def build(
    input: Annotated[Path, typer.Argument(help="Berkas masukan (.xlsx, .xlsm, .xls, .ods).")],
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on 3.10 too
        typer.Option(
            "--output",
            "-o",
            help="Berkas atau folder keluaran. Bawaan: 'LKT <Instansi> <Wilayah> <Tahun> TW "
            "<Triwulan>.xlsx' di samping berkas masukan.",
        ),
    ] = None,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf", help="Tulis juga PDF laporan di sampingnya (memerlukan LibreOffice)."
        ),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Buat laporan (LKT, Narasi, Capaian, Grafik, Catatan) dari satu berkas masukan.

    Contoh: lkt-excel build examples/contoh-lkt-2021-kabupaten-malang.xlsx --pdf
    """
    from . import api

    try:
        done = api.build(input, output)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        raise _fail(exc, debug) from None
    warnings = len(done.notes)
    _say(f"Laporan dibuat: {done.output}")
    _say(
        f"Catatan: {warnings} peringatan (lihat lembar Catatan)."
        if warnings
        else "Catatan: tidak ada peringatan."
    )
    if pdf:
        from .pdf import export_pdf

        try:
            _say(f"PDF dibuat: {export_pdf(done.output)}")
        except Exception as exc:  # noqa: BLE001
            raise _fail(exc, debug) from None


@app.command()
def check(
    input: Annotated[Path, typer.Argument(help="Berkas masukan yang diperiksa.")],
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Cetak masalah sebagai JSON untuk dibaca program lain."),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Periksa berkas masukan tanpa menulis apa pun.

    Menampilkan setiap galat dan peringatan dengan selnya (mis. Data!D7), judul
    kolomnya, pesan dan cara memperbaikinya. Kode keluar 1 bila ada galat.

    Contoh: lkt-excel check masukan-lkt.xlsx
    """
    from . import api
    from .render import as_json as to_json
    from .render import verdict

    try:
        problems = api.check(input)
    except Exception as exc:  # noqa: BLE001
        raise _fail(exc, debug) from None
    if as_json:
        import json

        _say(json.dumps(to_json(problems), ensure_ascii=False, indent=2))
    else:
        if problems:
            render_problems(problems, err=False)
            _say()
        _say(verdict(problems))
    if any(p.is_error for p in problems):
        raise typer.Exit(1)


@app.command()
def template(
    path: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on 3.10 too
        typer.Argument(
            help="Berkas atau folder tujuan. Bawaan: 'masukan-lkt.xlsx' (dengan --contoh: "
            "'contoh-masukan-lkt.xlsx') di folder ini."
        ),
    ] = None,
    contoh: Annotated[
        bool, typer.Option("--contoh", help="Isi templat dengan data contoh (Kabupaten Malang).")
    ] = False,
    timpa: Annotated[bool, typer.Option("--timpa", help="Timpa berkas yang sudah ada.")] = False,
    debug: DebugOption = False,
) -> None:
    """Buat templat berkas masukan: lembar Laporan, Indikator, Data dan Petunjuk.

    Setiap judul kolom punya catatan, kolom pilihan punya daftar pilihan.

    Contoh: lkt-excel template masukan-2024.xlsx
    """
    from . import api

    try:
        written = api.template(path, contoh=contoh, overwrite=timpa)
    except Exception as exc:  # noqa: BLE001
        raise _fail(exc, debug) from None
    _say(f"Templat dibuat: {written}")
    _say(f"Isi lembarnya (lihat lembar Petunjuk), lalu jalankan: lkt-excel check {written}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _say("Dibatalkan.", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
