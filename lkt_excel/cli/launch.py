"""How the program was started, and what it runs: the start of every way in.

``lkt-excel`` (the console script), ``python -m lkt_excel`` and the frozen
application (``packaging/``) all start in :func:`launch`, which settles, before
typer is imported or parses anything:

1. The hidden reader mode (:data:`~lkt_excel.programs.READER_SWITCH`):
   the frozen application started again by :mod:`lkt_excel.reading.reader` to
   parse one file in a process of its own. It runs
   :mod:`lkt_excel.reading.child` and nothing else (standard library and
   python-calamine only).
2. In a frozen application, ``multiprocessing.freeze_support()``: the workers
   of ``proses`` and multiprocessing's resource tracker are this executable
   started again with their own arguments (``--multiprocessing-fork ...``,
   ``-B -S -c ...``); they run and exit there instead of reaching the CLI.
   ``multiprocessing.set_executable`` is not needed: spawn starts
   ``sys.executable``, which is the application itself.
3. Windows' double-click and drag-and-drop (:func:`decide`): a folder dropped on
   the executable is its only argument and runs ``proses`` on it; a
   spreadsheet runs ``build``; no argument in a console window opened for this
   program alone (a double-click in Explorer) explains what to do. In such a
   window every run ends by waiting for Enter, so the clerk can read the
   summary before the window closes.

:func:`decide` and :func:`finish` are pure up to the functions they are given,
so the tests need no console. Standard library only, imported lazily where it
costs: this module is on the path of ``--help``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lkt_excel.files import SPREADSHEET_SUFFIXES
from lkt_excel.programs import READER_SWITCH, is_frozen

# A word that may be a command name (build, proses, ...): left to the CLI even
# when a folder of that name exists here. Explorer always passes full paths.
_COMMAND_LIKE = re.compile(r"[a-z][a-z-]*")

PROGRAM = "lkt-excel.exe"

EXPLANATION = f"""\
lkt-excel membuat Laporan Kinerja Triwulan (SAKIP) dari berkas Excel.

Cara memakainya:
  1. Kumpulkan berkas Excel dari semua unit dalam satu folder triwulan,
     mis. D:\\LKT\\2024 TW I.
  2. Seret folder itu, lalu lepaskan di atas {PROGRAM}.
     Laporannya dibuat di folder 'hasil' di dalam folder itu, bersama
     ringkasan.xlsx dan berkas 'GAGAL ...txt' untuk setiap berkas yang gagal.
  Satu berkas Excel pun bisa dilepaskan di atas {PROGRAM}: laporannya
  dibuat di samping berkas itu.

