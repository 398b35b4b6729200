"""The layout's rules, read from the imports: rooms → infrastructure → matching, no cycles.

Every module under `bot/` and `matching/` is parsed (not imported); its module-level imports
count, also those under `if TYPE_CHECKING:` and in `try` blocks, relative ones resolved.
Importing `a.b.c` also runs the packages `a.b` and `a` it sits in: those count too, except the
packages the importing module sits in itself (they are running already).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "matching")
INFRASTRUCTURE = (
    "bot.db",
    "bot.delivery",
    "bot.web",
    "bot.core",
    "bot.socialmap",
    "bot.i18n",
    "bot.config",
    "bot.policy",
    "bot.clock",
)
ROOMS = (
    "bot.ask",
    "bot.signup",
    "bot.owners",
    "bot.introductions",
    "bot.meetings",
    "bot.feedback",
    "bot.people",
    "bot.gaps",
    "bot.site",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _top_level(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported: not those inside functions or classes."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _top_level(block)
            for handler in node.handlers:
                yield from _top_level(handler.body)
        elif isinstance(node, ast.With):
            yield from _top_level(node.body)


def _named(name: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules of the packages one import statement names."""
    known = modules()
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    base = node.module or ""
    if node.level:
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        anchor = package[: len(package) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    named = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]
    if base in known and len(named) < len(node.names):
        named.append(base)  # names from the module itself, not submodules
    return named


def _with_packages(importer: str, imported: str) -> list[str]:
    """The imported module and the packages around it that the import runs."""
    own = importer.split(".")
    parts = imported.split(".")
    result = [imported]
    for size in range(len(parts) - 1, 0, -1):
        package = ".".join(parts[:size])
        if own[:size] == parts[:size]:
            break  # the importer sits in this package: it is running already
        result.append(package)
    return result


@cache
def imports() -> dict[str, frozenset[str]]:
    """For each module, the modules of the packages importing it runs (directly)."""
    graph: dict[str, frozenset[str]] = {}
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found: set[str] = set()
        for node in _top_level(tree.body):
            for imported in _named(name, path, node):
                found.update(_with_packages(name, imported))
        found.discard(name)
        graph[name] = frozenset(found)
    return graph


def _under(name: str, prefixes: tuple[str, ...]) -> str | None:
    return next((p for p in prefixes if name == p or name.startswith(p + ".")), None)


def _is_handlers(name: str) -> bool:
    return "handlers" in name.split(".") and _under(name, ROOMS) is not None


def cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _edges() -> Iterator[tuple[str, str]]:
    for importer, targets in sorted(imports().items()):
        for imported in sorted(targets):
            yield importer, imported


def test_the_walk_sees_the_imports() -> None:
    graph = imports()
    assert "bot.core.handling" in graph["bot.ask.handlers.question"]
    assert "bot.ask.handlers" in graph["bot.rooms"]
    assert "bot.core.person" in graph["bot.core.context"]  # under TYPE_CHECKING
    assert "bot.socialmap" in graph["bot.core.services"]  # the package around it runs too


def test_no_import_cycles() -> None:
    found = cycles(dict(imports()))
    assert not found, "import cycles: " + "; ".join(" <-> ".join(group) for group in found)


def infrastructure_into_rooms(edges: Iterable[tuple[str, str]]) -> list[str]:
    """The imports of a room by infrastructure: who someone is, their roles and open
    conversations live in `bot.core`, so no shared module needs a room."""
    return [
        f"{importer} imports {imported}"
        for importer, imported in edges
        if _under(importer, INFRASTRUCTURE) and _under(imported, ROOMS)
    ]


def test_infrastructure_imports_no_room() -> None:
    wrong = infrastructure_into_rooms(_edges())
    assert not wrong, "infrastructure imports a room: " + "; ".join(wrong)


def test_the_direction_check_sees_infrastructure_importing_a_room() -> None:
    edges = [
        ("bot.core.fallback", "bot.people.views"),
        ("bot.delivery.sender", "bot.meetings"),
        ("bot.people.views", "bot.core.fallback"),  # a room using infrastructure: fine
        ("bot.rooms", "bot.people.handlers"),  # the wiring is neither
    ]
    assert infrastructure_into_rooms(edges) == [
        "bot.core.fallback imports bot.people.views",
        "bot.delivery.sender imports bot.meetings",
    ]


def test_no_room_imports_another_rooms_handlers() -> None:
    wrong = [
        f"{importer} imports {imported}"
        for importer, imported in _edges()
        if _is_handlers(imported)
        and _under(importer, ROOMS) is not None
        and _under(importer, ROOMS) != _under(imported, ROOMS)
    ]
    assert not wrong, "a room imports another room's handlers: " + "; ".join(wrong)


def test_jobs_and_views_import_no_handlers() -> None:
    wrong = [
        f"{importer} imports {imported}"
        for importer, imported in _edges()
        if _is_handlers(imported) and importer.rsplit(".", 1)[-1].startswith(("jobs", "views"))
    ]
    assert not wrong, "a job or view imports handlers: " + "; ".join(wrong)


def test_matching_imports_nothing_of_the_bot() -> None:
    wrong = [
        f"{importer} imports {imported}"
        for importer, imported in _edges()
        if _under(importer, ("matching",)) and _under(imported, ("bot",))
    ]
    assert not wrong, "matching imports the bot: " + "; ".join(wrong)
