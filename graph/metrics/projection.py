"""Projections of the indexed network: the graph a metric runs on.

* ``typed``: the network itself (officials, posts, units, projects, stages, contracts,
  commitments, judgments, records), optionally restricted to some kinds; directed (relationships
  keep their direction: official → post → unit → government, record → subject), parallel
  relationships merged into one edge.
* ``officials``: a derived graph of officials only, undirected. Two officials are linked when
  (a) one held a post that reports to (REPORTS_TO) a post the other held, on at least one common
  day inside the period (a link of a responsibility chain: 分管/汇报), or (b) both answered for
  stages or commitments of the same project (RESPONSIBLE_FOR, directly or through a post they held
  while the post answered) within the period (a shared responsibility). The edge weight counts
  the links; metrics use the unweighted graph.

Scope and period rules: :mod:`graph.metrics.scope`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from graph.errors import InvalidRequest
from graph.metrics.network import KIND_CODES, TYPE_CODES, IndexedNetwork
from graph.metrics.scope import Scope
from graph.stores.base import NETWORK_KINDS

__all__ = ["PROJECTIONS", "Projection", "project"]

PROJECTIONS = ("typed", "officials")


@dataclass
class Projection:
    name: str
    directed: bool
    net: IndexedNetwork
    nodes: np.ndarray  # int32 indices into net, in projection order
    edges: np.ndarray  # (m, 2) int32 local indices; no loops, no parallel edges (undirected: a < b)
    weights: np.ndarray | None = None
    rel_index: np.ndarray | None = None  # typed: the relationships of the network kept (for exports)

    @property
    def n(self) -> int:
        return int(self.nodes.shape[0])

    @property
    def m(self) -> int:
        return int(self.edges.shape[0])

    def node_id(self, i: int) -> str:
        return self.net.ids[self.nodes[i]]


def _simple(edges: np.ndarray, n: int, directed: bool) -> np.ndarray:
    if edges.shape[0] == 0:
        return edges.reshape(0, 2).astype(np.int32)
    a, b = edges[:, 0].astype(np.int64), edges[:, 1].astype(np.int64)
    if not directed:
        a, b = np.minimum(a, b), np.maximum(a, b)
    keep = a != b
    key = np.unique(a[keep] * n + b[keep])
    return np.column_stack([key // n, key % n]).astype(np.int32)


def _rel_mask(net: IndexedNetwork, scope: Scope) -> np.ndarray:
    if not scope.has_period:
        return np.ones(net.src.shape[0], dtype=bool)
    lo, hi = scope.bounds()
    return (net.start <= hi) & (net.end >= lo)


def typed(net: IndexedNetwork, scope: Scope, kinds: list[str] | None = None) -> Projection:
    if kinds:
        bad = [k for k in kinds if k not in KIND_CODES]
        if bad:
            raise InvalidRequest(f"unknown kinds {bad}; known: {', '.join(NETWORK_KINDS)}")
        kind_ok = np.isin(net.kind, [KIND_CODES[k] for k in kinds])
    else:
        kind_ok = np.ones(net.n, dtype=bool)
    mask = _rel_mask(net, scope) & kind_ok[net.src] & kind_ok[net.dst]
    if scope.has_period:
        present = np.zeros(net.n, dtype=bool)
        present[net.src[mask]] = True
        present[net.dst[mask]] = True
        present[net.index[net.root]] = True
        present &= kind_ok
    else:
        present = kind_ok
    nodes = np.flatnonzero(present).astype(np.int32)
    local = np.full(net.n, -1, dtype=np.int64)
    local[nodes] = np.arange(nodes.shape[0])
    edges = np.column_stack([local[net.src[mask]], local[net.dst[mask]]])
    return Projection("typed", True, net, nodes, _simple(edges, nodes.shape[0], True),
                      rel_index=np.flatnonzero(mask))


def _intervals(net: IndexedNetwork, type_: str, mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    sel = np.flatnonzero(mask & (net.rel_type == TYPE_CODES[type_]))
    return list(zip(net.src[sel].tolist(), net.dst[sel].tolist(), net.start[sel].tolist(), net.end[sel].tolist(),
                    strict=True))


def officials(net: IndexedNetwork, scope: Scope) -> Projection:
    lo, hi = scope.bounds()
    mask = _rel_mask(net, scope)
    official = KIND_CODES["Official"]
    holders: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # post -> (official, start, end)
    members: set[int] = set()
    for o, p, s, e in _intervals(net, "HOLDS", mask):
        holders[p].append((o, max(s, lo), min(e, hi)))
        members.add(o)
    links: dict[tuple[int, int], int] = defaultdict(int)

    def link(a: int, b: int) -> None:
        if a != b:
            links[(a, b) if a < b else (b, a)] += 1

    for p, q, s, e in _intervals(net, "REPORTS_TO", mask):  # (a) a responsibility chain's link
        s, e = max(s, lo), min(e, hi)
        for a, sa, ea in holders.get(p, ()):
            for b, sb, eb in holders.get(q, ()):
                if max(s, sa, sb) <= min(e, ea, eb):
                    link(a, b)
    project_of = {st: pr for pr, st, _s, _e in _intervals(net, "HAS_STAGE", mask)}
    answering: dict[int, set[int]] = defaultdict(set)  # project (or commitment) -> officials
    for who, what, s, e in _intervals(net, "RESPONSIBLE_FOR", mask):  # (b) a shared responsibility
        group = project_of.get(what, what)
        s, e = max(s, lo), min(e, hi)
        if net.kind[who] == official:
            answering[group].add(who)
            members.add(who)
        else:
            for o, so, eo in holders.get(who, ()):
                if max(s, so) <= min(e, eo):
                    answering[group].add(o)
    for team in answering.values():
        for a, b in combinations(sorted(team), 2):
            link(a, b)
    nodes = np.array(sorted(members), dtype=np.int32)
    local = {g: i for i, g in enumerate(nodes.tolist())}
    pairs = sorted(links)
    edges = np.array([(local[a], local[b]) for a, b in pairs], dtype=np.int32).reshape(-1, 2)
    weights = np.array([links[k] for k in pairs], dtype=np.int32)
    return Projection("officials", False, net, nodes, edges, weights)


def project(net: IndexedNetwork, scope: Scope, name: str, kinds: list[str] | None = None) -> Projection:
    if name == "typed":
        return typed(net, scope, kinds)
    if name == "officials":
        if kinds:
            raise InvalidRequest("kinds applies to the typed projection only")
        return officials(net, scope)
    raise InvalidRequest(f"unknown projection {name!r}; known: {', '.join(PROJECTIONS)}")


def describe(p: Projection) -> dict[str, Any]:
    return {"projection": p.name, "directed": p.directed, "nodes": p.n, "edges": p.m}
