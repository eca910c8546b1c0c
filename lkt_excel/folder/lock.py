"""One run per output folder: the lock file, and what a dead run left behind.

A run holds :data:`LOCK_NAME` in its output folder for as long as it lasts. The
file holds its owner's process id, that process's start time (so a process id
reused after a reboot is not taken for the owner), the computer's name and
when the run began. A second run on the same folder is refused with who holds
it (:class:`FolderBusy`); a lock whose process is gone (killed, crashed, the
machine restarted) is taken over. A lock written on another computer (a
shared network folder) cannot be checked from here, and counts as held.

:func:`remove_leftovers` deletes the staging files of processes that are not
running any more: a worker's ``.lkt-staging-<hex>.xlsx`` (any, once the lock
is held: only the lock's holder makes them) and the ``.<name>.<pid>.tmp<suffix>``
of :func:`lkt_excel.files.staging_path` (the summary's, the manifest's, a
``build``'s) whose process is gone.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sys
import time
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from lkt_excel.core.problems import OutputError
from lkt_excel.folder.discovery import STAGING_MARK

LOCK_NAME = "lkt-kunci.json"
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp(\.[A-Za-z0-9]+)?$")


# ---------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------


def start_time(pid: int) -> str | None:
    """When process ``pid`` started, as an opaque text; None when it is not running.

    Linux: field 22 of ``/proc/<pid>/stat``; Windows: its creation time; elsewhere
    only whether it runs (``"?"``).
    """
    if pid <= 0:
        return None
    if sys.platform == "win32":
        return _windows_start_time(pid)
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        stat = ""
    if stat:
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 19 and fields[0] != "Z":  # a zombie has finished
            return fields[19]
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return "?"


def _windows_start_time(pid: int) -> str | None:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return None if kernel32.GetLastError() == 87 else "?"  # 87: no such process
    try:
        code = wintypes.DWORD()
        if kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value != 259:
            return None  # it has exited (259: STILL_ACTIVE)
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return "?"
        return str((times[0].dwHighDateTime << 32) | times[0].dwLowDateTime)
    finally:
        kernel32.CloseHandle(handle)


def is_running(pid: int, started: str | None) -> bool:
    """Process ``pid`` runs, and is the one that started at ``started`` (when known)."""
    now = start_time(pid)
    if now is None:
        return False
    return started in (None, "?") or now == "?" or now == started


# ---------------------------------------------------------------------------
# The lock
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    pid: int
    started: str | None  # start_time of the process
    host: str
    since: str  # local time the run began, ISO 8601

    def to_json(self) -> str:
        data = {"pid": self.pid, "started": self.started, "host": self.host, "since": self.since}
        return json.dumps(data, ensure_ascii=True) + "\n"

    @classmethod
    def read(cls, path: Path) -> Holder | None:
        """The holder written in ``path``; None when it is unreadable or not a lock."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(int(data["pid"]), data.get("started"), str(data["host"]), str(data["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @property
    def alive(self) -> bool:
        if self.host != socket.gethostname():
            return True  # cannot be checked from this computer
        started = self.started if isinstance(self.started, str) else None
        return is_running(self.pid, started)


class FolderBusy(OutputError):
    """The output folder is in use by another run; the message says by whom."""


def _busy(path: Path, holder: Holder | None) -> FolderBusy:
    from lkt_excel.core.dates import format_time_id

    if holder is None:
        who = "proses lkt-excel lain (yang baru mulai)"
    else:
        try:
            when = format_time_id(datetime_from(holder.since))
        except ValueError:
            when = holder.since
        who = f"proses lkt-excel lain (PID {holder.pid} di komputer {holder.host}, sejak {when})"
    return FolderBusy(
        f"Folder hasil '{path.parent}' sedang dipakai oleh {who}. Tunggu sampai proses itu "
        f"selesai, lalu jalankan lagi. Bila yakin tidak ada proses lain yang berjalan (mis. "
        f"komputer itu sudah dimatikan), hapus berkas '{path}'."
    )


def datetime_from(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text)


class FolderLock:
    """The lock of one output folder; :meth:`acquire`, then :meth:`release`."""

    def __init__(self, outdir: Path) -> None:
        self.path = Path(outdir) / LOCK_NAME
        self.held = False

    def acquire(self) -> None:
        """Take the lock, taking over a stale one; raise :class:`FolderBusy` when it is held.

        A folder where no file can be created (read-only) is not locked: no other run
        can write there either, and this one reports each file it cannot write.
        """
        from datetime import datetime

        me = Holder(
            os.getpid(),
            start_time(os.getpid()),
            socket.gethostname(),
            datetime.now().isoformat(timespec="seconds"),
        )
        for _ in range(3):
            try:
                handle = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = Holder.read(self.path)
                if holder is None and _young(self.path):
                    raise _busy(self.path, None) from None  # being written just now
                if holder is not None and holder.alive:
                    raise _busy(self.path, holder) from None
                self._take_over()
                continue
            except OSError:
                return  # cannot be written: see above
            with os.fdopen(handle, "w", encoding="utf-8") as lock:
                lock.write(me.to_json())
            self.held = True
            return
        raise _busy(self.path, Holder.read(self.path))

    def _take_over(self) -> None:
        """Move a stale lock aside (only one of two runs doing so at once succeeds) and
        delete it."""
        aside = self.path.with_name(f".{LOCK_NAME}.{uuid.uuid4().hex}.usang")
        with suppress(OSError):
            os.rename(self.path, aside)
            aside.unlink()

    def release(self) -> None:
        if self.held:
            self.held = False
            holder = Holder.read(self.path)
            if holder is not None and holder.pid == os.getpid():
                with suppress(OSError):
                    self.path.unlink()


def _young(path: Path, seconds: float = 5.0) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False


# ---------------------------------------------------------------------------
# What a dead run left
# ---------------------------------------------------------------------------


def remove_leftovers(outdir: Path) -> list[str]:
    """Delete the staging files of runs that are gone (see the module's text); their names."""
    removed: list[str] = []
    try:
        names = [p for p in Path(outdir).iterdir() if p.name.startswith(".")]
    except OSError:
        return removed
    for path in names:
        match = _TEMPORARY.match(path.name)
        ours = STAGING_MARK in path.name and path.name.startswith("." + STAGING_MARK)
        stale = match is not None and int(match.group(1)) != os.getpid()
        if stale and match is not None:
            stale = start_time(int(match.group(1))) is None
        if (ours or stale) and path.is_file():
            with suppress(OSError):
                path.unlink()
                removed.append(path.name)
    return removed
