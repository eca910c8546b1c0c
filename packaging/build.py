"""Build the standalone application: ``python packaging/build.py [--zip]``.

A one-folder PyInstaller build (``packaging/lkt-excel.spec``) into
``dist/lkt-excel/``: the executable ``lkt-excel`` (``lkt-excel.exe`` on Windows)
beside its ``_internal`` folder. The same command on Linux and on Windows; it
builds for the system it runs on. PyInstaller comes with the ``build`` extra:

    pip install -e ".[build]" && python packaging/build.py --zip

``--zip`` also writes ``dist/lkt-excel-<version>-<system>.zip`` holding the
folder ``lkt-excel/`` (on Windows with ``proses-triwulan.bat`` beside the
executable): what a clerk downloads. Nothing is cached between builds
(PyInstaller runs with ``--clean``).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAME = "lkt-excel"
EXTRAS_FOR_WINDOWS = ("proses-triwulan.bat",)  # copied beside the executable


def executable(dist: Path) -> Path:
    """The built program in ``dist``."""
    return dist / NAME / (f"{NAME}.exe" if os.name == "nt" else NAME)


def version() -> str:
    sys.path.insert(0, str(ROOT))
    try:
        from lkt_excel import __version__
    finally:
        sys.path.pop(0)
    return __version__


def system_name() -> str:
    machine = platform.machine().lower() or "unknown"
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform) + "-" + machine


def build(dist: Path, work: Path) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit('PyInstaller is not installed here: pip install -e ".[build]"')
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
        str(HERE / f"{NAME}.spec"),
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    program = executable(dist)
    if os.name == "nt":
        for extra in EXTRAS_FOR_WINDOWS:
            shutil.copy2(HERE / extra, program.parent / extra)
    return program


def write_zip(folder: Path, target: Path) -> Path:
    """``folder`` as ``target``, symbolic links kept as links (PyInstaller 6 makes them on
    Linux and macOS; none on Windows)."""
    target.unlink(missing_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder.parent).as_posix()
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            elif path.is_file():
                archive.write(path, name)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the standalone lkt-excel application.")
    parser.add_argument("--zip", action="store_true", help="also write the zip to hand out")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="scratch folder"
    )
    options = parser.parse_args()
    dist, work = options.dist.resolve(), options.work.resolve()
    started = time.monotonic()
    program = build(dist, work)
    print(f"Built {program} in {time.monotonic() - started:.0f} s")
    if options.zip:
        archive = write_zip(program.parent, dist / f"{NAME}-{version()}-{system_name()}.zip")
        print(f"Zip: {archive} ({archive.stat().st_size / 1024**2:.0f} MB)")


if __name__ == "__main__":
    main()
