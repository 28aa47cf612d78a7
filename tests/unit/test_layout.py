"""The package layout of docs/architecture.md, checked from the imports themselves.

Every ``import`` of the project's own packages is read with ``ast`` (also the ones inside
functions and ``TYPE_CHECKING`` blocks: a circle dodged by a late import is still a circle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "cli", "graph", "loaders", "queries", "policies")

#: graph's subpackages and what each may import inside graph (besides itself, graph.errors and
#: graph.config). Capabilities sit on facts, stores' interface and model; stores on model only.
GRAPH_LAYERS: dict[str, set[str]] = {
    "model": set(),
    "stores": {"model"},
    "facts": {"model", "stores"},
    "responsibility": {"model", "stores", "facts"},
    "records": {"model", "stores", "facts"},
    "integrity": {"model", "stores", "facts", "records"},
    "linked": {"model", "stores", "facts"},
    "evaluation": {"model", "stores", "facts", "records", "responsibility", "integrity"},
    "warnings": {"model", "stores", "facts", "records", "responsibility", "integrity", "evaluation"},
    "metrics": {"model", "stores", "facts"},
    "exchange": {"model", "stores", "facts", "records", "metrics"},
    "access": {"model", "stores"},
    "credit": {"model", "stores", "facts", "records", "responsibility", "integrity", "access"},
}
#: modules of graph/stores a capability may import: the interface, not a backend
STORE_INTERFACE = {"graph.stores.base", "graph.stores.writes", "graph.stores.fact_rows"}


def _module(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _module(path)
    out: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            # the longest project module the name refers to
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != me:
                out.add(name)
    return out


def _graph() -> nx.DiGraph:
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    modules = {_module(p) for p in files}
    g = nx.DiGraph()
    for p in files:
        me = _module(p)
        g.add_node(me)
        for dep in _imports(p, modules):
            # a package's __init__ is imported on the way to its modules; only count real modules
            g.add_edge(me, dep)
    return g


def _no_package_edges(g: nx.DiGraph) -> nx.DiGraph:
    """Drop edges to packages whose __init__ is empty (``from graph.records import propagation``
    names the package first; the module edge is what counts)."""
    h = g.copy()
    for a, b in list(h.edges):
        init = ROOT / b.replace(".", "/") / "__init__.py"
        if init.exists() and not init.read_text(encoding="utf-8").strip().replace('"""', "").strip():
            h.remove_edge(a, b)
    return h


def test_no_import_circles():
    g = _no_package_edges(_graph())
    cycles = list(nx.simple_cycles(g))
    assert cycles == [], f"import circles: {cycles[:5]}"


def test_graph_layers():
    g = _no_package_edges(_graph())
    bad = []
    for a, b in g.edges:
        if not (a.startswith("graph.") and b.startswith("graph.")):
            continue
        pa, pb = a.split(".")[1], b.split(".")[1]
        if pa == pb or b in ("graph.errors", "graph.config"):
            continue
        if pa not in GRAPH_LAYERS:
            continue  # graph.errors, graph.config: leaves
        if pb not in GRAPH_LAYERS[pa]:
            bad.append(f"{a} -> {b}")
        elif pb == "stores" and pa != "stores" and b not in STORE_INTERFACE:
            bad.append(f"{a} -> {b} (a capability names a concrete store)")
    assert bad == [], "imports against docs/architecture.md:\n" + "\n".join(bad)


def test_lower_layers_do_not_import_upper():
    g = _no_package_edges(_graph())
    order = {"queries": 0, "policies": 0, "graph": 1, "loaders": 2, "api": 3, "cli": 3}
    bad = [f"{a} -> {b}" for a, b in g.edges if order[a.split(".")[0]] < order[b.split(".")[0]]]
    assert bad == [], "\n".join(bad)


def test_every_graph_package_is_declared():
    pkgs = {p.name for p in (ROOT / "graph").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert pkgs <= set(GRAPH_LAYERS), f"undeclared graph packages: {pkgs - set(GRAPH_LAYERS)}"
