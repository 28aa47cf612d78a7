"""Compact fact rows: the few properties the propagation reads, as plain lists.

``queries/attribution_facts.cypher`` returns nodes and relationships as lists of plain values
(dates as ISO strings), which the driver decodes several times faster than property maps; the
embedded store builds the same rows, and both go through :func:`expand` into the StoredNode /
StoredRel shape that :class:`graph.responsibility.backtrack.LocalGraph` and ``holders_on`` read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from graph.stores.base import StoredNode, StoredRel

__all__ = ["ISO_DATES", "NODE_KEYS", "REL_KEYS", "TENURE_KEYS", "expand", "node_row", "rel_row", "tenure"]

NODE_KEYS = ("name", "is_principal", "division_code", "status", "act_date", "decided_on", "sanction_effect")
REL_KEYS = ("valid_from", "valid_to", "acting", "end_unknown", "role")
TENURE_KEYS = ("id", "valid_from", "valid_to", "acting", "end_unknown", "source_document", "source_authority")
#: Date properties that reads return as ISO strings (``toString`` in Cypher, spared the driver's
#: date decoding); they are turned back into dates here and in graph.stores.neo4j.store.
ISO_DATES = frozenset({"act_date", "decided_on", "valid_from", "valid_to", "start_date", "signed_on",
                       "breached_on"})


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def node_row(n: StoredNode) -> list[Any]:
    return [n.id, n.kind, *(_plain(n.props.get(k)) for k in NODE_KEYS)]


def rel_row(r: StoredRel) -> list[Any]:
    return [r.id, r.type, r.src, r.dst, *(_plain(r.props.get(k)) for k in REL_KEYS)]


def _props(id_: str, keys: tuple[str, ...], values: Iterable[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": id_}
    for k, v in zip(keys, values, strict=True):
        if v is not None:
            out[k] = date.fromisoformat(v) if k in ISO_DATES else v
    return out


def expand(nodes: list[list[Any]], rels: list[list[Any]]) -> tuple[list[StoredNode], list[StoredRel]]:
    """StoredNodes and StoredRels (sorted by id) from compact rows."""
    ns = [StoredNode(row[0], row[1], _props(row[0], NODE_KEYS, row[2:])) for row in nodes]
    rs = [StoredRel(row[0], row[1], row[2], row[3], _props(row[0], REL_KEYS, row[4:])) for row in rels]
    ns.sort(key=lambda n: n.id)
    rs.sort(key=lambda r: r.id)
    return ns, rs


def tenure(row: list[Any]) -> dict[str, Any]:
    """A tenure row of ``queries/turnover_*.cypher`` (the values of :data:`TENURE_KEYS`, then the
    official's id and name) as ``{props, official, name}``, nulls left out, dates as dates."""
    return {"props": _props(row[0], TENURE_KEYS[1:], row[1:7]), "official": row[7], "name": row[8]}
