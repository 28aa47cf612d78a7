"""The fetched accountability network of a government, indexed once as integer arrays.

:func:`load_network` reads the store (``GraphStore.network_facts``) and builds an
:class:`IndexedNetwork`: node ids numbered 0..n-1, kinds and relationship types as small codes,
relationship ends and valid-time extents as numpy arrays. Projections then select nodes and
relationships with array masks instead of walking Python objects. The indexed network is cached
per (store, government, graph version) in :mod:`graph.metrics.cache`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graph.errors import NotFoundError
from graph.metrics import cache
from graph.metrics.scope import ORD_MAX, ORD_MIN
from graph.model.schema import REL_KINDS
from graph.stores.base import NETWORK_KINDS, GraphStore

__all__ = ["KIND_CODES", "TYPE_CODES", "IndexedNetwork", "load_network"]

KIND_CODES = {k: i for i, k in enumerate(NETWORK_KINDS)}
TYPE_CODES = {t: i for i, t in enumerate(REL_KINDS)}


@dataclass
class IndexedNetwork:
    root: str
    version: str
    ids: list[str]
    index: dict[str, int]
    kind: np.ndarray  # int8 code per node (KIND_CODES)
    props: list[dict[str, Any]]
    rel_ids: list[str]
    rel_type: np.ndarray  # int8 code per relationship (TYPE_CODES)
    src: np.ndarray  # int32
    dst: np.ndarray  # int32
    start: np.ndarray  # int32 day ordinal, ORD_MIN when open
    end: np.ndarray  # int32 day ordinal, ORD_MAX when open or unknown
    rel_props: list[dict[str, Any]]
    extras: dict[str, Any] = field(default_factory=dict)  # derived structures, built on demand

    @property
    def n(self) -> int:
        return len(self.ids)

    def id_rank(self) -> np.ndarray:
        """Each node's position in id order (ties of a metric are broken by id)."""
        if "id_rank" not in self.extras:
            rank = np.empty(self.n, dtype=np.int64)
            rank[np.argsort(np.array(self.ids, dtype=object), kind="stable")] = np.arange(self.n)
            self.extras["id_rank"] = rank
        return self.extras["id_rank"]

    def kind_of(self, i: int) -> str:
        return NETWORK_KINDS[self.kind[i]]


def _index(root: str, version: str, facts: Any) -> IndexedNetwork:
    nodes, rels = facts.nodes, facts.rels
    ids = [n[0] for n in nodes]
    index = {i: k for k, i in enumerate(ids)}
    kind = np.fromiter((KIND_CODES[n[1]] for n in nodes), dtype=np.int8, count=len(nodes))
    m = len(rels)
    src = np.fromiter((index[r[2]] for r in rels), dtype=np.int32, count=m)
    dst = np.fromiter((index[r[3]] for r in rels), dtype=np.int32, count=m)
    rel_type = np.fromiter((TYPE_CODES[r[1]] for r in rels), dtype=np.int8, count=m)

    def start(p: dict[str, Any]) -> int:
        d = p.get("valid_from")
        return d.toordinal() if d is not None else ORD_MIN

    def end(p: dict[str, Any]) -> int:
        d = p.get("valid_to")
        return d.toordinal() if d is not None else ORD_MAX

    starts = np.fromiter((start(r[4]) for r in rels), dtype=np.int32, count=m)
    ends = np.fromiter((end(r[4]) for r in rels), dtype=np.int32, count=m)
    return IndexedNetwork(root, version, ids, index, kind, [n[2] for n in nodes], [r[0] for r in rels],
                          rel_type, src, dst, starts, ends, [r[4] for r in rels])


def load_network(store: GraphStore, government: str) -> IndexedNetwork:
    """The indexed network of ``government`` at the store's current graph version (cached)."""
    version = store.graph_version()
    key = ("network", id(store), government, version)
    hit = cache.get(key)
    if hit is not None:
        return hit
    facts = store.network_facts(government)
    if facts is None:
        raise NotFoundError(f"no government with id {government!r}")
    net = _index(government, version, facts)
    cache.put(key, net, weight=max(1, net.n // 1000))
    return net
