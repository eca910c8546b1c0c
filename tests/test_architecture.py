"""The house: packages by role, arrows that point one way, modules of a readable size.

Every import of every module is read from its source with ``ast``, inside
functions too, so a cycle cannot hide behind a lazy import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lkt_excel"

# Which packages each package may import (besides itself and the top-level
# ``lkt_excel`` for ``__version__``). Arrows point down: the core knows nothing
# of files, the CLI may use everything.
ALLOWED = {
    "core": set(),
    "files": set(),
    "programs": set(),
    "reading": {"core", "files", "programs"},
    "validate": {"core", "reading", "mail"},  # mail.addresses: the Surel keys
    "report": {"core", "files", "programs"},
    "inputs": {"core", "validate", "report", "files"},
    "mail": {"core", "files"},
    "api": {"core", "reading", "validate", "report", "inputs", "files"},
    "folder": {"api", "core", "reading", "report", "mail", "files"},
    "cli": {"api", "core", "reading", "report", "inputs", "folder", "mail", "files", "programs"},
    "__main__": {"cli"},
}
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
LONG_MARK = "long by design"  # a comment in a longer function says why it stays whole


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def imports_of(name: str) -> set[str]:
    """The lkt_excel modules ``name`` imports, anywhere in its source."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            # the longest prefix that is one of our modules
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


# The package's own ``__init__`` is the public facade: its ``__getattr__`` loads
# ``api`` on first use of ``lkt_excel.build`` and friends, never while a module
# is being imported, so its edges are left out (``from lkt_excel import
# __version__`` would otherwise look like a circle through the facade).
GRAPH = {name: set() if name == "lkt_excel" else imports_of(name) for name in MODULES}


def room(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_import_cycle():
    """Depth-first search over every import, lazy ones included."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                cycle = stack[stack.index(target) :] + [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


def test_arrows_point_down():
    wrong = []
    for name, targets in GRAPH.items():
        own = room(name)
        if own not in ALLOWED:
            continue
        for target in targets:
            other = room(target)
            if other and other != own and other not in ALLOWED[own]:
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_every_room_is_known():
    """A new package gets its place in ALLOWED (and in the README's Design section)."""
    rooms = {room(name) for name in MODULES} - {""}
    rooms |= {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert rooms <= set(ALLOWED)


def test_the_core_does_no_io():
    banned = {"os", "shutil", "subprocess", "zipfile", "tempfile", "socket"}
    for name, path in MODULES.items():
        if room(name) != "core":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & banned, name
            elif isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in banned, name
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("open", "print", "input"), name


def test_the_child_reader_imports_only_the_standard_library_and_calamine():
    assert GRAPH["lkt_excel.reading.child"] == set()
    assert MODULES["lkt_excel.reading"].read_text(encoding="utf-8").strip() == ""


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_read_in_one_sitting(name):
    path = MODULES[name]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {len(lines)} lines"
    tree = ast.parse("\n".join(lines))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            body = "\n".join(lines[node.lineno - 1 : node.end_lineno]).lower()
            assert length <= MAX_FUNCTION_LINES or LONG_MARK in body, (
                f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines "
                f"(split it, or say in a comment why it is {LONG_MARK})"
            )
