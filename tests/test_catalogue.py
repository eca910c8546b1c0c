"""The catalogue of problem codes, the code that uses it and README's table agree.

Every code the package can report is declared once in ``lkt_excel.core.catalogue``;
the source is scanned with ``ast`` for the codes it passes to ``error``, ``warning``,
``Problem`` and to any function that hands its argument on to them (``_refuse`` and
the like, found by following the argument, not by name), and README's table of
codes is parsed. No code may be missing from one of the three, and none may be
declared and never used.
"""

from __future__ import annotations

import ast
import pickle
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lkt_excel.core import catalogue
from lkt_excel.core.catalogue import CODES, Code, Level
from lkt_excel.core.problems import Problem, error, warning

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lkt_excel"
CATALOGUE_MODULE = "lkt_excel.core.catalogue"


# ---------------------------------------------------------------------------
# Scanning the package for the codes it reports
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Taker:
    """A function that takes a problem code: which parameter, and at which levels."""

    index: int  # position among the call's arguments (self/cls not counted)
    keyword: str
    levels: frozenset[Level] | None  # None: the level is itself an argument


@dataclass(frozen=True)
class Use:
    place: str  # path:line
    code: str | None  # None: the expression could not be resolved to a code
    levels: frozenset[Level] | None
    source: str


# Problem(code, level, ...) is where every code ends; error() and warning() are
# found as functions that hand their first parameter on to it.
BASE = {"Problem": Taker(0, "code", None)}
TRANSPARENT = {"str", "declared"}  # calls that return their first argument's code


@dataclass
class _Scope:
    node: ast.AST
    params: list[str] = field(default_factory=list)
    method: bool = False


def _params(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, in_class: bool):
    args = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
    method = in_class and bool(args) and args[0] in ("self", "cls")
    return (args[1:] if method else args) + [a.arg for a in node.args.kwonlyargs], method


class _Module:
    def __init__(self, path: Path):
        self.path = path
        self.source = path.read_text(encoding="utf-8")
        self.tree = ast.parse(self.source, str(path))
        self.catalogue_aliases: set[str] = set()  # names bound to the catalogue module
        self.imported_codes: dict[str, str] = {}  # names imported from it -> attribute
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module == CATALOGUE_MODULE:
                for alias in node.names:
                    self.imported_codes[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module == "lkt_excel.core":
                for alias in node.names:
                    if alias.name == "catalogue":
                        self.catalogue_aliases.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == CATALOGUE_MODULE and alias.asname:
                        self.catalogue_aliases.add(alias.asname)

    def calls(self):
        """Every call with the stack of scopes (module, classes' functions) around it."""

        def visit(node: ast.AST, stack: list[_Scope], in_class: bool):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    params, method = _params(child, in_class)
                    yield from visit(child, [*stack, _Scope(child, params, method)], False)
                elif isinstance(child, ast.ClassDef):
                    yield from visit(child, stack, True)
                else:
                    if isinstance(child, ast.Call):
                        yield child, stack
                    yield from visit(child, stack, in_class)

        yield from visit(self.tree, [_Scope(self.tree)], False)

    def resolve(self, expr: ast.expr, stack: list[_Scope], seen: frozenset[str] = frozenset()):
        """(codes, parameter) of a code expression; None in codes: not resolvable."""
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}, None
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id in self.catalogue_aliases
        ):
            return {_entry(expr.attr)}, None
        if isinstance(expr, ast.IfExp):
            body, p1 = self.resolve(expr.body, stack, seen)
            orelse, p2 = self.resolve(expr.orelse, stack, seen)
            return body | orelse, p1 or p2
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Name)
            and expr.func.id in TRANSPARENT
            and expr.args
        ):
            return self.resolve(expr.args[0], stack, seen)
        if isinstance(expr, ast.Name) and expr.id not in seen:
            if expr.id in self.imported_codes:
                return {_entry(self.imported_codes[expr.id])}, None
            for depth in range(len(stack) - 1, -1, -1):
                scope = stack[depth]
                if expr.id in scope.params:  # handed on; a closure's is not followed
                    return (set(), expr.id) if depth == len(stack) - 1 else ({None}, None)
                values = [
                    node.value
                    for node in ast.walk(scope.node)
                    if isinstance(node, (ast.Assign, ast.AnnAssign))
                    and node.value is not None
                    and any(
                        isinstance(t, ast.Name) and t.id == expr.id
                        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                    )
                ]
                if values:
                    found: set[str | None] = set()
                    for value in values:
                        codes, _ = self.resolve(value, stack[: depth + 1], seen | {expr.id})
                        found |= codes
                    return found, None
        return {None}, None


def _entry(name: str) -> str:
    """The code of ``catalogue.<name>``, or a marker that no such entry exists."""
    entry = getattr(catalogue, name, None)
    return entry if isinstance(entry, Code) else f"<catalogue.{name}>"


