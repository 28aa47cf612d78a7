"""The Neo4j store's part for access control and audit (:class:`graph.stores.access.AccessStore`).

Rows are ``:AccessRow`` nodes and audit entries ``:AuditEntry`` nodes, neither with the
``:Entity`` label of the graph's facts, so generic reads never see them. An append locks the
``:AuditHead`` node (``queries/audit_head.cypher``), reads it (``audit_head_read.cypher``), computes the entry's hash in Python over the
previous one and writes entry and head in the same transaction: concurrent appends serialise.
Their constraints come from ``queries/access_schema.cypher``, applied on first use.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.stores.access import ACCESS_KINDS, GENESIS, AccessStore, chain_hash
from graph.stores.base import StoreError
from queries import catalog

__all__ = ["Neo4jAccessMixin"]


class Neo4jAccessMixin(AccessStore):
    def _access_ready(self) -> None:
        if self.__dict__.get("_access_schema"):
            return
        with self._errors(), self.driver.session(database=self.database) as s:  # type: ignore[attr-defined]
            for stmt in catalog.statements("access_schema"):
                s.run(stmt).consume()
        self.__dict__["_access_schema"] = True

    def access_put(self, kind: str, id_: str, row: dict[str, Any]) -> None:
        if kind not in ACCESS_KINDS:
            raise StoreError(f"unknown access kind {kind!r}")
        self._access_ready()
        body = json.dumps(dict(row, id=id_), ensure_ascii=False, sort_keys=True)
        q = catalog.load("access_put")
        self.write(lambda tx: tx.run(q, kind=kind, id=id_, body=body).consume())  # type: ignore[attr-defined]

    def access_get(self, kind: str, id_: str) -> dict[str, Any] | None:
        self._access_ready()
        rows = self.run_read("access_get", kind=kind, id=id_)  # type: ignore[attr-defined]
        return json.loads(rows[0]["body"]) if rows else None

    def access_list(self, kind: str) -> list[dict[str, Any]]:
        self._access_ready()
        return [json.loads(r["body"]) for r in self.run_read("access_list", kind=kind)]  # type: ignore[attr-defined]

    def audit_append(self, entry: dict[str, Any]) -> dict[str, Any]:
        self._access_ready()
        lock_q, head_q = catalog.load("audit_head"), catalog.load("audit_head_read")
        append_q = catalog.load("audit_append")

        def work(tx: ManagedTransaction) -> dict[str, Any]:
            tx.run(lock_q, genesis=GENESIS).consume()  # the write lock, held until commit
            head = tx.run(head_q).single(strict=True)
            e = dict(entry, seq=head["seq"] + 1, prev=head["hash"])
            e["hash"] = chain_hash(head["hash"], e)
            tx.run(append_q, seq=e["seq"], at=e["at"], actor=e.get("actor"),
                   object_ids=list(e.get("object_ids") or []), hash=e["hash"],
                   body=json.dumps(e, ensure_ascii=False, sort_keys=True)).consume()
            return e

        return self.write(work)  # type: ignore[attr-defined]

    def audit_entries(
        self, *, actor: str | None = None, object_id: str | None = None,
        since: datetime | None = None, until: datetime | None = None,
        after_seq: int = 0, limit: int | None = None,
    ) -> list[dict[str, Any]]:
        self._access_ready()
        rows = self.run_read(  # type: ignore[attr-defined]
            "audit_entries", actor=actor, object_id=object_id, after_seq=after_seq,
            since=since.isoformat(timespec="microseconds") if since else None,
            until=until.isoformat(timespec="microseconds") if until else None,
            limit=limit if limit is not None else 2**62,
        )
        return [json.loads(r["body"]) for r in rows]
