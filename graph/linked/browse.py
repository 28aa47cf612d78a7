"""Linked records for API clients: any entity by id, search by name, neighbours page by page.

Views are plain dicts of JSON-ready values: the kind with its zh-CN label, the properties without
internal keys, and the source regrouped as one object.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from graph.errors import InvalidRequest
from graph.model.schema import NODE_KINDS, REL_KINDS, node_kind, rel_kind
from graph.stores.base import (
    MAX_DEPTH,
    GraphStore,
    StoredNode,
    StoredRel,
    decode_cursor,
    encode_cursor,
)

__all__ = ["LinkError", "entity", "entity_history", "neighbours", "node_view", "rel_view", "search"]

MAX_LIMIT = 500


class LinkError(InvalidRequest):
    """Invalid paging or filter parameters (HTTP 422)."""


def _split(props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], datetime | None]:
    clean: dict[str, Any] = {}
    source: dict[str, Any] = {}
    recorded = None
    for k, v in props.items():
        if k.startswith("_"):
            continue
        if k == "recorded_at":
            recorded = v
        elif k.startswith("source_"):
            source[k[7:]] = v
        elif k == "attributes_json":
            clean["attributes"] = json.loads(v)
        elif k != "id":
            clean[k] = v
    return clean, source, recorded


def node_view(n: StoredNode) -> dict[str, Any]:
    props, source, recorded = _split(n.props)
    return {
        "id": n.id, "element": "node", "kind": n.kind, "kind_label": NODE_KINDS[n.kind].label_zh,
        "name": props.pop("name", None), "properties": props, "source": source, "recorded_at": recorded,
    }


def rel_view(r: StoredRel) -> dict[str, Any]:
    props, source, recorded = _split(r.props)
    return {
        "id": r.id, "element": "relationship", "kind": r.type, "kind_label": REL_KINDS[r.type].label_zh,
        "src": r.src, "dst": r.dst, "properties": props, "source": source, "recorded_at": recorded,
    }


def entity(store: GraphStore, id_: str, as_of: datetime | None = None) -> dict[str, Any] | None:
    node = store.get_node(id_, as_of)
    if node is not None:
        return node_view(node)
    rel = store.get_rel(id_, as_of)
    return rel_view(rel) if rel is not None else None


def entity_history(store: GraphStore, id_: str) -> list[dict[str, Any]]:
    out = []
    for version in store.history(id_):
        props, source, recorded = _split(version)
        out.append({"recorded_at": recorded, "actor": version.get("_actor"), "properties": props, "source": source})
    return out


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise LinkError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def search(store: GraphStore, kind: str | None, text: str, limit: int, cursor: str | None) -> dict[str, Any]:
    if kind is not None:
        node_kind(kind)
    if not text.strip():
        raise LinkError("q must not be empty")
    after = None
    if cursor:
        key = _cursor(cursor, 1)
        after = str(key[0])
    items = store.search(kind, text.strip(), _limit(limit) + 1, after)
    nxt = encode_cursor(items[limit - 1].id) if len(items) > limit else None
    return {"items": [node_view(n) for n in items[:limit]], "next_cursor": nxt}


def _cursor(cursor: str, size: int) -> list[Any]:
    try:
        key = decode_cursor(cursor)
    except ValueError:
        raise LinkError("cursor is not valid; use the next_cursor of the previous page") from None
    if len(key) != size:
        raise LinkError("cursor is not valid; use the next_cursor of the previous page")
    return key


def neighbours(
    store: GraphStore,
    id_: str,
    *,
    depth: int = 1,
    kinds: list[str] | None = None,
    rels: list[str] | None = None,
    at: date | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any] | None:
    """A page of neighbours, or None when ``id_`` is not a node."""
    if not 1 <= depth <= MAX_DEPTH:
        raise LinkError(f"depth must be between 1 and {MAX_DEPTH}")
    for k in kinds or ():
        node_kind(k)
    for t in rels or ():
        rel_kind(t)
    after = None
    if cursor:
        d, i = _cursor(cursor, 2)
        if not isinstance(d, int) or not isinstance(i, str):
            raise LinkError("cursor is not valid; use the next_cursor of the previous page")
        after = (d, i)
    if store.get_node(id_) is None:
        return None
    items = store.neighbours(
        id_, depth=depth, node_kinds=kinds or None, rel_types=rels or None, at=at,
        limit=_limit(limit) + 1, after=after,
    )
    page = items[:limit]
    nxt = encode_cursor(page[-1].depth, page[-1].node.id) if len(items) > limit else None
    return {
        "id": id_,
        "items": [
            {"depth": nb.depth, "direction": nb.direction, "relationship": rel_view(nb.via),
             "node": node_view(nb.node)}
            for nb in page
        ],
        "next_cursor": nxt,
    }
