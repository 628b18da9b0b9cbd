"""The package's imports, read from the source: no module of ``autograder`` imports, however
indirectly, a module that imports it back (function-level imports count too, since they are
how a circle usually hides)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "autograder"
# Assignment suites and scaffold templates are data the kit loads by path, not its modules.
NOT_MODULES = ("suites", "templates")


def module_names(package: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent)
        if any(part in NOT_MODULES for part in rel.parts):
            continue
        name = ".".join(rel.with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports. ``from pkg import sub`` is an edge to
    ``pkg.sub`` when that is a module, else to ``pkg``."""
    modules = module_names(package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([base] if base else [])])
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                    for a in node.names
                ]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_circle_and_nothing_else():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_reads_every_kind_of_import(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from pkg.sub.deep import x\n")
    (package / "sub" / "deep.py").write_text("def f():\n    from .. import top\n")
    (package / "top.py").write_text("import pkg.sub\nfrom pkg import sub\n")
    graph = import_graph(package)
    assert graph["pkg.sub"] == {"pkg.sub.deep"}
    assert graph["pkg.sub.deep"] == {"pkg.top"}  # a function-level relative import
    assert graph["pkg.top"] == {"pkg.sub"}
    assert cycles(graph) == [["pkg.sub", "pkg.sub.deep", "pkg.top"]]


def test_autograder_has_no_import_cycle():
    graph = import_graph(PACKAGE)
    assert len(graph) > 40  # the package was really read
    assert cycles(graph) == []


# ---------------------------------------------------------------------------------------------
# The layer contract: the tree shows the pipeline, and nothing below imports from above.
# ---------------------------------------------------------------------------------------------
# Lowest first. A module belongs to the layer of the longest prefix listed here.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Files that also ship alone (embedded in a student's check_public.py, run in the
    # sandboxed child): they import nothing of the kit but each other.
    ("standalone", ("autograder.public", "autograder.sandbox.wire", "autograder.sandbox.runner")),
    (
        "vocabulary",
        (
            "autograder",  # the package itself: its __init__
            "autograder.model",
            "autograder.errors",
            "autograder.messages",
            "autograder.config",
            "autograder.assignment",
            "autograder.secret",
            "autograder.relations",
        ),
    ),
    ("intake", ("autograder.intake",)),
    ("sandbox", ("autograder.sandbox",)),
    ("checks", ("autograder.checks",)),
    ("scoring", ("autograder.scoring",)),
    ("writers", ("autograder.writers",)),
    ("orchestration", ("autograder.orchestration",)),
    ("integrations", ("autograder.integrations",)),
    (
        "command line",
        ("autograder.cli", "autograder.console", "autograder.grade_command", "autograder.__main__"),
    ),
)


def layer_of(module: str) -> int:
    best, found = -1, None
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), rank
    if found is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS")
    return found


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import that reaches a higher layer; a standalone module may import only its
    own layer."""
    bad = []
    for module, targets in sorted(graph.items()):
        rank = layer_of(module)
        for target in sorted(targets):
            other = layer_of(target)
            if other > rank or (rank == 0 and other != 0):
                bad.append(f"{module} ({LAYERS[rank][0]}) imports {target} ({LAYERS[other][0]})")
    return bad


def test_the_layer_check_finds_an_upward_import():
    graph = {
        "autograder.writers.html_report": {"autograder.orchestration.engine"},
        "autograder.orchestration.engine": {"autograder.writers.html_report"},
        "autograder.public.runtime": {"autograder.model"},
    }
    assert upward_imports(graph) == [
        "autograder.public.runtime (standalone) imports autograder.model (vocabulary)",
        "autograder.writers.html_report (writers) imports autograder.orchestration.engine"
        " (orchestration)",
    ]
    assert layer_of("autograder.sandbox.wire") == 0 < layer_of("autograder.sandbox.session")


def test_every_module_is_in_a_layer_and_nothing_imports_from_above():
    graph = import_graph(PACKAGE)
    top_level = {name.split(".")[1] for name in graph if name.count(".") >= 1}
    # the tree: a few shared modules at the top, the rest in one package per stage
    assert {"intake", "sandbox", "checks", "scoring", "writers"} <= top_level
    assert {"orchestration", "integrations"} <= top_level
    assert upward_imports(graph) == []
