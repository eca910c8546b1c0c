"""The command line: a thin shell over :mod:`lkt_excel.api`.

Heavy libraries are imported inside the commands, so ``--help`` stays fast.
Every message here is in Indonesian: the users are office staff.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

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
            if param.param_type_name == "argument" and hasattr(param, "display_type_rich"):
                # typer prints an argument's type in English ("<path>") beside its
                # Indonesian name; the help text says what it is.
                param.display_type_rich = _no_type
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

    def parse_args(self, ctx, args):
        from lkt_excel.cli.values import install

        install(self.get_params(ctx))  # values converted without importing pydantic
        # click's usage errors carry English sentences: each is replaced by an
        # Indonesian one (lkt_excel.cli.words, imported only then). Extra words
        # are let through click and refused here, so the message can name them.
        refuse_extra = not ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)  # type: ignore[misc]
        except Exception as exc:
            if _is_usage_error(exc):
                from lkt_excel.cli.words import in_indonesian

                raise in_indonesian(exc, ctx) from None
            raise
        finally:
            ctx.allow_extra_args = not refuse_extra
        if refuse_extra and ctx.args and not ctx.resilient_parsing:
            from lkt_excel.cli.words import extra_arguments

            raise extra_arguments(ctx.args, ctx)
        return rest


def _no_type(ctx) -> None:
    return None


def _is_usage_error(exc: Exception) -> bool:
    """click's UsageError (exit code 2), but not the help shown for a bare ``lkt-excel``.

    Told apart without importing click's classes: typer carries its own copy of click.
    """
    return getattr(exc, "exit_code", None) == 2 and type(exc).__name__ != "NoArgsIsHelpError"


class IndonesianGroup(_Indonesian, TyperGroup):
    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:  # an unknown command: typer renders the usage error next
            _indonesian_rich_words()
            if _is_usage_error(exc):
                from lkt_excel.cli.words import unknown_command

                raise unknown_command(exc, args[0] if args else None, ctx) from None
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


def _show_version(value: bool) -> None:
    if value:
        from lkt_excel import __version__

        typer.echo(f"lkt-excel {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Tampilkan versi lkt-excel lalu keluar.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Membuat Laporan Kinerja Triwulan (SAKIP) dari lembar hitungan Excel."""


DebugOption = Annotated[
    bool, typer.Option("--debug", help="Tampilkan traceback lengkap bila terjadi galat.")
]


def _say(text: str = "", *, err: bool = False) -> None:
    typer.echo(text, err=err)


def _warn_if_open(path: Path) -> None:
    """A file open in Excel is read as last saved: say so before its report."""
    from lkt_excel.files import is_open_elsewhere  # read anyway by the command that follows

    if is_open_elsewhere(path):
        _say(
            f"Perhatian: '{path}' sedang terbuka di Excel (atau LibreOffice); perubahan yang "
            "belum disimpan tidak ikut dibaca. Simpan dulu bila ada perubahan."
        )


def render_problems(problems, *, err: bool = True) -> None:
    """Errors first, then warnings; each with its cell, column header, message and fix."""
    import shutil

    from lkt_excel.core.render import table

    width = max(80, min(140, shutil.get_terminal_size((100, 24)).columns))
    _say(table(problems, width), err=err)


