"""The Neo4j store's part for network metrics, exports and exchange (issue 12).

Mixed into :class:`graph.stores.neo4j.store.Neo4jStore`; every query is a file of ``queries/`` and
values travel as parameters. The network read is two queries: the nodes of the scope
(``network_nodes.cypher``), then the relationships going out of them in batches
(``network_rels.cypher``), of which those ending inside the scope are kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.stores.base import NetworkFacts
from graph.stores.neo4j.rows import native
from graph.stores.neo4j.rows import props as row_props
from queries import catalog

__all__ = ["Neo4jNetworkMixin"]

_BATCH = 20_000


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: native(v) for k, v in d.items() if v is not None}


class Neo4jNetworkMixin:
    """Methods of :class:`graph.stores.base.GraphStore` for issue 12, on Neo4j."""

    def graph_version(self: Any) -> str:
        row = self.run_read("graph_version")[0]
        return f"neo4j:{row['nodes']}:{row['rels']}"

    def network_facts(self: Any, gov_id: str) -> NetworkFacts | None:
        nodes_q = catalog.load("network_nodes")
        rels_q = catalog.load("network_rels")

        def read_nodes(tx: ManagedTransaction) -> list[tuple[str, str, dict[str, Any]]]:
            res = tx.run(nodes_q, id=gov_id)
            return [(r[0], r[1], _clean(r[2])) for r in res]

        nodes = self.read(read_nodes, fetch_size=-1)
        if not nodes:
            return None
        ids = [n[0] for n in nodes]
        inside = set(ids)

        def read_rels(batch: list[str]) -> list[tuple[str, str, str, str, dict[str, Any]]]:
            def work(tx: ManagedTransaction) -> list[tuple[str, str, str, str, dict[str, Any]]]:
                res = tx.run(rels_q, ids=batch)
                return [(r[0], r[1], r[2], r[3], _clean(r[4])) for r in res if r[3] in inside]
            return self.read(work, fetch_size=-1)

        rels = [r for i in range(0, len(ids), _BATCH) for r in read_rels(ids[i:i + _BATCH])]
        return NetworkFacts(gov_id, nodes, rels)

    def record_changes(
        self: Any, *, since: datetime | None, until: datetime, limit: int,
        after: tuple[datetime, str] | None = None,
    ) -> list[dict[str, Any]]:
        rows = self.run_read(
            "record_changes", since=since, until=until, limit=limit,
            after_at=after[0] if after else None, after_id=after[1] if after else None,
        )
        return [{"record": row_props(r["record"]), "subject": r["subject"], "evidence": list(r["evidence"])}
                for r in rows]
