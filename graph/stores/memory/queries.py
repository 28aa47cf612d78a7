"""The embedded store's answers to the domain reads of ``queries/*.cypher``.

Each function mirrors one Cypher file step by step (read the file for the rules); the contract
suite checks that both stores answer alike. Callers hold the store's lock.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Iterable

from graph.stores.fact_rows import TENURE_KEYS
from graph.stores.base import StoredNode, StoredRel

if TYPE_CHECKING:  # pragma: no cover
    from graph.stores.memory.store import MemoryStore

__all__ = ["responsibility_facts", "subordinate_governments", "turnover_candidates",
           "FACT_NODE_KEYS", "FACT_REL_KEYS", "TENURE_KEYS"]

# The properties the reads return (the Cypher files project the same keys; a unit test checks).
FACT_NODE_KEYS = ("id", "name", "is_principal", "stage", "valid_from", "valid_to", "start_date", "signed_on",
                  "breached_on", "status", "value", "kind", "source_document", "source_authority", "source_url",
                  "source_file", "source_line")
FACT_REL_KEYS = ("id", "valid_from", "valid_to", "acting", "end_unknown", "role", "signatory", "public_authority",
                 "source_document", "source_authority", "source_url", "source_file", "source_line", "source_path")


def _pick(props: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: props[k] for k in keys if props.get(k) is not None}


def responsibility_facts(st: "MemoryStore", root_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
    """queries/responsibility_facts.cypher."""
    if root_id not in st.g or st._kind(root_id) not in ("Contract", "Project"):
        return None
    rels: dict[str, StoredRel] = {}

    def add(rs: Iterable[StoredRel]) -> list[StoredRel]:
        rs = list(rs)
        rels.update((r.id, r) for r in rs)
        return rs

    # A. contract and project surroundings
    near = add(st._out(root_id, "FOR_PROJECT", "HAS_PARTY", "SIGNED_BY", "SIGNED_AS"))
    projects = [root_id] if st._kind(root_id) == "Project" else [r.dst for r in near if r.type == "FOR_PROJECT"]
    for p in projects:
        around = add(st._out(p, "HAS_STAGE", "OWNED_BY"))
        for hs in around:
            if hs.type == "HAS_STAGE":
                near += add(st._in(hs.dst, "RESPONSIBLE_FOR"))
        near += around
    officials = [r.src for r in near if r.type == "RESPONSIBLE_FOR" and st._kind(r.src) == "Official"]
    officials += [r.dst for r in near if r.type == "SIGNED_BY"]
    seeds = [r.src for r in near if r.type == "RESPONSIBLE_FOR" and st._kind(r.src) == "Post"]
    seeds += [r.dst for r in near if r.type == "SIGNED_AS"]
    units = [r.dst for r in near if r.type in ("HAS_PARTY", "OWNED_BY") and st._kind(r.dst) != "Company"]
    # B. posts held by responsible or signing officials
    for o in officials:
        seeds += [h.dst for h in add(st._out(o, "HOLDS"))]
    # C. reporting lines upwards, at most 8 hops
    chain = set(seeds)
    frontier = set(seeds)
    for _ in range(8):
        nxt = set()
        for q in frontier:
            nxt.update(line.dst for line in add(st._out(q, "REPORTS_TO")))
        frontier = nxt - chain
        chain |= frontier
    # D. units, their governments, the governments' principal posts
    for q in chain:
        units += [pi.dst for pi in add(st._out(q, "POST_IN"))]
    principal = set(st._principal_posts_of(st._governments_of(units, add), add))
    # E. tenures and units of every post met
    for q in chain | principal:
        add(st._in(q, "HOLDS"))
        add(st._out(q, "POST_IN"))
    ids = {root_id} | {e for r in rels.values() for e in (r.src, r.dst)}
    nodes = []
    for i in sorted(ids):
        n = st._node(i)
        nodes.append(StoredNode(n.id, n.kind, _pick(n.props, FACT_NODE_KEYS)))
    return nodes, [StoredRel(r.id, r.type, r.src, r.dst, _pick(r.props, FACT_REL_KEYS))
                   for r in sorted(rels.values(), key=lambda r: r.id)]


def subordinate_governments(st: "MemoryStore", gov_id: str) -> list[str] | None:
    """queries/subordinate_governments.cypher: None when the id is not a government."""
    if gov_id not in st.g or st._kind(gov_id) != "Government":
        return None
    found: set[str] = set()
    frontier = {gov_id}
    for _ in range(6):
        nxt = {r.src for g in frontier for r in st._in(g, "SUBORDINATE_TO")} - found - {gov_id}
        found |= nxt
        frontier = nxt
    return sorted(found)


def _gov_of_unit(st: "MemoryStore", unit: str | None) -> str | None:
    if unit is None:
        return None
    if st._kind(unit) == "Government":
        return unit
    govs = sorted(b.dst for b in st._out(unit, "BELONGS_TO") if st._kind(b.dst) == "Government")
    return govs[0] if govs else None


def _overlaps(props: dict[str, Any], start: date, end: date) -> bool:
    vf, vt = props.get("valid_from"), props.get("valid_to")
    return (vf is None or vf <= end) and (vt is None or vt >= start)


def _changed_in_window(st: "MemoryStore", post: str, s: date, b: date, days: int) -> bool:
    window = b - timedelta(days=days)
    for t in st._in(post, "HOLDS"):
        vf, vt = t.props.get("valid_from"), t.props.get("valid_to")
        if vf is not None and s < vf <= b and vf >= window:
            return True
        if vt is not None and s <= vt < b and vt >= window - timedelta(days=1):
            return True
    return False


def turnover_candidates(
    st: "MemoryStore",
    *,
    days: int,
    governments: list[str] | None,
    kind: str | None,
    date_from: date | None,
    date_to: date | None,
) -> list[dict[str, Any]]:
    """queries/turnover_contracts.cypher and queries/turnover_commitments.cypher."""
    rows: list[dict[str, Any]] = []
    allowed = set(governments) if governments is not None else None
    for label, start_key, end_key in (("Contract", "signed_on", "breached_on"), ("Commitment", "made_on", "broken_on")):
        for cid in sorted(st._by_kind.get(label, ())):
            c = st.g.nodes[cid]["props"]
            s, b = c.get(start_key), c.get(end_key)
            if s is None or b is None or (date_from and b < date_from) or (date_to and b > date_to):
                continue
            prj = min((r.dst for r in st._out(cid, "FOR_PROJECT")), default=None)
            prj_props = st.g.nodes[prj]["props"] if prj else {}
            if kind is not None and prj_props.get("kind") != kind:
                continue
            watched: list[tuple[str, str]] = []
            if label == "Contract":
                parties = sorted(r.dst for r in st._out(cid, "HAS_PARTY") if r.props.get("role") == "government")
                owners = sorted(r.dst for r in st._out(prj, "OWNED_BY")) if prj else []
                gov = _gov_of_unit(st, (parties or owners or [None])[0])
                promiser = min((r.dst for r in st._out(cid, "SIGNED_BY")), default=None)
                watched += [(r.dst, "signatory") for r in st._out(cid, "SIGNED_AS")]
                if prj:
                    for hs in st._out(prj, "HAS_STAGE"):
                        watched += [(rf.src, "responsible") for rf in st._in(hs.dst, "RESPONSIBLE_FOR")
                                    if st._kind(rf.src) == "Post" and _overlaps(rf.props, s, b)]
            else:
                units = sorted(r.dst for r in st._out(cid, "COMMITTED_BY") if st._kind(r.dst) != "Official")
                gov = _gov_of_unit(st, units[0] if units else None)
                promiser = min((r.dst for r in st._out(cid, "COMMITTED_BY") if st._kind(r.dst) == "Official"),
                               default=None)
                watched += [(rf.src, "responsible") for rf in st._in(cid, "RESPONSIBLE_FOR")
                            if st._kind(rf.src) == "Post" and _overlaps(rf.props, s, b)]
                if promiser:
                    watched += [(h.dst, "promiser") for h in st._out(promiser, "HOLDS") if _overlaps(h.props, s, s)]
            if allowed is not None and gov not in allowed:
                continue
            if gov:
                watched += [(pi.src, "principal") for pi in st._in(gov, "POST_IN")
                            if st.g.nodes[pi.src]["props"].get("is_principal") is True]
            for post, role in dict.fromkeys(watched):
                if not _changed_in_window(st, post, s, b, days):
                    continue
                tenures = [
                    {"props": _pick(t.props, TENURE_KEYS), "official": t.src,
                     "name": st.g.nodes[t.src]["props"].get("name")}
                    for t in st._in(post, "HOLDS") if _overlaps(t.props, s, b)
                ]
                rows.append({
                    "id": cid, "kind": label, "name": c.get("name"), "start": s, "broken": b,
                    "project": prj, "project_kind": prj_props.get("kind"),
                    "government": gov, "government_name": st.g.nodes[gov]["props"].get("name") if gov else None,
                    "promiser": promiser,
                    "promiser_name": st.g.nodes[promiser]["props"].get("name") if promiser else None,
                    "post": post, "post_name": st.g.nodes[post]["props"].get("name"), "role": role,
                    "tenures": tenures,
                })
    return rows
