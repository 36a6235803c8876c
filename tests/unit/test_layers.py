"""The package's layers: each imports only from the layers below it, and no module imports
another that imports it back (directly or around a circle).

Every import counts, those inside functions and under ``TYPE_CHECKING`` too: a lazy import
is still a dependency a reader has to follow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dprk_troops

PACKAGE = Path(dprk_troops.__file__).parent
#: From the ground up. A module at the package's root is named by itself.
LAYERS: list[set[str]] = [
    {"__init__", "errors", "paths", "store"},
    {"factbase"},
    {"models"},
    {"workbook"},
    {"present", "execute"},
    {"classroom", "explore"},
    {"reporting", "dashboard"},
    {"cli"},
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


def _imports(path: Path) -> set[str]:
    """The package's modules a file imports (absolute, without the package's name)."""
    here = _module(path).split(".") if path.name != "__init__.py" else \
        (_module(path).split(".") + ["__init__"] if _module(path) != "__init__" else ["x"])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "dprk_troops":
                target = node.module.split(".")[1:]
            else:
                continue
            names = [a.name for a in node.names]
            for name in names:  # `from . import paths` names a module
                sub = PACKAGE.joinpath(*target, name)
                found.add(".".join([*target, name]) if sub.with_suffix(".py").exists()
                          or sub.is_dir() else ".".join(target))
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".", 1)[1] for a in node.names
                      if a.name.startswith("dprk_troops.")}
    return {f for f in found if f}


def _graph() -> dict[str, set[str]]:
    return {_module(p): _imports(p) - {_module(p)} for p in PACKAGE.rglob("*.py")}


def _layer(module: str) -> int:
    return LAYER[module.split(".")[0]]


def test_every_module_has_a_layer() -> None:
    assert {m.split(".")[0] for m in _graph()} <= set(LAYER)


def test_no_module_imports_from_a_layer_above_it() -> None:
    upward = [f"{m} -> {t}" for m, targets in _graph().items() for t in targets
              if t.split(".")[0] in LAYER and _layer(t) > _layer(m)]
    assert upward == []


def test_no_import_circle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(m: str, path: list[str]) -> None:
        if m in path:
            raise AssertionError("import circle: " + " -> ".join(path[path.index(m):] + [m]))
        if m in done or m not in graph:
            return
        for t in sorted(graph[m]):
            visit(t, [*path, m])
        done.add(m)

    for m in sorted(graph):
        visit(m, [])
