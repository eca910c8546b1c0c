"""Convert the report through LibreOffice: to PDF for sending, or to xlsx to recalculate.

LibreOffice runs headless with a fresh user profile in a temporary folder, so
runs in parallel do not clash and no setting of the user's own LibreOffice
applies. The profile sets the Indonesian locale (``2,39``, ``1.334`` in the
PDF, as on an Indonesian office computer). Paths are passed as arguments,
never through a shell.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lkt_excel.core.problems import OutputError
from lkt_excel.files import cannot_write, write_atomically
from lkt_excel.programs import external_program_env
from lkt_excel.report.geometry import SHEET_CATATAN

TIMEOUT_SECONDS = 180
PER_FILE_SECONDS = 30  # more time for each further file of one run

# Where the installer puts soffice when it is not on PATH.
_COMMON_PLACES = (
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice/program/soffice.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    / "LibreOffice/program/soffice.exe",
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    Path("/opt/libreoffice/program/soffice"),
)

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>id-ID</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>{recalc}</value></prop></item>
</oor:items>
"""

NOT_FOUND = (
    "LibreOffice (soffice) tidak ditemukan, jadi PDF tidak dibuat. Pasang LibreOffice dari "
    "https://www.libreoffice.org lalu ulangi; atau buka berkas .xlsx laporan di Excel dan "
    "simpan sebagai PDF (File > Save As > PDF)."
)


def find_soffice() -> Path | None:
    """LibreOffice's ``soffice`` on PATH or in its usual install folders; None if absent."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((place for place in _COMMON_PLACES if place.is_file()), None)


def convert(path: Path, fmt: str, outdir: Path, *, recalculate: bool = False) -> Path:
    """Convert ``path`` to ``fmt`` (``pdf``, ``xlsx``) in ``outdir``; return the new file.

    ``recalculate`` makes LibreOffice recalculate every formula on loading
    (otherwise it keeps the values cached in the file, as Excel wrote them).
    Raises :class:`OutputError` with an Indonesian message when it cannot.
    """
    return convert_all([path], fmt, outdir, recalculate=recalculate)[0]


def convert_all(
    paths: list[Path], fmt: str, outdir: Path, *, recalculate: bool = False
) -> list[Path]:
    """:func:`convert` for several files with one start of LibreOffice (it is slow to start).

    The files must have different names. Raises :class:`OutputError` at the
    first file that was not converted (:func:`convert_each` says it per file).
    """
    done = convert_each(paths, fmt, outdir, recalculate=recalculate)
    failed = next((why for why in done.values() if isinstance(why, str)), None)
    if failed is not None:
        raise OutputError(failed)
    return [target for target in done.values() if isinstance(target, Path)]


def convert_each(
    paths: list[Path], fmt: str, outdir: Path, *, recalculate: bool = False
) -> dict[Path, Path | str]:
    """Convert the files with one start of LibreOffice: each (resolved) path with its
    converted file, or with the Indonesian reason it was not converted.

    LibreOffice missing, not starting or not finishing raises :class:`OutputError`.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(NOT_FOUND)
    paths = [Path(p).resolve() for p in paths]
    outdir = Path(outdir).resolve()
    with tempfile.TemporaryDirectory(prefix="lkt-excel-lo-") as work:
        converted = Path(work) / "out"
        done = _run_soffice(soffice, paths, fmt, Path(work), converted, recalculate)
        outdir.mkdir(parents=True, exist_ok=True)
        targets: dict[Path, Path | str] = {}
        for path in paths:
            result = converted / f"{path.stem}.{fmt}"
            if not result.is_file():
                detail = (done.stderr or done.stdout or "").strip().splitlines()[-1:]
                targets[path] = (
                    f"LibreOffice gagal mengubah '{path.name}' menjadi {fmt.upper()}"
                    + (f" ({detail[0]})" if detail else "")
                    + ". Pastikan berkas itu tidak rusak dan tidak sedang dibuka, lalu ulangi."
                )
                continue
            try:
                targets[path] = _move(result, outdir / result.name)
            except OutputError as exc:
                targets[path] = str(exc)
    return targets


