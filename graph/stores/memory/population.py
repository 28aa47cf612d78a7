"""The embedded store's whole-population read (issue 11), mirroring ``queries/kind_nodes.cypher``
and ``kind_rels.cypher``. Mixed into :class:`graph.stores.memory.store.MemoryStore`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from graph.model.schema import node_kind, rel_kind
from graph.stores.base import StoredNode, StoredRel

__all__ = ["MemoryPopulationMixin"]


class MemoryPopulationMixin:
    """The whole-population read of :class:`graph.stores.base.GraphStore` on the embedded store."""

    # given by the store
    _lock: Any
    _by_kind: dict[str, set[str]]
    g: nx.MultiDiGraph
    _node: Callable[[str], StoredNode]
    _rel: Callable[[str], StoredRel]

    def population(self, labels: list[str], types: list[str]) -> tuple[list[StoredNode], list[StoredRel]]:
        for label in labels:
            node_kind(label)
        wanted = set(types)
        for t in wanted:
            rel_kind(t)
        with self._lock:
            nodes = []
            for label in dict.fromkeys(labels):
                for i in self._by_kind.get(label, ()):
                    n = self._node(i)
                    if label == "Official":
                        p = n.props
                        n = StoredNode(i, label, {"id": i, "name": p.get("name"), "recorded_at": p.get("recorded_at"),
                                                  "identity_linked": p.get("id_hash") is not None})
                    nodes.append(n)
            rels = [self._rel(k) for _, _, k, d in self.g.edges(keys=True, data=True) if d["type"] in wanted]
            return sorted(nodes, key=lambda n: n.id), sorted(rels, key=lambda r: r.id)
