"""Convert the report through LibreOffice: to PDF for sending, or to xlsx to recalculate.

LibreOffice runs headless with a fresh user profile in a temporary folder, so
runs in parallel do not clash and no setting of the user's own LibreOffice
applies. The profile sets the Indonesian locale (``2,39``, ``1.334`` in the
PDF, as on an Indonesian office computer). Paths are passed as arguments,
never through a shell.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from lkt_excel.core.problems import OutputError
from lkt_excel.files import cannot_write, write_atomically
from lkt_excel.programs import external_program_env

TIMEOUT_SECONDS = 180

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

    The files must have different names.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(NOT_FOUND)
    paths = [Path(p).resolve() for p in paths]
    outdir = Path(outdir).resolve()
    with tempfile.TemporaryDirectory(prefix="lkt-excel-lo-") as work:
        profile = Path(work) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(
            _PROFILE.format(recalc=0 if recalculate else 1), encoding="utf-8"
        )
        converted = Path(work) / "out"
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
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                encoding="utf-8",
                errors="replace",  # its messages are for the error text only
                timeout=TIMEOUT_SECONDS,
                check=False,
                env=external_program_env(),  # frozen: without the bundle's library path
            )
        except subprocess.TimeoutExpired:
            raise OutputError(
                f"LibreOffice tidak selesai mengubah '{paths[0].name}' dalam {TIMEOUT_SECONDS} "
                "detik. Tutup jendela LibreOffice yang terbuka lalu ulangi."
            ) from None
        except OSError as exc:
            raise OutputError(f"LibreOffice tidak dapat dijalankan ({exc}). {NOT_FOUND}") from None
        outdir.mkdir(parents=True, exist_ok=True)
        targets = []
        for path in paths:
            result = converted / f"{path.stem}.{fmt}"
            if done.returncode != 0 or not result.is_file():
                detail = (done.stderr or done.stdout or "").strip().splitlines()[-1:]
                raise OutputError(
                    f"LibreOffice gagal mengubah '{path.name}' menjadi {fmt.upper()}"
                    + (f" ({detail[0]})" if detail else "")
                    + ". Pastikan berkas itu tidak rusak dan tidak sedang dibuka, lalu ulangi."
                )
            targets.append(_move(result, outdir / result.name))
    return targets


def _move(result: Path, target: Path) -> Path:
    """Copy beside the target, then replace it in one step (also over an old file on
    Windows), so a failed run never leaves half a file."""
    try:
        with write_atomically(target) as partial:
            shutil.copyfile(result, partial)
    except OSError as exc:
        raise OutputError(cannot_write(target, exc)) from exc
    return target


def export_pdf(xlsx_path: Path) -> Path:
    """Write the PDF of a report workbook beside it (same name, ``.pdf``); return its path."""
    xlsx_path = Path(xlsx_path)
    return convert(xlsx_path, "pdf", xlsx_path.parent)


__all__ = ["convert", "convert_all", "export_pdf", "find_soffice"]
