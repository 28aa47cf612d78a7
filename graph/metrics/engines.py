"""The metrics, twice: networkx (the reference) and igraph (the fast path, compiled).

Every function takes a :class:`~graph.metrics.projection.Projection` and returns values per
projection node (a list in projection order) and a summary. Conventions shared by both engines,
so their answers can be compared (tests/test_metrics_engines.py):

* degree, betweenness, components, k-core and communities use the undirected simple graph;
  PageRank uses the projection's own direction (the typed graph is directed);
* PageRank: damping ``alpha`` (0.85), dangling nodes spread uniformly (networkx's and PRPACK's rule);
* betweenness is normalized as networkx does (``normalized=True``, endpoints excluded). Sampled
  betweenness draws its ``k`` sources as networkx does (``random.Random(seed).sample`` over the
  nodes in projection order) and rescales as networkx 3.6 does (sources over k-1, the others
  over k), so both engines give the same numbers for the same seed; the error bound against the
  exact values is Hoeffding's with a union bound over the nodes: with probability ``1 - delta``
  every node's estimate is within ``sqrt(ln(2n/delta) / (2(k-1)))`` of its exact value;
* components: weakly connected components, numbered by size (largest first), ties by smallest node;
* k-core: core numbers; communities: Louvain (networkx ``louvain_communities``, igraph
  ``community_multilevel``) or Leiden (igraph only, modularity objective), numbered by size, with
  the modularity of the partition.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable
from typing import Any

import igraph as ig
import networkx as nx

from graph.errors import InvalidRequest
from graph.metrics.projection import Projection

__all__ = ["ENGINES", "METRICS", "betweenness_error_bound", "run", "sample_sources"]

ENGINES = ("igraph", "networkx")
METRICS = ("degree", "pagerank", "betweenness", "components", "kcore", "communities")
_rng_lock = threading.Lock()  # igraph's random generator is process-wide

Result = tuple[list[Any], dict[str, Any]]


def sample_sources(n: int, k: int, seed: int) -> list[int]:
    return random.Random(seed).sample(range(n), k)


def betweenness_error_bound(n: int, k: int, delta: float) -> float:
    return math.sqrt(math.log(2 * n / delta) / (2 * max(1, k - 1)))


def _numbered(groups: list[list[int]], n: int) -> list[int]:
    order = sorted(groups, key=lambda g: (-len(g), min(g)))
    out = [0] * n
    for i, g in enumerate(order):
        for v in g:
            out[v] = i
    return out


def _sampled_scale(values: list[float], n: int, sources: list[int]) -> list[float]:
    k = len(sources)
    src = set(sources)
    out = []
    for v, x in enumerate(values):
        denom = (k - 1 if v in src else k) * (n - 2)
        out.append(x / denom if denom > 0 else math.nan)
    return out


# --- igraph -----------------------------------------------------------------------------------------


def _ig(p: Projection, directed: bool | None = None) -> ig.Graph:
    cache = p.__dict__.setdefault("_ig", {})
    want = p.directed if directed is None else directed
    if want not in cache:
        if want == p.directed:
            # a list of pairs converts several times faster than the numpy array itself
            cache[want] = ig.Graph(n=p.n, edges=p.edges.tolist(), directed=p.directed)
        else:  # the undirected simple graph of a directed projection
            cache[want] = _ig(p, p.directed).as_undirected(mode="collapse")
    return cache[want]


def _ig_degree(p: Projection, **_: Any) -> Result:
    return _ig(p, False).degree(), {}


def _ig_pagerank(p: Projection, alpha: float = 0.85, **_: Any) -> Result:
    return _ig(p).pagerank(damping=alpha, directed=p.directed, implementation="prpack"), {"alpha": alpha}


def _ig_betweenness(p: Projection, k: int | None = None, seed: int = 0, **_: Any) -> Result:
    g = _ig(p, False)
    n = p.n
    if k is None or k >= n:
        raw = g.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
        return [x * scale for x in raw], {}
    sources = sample_sources(n, k, seed)
    raw = g.betweenness(directed=False, sources=sources)
    return _sampled_scale([2 * x for x in raw], n, sources), {}


def _ig_components(p: Projection, **_: Any) -> Result:
    cl = _ig(p, False).connected_components()
    return _numbered([list(c) for c in cl], p.n), {"count": len(cl)}


def _ig_kcore(p: Projection, **_: Any) -> Result:
    return _ig(p, False).coreness(), {}


def _ig_communities(p: Projection, seed: int = 0, method: str = "louvain", resolution: float = 1.0,
                    **_: Any) -> Result:
    g = _ig(p, False)
    with _rng_lock:
        ig.set_random_number_generator(random.Random(seed))
        try:
            if method == "leiden":
                cl = g.community_leiden(objective_function="modularity", resolution=resolution, n_iterations=-1)
            else:
                cl = g.community_multilevel(resolution=resolution)
        finally:
            ig.set_random_number_generator(random)
    groups = [list(c) for c in cl]
    membership = _numbered(groups, p.n)
    q = g.modularity(membership, resolution=resolution) if p.m else 0.0
    return membership, {"count": len(groups), "modularity": q}


# --- networkx ---------------------------------------------------------------------------------------


def _nx(p: Projection, directed: bool | None = None) -> nx.Graph:
    cache = p.__dict__.setdefault("_nx", {})
    want = p.directed if directed is None else directed
    if want not in cache:
        g: nx.Graph = nx.DiGraph() if want else nx.Graph()
        g.add_nodes_from(range(p.n))
        g.add_edges_from(p.edges.tolist())
        cache[want] = g
    return cache[want]


def _nx_degree(p: Projection, **_: Any) -> Result:
    g = _nx(p, False)
    return [g.degree(v) for v in range(p.n)], {}


def _nx_pagerank(p: Projection, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 100, **_: Any) -> Result:
    pr = nx.pagerank(_nx(p), alpha=alpha, tol=tol, max_iter=max_iter)
    return [pr[v] for v in range(p.n)], {"alpha": alpha}


def _nx_betweenness(p: Projection, k: int | None = None, seed: int = 0, **_: Any) -> Result:
    g = _nx(p, False)
    if k is not None and k >= p.n:
        k = None
    b = nx.betweenness_centrality(g, k=k, seed=seed if k is not None else None)
    return [b[v] for v in range(p.n)], {}


def _nx_components(p: Projection, **_: Any) -> Result:
    groups = [list(c) for c in nx.connected_components(_nx(p, False))]
    return _numbered(groups, p.n), {"count": len(groups)}


def _nx_kcore(p: Projection, **_: Any) -> Result:
    core = nx.core_number(_nx(p, False))
    return [core[v] for v in range(p.n)], {}


def _nx_communities(p: Projection, seed: int = 0, method: str = "louvain", resolution: float = 1.0,
                    **_: Any) -> Result:
    if method != "louvain":
        raise InvalidRequest("the networkx engine offers Louvain only (method=louvain)")
    g = _nx(p, False)
    communities = nx.community.louvain_communities(g, seed=seed, resolution=resolution)
    groups = [list(c) for c in communities]
    q = nx.community.modularity(g, communities, resolution=resolution) if p.m else 0.0
    return _numbered(groups, p.n), {"count": len(groups), "modularity": q}


_TABLE: dict[tuple[str, str], Callable[..., Result]] = {
    ("igraph", "degree"): _ig_degree, ("igraph", "pagerank"): _ig_pagerank,
    ("igraph", "betweenness"): _ig_betweenness, ("igraph", "components"): _ig_components,
    ("igraph", "kcore"): _ig_kcore, ("igraph", "communities"): _ig_communities,
    ("networkx", "degree"): _nx_degree, ("networkx", "pagerank"): _nx_pagerank,
    ("networkx", "betweenness"): _nx_betweenness, ("networkx", "components"): _nx_components,
    ("networkx", "kcore"): _nx_kcore, ("networkx", "communities"): _nx_communities,
}


def run(p: Projection, metric: str, engine: str = "igraph", **params: Any) -> Result:
    """Values per projection node and a summary; ``params``: alpha, k, seed, method, resolution."""
    if engine not in ENGINES:
        raise InvalidRequest(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    if metric not in METRICS:
        raise InvalidRequest(f"unknown metric {metric!r}; known: {', '.join(METRICS)}")
    return _TABLE[(engine, metric)](p, **params)