Templat berkas masukan dan bantuan lengkap: buka Command Prompt di folder
ini, lalu ketik  lkt-excel template  atau  lkt-excel --help"""

PRESS_ENTER = "Tekan Enter untuk menutup jendela ini."
DONE = "Selesai."
DONE_WITH_ERRORS = "Selesai, dengan galat: baca pesan di atas."


def not_a_spreadsheet(name: str) -> str:
    return (
        f"'{name}' bukan berkas Excel ({', '.join(SPREADSHEET_SUFFIXES)}). lkt-excel membaca "
        "satu berkas masukan, atau satu folder berisi berkas-berkas masukan."
    )


def several_paths(count: int) -> str:
    return (
        f"Ada {count} berkas atau folder sekaligus; lkt-excel memproses satu saja. Taruh semua "
        f"berkas masukan dalam satu folder, lalu lepaskan folder itu di atas {PROGRAM}."
    )


@dataclass(frozen=True)
class Plan:
    """What to do: run the CLI on ``args`` (when not None), or say ``message`` and end
    with ``code``; then, when ``wait``, wait for Enter."""

    args: list[str] | None
    message: str | None = None
    code: int = 0
    wait: bool = False


def decide(argv: Sequence[str], *, own_console: bool, interactive: bool) -> Plan:
    """What a start with the arguments ``argv`` (without the program) should do.

    ``own_console``: the console window was opened for this program alone (Windows,
    started from Explorer or a shortcut), so it closes as soon as the program ends.
    ``interactive``: standard input is that console, so Enter can be waited for.
    Paths are looked at on disk (is it a folder, a file).
    """
    argv = list(argv)
    wait = own_console and interactive
    if not argv:
        if own_console:
            return Plan(None, EXPLANATION, 0, wait)
        return Plan(argv, wait=wait)  # the CLI's own help
    if all(_is_path(arg) for arg in argv):
        if len(argv) > 1:
            return Plan(None, several_paths(len(argv)), 2, wait)
        (path,) = argv
        if os.path.isdir(path):
            return Plan(["proses", path], wait=wait)
        if path.lower().endswith(SPREADSHEET_SUFFIXES):
            return Plan(["build", path], wait=wait)
        return Plan(None, not_a_spreadsheet(os.path.basename(path)), 2, wait)
    return Plan(argv, wait=wait)


def _is_path(arg: str) -> bool:
    """An existing file or folder given where a command would be (not an option, not a word
    that may be a command)."""
    if arg.startswith("-") or _COMMAND_LIKE.fullmatch(arg):
        return False
    return os.path.exists(arg)


def finish(
    plan: Plan,
    run: Callable[[list[str]], object],
    *,
    say: Callable[[str, bool], None],
    read_line: Callable[[], object],
) -> int:
    """Carry out ``plan`` with ``run`` (the CLI on a list of arguments); return the exit code.

    ``say(text, to_stderr)`` prints, ``read_line()`` waits for Enter. A run that
    exits (typer always does) gives its code; an unexpected exception is printed
    and gives 1, so that a waiting window still shows it.
    """
    code = plan.code
    try:
        if plan.message is not None:
            say(plan.message, plan.code != 0)
        if plan.args is not None:
            code = _exit_code(run, plan.args, say)
    finally:
        if plan.wait:
            wait_for_enter(closing(plan, code), say=say, read_line=read_line)
    return code


def closing(plan: Plan, code: int) -> str:
    """The line before the wait for Enter."""
    if plan.args is None:  # the explanation, or a message that says it all
        return PRESS_ENTER
    return f"{DONE if code == 0 else DONE_WITH_ERRORS} {PRESS_ENTER}"


def wait_for_enter(
    text: str, *, say: Callable[[str, bool], None], read_line: Callable[[], object]
) -> None:
    """Show ``text`` and wait for Enter; an ended input or Ctrl-C ends the wait too."""
    say("", False)
    say(text, False)
    with contextlib.suppress(EOFError, KeyboardInterrupt, OSError):
        read_line()


def _exit_code(
    run: Callable[[list[str]], object], args: list[str], say: Callable[[str, bool], None]
) -> int:
    try:
        run(args)
    except SystemExit as exc:
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code
        say(str(exc.code), True)  # what the interpreter would print for sys.exit(text)
        return 1
    except KeyboardInterrupt:
        raise
    except Exception:  # noqa: BLE001 - shown, as the interpreter would, before any wait
        import traceback

        say(traceback.format_exc().rstrip(), True)
        return 1
    return 0


# ---------------------------------------------------------------------------
# The real process: its arguments, its console
# ---------------------------------------------------------------------------


def own_console() -> bool:
    """True when this process is alone in its console window (Windows only).

    A double-click in Explorer, a drop on the executable or a shortcut opens a new
    console for the program, which closes when it ends; started from Command
    Prompt or PowerShell, the shell shares the console. This counts on the
    one-folder build: a one-file build has a second, bootloader process there.
    """
    if sys.platform != "win32":
        return False
    try:
        import ctypes

        processes = (ctypes.c_ulong * 4)()
        count = ctypes.windll.kernel32.GetConsoleProcessList(processes, len(processes))
    except (AttributeError, OSError):
        return False
    return count == 1


def interactive() -> bool:
    """Standard input is a console or terminal (Enter can be waited for).

    On Windows ``NUL`` passes ``isatty()`` too; only a console has a console mode.
    """
    stdin = sys.stdin
    try:
        if stdin is None or not stdin.isatty():
            return False
        if sys.platform != "win32":
            return True
        import ctypes
        import msvcrt

        mode = ctypes.c_ulong()
        handle = msvcrt.get_osfhandle(stdin.fileno())
        return bool(ctypes.windll.kernel32.GetConsoleMode(handle, ctypes.byref(mode)))
    except (ValueError, OSError, AttributeError):  # closed, or no such call
        return False


def forgiving_streams(streams: Sequence[object] | None = None) -> None:
    """Let standard output and error print any character: one the console cannot show
    (cp1252 or cp437 on Windows, ASCII under ``LC_ALL=C``) becomes ``?`` instead of
    ending the program with UnicodeEncodeError. The encoding itself stays, so what a
    program reading the output expects is unchanged."""
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # closed, or not a text stream
                reconfigure(errors="replace")


def _say(text: str, to_stderr: bool) -> None:
    stream = sys.stderr if to_stderr else sys.stdout
    if stream is not None:
        print(text, file=stream, flush=True)


def _cli(args: list[str]) -> None:
    from lkt_excel.cli.app import run

    run(args)


def read_child(args: Sequence[str]) -> int:
    """The hidden reader mode: :mod:`lkt_excel.reading.child` on ``PATH KIND``."""
    from lkt_excel.reading import child

    if len(args) != 2:
        return 2
    sys.argv = [sys.argv[0], *args]
    child.main()
    return 0


def _read_line() -> object:
    if sys.stdin is None:
        raise EOFError
    return sys.stdin.readline()


def launch(
    run: Callable[[list[str]], object] | None = None, argv: Sequence[str] | None = None
) -> None:
    """Start the program: ``run`` (the CLI on a list of arguments) on what :func:`decide`
    made of ``argv`` (``sys.argv[1:]``); exits with its code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == [READER_SWITCH]:
        sys.exit(read_child(argv[1:]))
    forgiving_streams()
    if is_frozen():
        import multiprocessing

        multiprocessing.freeze_support()  # a worker or the resource tracker: runs, then exits
    plan = decide(argv, own_console=own_console(), interactive=interactive())
    sys.exit(finish(plan, run or _cli, say=_say, read_line=_read_line))


def main() -> None:
    """The ``lkt-excel`` program (console script, ``python -m lkt_excel``, the frozen app)."""
    launch()