def _callee(call: ast.Call) -> str | None:
    """The called name: ``f`` of ``f(...)``, ``m`` of ``self.m(...)``."""
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _argument(call: ast.Call, taker: Taker) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == taker.keyword:
            return keyword.value
    if any(isinstance(a, ast.Starred) for a in call.args[: taker.index + 1]):
        return None
    return call.args[taker.index] if taker.index < len(call.args) else None


def _levels(call: ast.Call, name: str, takers: dict[str, Taker]) -> frozenset[Level] | None:
    taker = takers[name]
    if taker.levels is not None:
        return taker.levels
    level = next((k.value for k in call.keywords if k.arg == "level"), None)
    if level is None and len(call.args) > 1:
        level = call.args[1]
    if isinstance(level, ast.Attribute) and level.attr in Level.__members__:
        return frozenset({Level[level.attr]})
    return None


def scan(package: Path = PACKAGE) -> tuple[dict[str, Taker], list[Use]]:
    """The functions that take a code, and every code the package passes to one."""
    modules = [
        _Module(path)
        for path in sorted(package.rglob("*.py"))
        if path.resolve() != Path(catalogue.__file__).resolve()
    ]
    takers = dict(BASE)
    while True:  # follow codes handed on through parameters, to a fixed point
        found = dict(takers)
        for module in modules:
            for call, stack in module.calls():
                name = _callee(call)
                if name not in takers or len(stack) < 2:
                    continue
                argument = _argument(call, takers[name])
                if argument is None:
                    continue
                _, parameter = module.resolve(argument, stack)
                function = stack[-1].node
                if parameter is not None and isinstance(function, ast.FunctionDef):
                    levels = _levels(call, name, takers)
                    old = found.get(function.name)
                    if old is not None and old.levels is not None and levels is not None:
                        levels = old.levels | levels  # hands it on to error() and warning()
                    index = stack[-1].params.index(parameter)
                    found[function.name] = Taker(index, parameter, levels)
        if found == takers:
            break
        takers = found
    uses: list[Use] = []
    for module in modules:
        for call, stack in module.calls():
            name = _callee(call)
            if name not in takers:
                continue
            argument = _argument(call, takers[name])
            if argument is None:
                continue
            codes, parameter = module.resolve(argument, stack)
            if parameter is not None and not codes:
                continue  # a function handing its parameter on: its callers are scanned
            place = f"{module.path.relative_to(package.parent)}:{call.lineno}"
            source = ast.get_source_segment(module.source, argument) or ""
            uses.extend(Use(place, code, _levels(call, name, takers), source) for code in codes)
    return takers, uses


@pytest.fixture(scope="module")
def scanned() -> tuple[dict[str, Taker], list[Use]]:
    return scan()


def test_the_scan_finds_error_and_warning_as_takers_of_a_code(scanned):
    takers, uses = scanned
    assert takers["error"].levels == {Level.ERROR}
    assert takers["warning"].levels == {Level.WARNING}
    assert len(uses) > 50  # about 80 places report a problem


def test_every_code_the_package_reports_can_be_read_from_its_source(scanned):
    _, uses = scanned
    assert [f"{u.place}: {u.source}" for u in uses if u.code is None] == []


def test_every_code_the_package_reports_is_in_the_catalogue_at_its_level(scanned):
    _, uses = scanned
    missing = [f"{u.place}: {u.code}" for u in uses if u.code is not None and u.code not in CODES]
    assert missing == []
    wrong_level = [
        f"{u.place}: {u.code} used as {sorted(x.name for x in u.levels)}"
        for u in uses
        if u.code in CODES and u.levels is not None and CODES[u.code].level not in u.levels
    ]
    assert wrong_level == []


def test_every_code_in_the_catalogue_is_reported_somewhere(scanned):
    _, uses = scanned
    used = {u.code for u in uses}
    assert [code for code in CODES if code not in used] == []


