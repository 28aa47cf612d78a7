"""Record time (when the system knew a fact): "as known on date D" for a fetched subgraph.

Every change is a new version with its ``recorded_at`` (nothing is hard-deleted), so the state
known at a time is, for each node and relationship, the newest version recorded by then; those
recorded only later did not exist yet. A date D means the end of that day in China Standard Time.
"""

from __future__ import annotations

from datetime import date, datetime, time

from graph.model.temporal import CST
from graph.stores.base import GraphStore, StoredNode, StoredRel, pick_version

__all__ = ["day_of", "end_of_day", "subgraph_as_of"]


def end_of_day(d: date | datetime | None) -> datetime | None:
    """A date as the last instant of that day (CST); an instant without zone is taken as CST."""
    if d is None:
        return None
    if isinstance(d, datetime):
        return d if d.tzinfo else d.replace(tzinfo=CST)
    return datetime.combine(d, time.max, tzinfo=CST)


def day_of(instant: datetime) -> date:
    """The calendar day (CST) of an instant."""
    return instant.astimezone(CST).date()


def subgraph_as_of(
    store: GraphStore, nodes: list[StoredNode], rels: list[StoredRel], as_of: datetime | None
) -> tuple[list[StoredNode], list[StoredRel]]:
    """The versions known at ``as_of`` (one read of the superseded versions); unchanged if None."""
    if as_of is None:
        return nodes, rels
    revs = store.revisions_of([n.id for n in nodes] + [r.id for r in rels])
    out_nodes = []
    for n in nodes:
        props = pick_version(n.props, revs.get(n.id, []), as_of)
        if props is not None:
            out_nodes.append(StoredNode(n.id, n.kind, props))
    known = {n.id for n in out_nodes}
    out_rels = []
    for r in rels:
        if r.src not in known or r.dst not in known:
            continue
        props = pick_version(r.props, revs.get(r.id, []), as_of)
        if props is not None:
            out_rels.append(StoredRel(r.id, r.type, r.src, r.dst, props))
    return out_nodes, out_rels
