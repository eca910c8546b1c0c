"""What the libraries alone cost for one report: the work floor under ``build``.

The import floor says what starting the tool costs. For a large report the
libraries also have work to do that no implementation on them can avoid:
python-calamine parsing the input, and xlsxwriter building and packaging every
cell, merge, format and chart the report holds. This script measures exactly
that work and nothing of ours:

``record``  builds a report in this process with every public xlsxwriter call
            logged (receiver, method, arguments) and written out as a Python
            function of straight-line xlsxwriter calls;
``run``     in a fresh interpreter that imports only typer, python-calamine and
            xlsxwriter: reads the input's sheets with calamine and replays the
            logged calls into a new workbook, ``--times`` times.

The replay writes the same workbook the tool writes (same cells, merges,
formats, charts, page setup), so the time of ``run`` is the floor of ``build``
on these libraries, and ``(run --times N) - (run --times 1)`` over ``N - 1``
is the libraries' cost per file in ``proses``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The xlsxwriter classes whose public methods are logged.
_CLASSES = (
    ("xlsxwriter.workbook", "Workbook"),
    ("xlsxwriter.worksheet", "Worksheet"),
    ("xlsxwriter.chart", "Chart"),
)
_OWN_FORMULAS = "own-formulas-sheet"  # marker for lkt-excel's Worksheet subclass


class _Ref:
    """A logged xlsxwriter object (workbook, sheet, format or chart), by number."""

    def __init__(self, number: int):
        self.number = number


class _Recorder:
    def __init__(self) -> None:
        # receiver, method, arguments, keyword arguments, number given to a new result
        self.calls: list[list] = []
        self.numbers: dict[int, int] = {}
        self.depth = 0

    def ref(self, obj) -> int:
        return self.numbers.setdefault(id(obj), len(self.numbers))

    def encode(self, value):
        from xlsxwriter.chart import Chart
        from xlsxwriter.format import Format
        from xlsxwriter.worksheet import Worksheet

        if isinstance(value, (Worksheet, Format, Chart)):
            return _Ref(self.ref(value))
        if isinstance(value, type) and issubclass(value, Worksheet):
            return _OWN_FORMULAS if value is not Worksheet else None
        if isinstance(value, (list, tuple)):
            return type(value)(self.encode(v) for v in value)
        if isinstance(value, dict):
            return {k: self.encode(v) for k, v in value.items()}
        return value

    def wrap(self, cls, name: str) -> None:
        original = getattr(cls, name)
        recorder = self

        def logged(obj, *args, **kwargs):
            if recorder.depth:  # called by xlsxwriter itself, not by us
                return original(obj, *args, **kwargs)
            call = [recorder.ref(obj), name, recorder.encode(args), recorder.encode(kwargs), None]
            recorder.calls.append(call)
            recorder.depth += 1
            try:
                result = original(obj, *args, **kwargs)
            finally:
                recorder.depth -= 1
            new = not isinstance(result, (type(None), int, str, list))
            if new and id(result) not in recorder.numbers:  # a new sheet, format or chart
                call[4] = recorder.ref(result)
            return result

        setattr(cls, name, logged)


def record(input_path: Path, calls_path: Path, output: Path) -> int:
    """Build ``input_path`` into ``output`` with every xlsxwriter call logged."""
    import importlib
    import inspect

    recorder = _Recorder()
    for module, class_name in _CLASSES:
        cls = getattr(importlib.import_module(module), class_name)
        for name in dir(cls):
            if not name.startswith("_") and inspect.isfunction(getattr(cls, name)):
                recorder.wrap(cls, name)
    init = importlib.import_module("xlsxwriter.workbook").Workbook.__init__

    def logged_init(obj, filename=None, options=None):
        number = recorder.ref(obj)
        recorder.calls.append([number, "__init__", (), {"options": options}, number])
        recorder.depth += 1  # the workbook's own default formats are not our calls
        try:
            init(obj, filename, options)
        finally:
            recorder.depth -= 1

    importlib.import_module("xlsxwriter.workbook").Workbook.__init__ = logged_init

    from lkt_excel import api

    api.build(input_path, output, isolated=False)
    calls_path.write_text(as_source(recorder.calls), encoding="utf-8")
    return len(recorder.calls)


OWN_FORMULAS_SHEET = """
class OwnFormulasSheet(Worksheet):
    # The same formula shortcut lkt-excel's Capaian sheet uses (see report/capaian_sheet.py).
    def _prepare_formula(self, formula, *args, **kwargs):
        return formula[1:] if formula.startswith("=") else formula
"""


def as_source(calls: list) -> str:
    """The logged calls as a straight-line Python function ``write(output)``.

    Replaying them as compiled code costs what hand-written xlsxwriter code for
    this report would cost: no dispatch, no decoding, only the library's work.
    """

    def render(value) -> str:
        if isinstance(value, _Ref):
            return f"o{value.number}"
        if value == _OWN_FORMULAS:
            return "OwnFormulasSheet"
        if isinstance(value, list):
            return "[" + ", ".join(render(v) for v in value) + "]"
        if isinstance(value, tuple):
            return "(" + "".join(render(v) + ", " for v in value) + ")"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k!r}: {render(v)}" for k, v in value.items()) + "}"
        return repr(value)

    lines = [
        "from xlsxwriter import Workbook",
        "from xlsxwriter.worksheet import Worksheet",
        OWN_FORMULAS_SHEET,
        "",
        "def write(output):",
    ]
    for number, name, args, kwargs, result in calls:
        if name == "__init__":
            call = f"Workbook(output, {render(kwargs['options'])})"
        else:
            words = [render(a) for a in args] + [f"{k}={render(v)}" for k, v in kwargs.items()]
            call = f"o{number}.{name}({', '.join(words)})"
        lines.append(f"    {call}" if result is None else f"    o{result} = {call}")
    return "\n".join(lines) + "\n"


def read(input_path: Path) -> int:
    import python_calamine as calamine

    book = calamine.CalamineWorkbook.from_path(str(input_path))
    return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="build a report with xlsxwriter's calls logged")
    rec.add_argument("input", type=Path)
    rec.add_argument("calls", type=Path, help="the Python file to write")
    rec.add_argument("output", type=Path)
    run = commands.add_parser("run", help="read the input and replay the calls, nothing else")
    run.add_argument("input", type=Path)
    run.add_argument("calls", type=Path, help="the file `record` wrote")
    run.add_argument("output", type=Path)
    run.add_argument("--times", type=int, default=1)
    args = parser.parse_args(argv)
    if args.command == "record":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        print(record(args.input, args.calls, args.output))
        return 0
    import importlib.util

    import typer  # noqa: F401  (part of the floor: the tool's CLI imports it)

    # Imported, not exec'd: the compiled code is cached beside it like any module's.
    spec = importlib.util.spec_from_file_location("report_calls", args.calls)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for _ in range(args.times):
        read(args.input)
        module.write(str(args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
