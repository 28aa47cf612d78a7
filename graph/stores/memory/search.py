"""The embedded store's search: the same answer as ``queries/search.cypher`` (names and other
names, case-insensitive; see graph/stores/search_keys.py)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

import networkx as nx

from graph.stores.search_keys import SEARCH_KEY, search_key, search_text

__all__ = ["matching_ids"]


def matching_ids(
    g: nx.MultiDiGraph, pool: Iterable[str], text: str, limit: int, after: str | None
) -> list[str]:
    """Ids of ``pool`` whose search key contains the folded ``text``, smallest first, ids > ``after``.

    The key is the one written with the node (``_search``), or computed from its name and
    attributes for a node stored before keys were written (the same function makes both).
    """
    want = search_text(text)
    nodes = g.nodes
    hits = (
        i for i in pool
        if (after is None or i > after)
        and want in (nodes[i]["props"].get(SEARCH_KEY) or search_key(nodes[i]["props"]))
    )
    return heapq.nsmallest(limit, hits)
