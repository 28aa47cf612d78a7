"""The production store: Neo4j 5 through the official driver.

One driver per process (owned by the app lifespan or the CLI command); each operation opens its
own session and runs a managed transaction (``execute_read``/``execute_write``), so a transient
failure is retried by the driver. All Cypher comes from ``queries/*.cypher``; values are always
parameters and labels/types come from the schema allow-list (:mod:`graph.model.schema`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j import exceptions as nx_exc

from graph.model.schema import NODE_KINDS, REL_KINDS, node_kind, rel_kind
from graph.stores.base import (
    MAX_DEPTH,
    ConflictError,
    GraphStore,
    InvalidWrite,
    Neighbour,
    NodeWrite,
    RelWrite,
    StoredNode,
    StoredRel,
    StoreFault,
    StoreUnavailable,
    WriteResult,
    pick_version,
    utcnow,
)
from graph.stores.fact_rows import tenure
from graph.stores.neo4j.access import Neo4jAccessMixin
from graph.stores.neo4j.backup import Neo4jBackupMixin
from graph.stores.neo4j.network import Neo4jNetworkMixin
from graph.stores.neo4j.population import Neo4jPopulationMixin
from graph.stores.neo4j.records import Neo4jRecordsMixin
from graph.stores.neo4j.rows import native, rel_problem, subgraph, tally
from graph.stores.neo4j.rows import props as row_props
from graph.stores.neo4j.search import backfill_search_keys
from graph.stores.search_keys import search_text
from queries import catalog

__all__ = ["Neo4jStore", "native"]

T = TypeVar("T")
_LABELS = frozenset(NODE_KINDS)
_TYPES = frozenset(REL_KINDS)


class Neo4jStore(Neo4jBackupMixin, Neo4jAccessMixin, Neo4jNetworkMixin, Neo4jPopulationMixin, Neo4jRecordsMixin, GraphStore):
    name = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j", **driver_opts: Any):
        self.database = database
        # A managed transaction is retried on transient failures for at most this long; beyond
        # it the request gets a 503 rather than hanging.
        opts: dict[str, Any] = {"max_connection_pool_size": 50, "connection_acquisition_timeout": 10.0,
                "max_transaction_retry_time": 5.0,
                # the server's advice (e.g. "label does not exist" on an empty database) is noise
                # in logs; query plans are reviewed in the benchmarks instead
                "notifications_min_severity": "OFF"}
        opts.update(driver_opts)
        self._config = {"uri": uri, "user": user, "password": password, "database": database, **driver_opts}
        self.driver = GraphDatabase.driver(uri, auth=(user, password), **opts)

    def worker_config(self) -> dict[str, Any]:
        return dict(self._config)

    # plumbing -------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except (nx_exc.ServiceUnavailable, nx_exc.SessionExpired, nx_exc.AuthError) as exc:
            raise StoreUnavailable(f"Neo4j is unavailable: {exc}") from exc
        except nx_exc.ConstraintError as exc:
            raise ConflictError(f"constraint violated (did a concurrent writer create the same id?): "
                                f"{exc.message}") from exc
        except nx_exc.ClientError as exc:
            if "TransactionTimedOut" in (exc.code or ""):  # the read timeout (issue 10): a 503
                raise StoreUnavailable(f"the query ran longer than {self.read_timeout} s and was stopped") from exc
            raise
        except (nx_exc.TransientError, nx_exc.DatabaseError, nx_exc.DriverError) as exc:
            # a transaction still failing after the driver's retries, a database-side failure, a
            # closed driver: a store fault (503), not the caller's error
            raise StoreFault(f"Neo4j failed to answer: {exc}") from exc

    #: seconds after which the server stops a read transaction (None: no limit); the API sets it
    #: from RETRACE_NEO4J_TX_TIMEOUT so a runaway query answers 503 instead of running on
    read_timeout: float | None = None

    def read(self, fn: Callable[[ManagedTransaction], T], fetch_size: int | None = None) -> T:
        """``fn`` in a managed read transaction; ``fetch_size`` -1 pulls a large result in one go."""
        opts: dict[str, Any] = {"fetch_size": fetch_size} if fetch_size is not None else {}
        if self.read_timeout is not None:
            fn = neo4j.unit_of_work(timeout=self.read_timeout)(fn)
        with self._errors(), self.driver.session(database=self.database, **opts) as s:
            return s.execute_read(fn)

    def write(self, fn: Callable[[ManagedTransaction], T]) -> T:
        with self._errors(), self.driver.session(database=self.database) as s:
            return s.execute_write(fn)

    def run_read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run ``queries/<name>.cypher`` (no slots) in a read transaction; records as dicts."""
        text = catalog.load(name)
        return self.read(lambda tx: [r.data() for r in tx.run(text, params)])

    # lifecycle ------------------------------------------------------------------------------------
    def init_schema(self) -> None:
        with self._errors(), self.driver.session(database=self.database) as s:
            for stmt in catalog.statements("schema"):
                s.run(stmt).consume()
            s.run("CALL db.awaitIndexes(300)").consume()
        backfill_search_keys(self)  # nodes stored before search keys existed (graph/stores/search_keys.py)

    def ping(self) -> None:
        with self._errors():
            self.driver.verify_connectivity()
            self.run_read("ping")

    def close(self) -> None:
        self.driver.close()

    # writes ---------------------------------------------------------------------------------------
    def upsert_nodes(self, kind: str, rows: list[NodeWrite], now: datetime | None = None) -> WriteResult:
        node_kind(kind)
        conflicts_q = catalog.render("node_kind_conflicts", _LABELS, label=kind)
        upsert_q = catalog.render("upsert_nodes", _LABELS, label=kind)
        params = {
            "rows": [{"id": r.id, "props": r.props, "hash": r.hash} for r in rows],
            "now": now or utcnow(),
        }

        def work(tx: ManagedTransaction) -> WriteResult:
            bad = tx.run(conflicts_q, ids=[r.id for r in rows]).data()
            if bad:
                b = bad[0]
                raise InvalidWrite(f"id {b['id']!r} already belongs to a {b['kind']}, not a {kind}")
            return tally(tx.run(upsert_q, params))

        return self.write(work)

    def upsert_rels(self, type_: str, rows: list[RelWrite], now: datetime | None = None) -> WriteResult:
        spec = rel_kind(type_)
        problems_q = catalog.render("rel_write_problems", _TYPES, type=type_)
        upsert_q = catalog.render("upsert_rels", _TYPES, type=type_)
        params = {
            "rows": [{"id": r.id, "src": r.src, "dst": r.dst, "props": r.props, "hash": r.hash} for r in rows],
            "now": now or utcnow(),
        }

        def work(tx: ManagedTransaction) -> WriteResult:
            bad = tx.run(problems_q, rows=params["rows"], sources=list(spec.sources),
                         targets=list(spec.targets)).data()
            if bad:
                raise InvalidWrite(rel_problem(type_, spec, bad[0]))
            return tally(tx.run(upsert_q, params))

        return self.write(work)

    # reads ----------------------------------------------------------------------------------------
    def kinds_of(self, ids: Iterable[str]) -> dict[str, str]:
        rows = self.run_read("kinds_of", ids=list(ids))
        return {r["id"]: r["kind"] for r in rows}

    def _revisions(self, id_: str, rel: bool) -> list[dict[str, Any]]:
        return [row_props(r["props"]) for r in self.run_read("revisions", id=id_, rel=rel)]

    def get_node(self, id_: str, as_of: datetime | None = None) -> StoredNode | None:
        rows = self.run_read("get_node", id=id_)
        if not rows:
            return None
        props = row_props(rows[0]["props"])
        if as_of is not None:
            known = pick_version(props, self._revisions(id_, False), as_of)
            if known is None:
                return None
            props = known
        return StoredNode(id_, rows[0]["kind"], props)

    def _rel_row(self, id_: str) -> dict[str, Any] | None:
        text = "\nUNION ALL\n".join(catalog.render("get_rel", _TYPES, type=t) for t in sorted(_TYPES))
        rows = self.read(lambda tx: tx.run(text, id=id_).data())
        return rows[0] if rows else None

    def get_rel(self, id_: str, as_of: datetime | None = None) -> StoredRel | None:
        row = self._rel_row(id_)
        if row is None:
            return None
        props = row_props(row["props"])
        if as_of is not None:
            known = pick_version(props, self._revisions(id_, True), as_of)
            if known is None:
                return None
            props = known
        return StoredRel(id_, row["type"], row["src"], row["dst"], props)

    def history(self, id_: str) -> list[dict[str, Any]]:
        node = self.run_read("get_node", id=id_)
        if node:
            current, rel = row_props(node[0]["props"]), False
        else:
            row = self._rel_row(id_)
            if row is None:
                return []
            current, rel = row_props(row["props"]), True
        older = sorted(self._revisions(id_, rel), key=lambda p: p["recorded_at"])
        return [*older, current]

    def search(self, kind: str | None, text: str, limit: int, after: str | None = None) -> list[StoredNode]:
        if kind is not None:
            node_kind(kind)
        rows = self.run_read("search", kind=kind, text=search_text(text), after=after, limit=limit)
        return [StoredNode(r["props"]["id"], r["kind"], row_props(r["props"])) for r in rows]

    def neighbours(
        self,
        id_: str,
        *,
        depth: int = 1,
        node_kinds: list[str] | None = None,
        rel_types: list[str] | None = None,
        at: date | None = None,
        limit: int = 50,
        after: tuple[int, str] | None = None,
    ) -> list[Neighbour]:
        for k in node_kinds or ():
            node_kind(k)
        for t in rel_types or ():
            rel_kind(t)
        if not 1 <= depth <= MAX_DEPTH:
            raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
        text = catalog.load("neighbours")
        params = {
            "id": id_, "depth": depth, "node_kinds": node_kinds, "rel_types": rel_types, "at": at, "limit": limit,
            "after_depth": after[0] if after else None, "after_id": after[1] if after else None,
        }
        rows = self.read(lambda tx: tx.run(text, params).data())
        out = []
        for r in rows:
            node = StoredNode(r["props"]["id"], r["kind"], row_props(r["props"]))
            via = StoredRel(r["rel_props"]["id"], r["rel_type"], r["src"], r["dst"], row_props(r["rel_props"]))
            out.append(Neighbour(node, r["depth"], via, "out" if via.dst == node.id else "in"))
        return out

    def counts(self) -> dict[str, int]:
        def work(tx: ManagedTransaction) -> dict[str, int]:
            out: dict[str, int] = {}
            for label in NODE_KINDS:
                out[label] = tx.run(catalog.render("count_label", _LABELS, label=label)).single(strict=True)["n"]
            for type_ in REL_KINDS:
                out[type_] = tx.run(catalog.render("count_type", _TYPES, type=type_)).single(strict=True)["n"]
            return out

        return dict(sorted((k, v) for k, v in self.read(work).items() if v))


    # domain reads ---------------------------------------------------------------------------------
    def responsibility_facts(self, root_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        text = catalog.load("responsibility_facts")
        row = self.read(lambda tx: tx.run(text, id=root_id).single())
        if row is None:
            return None
        return subgraph(row["nodes"], row["rels"])


    def subordinate_governments(self, gov_id: str) -> list[str] | None:
        rows = self.run_read("subordinate_governments", id=gov_id)
        return sorted(rows[0]["subordinates"]) if rows else None

    def turnover_candidates(self, **filters: Any) -> list[dict[str, Any]]:
        def read(name: str) -> list[dict[str, Any]]:
            def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
                out = []
                result = tx.run(catalog.load(name), filters)
                keys = result.keys()
                for rec in result:
                    # a record is a tuple of plain strings, numbers and lists (dates as ISO
                    # strings): zipped with the keys, not rec.data() nor dict(rec), whose per-key
                    # lookups cost more than the query on province data
                    row = dict(zip(keys, rec, strict=True))
                    row["start"] = date.fromisoformat(row["start"])
                    row["broken"] = date.fromisoformat(row["broken"])
                    row["tenures"] = [tenure(t) for t in row["tenures"]]
                    out.append(row)
                return out

            return self.read(work, fetch_size=-1)

        # contracts and commitments are independent reads (no row of one depends on the other, so
        # two transactions lose nothing): the database runs them side by side
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="turnover-read") as pool:
            parts = list(pool.map(read, ("turnover_contracts", "turnover_commitments")))
        return [row for part in parts for row in part]