def _run_soffice(
    soffice: Path, paths: list[Path], fmt: str, work: Path, converted: Path, recalculate: bool
) -> subprocess.CompletedProcess:
    """One headless LibreOffice run converting ``paths`` into ``converted``."""
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        _PROFILE.format(recalc=0 if recalculate else 1), encoding="utf-8"
    )
    converted.mkdir()
    command = [
        str(soffice),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        fmt,
        "--outdir",
        str(converted),
        *(str(path) for path in paths),
    ]
    timeout = TIMEOUT_SECONDS + PER_FILE_SECONDS * (len(paths) - 1)
    try:
        return subprocess.run(
            command,
            capture_output=True,
            encoding="utf-8",
            errors="replace",  # its messages are for the error text only
            timeout=timeout,
            check=False,
            env=external_program_env(),  # frozen: without the bundle's library path
        )
    except subprocess.TimeoutExpired:
        raise OutputError(
            f"LibreOffice tidak selesai mengubah '{paths[0].name}' dalam {timeout} "
            "detik. Tutup jendela LibreOffice yang terbuka lalu ulangi."
        ) from None
    except OSError as exc:
        raise OutputError(f"LibreOffice tidak dapat dijalankan ({exc}). {NOT_FOUND}") from None


def _move(result: Path, target: Path) -> Path:
    """Copy beside the target, then replace it in one step (also over an old file on
    Windows), so a failed run never leaves half a file."""
    try:
        with write_atomically(target) as partial:
            shutil.copyfile(result, partial)
    except OSError as exc:
        raise OutputError(cannot_write(target, exc)) from exc
    return target


def export_pdf(xlsx_path: Path, *, with_catatan: bool = False) -> Path:
    """Write the PDF of a report workbook beside it (same name, ``.pdf``); return its path.

    The PDF holds what is signed and read (LKT, Narasi, Capaian, Analisis, Grafik);
    ``with_catatan`` adds sheet ``Catatan``, the tool's internal check notes.
    """
    xlsx_path = Path(xlsx_path)
    result = export_pdfs([xlsx_path], xlsx_path.parent, with_catatan=with_catatan)
    made = next(iter(result.values()))
    if isinstance(made, str):
        raise OutputError(made)
    return made


def export_pdfs(
    reports: list[Path], outdir: Path, *, with_catatan: bool = False
) -> dict[Path, Path | str]:
    """The PDFs of several report workbooks, with one start of LibreOffice: each report
    (resolved) with its PDF in ``outdir`` (named like the workbook) or why there is none.

    Without ``with_catatan`` each workbook is converted from a copy whose sheet
    ``Catatan`` is hidden (LibreOffice prints no hidden sheet); the report
    itself is left as it is.
    """
    reports = [Path(p).resolve() for p in reports]
    if with_catatan:
        return convert_each(reports, "pdf", outdir)
    with tempfile.TemporaryDirectory(prefix="lkt-excel-pdf-") as work:
        copies: dict[Path, Path] = {}
        for index, report in enumerate(reports):
            copy = Path(work) / str(index) / report.name  # same stem: the PDF's name
            copy.parent.mkdir()
            copies[report] = copy
            try:
                hide_sheet(report, copy, SHEET_CATATAN)
            except (KeyError, zipfile.BadZipFile):
                # No workbook of ours (no report has no workbook.xml): LibreOffice
                # gets it as it is and says what it makes of it.
                shutil.copyfile(report, copy)
            except OSError:
                copy.unlink(missing_ok=True)  # unreadable: no copy, no PDF (said below)
        present = [copy for copy in copies.values() if copy.is_file()]
        done = convert_each(present, "pdf", outdir) if present else {}
        return {
            report: done.get(
                copy.resolve(),
                f"'{report.name}' tidak dapat dibaca untuk dijadikan PDF. Bila berkas itu "
                "sedang terbuka di Excel, tutup dulu lalu ulangi.",
            )
            for report, copy in copies.items()
        }


_SHEET_TAG = re.compile(rb"<sheet\b[^>]*>")


def hide_sheet(source: Path, target: Path, name: str) -> None:
    """Copy the workbook ``source`` to ``target`` with sheet ``name`` hidden.

    Only ``xl/workbook.xml`` changes: ``state="hidden"`` on that sheet's tag
    (the report writer names its sheets; nothing from an input is matched).
    """
    wanted = f'name="{name}"'.encode()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = _SHEET_TAG.sub(
                    lambda tag: (
                        tag[0].replace(b"<sheet ", b'<sheet state="hidden" ', 1)
                        if wanted in tag[0] and b"state=" not in tag[0]
                        else tag[0]
                    ),
                    data,
                )
            new.writestr(item, data)


__all__ = [
    "convert",
    "convert_all",
    "convert_each",
    "export_pdf",
    "export_pdfs",
    "find_soffice",
    "hide_sheet",
]
