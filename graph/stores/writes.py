"""From validated models to store writes (the one path every writer takes: loader, API, importers)."""

from __future__ import annotations

from contextvars import ContextVar

from graph.model import entities as m
from graph.model.schema import content_hash, to_props
from graph.stores.base import NodeWrite, RelWrite
from graph.stores.search_keys import SEARCH_KEY, search_key

__all__ = ["ACTOR", "node_write", "rel_write"]

#: who is writing (``user:<name>``, ``key:<id>``, ``cli``); stored on each version as ``_actor``,
#: outside the content hash, so history names who created, corrected or revoked a record
ACTOR: ContextVar[str | None] = ContextVar("retrace_actor", default=None)


def _stamp(props: dict) -> dict:
    actor = ACTOR.get()
    if actor is not None:
        props["_actor"] = actor
    return props


def node_write(obj: m.Node) -> NodeWrite:
    props = to_props(obj)
    h = content_hash(props)
    # the search key is derived from the name and attributes: outside the hash (graph/stores/search_keys.py)
    props[SEARCH_KEY] = search_key(props)
    return NodeWrite(obj.id, _stamp(props), h)


def rel_write(obj: m.Rel) -> RelWrite:
    props = to_props(obj)
    h = content_hash(props, (obj.src, obj.dst))
    return RelWrite(obj.id, obj.src, obj.dst, _stamp(props), h)

