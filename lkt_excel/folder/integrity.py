"""Whether what a run recorded is still there, and still what it wrote.

A report in the output folder may be damaged or changed after it was built (a
sync client that stopped half-way, a disk error, a hand edit): the manifest
records each report's size and sha256 (:func:`fingerprint`), and an input whose
report no longer matches is built again (:func:`intact`). The input folder may
be out of reach for a moment (a network share that drops, OneDrive freeing
space): :func:`inputs_reachable` says whether the run can tell which inputs
are gone, so nothing is retired on a folder that merely looked empty.
"""

from __future__ import annotations

from pathlib import Path

from lkt_excel.folder.discovery import sha256_of


def fingerprint(path: Path) -> tuple[int, str] | None:
    """Size in bytes and sha256 of ``path``; None when it cannot be read."""
    try:
        return Path(path).stat().st_size, sha256_of(path)
    except OSError:
        return None


def intact(path: Path, size: int | None, digest: str | None) -> bool:
    """``path`` is a file of the recorded size and sha256 (the size is compared first,
    so a truncated report costs no hashing). Nothing recorded: not intact."""
    if size is None or digest is None:
        return False
    try:
        if not path.is_file() or path.stat().st_size != size:
            return False
    except OSError:
        return False
    return fingerprint(path) == (size, digest)


def inputs_reachable(folder: Path, found: int) -> bool:
    """The input folder can be told apart from a folder that dropped out: it is there,
    and it holds at least one input now (``found``, as discovered)."""
    try:
        return Path(folder).is_dir() and found > 0
    except OSError:
        return False
