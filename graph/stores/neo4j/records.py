"""The Neo4j store's part for records, workflow, attribution and integrity files (issue 4).

Mixed into :class:`graph.stores.neo4j.store.Neo4jStore`; every query is a file of ``queries/`` and
values travel as parameters. ``write_changes`` is the one multi-kind write: node and relationship
upserts in one managed transaction, optionally a compare-and-set that locks the expected nodes
first (``lock_nodes.cypher``) and only then compares their hashes (``current_hashes.cypher``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.model.schema import NODE_KINDS, REL_KINDS, node_kind, rel_kind
from graph.stores.base import (
    ConflictError,
    InvalidWrite,
    NodeWrite,
    RelWrite,
    StoredNode,
    StoredRel,
    WriteResult,
    utcnow,
)
from graph.stores.fact_rows import expand
from graph.stores.neo4j.host import Neo4jHost
from graph.stores.neo4j.rows import native, rel_problem
from graph.stores.neo4j.rows import subgraph as sub
from queries import catalog

__all__ = ["Neo4jRecordsMixin"]

_LABELS = frozenset(NODE_KINDS)
_TYPES = frozenset(REL_KINDS)


def _native_props(d: dict[str, Any]) -> dict[str, Any]:
    return {k: native(v) for k, v in d.items()}


def _subgraph(row: dict[str, Any]) -> tuple[list[StoredNode], list[StoredRel]]:
    return sub(row["nodes"], row["rels"])


def _facts(store: Neo4jHost, name: str, id_: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
    rows = store.run_read(name, id=id_)
    return _subgraph(rows[0]) if rows else None


class Neo4jRecordsMixin:
    """Methods of :class:`graph.stores.base.GraphStore` for issue 4, on Neo4j."""

    def write_changes(
        self: Neo4jHost,
        nodes: list[tuple[str, NodeWrite]],
        rels: list[tuple[str, RelWrite]],
        now: datetime | None = None,
        expect: dict[str, str | None] | None = None,
        new_rels: list[tuple[str, RelWrite]] | None = None,
    ) -> WriteResult:
        now = now or utcnow()
        new_groups: dict[str, list[RelWrite]] = {}
        for type_, row in new_rels or []:
            rel_kind(type_)
            new_groups.setdefault(type_, []).append(row)
        node_groups: dict[str, list[NodeWrite]] = {}
        for kind, node in nodes:
            node_kind(kind)
            node_groups.setdefault(kind, []).append(node)
        rel_groups: dict[str, list[RelWrite]] = {}
        for type_, row in rels:
            rel_kind(type_)
            rel_groups.setdefault(type_, []).append(row)
        expect = dict(expect or {})

        def work(tx: ManagedTransaction) -> WriteResult:
            if expect:
                ids = sorted(expect)  # a fixed order: concurrent writers lock in the same order
                tx.run(catalog.load("lock_nodes"), ids=ids).consume()
                current = {r["id"]: r["hash"] for r in tx.run(catalog.load("current_hashes"), ids=ids)}
                for id_ in ids:
                    if current.get(id_) != expect[id_]:
                        state = "does not exist" if id_ not in current else "was changed"
                        if expect[id_] is None:
                            state = "already exists"
                        raise ConflictError(f"{id_!r} {state} since it was read; reload and retry")
            res = WriteResult()
            for kind, node_rows in node_groups.items():
                bad = tx.run(catalog.render("node_kind_conflicts", _LABELS, label=kind),
                             ids=[r.id for r in node_rows]).data()
                if bad:
                    raise InvalidWrite(f"id {bad[0]['id']!r} already belongs to a {bad[0]['kind']}, not a {kind}")
                params = {"rows": [{"id": r.id, "props": r.props, "hash": r.hash} for r in node_rows], "now": now}
                res += _tally(tx.run(catalog.render("upsert_nodes", _LABELS, label=kind), params))
            for type_, rows in rel_groups.items():
                spec = rel_kind(type_)
                prow = [{"id": r.id, "src": r.src, "dst": r.dst, "props": r.props, "hash": r.hash} for r in rows]
                ends = [{"id": r.id, "src": r.src, "dst": r.dst} for r in rows]  # the check needs no properties
                bad = tx.run(catalog.render("rel_write_problems", _TYPES, type=type_), rows=ends,
                             sources=list(spec.sources), targets=list(spec.targets)).data()
                if bad:

                    raise InvalidWrite(rel_problem(type_, spec, bad[0]))
                res += _tally(tx.run(catalog.render("upsert_rels", _TYPES, type=type_), {"rows": prow, "now": now}))
            for type_, rows in new_groups.items():
                spec = rel_kind(type_)
                prow = [{"id": r.id, "src": r.src, "dst": r.dst, "props": r.props, "hash": r.hash} for r in rows]
                try:
                    n = tx.run(catalog.render("create_rels", _TYPES, type=type_), rows=prow, now=now,
                               sources=list(spec.sources), targets=list(spec.targets)).single(strict=True)["n"]
                except ConstraintError as exc:
                    raise ConflictError(f"a new {type_} relationship was created meanwhile by another writer; "
                                        f"rerun: {exc.message}") from exc
                if n != len(rows):
                    raise InvalidWrite(f"{len(rows) - n} new {type_} relationship(s) have a missing endpoint "
                                     f"or one of a kind {type_} does not allow")
                res.created += n
            return res

        return self.write(work)

    def attribution_facts(self: Neo4jHost, record_ids: list[str]) -> tuple[list[StoredNode], list[StoredRel]]:
        text = catalog.load("attribution_facts")
        # one big row of plain lists: read it as it is (Record.data() would walk it again)
        row = self.read(lambda tx: tx.run(text, ids=list(record_ids)).single(strict=False))
        return expand(row["nodes"], row["rels"]) if row is not None else ([], [])

    def attributions_of(self: Neo4jHost, record_ids: list[str], full: bool = True) -> list[StoredRel]:
        if not full:
            text = catalog.load("attribution_hashes")
            row = self.read(lambda tx: tx.run(text, ids=list(record_ids)).single(strict=False))
            return [StoredRel(i, "ATTRIBUTED_TO", s, d, {"id": i, "_hash": h, "active": a})
                    for i, s, d, h, a in (row["rows"] if row else [])]
        rows = self.run_read("attributions_of", ids=list(record_ids))
        return [StoredRel(r["props"]["id"], "ATTRIBUTED_TO", r["src"], r["dst"], _native_props(r["props"]))
                for r in rows]

    def propagation_record_ids(self: Neo4jHost) -> list[str]:
        return [r["id"] for r in self.run_read("propagation_record_ids")]

    def record_facts(self: Neo4jHost, record_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        return _facts(self, "record_facts", record_id)

    def integrity_facts(self: Neo4jHost, official_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        return _facts(self, "integrity_facts", official_id)

    def unit_integrity_facts(self: Neo4jHost, unit_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        return _facts(self, "unit_integrity_facts", unit_id)

    def revisions_of(self: Neo4jHost, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        if not ids:
            return out
        for r in self.run_read("revisions_of", ids=list(ids)):
            out.setdefault(r["id"], []).append(_native_props(r["props"]))
        return out

    def public_records(
        self: Neo4jHost, *, day: date, default_months: dict[str, int], limit: int, after: str | None = None
    ) -> list[dict[str, Any]]:
        rows = self.run_read("public_records", day=day, months=default_months, limit=limit, after=after)
        return [{"record": _native_props(r["record"]), "subject": r["subject"], "posts": r["posts"]} for r in rows]

    def coverage_facts(self: Neo4jHost, day: date) -> list[dict[str, Any]]:
        return self.run_read("coverage", day=day)


def _tally(result: Any) -> WriteResult:
    res = WriteResult()
    for rec in result:
        setattr(res, rec["status"], getattr(res, rec["status"]) + rec["n"])
    return res
