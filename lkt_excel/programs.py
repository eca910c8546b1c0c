"""The programs lkt-excel starts: the child reader, and LibreOffice (frozen or not).

From source, the child is ``python -m lkt_excel.reading.child PATH KIND``. A
frozen application (PyInstaller) has no interpreter to run a module with:
``sys.executable`` is the application itself, so it is started again with
:data:`READER_SWITCH`, a hidden first argument that its entry point
(:func:`lkt_excel.cli.launch.launch`) answers before anything else, by
running the same child. Either way the parse runs in a process of its own,
with the child's memory limit and the parent's timeout.

Standard library only: the entry point imports this before deciding anything.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

# The hidden first argument of the frozen application that makes it the child reader.
# Not a command a person types: no command or option of the CLI looks like it.
READER_SWITCH = "--lkt-excel-reader-child"

CHILD_MODULE = "lkt_excel.reading.child"


def is_frozen() -> bool:
    """True in an application bundled by PyInstaller (``sys.frozen`` is set)."""
    return bool(getattr(sys, "frozen", False))


def child_command(
    path: str | os.PathLike[str], kind: str, options: Sequence[str] = ()
) -> list[str]:
    """The child reader's command line for ``path`` of ``kind``.

    ``options`` are interpreter options (``-S``); the frozen application has
    none to give, so they are left out there.
    """
    if is_frozen():
        return [sys.executable, READER_SWITCH, os.fspath(path), kind]
    return [sys.executable, *options, "-m", CHILD_MODULE, os.fspath(path), kind]


def external_program_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a program that is not this application (LibreOffice).

    On Linux the PyInstaller bootloader puts the bundle's own libraries first on
    ``LD_LIBRARY_PATH`` (keeping the user's value in ``LD_LIBRARY_PATH_ORIG``);
    a system program started with it would load them instead of its own. Outside
    a frozen application this is a copy of the environment, unchanged.
    """
    env = dict(os.environ if env is None else env)
    if not is_frozen():
        return env
    for name in ("LD_LIBRARY_PATH", "LIBPATH", "DYLD_LIBRARY_PATH"):
        original = env.pop(f"{name}_ORIG", None)
        if original is not None:
            env[name] = original
        else:
            env.pop(name, None)
    return env
