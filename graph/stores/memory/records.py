"""The embedded store's part for records, workflow, attribution and integrity files (issue 4).

Mixed into :class:`graph.stores.memory.store.MemoryStore`. Each read mirrors one ``queries/*.cypher`` file
step by step (read the file for the rules); the contract suite checks both stores answer alike.
``write_changes`` is one journal entry (op ``batch``), checked whole under the store lock before it
is written, so a compare-and-set and the writes it guards are atomic.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Iterable

from graph.stores.fact_rows import expand, node_row, rel_row
from graph.model.temporal import add_months
from graph.model.schema import node_kind, rel_kind
from graph.stores.base import (
    ConflictError, InvalidWrite, NodeWrite, RelWrite, StoredNode, StoredRel, WriteResult, utcnow,
)
from graph.model.temporal import valid_on

if TYPE_CHECKING:  # pragma: no cover
    from graph.stores.memory.store import MemoryStore

__all__ = ["MemoryRecordsMixin"]

_UNITS = ("Government", "Department")


def _slim(n: StoredNode) -> StoredNode:
    """Officials leave the store with id, name and record time only (as the Cypher map projection)."""
    if n.kind == "Official":
        return StoredNode(n.id, n.kind, {k: n.props[k] for k in ("id", "name", "recorded_at") if k in n.props})
    return n


class MemoryRecordsMixin:
    """Methods of :class:`graph.stores.base.GraphStore` for issue 4, on the embedded store."""

    # writes ---------------------------------------------------------------------------------------
    def write_changes(
        self: "MemoryStore",
        nodes: list[tuple[str, NodeWrite]],
        rels: list[tuple[str, RelWrite]],
        now: datetime | None = None,
        expect: dict[str, str | None] | None = None,
        new_rels: list[tuple[str, RelWrite]] | None = None,
    ) -> WriteResult:
        expect = dict(expect or {})
        for _type, row in new_rels or []:  # must not exist: checked with the batch, under the lock
            expect[row.id] = None
        rels = [*rels, *(new_rels or [])]
        parts: list[dict[str, Any]] = []
        for kind, row in nodes:
            node_kind(kind)
            if not parts or parts[-1]["op"] != "nodes" or parts[-1]["kind"] != kind:
                parts.append({"op": "nodes", "kind": kind, "rows": []})
            parts[-1]["rows"].append([row.id, row.props, row.hash])
        for type_, row in rels:
            rel_kind(type_)
            if not parts or parts[-1]["op"] != "rels" or parts[-1]["type"] != type_:
                parts.append({"op": "rels", "type": type_, "rows": []})
            parts[-1]["rows"].append([row.id, row.src, row.dst, row.props, row.hash])
        entry = {"op": "batch", "now": now or utcnow(), "parts": parts, "expect": expect}
        return self._commit(entry)

    def _check_batch(self: "MemoryStore", entry: dict[str, Any]) -> None:
        """All of a batch is refused when an expected hash differs or a part is invalid."""
        for id_, expected in sorted(entry["expect"].items()):
            if id_ in self.g:
                current = self.g.nodes[id_]["props"].get("_hash")
            elif id_ in self._rel_ends:
                current = self._rel(id_).props.get("_hash")
            else:
                current = None
            if current != expected:
                state = "already exists" if expected is None else (
                    "does not exist" if current is None else "was changed")
                raise ConflictError(f"{id_!r} {state} since it was read; reload and retry")
        pending: dict[str, str] = {}
        for part in entry["parts"]:
            if part["op"] == "nodes":
                for id_, _props, _h in part["rows"]:
                    have = self.g.nodes[id_]["kind"] if id_ in self.g else pending.get(id_)
                    if have is not None and have != part["kind"]:
                        raise InvalidWrite(f"id {id_!r} already belongs to a {have}, not a {part['kind']}")
                    pending[id_] = part["kind"]
            else:
                spec = rel_kind(part["type"])
                for id_, src, dst, _props, _h in part["rows"]:
                    for end, allowed in ((src, spec.sources), (dst, spec.targets)):
                        kind = self.g.nodes[end]["kind"] if end in self.g else pending.get(end)
                        if kind is None:
                            raise InvalidWrite(f"relationship {id_!r}: node {end!r} does not exist")
                        if kind not in allowed:
                            raise InvalidWrite(f"relationship {id_!r}: node {end!r} is a {kind}, "
                                             f"{part['type']} needs {'/'.join(allowed)}")
                    if id_ in self._rel_ends and self._rel_ends[id_] != (src, dst):
                        raise InvalidWrite(f"relationship {id_!r} already connects other nodes")

    # reads: queries/attribution_facts.cypher ----------------------------------------------------
    def attribution_facts(self: "MemoryStore", record_ids: list[str]) -> tuple[list[StoredNode], list[StoredRel]]:
        with self._lock:
            rels: dict[str, StoredRel] = {}

            def add(rs: Iterable[StoredRel]) -> list[StoredRel]:
                rs = list(rs)
                rels.update((r.id, r) for r in rs)
                return rs

            recs = [r for r in dict.fromkeys(record_ids) if r in self.g and self._kind(r) == "DishonestyRecord"]
            xs: list[str] = []
            for rec in recs:
                xs += [r.dst for r in add(self._out(rec, "RECORD_SUBJECT", "EVIDENCED_BY"))]
            xs = list(dict.fromkeys(xs))
            ys = [r.dst for j in xs if self._kind(j) == "Judgment" for r in add(self._out(j, "CONCERNS"))]
            objs = xs + ys
            subject_units = [x for x in xs if self._kind(x) in _UNITS]
            # B. contracts, then projects and commitments
            c_rels = [r for c in objs if self._kind(c) == "Contract"
                      for r in self._out(c, "FOR_PROJECT", "HAS_PARTY", "SIGNED_BY") if self._kind(r.dst) != "Company"]
            add(c_rels)
            objs1 = list(dict.fromkeys(objs + [r.dst for r in c_rels]))
            p_rels = add(r for p in objs1 if self._kind(p) == "Project" for r in self._out(p, "HAS_STAGE", "OWNED_BY"))
            cb_rels = add(r for c in objs1 if self._kind(c) == "Commitment" for r in self._out(c, "COMMITTED_BY"))
            duties = [r.dst for r in p_rels if r.type == "HAS_STAGE"] + [o for o in objs1 if self._kind(o) == "Commitment"]
            units = [o for o in objs1 if self._kind(o) in _UNITS]
            units += [r.dst for r in p_rels + cb_rels
                      if r.type in ("OWNED_BY", "COMMITTED_BY") and self._kind(r.dst) != "Official"]
            resp = add(r for d in dict.fromkeys(duties) for r in self._in(d, "RESPONSIBLE_FOR"))
            # C. governments and principal posts
            govs = self._governments_of(units, add)
            principals = self._principal_posts_of(subject_units + govs, add)
            # D. seeds and the reporting lines above them (posts within 7 hops, lines out of them)
            own = add(h for r in resp if self._kind(r.src) == "Official" for h in self._out(r.src, "HOLDS"))
            seeds = [r.src for r in resp if self._kind(r.src) == "Post"] + [h.dst for h in own] + principals
            reach = set(seeds)
            frontier = set(seeds)
            for _ in range(7):
                frontier = {line.dst for q in frontier for line in self._out(q, "REPORTS_TO")} - reach
                reach |= frontier
            posts = set(reach)
            for q in reach:
                posts.update(line.dst for line in add(self._out(q, "REPORTS_TO")))
            # E. tenures and units of every post met
            for q in posts:
                add(self._in(q, "HOLDS"))
                add(self._out(q, "POST_IN"))
            nodes, rels_ = self._subgraph(recs, rels.values())
            return expand([node_row(n) for n in nodes], [rel_row(r) for r in rels_])

    def _subgraph(self: "MemoryStore", first: list[str], rels: Iterable[StoredRel]) -> tuple[list[StoredNode], list[StoredRel]]:
        rels = list(rels)
        ids = set(first) | {e for r in rels for e in (r.src, r.dst)}
        return ([_slim(self._node(i)) for i in sorted(ids)], sorted(rels, key=lambda r: r.id))

    def attributions_of(self: "MemoryStore", record_ids: list[str], full: bool = True) -> list[StoredRel]:
        with self._lock:
            rels = [r for rid in record_ids if rid in self.g for r in self._out(rid, "ATTRIBUTED_TO")]
            if full:
                return rels
            return [StoredRel(r.id, r.type, r.src, r.dst, {k: r.props.get(k) for k in ("id", "_hash", "active")})
                    for r in rels]

    def propagation_record_ids(self: "MemoryStore") -> list[str]:
        with self._lock:
            return sorted(
                rid for rid in self._by_kind.get("DishonestyRecord", ())
                if not any(self._kind(r.dst) == "Official" for r in self._out(rid, "RECORD_SUBJECT"))
            )

    # reads: one record, one official, one unit ------------------------------------------------
    def record_facts(self: "MemoryStore", record_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        """queries/record_facts.cypher."""
        with self._lock:
            if record_id not in self.g or self._kind(record_id) != "DishonestyRecord":
                return None
            rels = self._out(record_id, "RECORD_SUBJECT", "EVIDENCED_BY", "ATTRIBUTED_TO")
            rels += self._in(record_id, "OBJECTS_TO", "REPAIRS")
            return self._subgraph([record_id], rels)

    def integrity_facts(self: "MemoryStore", official_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        """queries/integrity_facts.cypher (the official keeps all properties)."""
        with self._lock:
            if official_id not in self.g or self._kind(official_id) != "Official":
                return None
            holds = self._out(official_id, "HOLDS")
            rels = holds + [pi for h in holds for pi in self._out(h.dst, "POST_IN")]
            rec_rels = [r for r in self._in(official_id, "RECORD_SUBJECT", "ATTRIBUTED_TO")
                        if self._kind(r.src) == "DishonestyRecord"]
            rels += rec_rels
            for rec in dict.fromkeys(r.src for r in rec_rels):
                rels += [e for e in self._out(rec, "EVIDENCED_BY") if self._kind(e.dst) == "Judgment"]
            ids = {official_id} | {e for r in rels for e in (r.src, r.dst)}
            return [self._node(i) for i in sorted(ids)], sorted({r.id: r for r in rels}.values(), key=lambda r: r.id)

    def unit_integrity_facts(self: "MemoryStore", unit_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        """queries/unit_integrity_facts.cypher."""
        with self._lock:
            if unit_id not in self.g or self._kind(unit_id) not in _UNITS:
                return None
            rels = [b for b in self._out(unit_id, "BELONGS_TO") if self._kind(b.dst) == "Government"]
            for pi in self._in(unit_id, "POST_IN"):
                if self.g.nodes[pi.src]["props"].get("is_principal") is True:
                    rels.append(pi)
                    rels += self._in(pi.src, "HOLDS")
            for s in self._in(unit_id, "RECORD_SUBJECT"):
                rels.append(s)
                rels += self._out(s.src, "ATTRIBUTED_TO")
            return self._subgraph([unit_id], {r.id: r for r in rels}.values())

    def revisions_of(self: "MemoryStore", ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            return {i: [dict(p) for p in self._revisions[i]] for i in ids if self._revisions.get(i)}

    # reads: public list and coverage ------------------------------------------------------------
    def public_records(
        self: "MemoryStore", *, day: date, default_months: dict[str, int], limit: int, after: str | None = None
    ) -> list[dict[str, Any]]:
        """queries/public_records.cypher."""
        with self._lock:
            out = []
            for rid in sorted(self._by_kind.get("DishonestyRecord", ())):
                if after is not None and rid <= after:
                    continue
                p = self.g.nodes[rid]["props"]
                if p.get("status") != "active" or p.get("published", True) is False:
                    continue
                start = p.get("published_on") or p.get("decided_on")
                if start is None or start > day:
                    continue
                until = p.get("publicity_until")
                if until is None:
                    until = date.fromordinal(add_months(start, default_months[p["severity"]]).toordinal() - 1)
                if day > until:
                    continue
                subj = sorted(self._out(rid, "RECORD_SUBJECT"), key=lambda r: r.id)
                s = subj[0].dst if subj else None
                posts: list[str] = []
                if s is not None and self._kind(s) == "Official" and p.get("decided_on"):
                    posts = sorted({self.g.nodes[h.dst]["props"].get("name") for h in self._out(s, "HOLDS")
                                    if valid_on(h.props, p["decided_on"])})
                out.append({
                    "record": dict(p),
                    "subject": None if s is None else {"id": s, "kind": self._kind(s),
                                                       "name": self.g.nodes[s]["props"].get("name")},
                    "posts": posts,
                })
                if len(out) >= limit:
                    break
            return out

    def coverage_facts(self: "MemoryStore", day: date) -> list[dict[str, Any]]:
        """queries/coverage.cypher."""
        with self._lock:
            per_gov: dict[str | None, set[str]] = {}
            for o in self._by_kind.get("Official", ()):
                for h in self._out(o, "HOLDS"):
                    if not valid_on(h.props, day):
                        continue
                    for pi in self._out(h.dst, "POST_IN"):
                        if not _span(pi.props, day):
                            continue
                        u = pi.dst
                        if self._kind(u) == "Government":
                            govs = [u]
                        else:
                            govs = [b.dst for b in self._out(u, "BELONGS_TO")
                                    if self._kind(b.dst) == "Government" and _span(b.props, day)] or [None]
                        for g in govs:
                            per_gov.setdefault(g, set()).add(o)
            rows = []
            for g, os in per_gov.items():
                rows.append({
                    "government": g, "name": self.g.nodes[g]["props"].get("name") if g else None,
                    "officials": len(os),
                    "with_file": sum(1 for o in os if self.g.nodes[o]["props"].get("id_hash") is not None),
                })
            return sorted(rows, key=lambda r: (r["government"] is None, r["government"] or ""))


def _span(props: dict[str, Any], day: date) -> bool:
    vf, vt = props.get("valid_from"), props.get("valid_to")
    return (vf is None or vf <= day) and (vt is None or vt >= day)
