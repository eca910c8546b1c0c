"""The file system at the edges: atomic writes, and what to tell a user about a path.

Every file the tool writes (reports, PDFs, templates, the summary, the
manifest) goes through :func:`write_atomically`: the bytes land in a staging
file beside the target and replace it in one step (``os.replace`` also
replaces an existing file on Windows), so a failed or interrupted run never
leaves half a file under the real name. A held file (an antivirus scanning
it, OneDrive syncing it: ``PermissionError`` on Windows) is tried again for
about two seconds (:func:`replace_retrying`). :func:`cannot_write` is the one
Indonesian sentence for a write that failed, and it says why: a full disk, a
folder that cannot be written, a file another program holds, a path too long.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

# The spreadsheets the tool reads as inputs, in the order messages list them.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SPREADSHEETS_LISTED = ", ".join(SPREADSHEET_SUFFIXES)  # ".xlsx, .xlsm, .xls, .ods"

STAGING_MARK = ".tmp"  # staging files are named ``.<stem>.<pid>.tmp<suffix>``
# The longest path Windows opens without the extended-length form (MAX_PATH, 260,
# less its terminating NUL); Excel itself opens no longer one.
MAX_PATH = 259
# What staging_path adds to a name: the dot, ``.<pid>`` (up to 7 digits) and ``.tmp``.
STAGING_EXTRA = len("..1234567.tmp")
# Waits before each new try of a held file, in seconds: about two in all.
RETRY_WAITS = (0.05, 0.1, 0.2, 0.4, 0.5, 0.75)


def name_room(folder: Path, *, extra: int = STAGING_EXTRA) -> int:
    """How long a name in ``folder`` may be for its path, staging file included, to stay
    within :data:`MAX_PATH` (negative when the folder's path alone is too long)."""
    return MAX_PATH - len(str(Path(folder).absolute())) - 1 - extra


def retrying(action, *, waits=RETRY_WAITS, sleep=time.sleep):
    """``action()``, tried again after each of ``waits`` while it raises PermissionError
    (a file held for a moment by an antivirus or a sync client); the last one propagates."""
    for wait in waits:
        try:
            return action()
        except PermissionError:
            sleep(wait)
    return action()


def replace_retrying(source: Path, target: Path) -> None:
    """``os.replace``, tried again while the target is held (see :func:`retrying`)."""
    retrying(lambda: os.replace(source, target))


def staging_path(target: Path) -> Path:
    """The staging file beside ``target``: hidden on Linux, named after this process."""
    target = Path(target)
    return target.with_name(f".{target.stem}.{os.getpid()}{STAGING_MARK}{target.suffix}")


@contextmanager
def write_atomically(target: Path) -> Iterator[Path]:
    """Yield a staging path to write; on success it replaces ``target`` in one step.

    On any exception the staging file is removed and the exception propagates,
    so the caller turns it into its own message (see :func:`cannot_write`).
    """
    staging = staging_path(target)
    try:
        yield staging
        replace_retrying(staging, target)
    finally:
        with suppress(OSError):  # held too: the next run of the folder removes it
            staging.unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with Windows line ends, atomically."""
    with (
        write_atomically(path) as staging,
        open(staging, "w", encoding="utf-8", newline="\r\n") as handle,
    ):
        handle.write(text)


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_TOO_LONG = {errno.ENAMETOOLONG}
_WINDOWS_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_WINDOWS_HELD = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
_WINDOWS_TOO_LONG = {206}  # ERROR_FILENAME_EXCED_RANGE


def why_not_written(path: Path, exc: BaseException) -> str:
    """Why a write failed, in Indonesian, with what to do."""
    if not isinstance(exc, OSError) and exc.args and isinstance(exc.args[0], OSError):
        exc = exc.args[0]  # xlsxwriter's FileCreateError carries the OSError
    number = getattr(exc, "errno", None)
    windows = getattr(exc, "winerror", None)
    if number in _FULL or windows in _WINDOWS_FULL:
        return "disk penuh: kosongkan sebagian ruang di disk itu, lalu ulangi"
    if (
        number in _TOO_LONG
        or windows in _WINDOWS_TOO_LONG
        or (sys.platform == "win32" and len(str(Path(path).absolute())) > MAX_PATH)
    ):
        return (
            f"path too long: jalurnya {len(str(Path(path).absolute()))} karakter, Windows "
            f"membatasi {MAX_PATH}. Pindahkan folder ke jalur yang lebih pendek (mis. D:\\LKT), "
            "atau pilih folder hasil lain dengan -o"
        )
    if windows in _WINDOWS_HELD or (isinstance(exc, PermissionError) and _held(Path(path))):
        return (
            "berkas dikunci program lain. Bila berkas itu sedang terbuka di Excel, tutup dulu "
            "lalu ulangi; bila OneDrive atau antivirus memegangnya, tunggu sebentar lalu ulangi"
        )
    if number in _READ_ONLY or isinstance(exc, PermissionError):
        return (
            "folder hasil tidak dapat ditulis (hanya-baca atau tanpa izin): periksa izin folder "
            "atau pilih folder lain dengan -o"
        )
    return (
        "bila berkas itu sedang terbuka di Excel, tutup dulu lalu ulangi; bila tidak, periksa "
        "izin folder"
    )


def _held(path: Path) -> bool:
    """A PermissionError on an existing file in a folder we may write: another program
    holds the file (on Windows, a file open in Excel cannot be replaced)."""
    if not path.is_file():
        return False
    return sys.platform == "win32" or os.access(path.parent, os.W_OK)


def let_go(exc: BaseException) -> None:
    """Free what a failed write left open (xlsxwriter's zip file) now and quietly: closed
    later by the collector on a full disk, it would print a traceback of its own."""
    import gc
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        seen: set[int] = set()
        chain: list[object] = [exc]
        while chain:  # the exception, what it wraps, and what it was raised during
            link = chain.pop()
            if isinstance(link, BaseException) and id(link) not in seen:
                seen.add(id(link))
                traceback.clear_frames(link.__traceback__)
                chain.extend([link.__context__, link.__cause__, *link.args])
        gc.collect()
    finally:
        sys.unraisablehook = hook


def cannot_write(path: Path, exc: BaseException, *, what: str = "Berkas") -> str:
    """The sentence for a file that could not be written: why (:func:`why_not_written`).

    What the failed write left open is let go of first (:func:`let_go`).
    """
    let_go(exc)
    reason = why_not_written(path, exc)
    return f"{what} '{path}' tidak dapat ditulis ({exc.__class__.__name__}): {reason}."


def close_names(path: Path, *, folders: bool) -> str:
    """``" Maksud Anda 'x'?"`` for the names beside ``path`` closest to its own, or ''.

    ``folders``: look among folders, else among files. A typo in a name is the
    commonest reason a path is not found.
    """
    import difflib

    try:
        siblings = [
            p.name for p in Path(path).parent.iterdir() if p.is_dir() == folders and p.exists()
        ]
    except OSError:
        return ""
    close = difflib.get_close_matches(Path(path).name, siblings, n=2, cutoff=0.6)
    return " Maksud Anda " + " atau ".join(f"'{name}'" for name in close) + "?" if close else ""


# The fix for an input that cannot be opened (no permission, or locked by another program).
UNOPENABLE_FIX = "Periksa izin berkas; bila berkas sedang dipakai program lain, tutup dulu."


def open_elsewhere_notice(names: str) -> str:
    """The notice for inputs a spreadsheet program has open (see :func:`is_open_elsewhere`)."""
    return (
        f"Perhatian: {names} sedang terbuka di Excel (atau LibreOffice); perubahan yang "
        "belum disimpan tidak ikut dibaca. Simpan dan tutup berkasnya bila ada perubahan."
    )


def is_open_elsewhere(path: Path) -> bool:
    """Whether a spreadsheet program has ``path`` open: the lock file Excel (``~$name``)
    or LibreOffice (``.~lock.name#``) keeps beside it. Its unsaved edits are not in the
    file the tool reads."""
    path = Path(path)
    return any(
        (path.parent / lock).is_file() for lock in (f"~${path.name}", f".~lock.{path.name}#")
    )
