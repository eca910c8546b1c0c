"""The file system at the edges: atomic writes, and what to tell a user about a path.

Every file the tool writes (reports, PDFs, templates, the summary, the
manifest) goes through :func:`write_atomically`: the bytes land in a staging
file beside the target and replace it in one step (``os.replace`` also
replaces an existing file on Windows), so a failed or interrupted run never
leaves half a file under the real name. :func:`cannot_write` is the one
Indonesian sentence for a write that failed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STAGING_MARK = ".tmp"  # staging files are named ``.<stem>.<pid>.tmp<suffix>``


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
        os.replace(staging, target)
    finally:
        if staging.exists():
            staging.unlink()


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with Windows line ends, atomically."""
    with (
        write_atomically(path) as staging,
        open(staging, "w", encoding="utf-8", newline="\r\n") as handle,
    ):
        handle.write(text)


def cannot_write(path: Path, exc: BaseException, *, what: str = "Berkas") -> str:
    """The sentence for a file that could not be written, with the likely fix."""
    return (
        f"{what} '{path}' tidak dapat ditulis ({exc.__class__.__name__}). Bila berkas itu "
        "sedang terbuka di Excel, tutup dulu lalu ulangi; bila tidak, periksa izin folder."
    )


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


def is_open_elsewhere(path: Path) -> bool:
    """Whether a spreadsheet program has ``path`` open: the lock file Excel (``~$name``)
    or LibreOffice (``.~lock.name#``) keeps beside it. Its unsaved edits are not in the
    file the tool reads."""
    path = Path(path)
    return any(
        (path.parent / lock).is_file() for lock in (f"~${path.name}", f".~lock.{path.name}#")
    )
