"""The shape of the code, checked from its source: no import cycles, pure cores free of the
database and the web, modules small enough to read, routes only where routes live."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.support import ROOT

PACKAGES = ("station", "scanner", "labels")
MAX_LINES = 400
# Modules that are pure by their job (DESIGN.md); every `rules.py` is pure by its name.
PURE = (
    "station.site", "station.recognize", "station.codes", "station.custody.states", "station.custody.chain",
    "station.dashboard.risk", "station.dashboard.chart", "station.dashboard.days", "station.runs.ordering",
    "station.runs.scope", "station.runs.board", "station.notify.digest", "station.notify.reminders",
    "station.notify.routing", "station.notify.schedule", "station.residents.lookup",
    "station.residents.privacy", "station.residents.qr", "station.residents.roster",
    "station.residents.groupbuy", "station.residents.timeline", "station.residents.windows",
    "station.notify.text", "station.timefmt", "station.errors", "station.catalogue", "station.gate.text", "station.demo.plan", "labels",
)
# What a pure module may not reach, directly or through the modules it imports.
IMPURE = ("sqlalchemy", "fastapi", "starlette", "uvicorn", "psycopg", "sqlite3", "httpx2", "station.db",
          "station.web", "station.app")
ROUTER_HOMES = {"station.app", "station.bench.floor"}  # the app itself; the benchmark's own routes


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")
            if "migrations" not in p.parts}


@cache
def tree(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text(encoding="utf-8"))


def imported(name: str) -> Iterator[str]:
    """Every module this one imports, at its top or inside a function, as written."""
    for node in ast.walk(tree(name)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def ours(target: str) -> str | None:
    """The project module a dotted import names: `from a import b` names a.b if that is a module, else a."""
    while target and target not in modules():
        target = target.rpartition(".")[0]
    return target or None


@cache
def edges(name: str) -> frozenset[str]:
    return frozenset(m for m in map(ours, imported(name)) if m and m != name)


def cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while (w := stack.pop()) != v:
                group.append(w)
            if group:
                found.append(sorted([v, *group]))

    for name in sorted(modules()):
        if name not in index:
            visit(name)
    return found


def is_pure(name: str) -> bool:
    return name.endswith(".rules") or any(name == p or name.startswith(p + ".") for p in PURE)


def reach(name: str) -> tuple[set[str], set[str]]:
    """The project modules reachable from `name`, and every import they write."""
    seen, written, todo = set(), set(), [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        written.update(imported(current))
        todo.extend(edges(current))
    return seen, written


def test_no_import_cycles():
    assert cycles() == []


@pytest.mark.parametrize("name", sorted(n for n in modules() if is_pure(n)))
def test_a_pure_core_reaches_no_database_and_no_web(name):
    reached, written = reach(name)
    bad = sorted({w for w in written | reached for p in IMPURE if w == p or w.startswith(p + ".")})
    assert bad == [], f"{name} (pure) reaches {bad}"


def test_nothing_imports_the_station_command():
    assert [name for name in modules() if "station.cli" in edges(name)] == []


def test_stand_alone_packages_do_not_import_the_station():
    for name in modules():
        if name.split(".")[0] in ("labels", "scanner"):
            assert not any(m.startswith("station") for m in edges(name)), name


def test_no_module_is_longer_than_it_can_be_read():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"split these (over {MAX_LINES} lines): {long}"


def test_routers_live_in_routes_modules():
    makers = {name for name in modules()
              for node in ast.walk(tree(name))
              if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "APIRouter"}
    assert {n for n in makers if not n.endswith(".routes")} <= ROUTER_HOMES


def test_the_checks_see_the_code():
    assert len(modules()) > 150 and "station.gate.scan.routes" in modules()
    assert edges("station.app") >= {"station.gate.scan.routes", "station.runs.routes"}
    assert is_pure("station.gate.disinfection.rules") and not is_pure("station.gate.disinfection.service")
