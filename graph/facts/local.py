"""The fetched facts of one read, indexed for the domain's date logic.

A store answers a domain read with a subgraph (nodes and relationships across all dates); the
capabilities wrap it in a :class:`LocalGraph` and decide, in Python, what held on a day.
"""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from graph.stores.base import StoredNode, StoredRel

__all__ = ["LocalGraph"]


class LocalGraph:
    """The fetched facts with adjacency by (node, relationship type), for the date logic. The lists
    ``outs``/``ins`` return are the index itself: callers read them, never change them."""

    _NONE: ClassVar[list[StoredRel]] = []

    def __init__(self, nodes: list[StoredNode], rels: list[StoredRel]) -> None:
        self.nodes = {n.id: n for n in nodes}
        self._out: dict[tuple[str, str], list[StoredRel]] = defaultdict(list)
        self._in: dict[tuple[str, str], list[StoredRel]] = defaultdict(list)
        for r in rels:
            self._out[(r.src, r.type)].append(r)
            self._in[(r.dst, r.type)].append(r)

    def outs(self, id_: str, type_: str) -> list[StoredRel]:
        return self._out.get((id_, type_), self._NONE)

    def ins(self, id_: str, type_: str) -> list[StoredRel]:
        return self._in.get((id_, type_), self._NONE)

    def name(self, id_: str) -> str:
        return self.nodes[id_].props.get("name", id_)

    def kind(self, id_: str) -> str:
        return self.nodes[id_].kind
