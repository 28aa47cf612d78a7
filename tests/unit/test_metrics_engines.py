"""The fast path (igraph) against the reference (networkx) on generated graphs.

Tolerances: PageRank 1e-6 per node (networkx run with tol=1e-12); degree, components and core
numbers exactly; betweenness exact and sampled (same sources) 1e-9; sampled betweenness against
the exact values within the stated error bound; Louvain modularity within 0.02 of each other, and
each engine's reported modularity equal (1e-9) to networkx's modularity of its own partition.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph.metrics import engines
from graph.metrics.network import _index
from graph.metrics.projection import typed
from graph.metrics.scope import Scope
from graph.stores.base import NetworkFacts


def projection_of(G: nx.Graph, directed: bool):
    nodes = [(f"n{v:05d}", "Post", {"name": f"岗位{v}"}) for v in G]
    rels = [(f"r{j}", "REPORTS_TO", f"n{a:05d}", f"n{b:05d}", {}) for j, (a, b) in enumerate(G.edges())]
    net = _index("n00000", "v1", NetworkFacts("n00000", nodes, rels))
    p = typed(net, Scope("n00000"))
    if not directed:
        p.directed = False
    return p


GRAPHS = {
    "small-world": lambda: nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=1),
    "scale-free": lambda: nx.barabasi_albert_graph(400, 2, seed=2),
    "planted-communities": lambda: nx.planted_partition_graph(6, 40, 0.3, 0.01, seed=3),
    "directed-scale-free": lambda: nx.DiGraph(nx.scale_free_graph(300, seed=4)),
    "pieces": lambda: nx.disjoint_union_all([nx.path_graph(5), nx.complete_graph(6), nx.cycle_graph(9),
                                             nx.empty_graph(3)]),
}


@pytest.fixture(params=sorted(GRAPHS))
def proj(request):
    G = GRAPHS[request.param]()
    G.remove_edges_from(list(nx.selfloop_edges(G)))
    return projection_of(G, G.is_directed())


def test_pagerank_within_1e_6(proj):
    fast, _ = engines.run(proj, "pagerank", "igraph")
    ref, _ = engines.run(proj, "pagerank", "networkx", tol=1e-12, max_iter=1000)
    assert max(abs(a - b) for a, b in zip(fast, ref, strict=True)) < 1e-6
    assert abs(sum(fast) - 1) < 1e-9


@pytest.mark.parametrize("metric", ["degree", "components", "kcore"])
def test_exact_metrics_equal(proj, metric):
    fast, fs = engines.run(proj, metric, "igraph")
    ref, rs = engines.run(proj, metric, "networkx")
    assert fast == ref and fs == rs


def test_betweenness_exact_and_sampled_with_the_same_sources(proj):
    fast, _ = engines.run(proj, "betweenness", "igraph")
    ref, _ = engines.run(proj, "betweenness", "networkx")
    assert max(abs(a - b) for a, b in zip(fast, ref, strict=True)) < 1e-9
    fast_k, _ = engines.run(proj, "betweenness", "igraph", k=64, seed=7)
    ref_k, _ = engines.run(proj, "betweenness", "networkx", k=64, seed=7)
    assert max(abs(a - b) for a, b in zip(fast_k, ref_k, strict=True)) < 1e-9
    bound = engines.betweenness_error_bound(proj.n, 64, 0.05)
    assert max(abs(a - b) for a, b in zip(fast_k, ref, strict=True)) <= bound


def test_louvain_modularity(proj):
    fast, fs = engines.run(proj, "communities", "igraph", seed=1)
    ref, rs = engines.run(proj, "communities", "networkx", seed=1)
    G = engines._nx(proj, False)
    for membership, s in ((fast, fs), (ref, rs)):
        groups = {}
        for v, c in enumerate(membership):
            groups.setdefault(c, set()).add(v)
        assert abs(nx.community.modularity(G, list(groups.values())) - s["modularity"]) < 1e-9
        assert sorted(groups) == list(range(len(groups)))
    assert abs(fs["modularity"] - rs["modularity"]) < 0.02


def test_planted_communities_are_found():
    p = projection_of(nx.planted_partition_graph(5, 30, 0.5, 0.005, seed=9), False)
    for method in ("louvain", "leiden"):
        membership, s = engines.run(p, "communities", "igraph", seed=3, method=method)
        assert s["count"] == 5 and s["modularity"] > 0.7
        assert all(membership[v] == membership[30 * (v // 30)] for v in range(150))


def test_sampled_betweenness_bound_shrinks_with_k():
    assert engines.betweenness_error_bound(10_000, 1024, 0.05) < engines.betweenness_error_bound(10_000, 256, 0.05)


def test_period_restricts_the_typed_graph():
    nodes = [("g", "Government", {}), ("p", "Post", {}), ("o1", "Official", {}), ("o2", "Official", {})]
    D = date.fromisoformat
    rels = [("pi", "POST_IN", "p", "g", {}),
            ("t1", "HOLDS", "o1", "p", {"valid_from": D("2010-01-01"), "valid_to": D("2014-12-31")}),
            ("t2", "HOLDS", "o2", "p", {"valid_from": D("2015-01-01")})]
    net = _index("g", "v", NetworkFacts("g", nodes, rels))
    ids = lambda p: {p.node_id(i) for i in range(p.n)}  # noqa: E731
    assert ids(typed(net, Scope("g"))) == {"g", "p", "o1", "o2"}
    assert ids(typed(net, Scope("g", D("2014-12-31"), D("2014-12-31")))) == {"g", "p", "o1"}
    assert ids(typed(net, Scope("g", D("2016-01-01")))) == {"g", "p", "o2"}
    assert ids(typed(net, Scope("g", None, D("2009-12-31")))) == {"g", "p"}
    assert ids(typed(net, Scope("g"), ["Official", "Post"])) == {"p", "o1", "o2"}
