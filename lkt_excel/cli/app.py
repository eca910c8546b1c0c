"""The command line: the typer app and its commands, a thin shell over the library.

Each command calls :mod:`lkt_excel.api` (or the folder library) and prints what
it returns through :mod:`lkt_excel.cli.console`. Heavy libraries are imported
inside the commands, so ``--help`` stays fast. Every message is in Indonesian:
the users are office staff.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from lkt_excel import __version__
from lkt_excel.cli import console, surel
from lkt_excel.cli.console import say
from lkt_excel.cli.indonesian import OPTIONS_METAVAR, IndonesianGroup, IndonesianTyper
from lkt_excel.folder.limits import MAX_JOBS

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
SurelOption = Annotated[bool, typer.Option("--surel", help=surel.SUREL_HELP)]
KirimOption = Annotated[bool, typer.Option("--kirim", help=surel.KIRIM_HELP)]
CatatanOption = Annotated[
    bool,
    typer.Option(
        "--dengan-catatan",
        help="Sertakan lembar Catatan (catatan pemeriksaan) di PDF. Bawaan: PDF hanya berisi "
        "LKT, Narasi, Capaian, Analisis dan Grafik.",
    ),
]


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
    dengan_catatan: CatatanOption = False,
    surel_draf: SurelOption = False,
    kirim: KirimOption = False,
    debug: DebugOption = False,
) -> None:
    """Buat laporan (LKT, Narasi, Capaian, Analisis, Grafik, Catatan) dari satu berkas masukan.

    Contoh: lkt-excel build masukan-lkt.xlsx --pdf --surel
    """
    from lkt_excel import api

    smtp = surel.smtp_settings(kirim)  # before building: exit 1 when settings are missing
    console.warn_if_open(input)
    try:
        with api.collector_paused():  # the library leaves the collector to its host
            done = api.build(input, output)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        raise console.fail(exc, debug) from None
    warnings = len(done.notes)
    say(f"Laporan dibuat: {done.output}")
    say(
        f"Catatan: {warnings} peringatan (lihat lembar Catatan)."
        if warnings
        else "Catatan: tidak ada peringatan."
    )
    from lkt_excel.core.render import figures_remark

    if figures_remark(done.notes):  # the verdict of check: not yet ready to sign
        say(figures_remark(done.notes))
    written = None
    if pdf:
        from lkt_excel.report.pdf import export_pdf

        try:
            written = export_pdf(done.output, with_catatan=dengan_catatan)
            say(f"PDF dibuat: {done.output.with_name(written.name)}")  # shown as the workbook
        except Exception as exc:  # noqa: BLE001
            raise console.fail(exc, debug) from None
    if surel_draf or kirim:
        surel.after_build(done, written, smtp)


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
        with api.collector_paused():
            problems = api.check(input)
    except Exception as exc:  # noqa: BLE001
        raise console.fail(exc, debug) from None
    if as_json:
        say(console.json_text(to_json(problems)))
    else:
        console.warn_if_open(input)
        if problems:
            console.render_problems(problems, err=False)
            say()
        say(verdict(problems))
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
    """Buat templat berkas masukan: lembar Laporan, Indikator, Data, Anggaran dan Petunjuk.

    Setiap judul kolom punya catatan, kolom pilihan punya daftar pilihan.

    Contoh: lkt-excel template masukan-2024.xlsx
    """
    from lkt_excel import api

    try:
        written = api.template(path, contoh=contoh, overwrite=timpa)
    except Exception as exc:  # noqa: BLE001
        raise console.fail(exc, debug) from None
    say(f"Templat dibuat: {written}")
    say(f"Isi lembarnya (lihat lembar Petunjuk), lalu jalankan: lkt-excel check {written}")


def _tahun_value(ctx: typer.Context, param: Any, value: str | None) -> int | None:
    """``--tahun``: a year, or an Indonesian usage error (exit code 2) saying how to write it."""
    from lkt_excel.folder.period import YEAR_RANGE, parse_tahun

    if value is None:
        return None
    year = parse_tahun(value)
    if year is None:
        from lkt_excel.cli.words import WrongCommandLine

        low, high = YEAR_RANGE
        raise WrongCommandLine(
            f"Nilai opsi --tahun tidak sah: {value!r}. Tulis tahunnya dengan empat angka, "
            f"dari {low} sampai {high}, misalnya --tahun 2024.",
            ctx,
        )
    return year


def _triwulan_value(ctx: typer.Context, param: Any, value: str | None) -> int | None:
    """``--triwulan``: a quarter (I-IV or 1-4), or an Indonesian usage error (exit code 2)."""
    from lkt_excel.folder.period import parse_triwulan

    if value is None:
        return None
    quarter = parse_triwulan(value)
    if quarter is None:
        from lkt_excel.cli.words import WrongCommandLine

        raise WrongCommandLine(
            f"Nilai opsi --triwulan tidak sah: {value!r}. Tulis I, II, III atau IV (atau 1 "
            "sampai 4), misalnya --triwulan IV.",
            ctx,
        )
    return quarter


# The coordinator's options of ``proses`` (lkt_excel.folder.quarter).
TahunOption = Annotated[
    Optional[str],  # noqa: UP045 - text, read by _tahun_value (said in Indonesian when wrong)
    typer.Option(
        "--tahun",
        metavar="TAHUN",
        callback=_tahun_value,
        help="Tahun laporan yang diharapkan, mis. 2024. Berkas untuk tahun lain berstatus "
        "periode-lain. Bawaan: tahun sebagian besar berkas.",
    ),
]
TriwulanOption = Annotated[
    Optional[str],  # noqa: UP045 - text, read by _triwulan_value
    typer.Option(
        "--triwulan",
        metavar="TW",
        callback=_triwulan_value,
        help="Triwulan yang diharapkan: I, II, III atau IV. Bawaan: triwulan sebagian "
        "besar berkas.",
    ),
]
WilayahOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--wilayah",
        metavar="WILAYAH",
        help='Wilayah yang diharapkan, mis. "Kabupaten Malang". Bawaan: wilayah sebagian '
        "besar berkas.",
    ),
]
FolderPdfOption = Annotated[
    bool,
    typer.Option(
        "--pdf", help="Tulis juga PDF setiap laporan ke folder hasil (memerlukan LibreOffice)."
    ),
]


@app.command()
def impor(
    table: Annotated[
        Path,
        typer.Argument(
            metavar="TABEL", help="Berkas berisi tabel Laporan Kinerja buatan kantor (14 kolom)."
        ),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on 3.10 too
        typer.Option(
            "--output",
            "-o",
            metavar="MASUKAN",
            help="Berkas masukan yang ditulis. Bawaan: '<nama tabel> masukan.xlsx' di sampingnya.",
        ),
    ] = None,
    timpa: Annotated[bool, typer.Option("--timpa", help="Timpa berkas yang sudah ada.")] = False,
    debug: DebugOption = False,
) -> None:
    """Ubah tabel Laporan Kinerja buatan kantor menjadi berkas masukan (Laporan, Indikator, Data).

    Isian yang ditebak (Instansi, Wilayah, Tahun, Triwulan) ditandai DITEBAK di lembar
    Laporan. Tabel aslinya tidak diubah.

    Contoh: lkt-excel impor "LKT 2024.xlsx" -o masukan-2024.xlsx
    """
    from lkt_excel import api

    try:
        done = api.impor(table, output, overwrite=timpa)
    except Exception as exc:  # noqa: BLE001
        raise console.fail(exc, debug) from None
    if done.notes:
        console.render_problems(list(done.notes), err=False)
        say()
    say(f"Berkas masukan dibuat: {done.output}")
    say(f'Periksa isian bertanda DITEBAK, lalu jalankan: lkt-excel check "{done.output}"')


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
            max=MAX_JOBS,
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
    tahun: TahunOption = None,
    triwulan: TriwulanOption = None,
    wilayah: WilayahOption = None,
    pdf: FolderPdfOption = False,
    dengan_catatan: CatatanOption = False,
    surel_draf: SurelOption = False,
    kirim: KirimOption = False,
    debug: DebugOption = False,
) -> None:
    """Buat laporan untuk setiap berkas Excel di sebuah folder.

    Hasil, laporan galat per berkas yang gagal, ringkasan.xlsx dan rekap.xlsx (rekap
    kinerja semua instansi dengan peringkat) masuk ke folder 'hasil'. Berkas yang tidak
    berubah sejak proses sebelumnya dilewati.

    Contoh: lkt-excel proses "D:\\LKT\\Triwulan IV" --tahun 2024 --triwulan IV --pdf
    """
    options: dict[str, Any] = dict(
        jobs=jobs,
        recursive=rekursif,
        rebuild_all=semua,
        quiet_workers=not debug,
        coordinator=_coordinator(tahun, triwulan, wilayah, pdf, dengan_catatan),
    )
    progress = console.Progress()
    mail = surel.folder_step(surel_draf, kirim, progress, pantau=pantau)  # exits on bad settings
    result = _run(folder, output, options, progress, mail, pantau=pantau, debug=debug)
    if result is None:  # watching, ended with Ctrl-C
        return
    console.render_summary(result, duplicates=not pantau)
    mail_failed = surel.after_folder(result) if mail else False
    incomplete = result.recap_error or result.recap_missing or result.pdf_errors
    if not result.ok or result.summary_error or result.write_errors or incomplete or mail_failed:
        raise typer.Exit(1)


def _run(
    folder: Path,
    output: Path | None,
    options: dict[str, Any],
    progress: Any,
    mail: Any,
    *,
    pantau: bool,
    debug: bool,
) -> Any:
    """One run or a watch, with progress; None when watching was ended with Ctrl-C."""
    from lkt_excel import folder as batch

    try:
        if pantau:
            result = _watch(folder, output, options)
        else:
            result = batch.process_folder(
                folder, output, on_start=progress.start, on_file=progress.file, mail=mail, **options
            )
    except KeyboardInterrupt:
        progress.stop()
        if pantau:  # the way to end watching
            say("Pemantauan dihentikan.")
            return None
        say(
            f"Dibatalkan. {progress.finished} berkas sudah selesai dan tercatat; jalankan lagi "
            "perintah yang sama untuk melanjutkan.",
            err=True,
        )
        raise typer.Exit(130) from None
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        progress.stop()
        raise console.fail(exc, debug) from None
    progress.stop()
    return result


def _coordinator(tahun: Any, triwulan: Any, wilayah: str | None, pdf: bool, catatan: bool) -> Any:
    """The coordinator's options of ``proses`` (:class:`lkt_excel.folder.quarter.Options`);
    ``tahun`` and ``triwulan`` are numbers already (their callbacks read the text)."""
    from lkt_excel.folder.period import Period
    from lkt_excel.folder.quarter import Options

    wanted = Period(tahun, triwulan, (wilayah or "").strip() or None)
    return Options(wanted, pdf=pdf, with_catatan=catatan)


def _watch(folder: Path, output: Path | None, options: dict[str, Any]) -> Any:
    """``proses --pantau``: one line per file built, each warning once; Ctrl-C ends it."""
    from lkt_excel import folder as batch

    say(f"Memantau '{folder}'. Tekan Ctrl-C untuk berhenti.")
    notices = console.WatchNotices(batch.retired_message)
    return batch.watch_folder(
        folder, output, on_file=console.say_file, on_round=notices.after_round, **options
    )


app.command("batch", help="Sama dengan 'proses' (nama bahasa Inggris).")(proses)


def run(args: list[str]) -> None:
    """The CLI on ``args``: what :func:`lkt_excel.cli.launch.launch` decided to run."""
    try:
        app(args=args)
    except KeyboardInterrupt:
        say("Dibatalkan.", err=True)
        sys.exit(130)