def test_the_scan_follows_wrappers_conditionals_and_catalogue_names(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text(
        "from lkt_excel.core import catalogue as codes\n"
        "from lkt_excel.core.catalogue import KOLOM_GANDA\n"
        "def error(code, message):\n"
        "    return Problem(declared(code, Level.ERROR), Level.ERROR, message)\n"
        "def warning(code, message):\n"
        "    return Problem(code, level=Level.WARNING, message=message)\n"
        "def _refuse(code, message):\n"
        "    return error(code, message)\n"
        "class C:\n"
        "    def _note(self, message, code):\n"
        "        return warning(code, message)\n"
        "    def run(self, low):\n"
        "        self._note('m',\n"
        "                   code='kunci-ganda')\n"
        "        kind = 'kategori-celah' if low else 'kategori-tumpang-tindih'\n"
        "        return error(kind, 'm')\n"
        "A = _refuse(\n"
        "    'berkas-kosong', 'm')\n"
        "B = error(codes.LEMBAR_HILANG, 'm')\n"
        "C = error(KOLOM_GANDA, 'm')\n"
        "D = Problem(codes.NOPE, Level.WARNING, 'm')\n"
        "E = error(make_code(), 'm')\n",
        encoding="utf-8",
    )
    takers, uses = scan(package)
    assert takers["_refuse"].levels == {Level.ERROR}
    assert takers["_note"] == Taker(1, "code", frozenset({Level.WARNING}))
    assert sorted((u.code or "?", sorted(x.name for x in u.levels or ())) for u in uses) == [
        ("<catalogue.NOPE>", ["WARNING"]),
        ("?", ["ERROR"]),
        ("berkas-kosong", ["ERROR"]),
        ("kategori-celah", ["ERROR"]),
        ("kategori-tumpang-tindih", ["ERROR"]),
        ("kolom-ganda", ["ERROR"]),
        ("kunci-ganda", ["WARNING"]),
        ("lembar-hilang", ["ERROR"]),
    ]


# ---------------------------------------------------------------------------
# README's table of codes
# ---------------------------------------------------------------------------

TABLE_HEADER = "| Code | Level | Where | What |"
README_LEVEL = {"error": Level.ERROR, "warning": Level.WARNING}


def readme_codes() -> list[tuple[str, str]]:
    """(code, level word) of every row of README's table of codes, in its order."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(TABLE_HEADER)
    rows: list[tuple[str, str]] = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        codes = re.findall(r"`([^`]+)`", cells[0])
        assert codes and re.fullmatch(r"(`[^`]+`( / )?)+", cells[0]), line
        rows.extend((code, cells[1]) for code in codes)
    return rows


def test_readme_lists_every_code_of_the_catalogue_and_no_other():
    listed = [code for code, _ in readme_codes()]
    assert sorted(set(CODES) - set(listed)) == [], "missing from README's table"
    assert sorted(set(listed) - set(CODES)) == [], "in README's table, not in the catalogue"
    assert len(listed) == len(set(listed)), "a code listed twice"


def test_readme_lists_the_codes_in_catalogue_order_at_their_level():
    assert [code for code, _ in readme_codes()] == list(CODES)
    assert {code: README_LEVEL.get(word) for code, word in readme_codes()} == {
        code: entry.level for code, entry in CODES.items()
    }


# ---------------------------------------------------------------------------
# The catalogue itself
# ---------------------------------------------------------------------------


def test_each_entry_is_named_after_its_code_and_has_a_short_title():
    names = {name: value for name, value in vars(catalogue).items() if isinstance(value, Code)}
    assert {name: str(value) for name, value in names.items()} == {
        str(code).upper().replace("-", "_"): str(code) for code in CODES.values()
    }
    for code in CODES.values():
        assert code.summary and len(code.summary) <= 60, code
        assert code.summary[0].isupper() and not code.summary.endswith("."), code


def test_the_catalogue_is_pure_data_importing_only_the_standard_library():
    tree = ast.parse(Path(catalogue.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


def test_a_code_is_its_string_and_stays_one():
    code = catalogue.KOLOM_GANDA
    assert code == "kolom-ganda" and hash(code) == hash("kolom-ganda")
    assert CODES["kolom-ganda"] is code
    assert (code.level, code.summary) == (Level.ERROR, "Kolom yang sama dua kali")
    copy = pickle.loads(pickle.dumps(code))
    assert (copy, copy.level, copy.summary) == (code, code.level, code.summary)
    with pytest.raises(AttributeError):
        code.level = Level.WARNING  # type: ignore[misc]
    with pytest.raises(ValueError):
        Code("Not Kebab", Level.ERROR, "x")


def test_error_and_warning_take_an_entry_or_its_string():
    by_entry = error(catalogue.KOLOM_GANDA, "m", "f", sheet="Data", row=1, column="B")
    by_string = error("kolom-ganda", "m", "f", sheet="Data", row=1, column="B")
    assert by_entry == by_string == Problem("kolom-ganda", Level.ERROR, "m", "f", "Data", 1, "B")
    assert type(by_entry.code) is str  # the record carries the plain code, as before
    assert warning(catalogue.KUNCI_GANDA, "m").level is Level.WARNING
    assert warning("kunci-ganda", "m").to_dict()["code"] == "kunci-ganda"


@pytest.mark.parametrize(
    ("make", "code", "says"),
    [
        (error, "kolom-gandaa", "not in lkt_excel.core.catalogue"),
        (warning, "tidak-ada-kode-ini", "not in lkt_excel.core.catalogue"),
        (error, "kunci-ganda", "declared as warning, not error"),
        (warning, catalogue.KOLOM_GANDA, "declared as error, not warning"),
    ],
)
def test_an_undeclared_code_or_the_wrong_level_is_refused(make, code, says):
    with pytest.raises(ValueError, match=says):
        make(code, "m")
