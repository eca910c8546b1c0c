"""Parse one workbook with python-calamine in a child process; print its cells as JSON.

Run as ``python -m lkt_excel.reading.child PATH KIND``. A hostile file can make
the Rust parser abort the whole process (calamine issue 693); here that only
ends this child, and the parent reports it. This module imports nothing but
the standard library and python-calamine, so the child starts quickly.

Output on stdout, UTF-8 JSON: ``{"sheets": [[name, rows], ...]}`` or
``{"error": kind, "detail": text}`` where kind is ``password``, ``unreadable``
(calamine's own error), ``memory``, ``crash`` (a Rust panic) or ``install``
(python-calamine missing: not the file's fault). Dates and times are
tagged objects (``{"datetime": "2021-01-31T00:00:00"}``), never code: the
parent reads them with :func:`json.loads`, not pickle.

The child's caps: its address space (:data:`MEMORY_LIMIT`, where the system allows
a limit) and the parent's timeout. A process that is itself disposable (a worker
of ``proses``) parses in-process under the same caps with :func:`capped_answer`.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import date, datetime, time, timedelta

MEMORY_LIMIT = 3 * 1024**3  # address space of the child, where the system allows a limit

# Which calamine constructor trusts the name: a file whose name fits its content is
# opened by path; one whose name lies (an .xls renamed .xlsx) by content.
_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xlsb": (".xlsb",), "ods": (".ods",), "xls": (".xls",)}


def _limit_memory(headroom: int = 0) -> tuple[int, int] | None:
    """Limit this process's address space to ``headroom`` bytes more than it uses now
    plus :data:`MEMORY_LIMIT`; return the limits it had (None where there are none)."""
    try:
        import resource
    except ImportError:  # Windows: no address-space limit; allocations fail fast there
        return None
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = MEMORY_LIMIT + headroom
        limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return None
    return soft, hard


def _address_space() -> int:
    """Bytes of address space this process holds now (Linux; 0 where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    import os

    return pages * os.sysconf("SC_PAGE_SIZE")


def _tagged(value: object) -> object:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, time):
        return {"time": value.isoformat()}
    if isinstance(value, timedelta):
        return {"timedelta": value.total_seconds()}
    raise TypeError(f"cell value of type {type(value).__name__}")


def read(path: str, kind: str) -> dict[str, object]:
    import python_calamine as calamine

    try:
        if path.lower().endswith(_SUFFIXES.get(kind, ())):
            book = calamine.CalamineWorkbook.from_path(path)
        else:
            with open(path, "rb") as handle:
                book = calamine.CalamineWorkbook.from_filelike(handle)
        sheets = [
            [name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)]
            for name in book.sheet_names
        ]
    except calamine.PasswordError as exc:
        return {"error": "password", "detail": str(exc)}
    except (calamine.CalamineError, OSError, ValueError) as exc:
        return {"error": "unreadable", "detail": str(exc)}
    return {"sheets": sheets}


def answer(path: str, kind: str) -> dict[str, object]:
    """What :func:`read` found, or which way it failed; never raises."""
    try:
        import python_calamine  # noqa: F401
    except ImportError as exc:  # the installation, not the file
        return {"error": "install", "detail": str(exc)}
    try:
        return read(path, kind)
    except MemoryError:
        return {"error": "memory", "detail": ""}
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a panic in the Rust parser: PanicException is no Exception
        return {"error": "crash", "detail": f"{type(exc).__name__}: {exc}"}


def capped_answer(path: str, kind: str, seconds: float) -> dict[str, object]:
    """:func:`answer`, in this process, under the child's caps for the length of the
    parse: the address space may grow by at most :data:`MEMORY_LIMIT` (on Linux, where
    the current size is known), and should the parse take longer than ``seconds`` the process ends
    (exit code 1).

    For a process that is itself disposable, whose death its parent handles: the
    workers of ``proses``. The time limit is :mod:`faulthandler`'s watchdog, a thread
    of its own that needs no lock the parser may hold, so it also stops a parse that
    never returns to Python.
    """
    import faulthandler
    import os

    global _WATCHDOG_OUTPUT
    if _WATCHDOG_OUTPUT is None:
        _WATCHDOG_OUTPUT = open(os.devnull, "w")  # noqa: SIM115 - kept for the watchdog
    used = _address_space()  # unknown (0) off Linux: no cap rather than one below the use
    previous = _limit_memory(headroom=used) if used else None
    faulthandler.dump_traceback_later(seconds, exit=True, file=_WATCHDOG_OUTPUT)
    try:
        return answer(path, kind)
    finally:
        faulthandler.cancel_dump_traceback_later()
        if previous is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, previous)


_WATCHDOG_OUTPUT: io.TextIOWrapper | None = None  # where the watchdog writes its traceback: nowhere


def main() -> None:
    _limit_memory()
    found = answer(sys.argv[1], sys.argv[2])
    sys.stdout.buffer.write(json.dumps(found, default=_tagged).encode("utf-8"))


if __name__ == "__main__":
    main()
