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
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, time, timedelta

MEMORY_LIMIT = 3 * 1024**3  # address space of the child, where the system allows a limit

# Which calamine constructor trusts the name: a file whose name fits its content is
# opened by path; one whose name lies (an .xls renamed .xlsx) by content.
_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xlsb": (".xlsb",), "ods": (".ods",), "xls": (".xls",)}


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows: no address-space limit; allocations fail fast there
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


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


def main() -> None:
    _limit_memory()
    found = answer(sys.argv[1], sys.argv[2])
    sys.stdout.buffer.write(json.dumps(found, default=_tagged).encode("utf-8"))


if __name__ == "__main__":
    main()