def _fail(exc: BaseException, debug: bool) -> typer.Exit:
    """Turn a known failure into a message and exit code 1; anything else too, kindly."""
    from lkt_excel.core.problems import InputError, OutputError

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
            metavar="KELUARAN",
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

    Contoh: lkt-excel build masukan-lkt.xlsx --pdf
    """
    from lkt_excel import api

    _warn_if_open(input)
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
        from lkt_excel.report.pdf import export_pdf

        try:
            written = export_pdf(done.output)
            _say(f"PDF dibuat: {done.output.with_name(written.name)}")  # shown as the workbook
        except Exception as exc:  # noqa: BLE001
            raise _fail(exc, debug) from None


@app.command()
def check(
    input: Annotated[
        Path, typer.Argument(metavar="MASUKAN", help="Berkas masukan yang diperiksa.")
    ],
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
    from lkt_excel import api
    from lkt_excel.core.render import as_json as to_json
    from lkt_excel.core.render import verdict

    try:
        problems = api.check(input)
    except Exception as exc:  # noqa: BLE001
        raise _fail(exc, debug) from None
    if as_json:
        import json

        _say(json.dumps(to_json(problems), ensure_ascii=False, indent=2))
    else:
        _warn_if_open(input)
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
            metavar="TUJUAN",
            help="Berkas atau folder tujuan. Bawaan: 'masukan-lkt.xlsx' (dengan --contoh: "
            "'contoh-masukan-lkt.xlsx') di folder ini.",
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
    from lkt_excel import api

    try:
        written = api.template(path, contoh=contoh, overwrite=timpa)
    except Exception as exc:  # noqa: BLE001
        raise _fail(exc, debug) from None
    _say(f"Templat dibuat: {written}")
    _say(f"Isi lembarnya (lihat lembar Petunjuk), lalu jalankan: lkt-excel check {written}")


class _Progress:
    """Per-file progress: a rich bar on a terminal, one plain line per file otherwise."""

    def __init__(self) -> None:
        self.finished = 0
        self.bar: Any = None  # rich.progress.Progress, imported only on a terminal

    def start(self, total: int) -> None:
        if sys.stdout.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("Memproses"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
            )
            self.bar.start()
            self.bar.add_task("", total=total)

    def file(self, row) -> None:
        self.finished += 1
        if self.bar is None:
            _say(_file_line(row))
        else:
            self.bar.update(self.bar.task_ids[0], advance=1, description=row.label)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _file_line(row) -> str:
    shown = f" -> {row.shown_output}" if row.shown_output else ""
    return f"{row.status.value:<13} {row.label}{shown}"


def render_summary(result, *, duplicates: bool = True) -> None:
    """The summary table: file, status, output (or error report), warnings, errors.

    ``duplicates``: also name files for the same report and the old reports moved
    away (``--pantau`` names them as they appear).
    """
    from lkt_excel.core.numbers import format_id

    if not result.files:
        _say(
            f"Tidak ada berkas Excel (.xlsx, .xlsm, .xls, .ods) di '{result.folder}'. "
            "Berkas di subfolder ikut diproses dengan --rekursif."
        )
        return
    headers = ("Berkas", "Status", "Keluaran", "Peringatan", "Galat")
    rows = [
        (f.label, f.status.value, f.shown_output, str(f.warnings), str(f.errors))
        for f in result.files
    ]
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(*headers, title="Ringkasan")
        for row in rows:
            style = None if row[1] != "gagal" else "bold red"
            table.add_row(*row, style=style)
        Console().print(table)
    else:
        widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
        for row in (headers, *rows):
            _say("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    _say(
        f"{format_id(result.built)} dari {format_id(len(result.files))} berkas menjadi laporan; "
        f"hasil di: {result.outdir}"
    )
    if result.summary is not None:
        _say(f"Ringkasan: {result.summary}")
    if result.summary_error:
        _say(f"GALAT: {result.summary_error}", err=True)
    if not result.ok:
        _say(
            f"{format_id(len(result.failed))} berkas gagal: lihat berkas 'GAGAL ...txt' di "
            "folder hasil."
        )
    for duplicate in result.duplicates if duplicates else ():
        _say(duplicate.message)
    if result.open_message and duplicates:
        _say(result.open_message)
    if result.retired_message and duplicates:
        _say(result.retired_message)


@app.command()
def proses(
    folder: Annotated[
        Path, typer.Argument(metavar="FOLDER", help="Folder berisi berkas-berkas Excel masukan.")
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on 3.10 too
        typer.Option(
            "--output",
            "-o",
            metavar="HASIL",
            help="Folder hasil. Bawaan: folder 'hasil' di dalam FOLDER.",
        ),
    ] = None,
    jobs: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            max=61,  # folder.MAX_JOBS (not imported here: --help stays light)
            metavar="JUMLAH",
            help="Banyak proses sekaligus. Bawaan: jumlah inti CPU.",
        ),
    ] = None,
    rekursif: Annotated[bool, typer.Option("--rekursif", help="Ikut proses subfolder.")] = False,
    semua: Annotated[
        bool, typer.Option("--semua", help="Buat ulang semua, juga yang tidak berubah.")
    ] = False,
    pantau: Annotated[
        bool,
        typer.Option(
            "--pantau",
            help="Terus berjalan dan proses berkas baru atau berubah (Ctrl-C: berhenti).",
        ),
    ] = False,
    pantau_selama: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option("--pantau-selama", hidden=True, help="Berhenti memantau setelah N detik."),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Buat laporan untuk setiap berkas Excel di sebuah folder.

    Hasil, laporan galat per berkas yang gagal, dan ringkasan.xlsx masuk ke folder 'hasil'.
    Berkas yang tidak berubah sejak proses sebelumnya dilewati.

    Contoh: lkt-excel proses "D:\\LKT\\Triwulan IV"
    """
    from lkt_excel.folder import batch

    options: dict[str, Any] = dict(
        jobs=jobs, recursive=rekursif, rebuild_all=semua, quiet_workers=not debug
    )
    progress = _Progress()
    try:
        if pantau:
            import time

            end = None if pantau_selama is None else time.monotonic() + pantau_selama
            _say(f"Memantau '{folder}'. Tekan Ctrl-C untuk berhenti.")
            told: set[str] = set()

            def new_warnings(now) -> None:  # said once each, as soon as they appear
                for duplicate in now.duplicates:
                    if duplicate.message not in told:
                        told.add(duplicate.message)
                        _say(duplicate.message)
                moved = [name for name in now.retired if name not in told]
                if moved:
                    told.update(moved)
                    _say(batch.retired_message(moved))
                if now.open_message and now.open_message not in told:
                    told.add(now.open_message)
                    _say(now.open_message)

            result = batch.watch_folder(
                folder,
                output,
                should_stop=lambda: end is not None and time.monotonic() >= end,
                on_file=lambda row: _say(_file_line(row)),
                on_round=new_warnings,
                **options,
            )
        else:
            result = batch.process_folder(
                folder, output, on_start=progress.start, on_file=progress.file, **options
            )
    except KeyboardInterrupt:
        progress.stop()
        if pantau:  # the way to end watching
            _say("Pemantauan dihentikan.")
            return
        _say(
            f"Dibatalkan. {progress.finished} berkas sudah selesai dan tercatat; jalankan lagi "
            "perintah yang sama untuk melanjutkan.",
            err=True,
        )
        raise typer.Exit(130) from None
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        progress.stop()
        raise _fail(exc, debug) from None
    progress.stop()
    render_summary(result, duplicates=not pantau)
    if not result.ok or result.summary_error:
        raise typer.Exit(1)


app.command("batch", help="Sama dengan 'proses' (nama bahasa Inggris).")(proses)


def main() -> None:
    from lkt_excel.cli.launch import launch  # reader mode, frozen workers, drops (launch.py)

    launch(run)


def run(args: list[str]) -> None:
    """The CLI on ``args``: what :func:`lkt_excel.cli.launch.launch` decided to run."""
    try:
        app(args=args)
    except KeyboardInterrupt:
        _say("Dibatalkan.", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
