"""One metric on one scope: project, run an engine, order the answer top-N first, cache it, page it.

Results are cached per (store, scope, projection, kinds, metric, parameters, engine, graph
version): a second request for another page, or the same metric from another user, costs a
lookup. Betweenness is exact up to :data:`EXACT_LIMIT` nodes; above, it is sampled with ``k``
sources (default :data:`DEFAULT_K`) and the answer states ``k``, ``seed`` and the error bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graph.errors import InvalidRequest
from graph.metrics import cache, engines
from graph.metrics.network import load_network
from graph.metrics.projection import Projection, describe, project
from graph.metrics.scope import Scope
from graph.stores.base import GraphStore, decode_cursor, encode_cursor

__all__ = [
    "DEFAULT_K",
    "EXACT_LIMIT",
    "GROUP_METRICS",
    "MetricTable",
    "metric_page",
    "metric_table",
    "projection_of",
]

EXACT_LIMIT = 5000
DEFAULT_K = 256
GROUP_METRICS = ("components", "communities")
MAX_PAGE = 1000


@dataclass
class MetricTable:
    metric: str
    engine: str
    params: dict[str, Any]
    summary: dict[str, Any]
    projection: Projection
    values: list[Any]
    order: list[Any] = field(default_factory=list)  # node indices (scalar metrics) or groups, top first

    def node_rows(self, start: int, stop: int) -> list[dict[str, Any]]:
        p = self.projection
        out = []
        for rank, i in enumerate(self.order[start:stop], start + 1):
            g = int(p.nodes[i])
            out.append({"rank": rank, "id": p.net.ids[g], "kind": p.net.kind_of(g),
                        "name": p.net.props[g].get("name"), "value": self.values[i]})
        return out

    def group_rows(self, start: int, stop: int, members: int = 20) -> list[dict[str, Any]]:
        p = self.projection
        out = []
        for group, nodes in self.order[start:stop]:
            ids = sorted(p.net.ids[int(p.nodes[i])] for i in nodes)
            out.append({"group": group, "size": len(nodes), "members": ids[:members],
                        "more_members": max(0, len(ids) - members)})
        return out


def projection_of(store: GraphStore, scope: Scope, name: str = "typed",
                  kinds: list[str] | None = None) -> Projection:
    net = load_network(store, scope.government)
    key = ("projection", id(store), scope.key(), name, tuple(kinds or ()), net.version)
    hit = cache.get(key)
    if hit is None:
        hit = project(net, scope, name, kinds)
        cache.put(key, hit, weight=max(1, hit.n // 1000))
    return hit


def _params(metric: str, n: int, k: int | None, seed: int, alpha: float, method: str,
            resolution: float, delta: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """(engine parameters, what the answer states about them)."""
    if metric == "pagerank":
        if not 0 < alpha < 1:
            raise InvalidRequest("alpha must be between 0 and 1")
        return {"alpha": alpha}, {"alpha": alpha}
    if metric == "betweenness":
        if k is not None and k < 2:
            raise InvalidRequest("k must be at least 2")
        if k is None and n > EXACT_LIMIT:
            k = DEFAULT_K
        if k is None or k >= n:
            return {"k": None}, {"mode": "exact"}
        bound = engines.betweenness_error_bound(n, k, delta)
        return {"k": k, "seed": seed}, {
            "mode": "sampled", "k": k, "seed": seed, "delta": delta, "error_bound": bound,
            "error_bound_rule": "with probability 1-delta every node's normalized betweenness is within "
                                "error_bound of its exact value (Hoeffding, union bound over the nodes)"}
    if metric == "communities":
        if method not in ("louvain", "leiden"):
            raise InvalidRequest("method must be louvain or leiden")
        return ({"seed": seed, "method": method, "resolution": resolution},
                {"seed": seed, "method": method, "resolution": resolution})
    return {}, {}


def metric_table(
    store: GraphStore, scope: Scope, metric: str, *, projection: str = "typed", kinds: list[str] | None = None,
    engine: str = "igraph", k: int | None = None, seed: int = 0, alpha: float = 0.85,
    method: str = "louvain", resolution: float = 1.0, delta: float = 0.05,
) -> MetricTable:
    if metric not in engines.METRICS:
        raise InvalidRequest(f"unknown metric {metric!r}; known: {', '.join(engines.METRICS)}")
    if engine not in engines.ENGINES:
        raise InvalidRequest(f"unknown engine {engine!r}; known: {', '.join(engines.ENGINES)}")
    p = projection_of(store, scope, projection, kinds)
    run_params, stated = _params(metric, p.n, k, seed, alpha, method, resolution, delta)
    key = ("metric", id(store), scope.key(), projection, tuple(kinds or ()), metric, engine,
           tuple(sorted(stated.items())), p.net.version)
    hit = cache.get(key)
    if hit is not None:
        return hit
    t = time.perf_counter()
    values, summary = engines.run(p, metric, engine, **run_params)
    secs = time.perf_counter() - t
    if metric in GROUP_METRICS:
        groups: dict[int, list[int]] = {}
        for i, gnum in enumerate(values):
            groups.setdefault(gnum, []).append(i)
        order: list[Any] = sorted(groups.items())
    else:
        vals = np.asarray(values, dtype=float)
        order = np.lexsort((p.net.id_rank()[p.nodes], -vals)).tolist()
    table = MetricTable(metric, engine, stated, {**summary, **stated, **describe(p), "seconds": round(secs, 3)},
                        p, values, order)
    cache.put(key, table, weight=max(1, p.n // 10000))
    return table


def metric_page(table: MetricTable, limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
    """One page of a metric, top first: ``{"summary", "items", "next"}``."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidRequest(f"limit must be 1..{MAX_PAGE}")
    start = 0
    if cursor:
        try:
            (start,) = decode_cursor(cursor)
            start = int(start)
        except (ValueError, TypeError):
            raise InvalidRequest("malformed cursor") from None
    stop = start + limit
    rows = (table.group_rows if table.metric in GROUP_METRICS else table.node_rows)(start, stop)
    more = stop < len(table.order)
    return {"metric": table.metric, "engine": table.engine, "summary": table.summary, "items": rows,
            "next": encode_cursor(stop) if more else None}
