"""The Neo4j store's whole-population read (issue 11): every node of some kinds and every
relationship of some types (``queries/kind_nodes.cypher``, ``kind_rels.cypher``), one query per
kind in one read transaction. Mixed into :class:`graph.stores.neo4j.store.Neo4jStore`."""

from __future__ import annotations

from typing import Any

from graph.model.schema import NODE_KINDS, REL_KINDS, node_kind, rel_kind
from graph.stores.base import StoredNode, StoredRel
from graph.stores.neo4j.rows import props as row_props
from queries import catalog

__all__ = ["Neo4jPopulationMixin"]

_LABELS = frozenset(NODE_KINDS)
_TYPES = frozenset(REL_KINDS)


class Neo4jPopulationMixin:
    def population(self: Any, labels: list[str], types: list[str]) -> tuple[list[StoredNode], list[StoredRel]]:
        for label in labels:
            node_kind(label)
        for t in types:
            rel_kind(t)

        def work(tx) -> tuple[list[StoredNode], list[StoredRel]]:
            nodes: list[StoredNode] = []
            rels: list[StoredRel] = []
            for label in dict.fromkeys(labels):
                q = catalog.render("kind_nodes", _LABELS, label=label)
                nodes += [StoredNode(r["props"]["id"], label, row_props(r["props"])) for r in tx.run(q)]
            for t in dict.fromkeys(types):
                q = catalog.render("kind_rels", _TYPES, type=t)
                rels += [StoredRel(r["props"]["id"], t, r["src"], r["dst"], row_props(r["props"])) for r in tx.run(q)]
            return sorted(nodes, key=lambda n: n.id), sorted(rels, key=lambda r: r.id)

        return self.read(work, fetch_size=-1)
