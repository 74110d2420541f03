"""The import layering of docs/architecture.md, checked on every module of the package.

The table between the `architecture:imports` markers of docs/architecture.md says which packages
each package may import. Here every import of every module (at the top, inside functions, under
TYPE_CHECKING) is read with `ast` and checked against it, so the page cannot drift from the code:
no import points upward, no module imports itself through others, and the command line's
argparse stays in commands/ and cli.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "scanner"
DOC = ROOT / "docs" / "architecture.md"
BASE = {"scanner", "errors", "vocabulary", "fileio", "redact"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def unit(module: str) -> str:
    """The architecture's unit a module belongs to: its subpackage, or the top-level module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "scanner"


def imports(module: str) -> list[tuple[int, str]]:
    """(line, imported module of amlscan) for every import in the module, wherever it stands."""
    path = MODULES[module]
    found: list[tuple[int, str]] = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "scanner"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "scanner":
                continue
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.append((node.lineno, name if name in MODULES else base))
    return found


def documented_table() -> dict[str, set[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- architecture:imports -->", 1)[1].split("<!-- /architecture:imports -->", 1)[0]
    allowed: dict[str, set[str]] = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not cells[0].startswith("`"):
            continue
        may = set(re.findall(r"`([\w_]+)`", cells[1]))
        if re.search(r"\bbase\b", cells[1]):
            may |= BASE
        allowed[cells[0].strip("`")] = may
    return allowed


ALLOWED = documented_table()


def test_the_page_lists_every_package_and_module_of_the_top_level() -> None:
    units = {unit(module) for module in MODULES}
    assert units == set(ALLOWED), f"in the code, not on the page: {sorted(units - set(ALLOWED))}; on the page only: {sorted(set(ALLOWED) - units)}"


def test_the_documented_layering_has_no_cycle() -> None:
    """The table itself is a one-way order: otherwise 'upward' would mean nothing."""
    order: list[str] = []
    remaining = {name: {dep for dep in deps if dep != name} for name, deps in ALLOWED.items()}
    while remaining:
        ready = sorted(name for name, deps in remaining.items() if not deps - set(order))
        assert ready, f"the table of docs/architecture.md has a cycle among {sorted(remaining)}"
        order += ready
        for name in ready:
            del remaining[name]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_import(module: str) -> None:
    own = unit(module)
    wrong = [f"line {line}: {target}" for line, target in imports(module) if unit(target) != own and unit(target) not in ALLOWED[own]]
    assert not wrong, f"{module} ({own}) may import {sorted(ALLOWED[own])} only (docs/architecture.md): {wrong}"


def test_no_import_cycle_between_modules() -> None:
    graph = {module: {target for _, target in imports(module) if target in MODULES and target != module} for module in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert not cycles, f"modules that import each other (directly or through others): {cycles}"


def test_argparse_stays_on_the_command_line() -> None:
    """A typed ScanRequest (scanner/request.py) goes below commands/, never an argparse namespace.
    The maintainers' build scripts (`python -m scanner.evaluate.wasm_build`, ...) parse their own
    arguments in their `__main__` entry and hand on plain values."""
    users = []
    for module, path in MODULES.items():
        if unit(module) in ("commands", "cli"):
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        uses = any(isinstance(n, ast.Import) and any(a.name == "argparse" for a in n.names)
                   or isinstance(n, ast.ImportFrom) and n.module == "argparse" for n in ast.walk(tree))
        script = 'if __name__ == "__main__":' in source
        takes_namespace = "argparse.Namespace" in source or "Namespace" in {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        if uses and (not script or takes_namespace):
            users.append(module)
    assert not users


def test_the_checker_sees_imports_of_every_kind() -> None:
    """The reading above is what the layering rests on: imports inside functions and under
    TYPE_CHECKING are seen (checked on real modules that have them)."""
    lazy = [t for _, t in imports("scanner.pipeline")]
    assert "scanner.evaluate.scan" in lazy and "scanner.report.terminal" in lazy  # imported inside functions
    typed = [t for _, t in imports("scanner.evaluate.engine")]
    assert "scanner.evaluate.interface" in typed  # under TYPE_CHECKING only
