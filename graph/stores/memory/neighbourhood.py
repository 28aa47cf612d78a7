"""The embedded store's neighbourhood read: the same answer as ``queries/neighbours.cypher``.

Breadth first, hop by hop over distinct nodes: hop k is the set of neighbours of hop k-1 not seen
before, so the work grows with the relationships within reach, never with the number of paths.
A hop is not expanded once the nearer hops already fill the page (counting only the nodes the
page would show: kind filter and cursor applied), and only the page is sorted.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import date
from typing import Any

import networkx as nx

from graph.model.temporal import valid_on
from graph.stores.base import MAX_DEPTH

__all__ = ["neighbour_page"]


def _links(g: nx.MultiDiGraph, u: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(relationship id, other end, edge data) of every relationship at ``u``, either direction."""
    for _, v, k, d in g.out_edges(u, keys=True, data=True):
        yield k, v, d
    for v, _, k, d in g.in_edges(u, keys=True, data=True):
        yield k, v, d


def neighbour_page(
    g: nx.MultiDiGraph,
    start: str,
    *,
    depth: int,
    node_kinds: list[str] | None,
    rel_types: list[str] | None,
    at: date | None,
    limit: int,
    after: tuple[int, str] | None,
) -> list[tuple[int, str, str]]:
    """``(depth, node id, id of the last hop's relationship)`` of one page, ordered by (depth, id).

    The last hop's relationship is the smallest id among the followed relationships joining the
    node to a node one hop nearer (as the Cypher query chooses it).
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
    if start not in g or limit <= 0:
        return []
    kinds = set(node_kinds) if node_kinds is not None else None
    types = set(rel_types) if rel_types is not None else None

    def follows(d: dict[str, Any]) -> bool:
        return (types is None or d["type"] in types) and (at is None or valid_on(d["props"], at))

    def shown(v: str, hop: int) -> bool:
        if kinds is not None and g.nodes[v]["kind"] not in kinds:
            return False
        return after is None or (hop, v) > (after[0], after[1])

    seen = {start}
    frontier = [start]
    hops: list[dict[str, str]] = []  # per hop: node -> smallest relationship id from the hop before
    on_page = 0
    for hop in range(1, depth + 1):
        if on_page >= limit or not frontier:
            break
        found: dict[str, str] = {}
        for u in frontier:
            for k, v, d in _links(g, u):
                if v in seen or not follows(d):
                    continue
                best = found.get(v)
                if best is None or k < best:
                    found[v] = k
        seen.update(found)
        hops.append(found)
        frontier = list(found)
        on_page += sum(1 for v in found if shown(v, hop))
    rows = (
        (hop, v, rel)
        for hop, found in enumerate(hops, start=1)
        for v, rel in found.items()
        if shown(v, hop)
    )
    return heapq.nsmallest(limit, rows)

