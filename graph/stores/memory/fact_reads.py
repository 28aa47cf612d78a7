"""The embedded store's domain reads: each runs its declaration of :mod:`graph.stores.reads` with
the one generic traversal (:mod:`graph.stores.memory.traverse`) and shapes the answer as the
Neo4j store does. The only conditions written here are those that page or select what a read
returns, as the Cypher file does (the public list's status and publicity period, with
:func:`graph.model.temporal.period_end`; the turnover period's breach dates). Mixed into
:class:`graph.stores.memory.store.MemoryStore`, which gives :meth:`graph_view` and its lock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from graph.model.temporal import period_end
from graph.stores import reads
from graph.stores.base import StoredNode, StoredRel
from graph.stores.fact_rows import TENURE_KEYS, expand, node_row, rel_row
from graph.stores.memory.traverse import Found, GraphView, run, subgraph

__all__ = ["MemoryFactReadsMixin"]

Subgraph = tuple[list[StoredNode], list[StoredRel]]


class MemoryFactReadsMixin:
    """Methods of :class:`graph.stores.base.GraphStore` that fetch facts, on the embedded store."""

    # given by the store
    _lock: Any
    graph_view: Callable[[], GraphView]

    def _subgraph(self, read: reads.Read, root: str) -> Subgraph | None:
        with self._lock:
            view = self.graph_view()
            found = run(read, view, [root])
            if not found.sets["root"]:
                return None
            return subgraph(read, view, found)

    # subgraph reads -------------------------------------------------------------------------------
    def responsibility_facts(self, root_id: str) -> Subgraph | None:
        return self._subgraph(reads.RESPONSIBILITY_FACTS, root_id)

    def record_facts(self, record_id: str) -> Subgraph | None:
        return self._subgraph(reads.RECORD_FACTS, record_id)

    def integrity_facts(self, official_id: str) -> Subgraph | None:
        return self._subgraph(reads.INTEGRITY_FACTS, official_id)

    def unit_integrity_facts(self, unit_id: str) -> Subgraph | None:
        return self._subgraph(reads.UNIT_INTEGRITY_FACTS, unit_id)

    def attribution_facts(self, record_ids: list[str]) -> Subgraph:
        with self._lock:
            view = self.graph_view()
            read = reads.ATTRIBUTION_FACTS
            nodes, rels = subgraph(read, view, run(read, view, record_ids))
            return expand([node_row(n) for n in nodes], [rel_row(r) for r in rels])

    def subordinate_governments(self, gov_id: str) -> list[str] | None:
        with self._lock:
            found = run(reads.SUBORDINATE_GOVERNMENTS, self.graph_view(), [gov_id])
            if not found.sets["root"]:
                return None
            return sorted(found.sets["below"] - {gov_id})

    # turnover candidates --------------------------------------------------------------------------
    def turnover_candidates(
        self, *, days: int, governments: list[str] | None, kind: str | None,
        date_from: date | None, date_to: date | None,
    ) -> list[dict[str, Any]]:
        """Per broken contract or commitment in the period, each watched post with all its tenures;
        graph/responsibility/turnover.py decides which count and whether the holder changed within
        ``days`` (the Neo4j store prunes both in Cypher; the answer is the same)."""
        allowed = set(governments) if governments is not None else None
        rows: list[dict[str, Any]] = []
        with self._lock:
            view = self.graph_view()
            for read, start_key, end_key, roles in (
                (reads.TURNOVER_CONTRACTS, "signed_on", "breached_on",
                 (("signatory", "signatory"), ("responsible", "responsible"), ("principal", "principal"))),
                (reads.TURNOVER_COMMITMENTS, "made_on", "broken_on",
                 (("responsible", "responsible"), ("promised_as", "promiser"), ("principal", "principal"))),
            ):
                label = read.root_kinds[0]
                for cid in view.ids_of(label):
                    c = view.props(cid)
                    s, b = c.get(start_key), c.get(end_key)
                    if s is None or b is None or (date_from and b < date_from) or (date_to and b > date_to):
                        continue
                    found = run(read, view, [cid], start=s, end=b)
                    prj = found.first("project")
                    prj_props = view.props(prj) if prj else {}
                    if kind is not None and prj_props.get("kind") != kind:
                        continue
                    gov = found.first("government")
                    if allowed is not None and gov not in allowed:
                        continue
                    promiser = found.first("promiser")
                    base = {
                        "id": cid, "kind": label, "name": c.get("name"), "start": s, "broken": b,
                        "project": prj, "project_kind": prj_props.get("kind"),
                        "government": gov, "government_name": view.props(gov).get("name") if gov else None,
                        "promiser": promiser,
                        "promiser_name": view.props(promiser).get("name") if promiser else None,
                    }
                    for set_name, role in roles:
                        for post in sorted(found.sets[set_name]):
                            rows.append({**base, "post": post, "post_name": view.props(post).get("name"),
                                         "role": role, "tenures": _tenures(view, found, post)})
        return rows

    # the public list and the coverage report ------------------------------------------------------
    def public_records(
        self, *, day: date, default_months: dict[str, int], limit: int, after: str | None = None
    ) -> list[dict[str, Any]]:
        """queries/public_records.cypher: the period is published_on (else decided_on) to
        publicity_until (else the severity's months, :func:`graph.model.temporal.period_end`)."""
        out = []
        with self._lock:
            view = self.graph_view()
            for rid in view.ids_of("DishonestyRecord"):
                if after is not None and rid <= after:
                    continue
                p = view.props(rid)
                if p.get("status") != "active" or p.get("published", True) is False:
                    continue
                start = p.get("published_on") or p.get("decided_on")
                if start is None or start > day:
                    continue
                until = p.get("publicity_until") or period_end(start, default_months[p["severity"]])
                if day > until:
                    continue
                found = run(reads.PUBLIC_RECORD_SUBJECT, view, [rid], decided_on=p.get("decided_on"))
                subject = found.first("subject")
                out.append({
                    "record": dict(p),
                    "subject": None if subject is None else {"id": subject, "kind": view.kind(subject),
                                                             "name": view.props(subject).get("name")},
                    # names of the posts; a missing name is skipped, as Cypher's collect() skips nulls
                    "posts": sorted({n for q in found.sets["posts"] if (n := view.props(q).get("name")) is not None}),
                })
                if len(out) >= limit:
                    break
        return out

    def coverage_facts(self, day: date) -> list[dict[str, Any]]:
        """queries/coverage.cypher: per government on the day, officials in office and how many
        have an identity-linked file."""
        per_gov: dict[str | None, set[str]] = {}
        with self._lock:
            view = self.graph_view()
            held = run(reads.COVERAGE_HOLDINGS, view, view.ids_of("Official"), day=day)
            belongs = run(reads.GOVERNMENT_ON, view, held.sets["units"], day=day)
            governments: dict[str, list[str | None]] = defaultdict(list)
            for b in belongs.rels.values():
                governments[b.src].append(b.dst)
            for u in belongs.sets["itself"]:
                governments[u].append(u)
            units_of: dict[str, list[str]] = defaultdict(list)
            for pi in held.rels.values():
                if pi.type == "POST_IN":
                    units_of[pi.src].append(pi.dst)
            for h in held.rels.values():
                if h.type == "HOLDS":
                    for u in units_of[h.dst]:
                        for g in governments.get(u) or [None]:
                            per_gov.setdefault(g, set()).add(h.src)
            rows = [{
                "government": g, "name": view.props(g).get("name") if g else None, "officials": len(os),
                "with_file": sum(1 for o in os if view.props(o).get("id_hash") is not None),
            } for g, os in per_gov.items()]
        return sorted(rows, key=lambda r: (r["government"] is None, r["government"] or ""))


def _tenures(view: GraphView, found: Found, post: str) -> list[dict[str, Any]]:
    """Every tenure of a watched post, as the turnover queries return them (graph.stores.fact_rows.tenure)."""
    keys = TENURE_KEYS
    return [{"props": {k: t.props[k] for k in keys if t.props.get(k) is not None}, "official": t.src,
             "name": view.props(t.src).get("name")} for t in found.into(post, "HOLDS")]
