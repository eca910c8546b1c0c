"""The command line: a thin shell over :mod:`lkt_excel.api`.

Heavy libraries are imported inside the commands, so ``--help`` stays fast.
Every message here is in Indonesian: the users are office staff.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

# ---------------------------------------------------------------------------
# Typer's own words in Indonesian. Its help and usage errors are rendered by
# typer.rich_utils from module constants, plus a few strings that click sets on
# the command (usage prefix, metavars, the --help option's text). The classes
# below replace them at the moment help or an error is shown, so typer.rich_utils
# (and rich) is still imported only then, and startup costs nothing extra.
# ---------------------------------------------------------------------------

HELP_OPTION_TEXT = "Tampilkan bantuan ini lalu keluar."
USAGE_PREFIX = "Cara pakai: "
OPTIONS_METAVAR = "[OPSI]"
RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argumen",
    "OPTIONS_PANEL_TITLE": "Opsi",
    "COMMANDS_PANEL_TITLE": "Perintah",
    "ERRORS_PANEL_TITLE": "Galat",
    "REQUIRED_LONG_STRING": "[wajib]",
    "DEFAULT_STRING": "[bawaan: {}]",
    "ENVVAR_STRING": "[variabel lingkungan: {}]",
    "DEPRECATED_STRING": "(usang) ",
    "ABORTED_TEXT": "Dibatalkan.",
    "RICH_HELP": "Coba [blue]'{command_path} {help_option}'[/] untuk bantuan.",
}


def _indonesian_rich_words() -> None:
    from typer import rich_utils

    for name, text in RICH_WORDS.items():
        if hasattr(rich_utils, name):  # names present since typer 0.12
            setattr(rich_utils, name, text)


class _Indonesian:
    """Mixin for typer's command and group classes: Indonesian help and usage."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def get_params(self, ctx):
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""  # a flag takes no value: no "<bool>" beside it
        return params

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def format_help(self, ctx, formatter) -> None:
        _indonesian_rich_words()  # rich_utils is imported here anyway, to render the help
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except Exception:  # a usage error (or --help's exit): typer renders it next
            _indonesian_rich_words()
            raise


class IndonesianGroup(_Indonesian, TyperGroup):
    def resolve_command(self, *args, **kwargs):
        try:
            return super().resolve_command(*args, **kwargs)
        except Exception:  # an unknown command: typer renders the usage error next
            _indonesian_rich_words()
            raise


class IndonesianCommand(_Indonesian, TyperCommand):
    pass


class IndonesianTyper(typer.Typer):
    """A Typer whose every command, also those added later, speaks Indonesian."""

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", IndonesianCommand)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        return super().command(*args, **kwargs)


app = IndonesianTyper(
    name="lkt-excel",
    help="Membuat Laporan Kinerja Triwulan (SAKIP) dari lembar hitungan Excel.",
    cls=IndonesianGroup,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar="PERINTAH [ARGUMEN]...",
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
    """Errors first, then warnings; each with its cell, message and fix."""
    from .problems import Level

    for level, title in ((Level.ERROR, "GALAT"), (Level.WARNING, "PERINGATAN")):
        items = [p for p in problems if p.level is level]
        if not items:
            continue
        _say(f"{title} ({len(items)}):", err=err)
        for p in items:
            where = p.cell or "berkas"
            header = f" [{p.header}]" if p.header else ""
            _say(f"  - {where}{header}: {p.message}", err=err)
            if p.fix:
                _say(f"    Perbaikan: {p.fix}", err=err)


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
    input: Annotated[
        Path, typer.Argument(metavar="MASUKAN", help="Berkas masukan (.xlsx, .xlsm, .xls, .ods).")
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on 3.10 too
        typer.Option(
            "--output",
            "-o",
            help="Berkas atau folder keluaran. Bawaan: 'LKT <Instansi> <Wilayah> <Tahun> TW "
            "<Triwulan>.xlsx' di samping berkas masukan.",
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Buat laporan (LKT, Narasi, Catatan) dari satu berkas masukan.

    Contoh: lkt-excel build examples/lkt-2021-kabupaten-malang.xlsx
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


@app.command()
def check(
    input: Annotated[
        Path, typer.Argument(metavar="MASUKAN", help="Berkas masukan yang diperiksa.")
    ],
    debug: DebugOption = False,
) -> None:
    """Periksa berkas masukan tanpa menulis apa pun.

    Contoh: lkt-excel check masukan.xlsx
    """
    from . import api

    try:
        problems = api.check(input)
    except Exception as exc:  # noqa: BLE001
        raise _fail(exc, debug) from None
    if not problems:
        _say("Berkas siap dipakai: tidak ada galat maupun peringatan.")
        return
    render_problems(problems, err=False)
    if any(p.is_error for p in problems):
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _say("Dibatalkan.", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
