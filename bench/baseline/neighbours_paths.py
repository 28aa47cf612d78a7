"""The neighbours read before issue 9, kept as the benchmark baseline (bench/bench_neighbours.py).

Neo4j: ``neighbours_paths.cypher`` (beside this file) enumerates every path up to the depth and only
then keeps each node's shortest one and pages. Embedded store: the whole breadth-first
neighbourhood up to the depth, then sorted and paged (no early stop when the page is full).
"""

from __future__ import annotations

from collections import deque
from datetime import date
from pathlib import Path
from typing import Any

from graph.model.temporal import valid_on
from graph.stores.base import Neighbour, StoredNode, StoredRel
from graph.stores.neo4j.rows import props as row_props

CYPHER = (Path(__file__).with_name("neighbours_paths.cypher")).read_text(encoding="utf-8")


def neo4j_neighbours(store: Any, id_: str, *, depth: int = 1, node_kinds: list[str] | None = None,
                     rel_types: list[str] | None = None, at: date | None = None, limit: int = 50,
                     after: tuple[int, str] | None = None) -> list[Neighbour]:
    text = CYPHER.replace("{{depth}}", str(int(depth)))
    params = {
        "id": id_, "node_kinds": node_kinds, "rel_types": rel_types, "at": at, "limit": limit,
        "after_depth": after[0] if after else None, "after_id": after[1] if after else None,
    }
    rows = store.read(lambda tx: tx.run(text, params).data())
    out = []
    for r in rows:
        node = StoredNode(r["props"]["id"], r["kind"], row_props(r["props"]))
        via = StoredRel(r["rel_props"]["id"], r["rel_type"], r["src"], r["dst"], row_props(r["rel_props"]))
        out.append(Neighbour(node, r["depth"], via, "out" if via.dst == node.id else "in"))
    return out


def memory_neighbours(store: Any, id_: str, *, depth: int = 1, node_kinds: list[str] | None = None,
                      rel_types: list[str] | None = None, at: date | None = None, limit: int = 50,
                      after: tuple[int, str] | None = None) -> list[Neighbour]:
    with store._lock:
        if id_ not in store.g:
            return []
        dist = {id_: 0}
        best: dict[str, str] = {}
        frontier = deque([id_])
        while frontier:
            u = frontier.popleft()
            if dist[u] >= depth:
                continue
            edges = [(k, v, d) for _, v, k, d in store.g.out_edges(u, keys=True, data=True)]
            edges += [(k, v, d) for v, _, k, d in store.g.in_edges(u, keys=True, data=True)]
            for k, v, d in edges:
                if rel_types is not None and d["type"] not in rel_types:
                    continue
                if at is not None and not valid_on(d["props"], at):
                    continue
                if v not in dist:
                    dist[v] = dist[u] + 1
                    best[v] = k
                    frontier.append(v)
                elif dist[v] == dist[u] + 1 and v != id_ and k < best[v]:
                    best[v] = k
        out = []
        for v, d in dist.items():
            if v == id_:
                continue
            if node_kinds is not None and store.g.nodes[v]["kind"] not in node_kinds:
                continue
            if after is not None and (d, v) <= tuple(after):
                continue
            out.append((d, v))
        out.sort()
        result = []
        for d, v in out[:limit]:
            via = store._rel(best[v])
            result.append(Neighbour(store._node(v), d, via, "out" if via.dst == v else "in"))
        return result
