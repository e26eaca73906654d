"""The layering stays true (README "Architecture"): the module import graph of gateway/ and
adapters/, built with ``ast`` from every import statement anywhere in a module (function-local
and ``TYPE_CHECKING`` imports included), has no cycle; the domain imports only the standard
library; only the command layer uses argparse. ``lint-imports`` (pyproject.toml) checks the
package contracts in ``make test``; this test needs nothing but the standard library."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("gateway", "adapters")


def _modules(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imported_names(module: str, path: Path) -> Iterator[str]:
    """Every name an import statement anywhere in the module can load (absolute)."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the project modules it imports (a submodule counts, not its package)."""
    modules = _modules(root)

    def resolve(name: str) -> str | None:
        while name:
            if name in modules:
                return name
            name = name.rpartition(".")[0]
        return None

    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for name in _imported_names(module, path):
            target = resolve(name)
            if target is not None and target != module:
                graph[module].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (its modules in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def test_the_module_import_graph_has_no_cycle_function_local_imports_included() -> None:
    graph = import_graph(ROOT)
    assert len(graph) > 50, "the graph builder found too few modules"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_a_function_local_import_that_closes_a_cycle_is_found(tmp_path: Path) -> None:
    """The check above is not vacuous: an import inside a function closes a cycle too."""
    pkg = tmp_path / "gateway"
    pkg.mkdir()
    (tmp_path / "adapters").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "wiring.py").write_text("from gateway.library import helper\n")
    (pkg / "library.py").write_text(
        "def helper() -> None:\n    from gateway import wiring  # noqa\n"
    )
    cycle = find_cycle(import_graph(tmp_path))
    assert cycle is not None
    assert set(cycle) == {"gateway.wiring", "gateway.library"}


@pytest.mark.parametrize(
    "module", sorted(m for m in _modules(ROOT) if m.startswith("gateway.domain"))
)
def test_the_domain_imports_only_the_standard_library(module: str) -> None:
    path = _modules(ROOT)[module]
    outside = {
        name
        for name in _imported_names(module, path)
        if not name.startswith("gateway.domain")
        and name.partition(".")[0] not in sys.stdlib_module_names
        and name != "__future__"
        and not name.startswith("__future__.")
    }
    assert not outside, f"{module} imports {sorted(outside)}"


def test_only_the_command_layer_parses_command_lines() -> None:
    users = sorted(
        module
        for module, path in _modules(ROOT).items()
        if not module.startswith("gateway.cli")
        and any(n.partition(".")[0] == "argparse" for n in _imported_names(module, path))
    )
    assert users == []


@pytest.mark.parametrize(
    ("internal", "owner"),
    [
        ("aiohttp.web_protocol", "gateway.web.aiohttp_internals"),
        ("asyncio.sslproto", "gateway.web.handshakes"),
    ],
)
def test_a_librarys_internals_are_imported_by_one_adapter_module(internal: str, owner: str) -> None:
    users = sorted(
        module
        for module, path in _modules(ROOT).items()
        if any(n == internal or n.startswith(internal + ".") for n in _imported_names(module, path))
    )
    assert users == [owner]
