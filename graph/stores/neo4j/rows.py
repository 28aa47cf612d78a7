"""Rows of the Neo4j driver as the store's values: driver dates to Python dates, ISO date strings
of the compact fact reads back to dates, result maps to stored nodes and relationships."""

from __future__ import annotations

from datetime import date
from typing import Any

import neo4j

from graph.stores.base import StoredNode, StoredRel, WriteResult
from graph.stores.fact_rows import ISO_DATES

__all__ = ["native", "props", "rel_problem", "subgraph", "tally"]


def native(value: Any) -> Any:
    """Driver temporal values to Python ones (dates stay dates, datetimes stay aware)."""
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime)):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


def props(d: dict[str, Any]) -> dict[str, Any]:
    """Stored properties as Python values; a projected key the entity lacks (null) is left out."""
    out = {}
    for k, v in d.items():
        if v is None:
            continue
        if type(v) is str:
            if k in ISO_DATES:
                v = date.fromisoformat(v)
        elif isinstance(v, (neo4j.time.Date, neo4j.time.DateTime, list)):
            v = native(v)
        out[k] = v
    return out


def subgraph(nodes: list[dict], rels: list[dict]) -> tuple[list[StoredNode], list[StoredRel]]:
    ns = sorted((StoredNode(n["props"]["id"], n["kind"], props(n["props"])) for n in nodes), key=lambda n: n.id)
    rs = sorted(
        (StoredRel(r["props"]["id"], r["type"], r["src"], r["dst"], props(r["props"])) for r in rels),
        key=lambda r: r.id,
    )
    return ns, rs


def tally(result: neo4j.Result) -> WriteResult:
    res = WriteResult()
    for rec in result:
        setattr(res, rec["status"], getattr(res, rec["status"]) + rec["n"])
    return res


def rel_problem(type_: str, spec: Any, b: dict[str, Any]) -> str:
    rid = b["id"]
    if b["src_kind"] is None:
        return f"relationship {rid!r}: node {b['src']!r} does not exist"
    if b["dst_kind"] is None:
        return f"relationship {rid!r}: node {b['dst']!r} does not exist"
    if b["old_src"] is not None and (b["old_src"], b["old_dst"]) != (b["src"], b["dst"]):
        return f"relationship {rid!r} already connects other nodes"
    if b["src_kind"] not in spec.sources:
        return f"relationship {rid!r}: node {b['src']!r} is a {b['src_kind']}, {type_} needs {'/'.join(spec.sources)}"
    return f"relationship {rid!r}: node {b['dst']!r} is a {b['dst_kind']}, {type_} needs {'/'.join(spec.targets)}"
