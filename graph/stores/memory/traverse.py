"""One generic traversal over the embedded store's graph, driven by a declared read
(:mod:`graph.stores.reads`): how the embedded store answers the domain reads of ``queries/``.

:class:`GraphView` is the read-only face of the in-memory graph the traversal needs (a node's kind
and properties, its relationships by type and direction, the nodes of a kind); :func:`run` follows
a :class:`graph.stores.reads.Read` from its root nodes and returns the sets its steps named and the
relationships they kept. The caller holds the store's lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from graph.model.temporal import overlaps, valid_on
from graph.stores.base import StoredNode, StoredRel
from graph.stores.reads import OFFICIAL_KEYS, Pick, Read, Select, Step

__all__ = ["Found", "GraphView", "run", "subgraph"]


class GraphView:
    """The embedded store's graph as the traversal reads it: a ``networkx.MultiDiGraph`` whose
    nodes carry ``kind`` and ``props`` and whose edges (keyed by relationship id) carry ``type`` and
    ``props``, with the node ids of each kind. Properties and lists are handed out as they are
    stored or remembered: read them, never change them. A view lives for one read (under the
    store's lock) and remembers the relationships it has looked up, so a read that meets the same
    node many times (a government's principal posts, once per contract of a listing) scans its
    relationships once."""

    def __init__(self, g: nx.MultiDiGraph, by_kind: Mapping[str, set[str]]) -> None:
        self._nodes = g.nodes
        self._out_edges = g.out_edges
        self._in_edges = g.in_edges
        self._by_kind = by_kind
        self._seen: dict[tuple[str, str, tuple[str, ...]], list[StoredRel]] = {}

    def __contains__(self, id_: str) -> bool:
        return id_ in self._nodes

    def kind(self, id_: str) -> str:
        return self._nodes[id_]["kind"]

    def props(self, id_: str) -> dict[str, Any]:
        return self._nodes[id_]["props"]

    def ids_of(self, kind: str) -> list[str]:
        """The ids of the nodes of a kind, sorted."""
        return sorted(self._by_kind.get(kind, ()))

    def rels(self, id_: str, direction: str, types: tuple[str, ...]) -> list[StoredRel]:
        """The relationships of these types going out of (``"out"``) or into (``"in"``) a node."""
        key = (id_, direction, types)
        found = self._seen.get(key)
        if found is None:
            edges = (self._out_edges if direction == "out" else self._in_edges)(id_, keys=True, data=True)
            found = [StoredRel(k, d["type"], u, v, d["props"]) for u, v, k, d in edges if d["type"] in types]
            self._seen[key] = found
        return found


@dataclass
class Found:
    """What a read found: the node sets its steps named (``root`` included) and the relationships
    its steps kept, by id."""

    sets: dict[str, set[str]] = field(default_factory=dict)
    rels: dict[str, StoredRel] = field(default_factory=dict)

    def first(self, name: str) -> str | None:
        """The smallest id of a set (the one node of a :class:`graph.stores.reads.Pick`), or None."""
        return min(self.sets.get(name, ()), default=None)

    def into(self, node: str, type_: str) -> list[StoredRel]:
        """The kept relationships of a type that end at ``node``, by id."""
        return sorted((r for r in self.rels.values() if r.dst == node and r.type == type_), key=lambda r: r.id)


def _rel_test(step: Step, params: Mapping[str, date | None]) -> Callable[[StoredRel], bool] | None:
    """The step's condition on a relationship (its properties, its validity), or None."""
    if step.valid is None and not step.rel_where:
        return None
    days: list[date | None] = []
    rule = None
    if step.valid is not None:
        rule, *names = step.valid
        days = [params.get(n) for n in names]

    def test(r: StoredRel) -> bool:
        if any(r.props.get(k) != v for k, v in step.rel_where):
            return False
        if rule is None:
            return True
        known = [d for d in days if d is not None]
        if len(known) < len(days):
            return False  # no day to hold on: nothing is followed (a null parameter in Cypher)
        return valid_on(r.props, known[0]) if rule == "on" else overlaps(r.props, known[0], known[1])

    return test


def _node_test(view: GraphView, step: Step) -> Callable[[str], bool] | None:
    """The step's condition on the nodes it reaches (kinds, properties), or None."""
    if step.kinds is None and not step.not_kinds and not step.where:
        return None

    def test(node: str) -> bool:
        kind = view.kind(node)
        if (step.kinds is not None and kind not in step.kinds) or kind in step.not_kinds:
            return False
        props = view.props(node)
        return all(props.get(k) == v for k, v in step.where)

    return test


def _follow(view: GraphView, step: Step, start: set[str], params: Mapping[str, date | None],
            kept: dict[str, StoredRel]) -> set[str]:
    lo, hi = step.hops
    rel_ok, node_ok = _rel_test(step, params), _node_test(view, step)
    frontier = {s for s in start if step.from_kinds is None or view.kind(s) in step.from_kinds}
    seen = set(frontier)
    reached = set(frontier) if lo == 0 else set()
    out = step.direction == "out"
    for hop in range(1, hi + 1):
        nxt: set[str] = set()
        for u in frontier:
            for r in view.rels(u, step.direction, step.types):
                if rel_ok is not None and not rel_ok(r):
                    continue
                v = r.dst if out else r.src
                if node_ok is not None and not node_ok(v):
                    continue
                if step.keep:
                    kept[r.id] = r
                if hop >= lo:
                    reached.add(v)
                if v not in seen:
                    seen.add(v)
                    nxt.add(v)
        frontier = nxt
        if not frontier:
            break
    return reached


def run(read: Read, view: GraphView, roots: Iterable[str], **params: date | None) -> Found:
    """Follow ``read`` from the ``roots`` that exist and are of its root kinds."""
    found = Found()
    found.sets["root"] = {r for r in roots if r in view and view.kind(r) in read.root_kinds}
    for step in read.steps:
        union: set[str] = set().union(*(found.sets[s] for s in step.start))
        if isinstance(step, Step):
            found.sets[step.name] = _follow(view, step, union, params, found.rels)
        elif isinstance(step, Select):
            found.sets[step.name] = {
                n for n in union
                if (step.kinds is None or view.kind(n) in step.kinds) and view.kind(n) not in step.not_kinds
            }
        elif isinstance(step, Pick):
            first = next((found.sets[s] for s in step.start if found.sets[s]), set())
            found.sets[step.name] = {min(first)} if first else set()
    return found


def _pick(props: Mapping[str, Any], keys: tuple[str, ...] | None) -> dict[str, Any]:
    if keys is None:
        return dict(props)
    return {k: props[k] for k in keys if props.get(k) is not None}


def subgraph(read: Read, view: GraphView, found: Found) -> tuple[list[StoredNode], list[StoredRel]]:
    """The answer of a subgraph read: the roots and the ends of every kept relationship, sorted by
    id, with the properties the read gives out."""
    ids = set(found.sets["root"]) | {e for r in found.rels.values() for e in (r.src, r.dst)}
    nodes = []
    for i in sorted(ids):
        kind = view.kind(i)
        keys = OFFICIAL_KEYS if kind in read.slim else read.node_keys
        nodes.append(StoredNode(i, kind, _pick(view.props(i), keys)))
    rels = [StoredRel(r.id, r.type, r.src, r.dst, _pick(r.props, read.rel_keys))
            for r in sorted(found.rels.values(), key=lambda r: r.id)]
    return nodes, rels
