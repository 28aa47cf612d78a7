"""Builds small hand-made graphs for tests from models (the same write path as the loader)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from graph.model import entities as m
from graph.model.schema import NODE_KINDS, REL_KINDS
from graph.stores.base import GraphStore
from graph.stores.writes import node_write, rel_write

D = date.fromisoformat


class Scenario:
    """Collects nodes and relationships, then writes them kind by kind: ``Scenario().node(...)``."""

    def __init__(self) -> None:
        self.nodes: dict[str, list[m.Node]] = defaultdict(list)
        self.rels: dict[str, list[m.Rel]] = defaultdict(list)

    def node(self, label: str, id: str, name: str, /, **fields: Any) -> Scenario:
        self.nodes[label].append(NODE_KINDS[label].model(id=id, name=name, **fields))
        return self

    def rel(self, type_: str, id: str, src: str, dst: str, /, **fields: Any) -> Scenario:
        self.rels[type_].append(REL_KINDS[type_].model(id=id, src=src, dst=dst, **fields))
        return self

    def write(self, store: GraphStore, now: datetime | None = None) -> GraphStore:
        """Write everything (record time ``now``, default the store's clock)."""
        for kind, objs in self.nodes.items():
            store.upsert_nodes(kind, [node_write(o) for o in objs], now=now)
        for type_, objs in self.rels.items():
            store.upsert_rels(type_, [rel_write(o) for o in objs], now=now)
        return store
