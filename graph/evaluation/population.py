"""The facts an evaluation, the warnings and the statistics read: whole populations of units,
posts, tenures, judgments, contracts, commitments, records and rectifications (one store read,
:meth:`graph.stores.base.GraphStore.population`), as known at a record time, and the unit
structure on a day (a department's government, a government's parent, who is in office)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from graph.facts.as_of import end_of_day, subgraph_as_of
from graph.facts.local import LocalGraph
from graph.model.temporal import Coverage, coverage
from graph.stores.base import GraphStore

__all__ = ["LABELS", "TYPES", "UNITS", "Structure", "load", "record_unit", "span"]

UNITS = ("Government", "Department")
LABELS = ["Government", "Department", "Official", "Post", "Project", "ProjectStage", "Judgment", "Contract",
          "Commitment", "DishonestyRecord", "Rectification"]
TYPES = ["SUBORDINATE_TO", "BELONGS_TO", "POST_IN", "HOLDS", "OWNED_BY", "HAS_STAGE", "RESPONSIBLE_FOR",
         "FOR_PROJECT", "HAS_PARTY", "SIGNED_BY", "SIGNED_AS", "COMMITTED_BY", "AGAINST", "RECORD_SUBJECT",
         "EVIDENCED_BY", "ATTRIBUTED_TO"]


def load(store: GraphStore, as_of: date | datetime | None = None) -> tuple[LocalGraph, datetime | None]:
    """The population as known at the end of ``as_of`` (CST); everything known now when None."""
    when = end_of_day(as_of)
    nodes, rels = store.population(LABELS, TYPES)
    return LocalGraph(*subgraph_as_of(store, nodes, rels, when)), when


def span(props: dict[str, Any], day: date) -> bool:
    vf, vt = props.get("valid_from"), props.get("valid_to")
    return (vf is None or vf <= day) and (vt is None or vt >= day)


class Structure:
    """Governments, departments and officials in office on ``day``."""

    def __init__(self, g: LocalGraph, day: date) -> None:
        self.g, self.day = g, day
        self.governments = sorted(i for i, n in g.nodes.items() if n.kind == "Government")
        self.departments = sorted(i for i, n in g.nodes.items() if n.kind == "Department")
        self.parent: dict[str, str | None] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        for gid in self.governments:
            up = sorted(r.dst for r in g.outs(gid, "SUBORDINATE_TO") if span(r.props, day))
            self.parent[gid] = up[0] if up else None
            if up:
                self.children[up[0]].append(gid)
        self.gov_of: dict[str, str | None] = {}
        self.depts_of: dict[str, list[str]] = defaultdict(list)
        for d in self.departments:
            govs = sorted(r.dst for r in g.outs(d, "BELONGS_TO") if span(r.props, day) and g.kind(r.dst) == "Government")
            self.gov_of[d] = govs[0] if govs else None
            if govs:
                self.depts_of[govs[0]].append(d)
        self.officials: dict[str, set[str]] = defaultdict(set)  # unit -> officials in office on day
        for pid, n in g.nodes.items():
            if n.kind != "Post":
                continue
            units = [r.dst for r in g.outs(pid, "POST_IN") if span(r.props, day)]
            if not units:
                continue
            for t in g.ins(pid, "HOLDS"):
                if coverage(t.props, day) is Coverage.yes:
                    self.officials[units[0]].add(t.src)

    def government_of(self, unit: str) -> str | None:
        return unit if self.g.kind(unit) == "Government" else self.gov_of.get(unit)

    def scope(self, unit: str) -> list[str]:
        """A department answers for itself; a government for itself and its departments."""
        return [unit, *self.depts_of.get(unit, [])] if self.g.kind(unit) == "Government" else [unit]

    def subtree(self, gov: str) -> list[str]:
        out, todo = [], [gov]
        while todo:
            x = todo.pop()
            out.append(x)
            todo.extend(self.children.get(x, []))
        return sorted(out)

    def peers_key(self, unit: str) -> tuple[str, ...]:
        n = self.g.nodes[unit]
        if n.kind == "Government":
            return ("Government", str(n.props.get("level")), str(self.parent.get(unit)))
        return ("Department", str(self.gov_of.get(unit)))


def record_unit(g: LocalGraph, rid: str, day: date | None) -> str | None:
    """The government or department a record is about: its subject unit, the unit owning its
    project, or the government-side party of its contract (None for a record about an official)."""
    for r in sorted(g.outs(rid, "RECORD_SUBJECT"), key=lambda r: r.id):
        s = r.dst
        if s not in g.nodes:
            continue
        k = g.kind(s)
        if k in UNITS:
            return s
        if k == "Project":
            owners = sorted(o.dst for o in g.outs(s, "OWNED_BY") if day is None or span(o.props, day))
            return owners[0] if owners else None
        if k == "Contract":
            units = government_parties(g, s)
            return units[0] if units else None
    return None


def government_parties(g: LocalGraph, contract: str) -> list[str]:
    parties = g.outs(contract, "HAS_PARTY")
    gov_side = sorted(r.dst for r in parties if r.props.get("role") == "government" and g.kind(r.dst) in UNITS)
    return gov_side or sorted(r.dst for r in parties if g.kind(r.dst) in UNITS)
