"""Rectification tracking (整改, 000 #8, 001, 002): a unit's written explanation (书面说明) and its
completed rectification of a record, with dates and documents. One ``Rectification`` node per
record (id ``rect/<record>``); a later step (the completion after the explanation) is a new version.
Unit consequences (graph/integrity/files.py ``unit_file``) and the warnings read them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from graph.errors import InvalidRequest, NotFoundError
from graph.facts.as_of import day_of
from graph.model import entities as m
from graph.model.ids import derived_id
from graph.model.schema import from_props
from graph.stores.base import GraphStore, utcnow
from graph.stores.writes import node_write

__all__ = ["record_rectification", "rectification_of"]


def rectification_of(store: GraphStore, record_id: str, as_of: datetime | None = None) -> dict[str, Any] | None:
    n = store.get_node(derived_id("rect", record_id), as_of)
    return None if n is None else n.public_props()


def record_rectification(store: GraphStore, record_id: str, *, explained_on: date | None = None,
                         explanation_document: str | None = None, completed_on: date | None = None,
                         completion_document: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Record the explanation and/or the completion (fields given are set; others kept)."""
    from graph.records.register import check_text

    now = now or utcnow()
    rec = store.record_facts(record_id)
    if rec is None:
        raise NotFoundError(f"no dishonesty record with id {record_id!r}")
    nodes, rels = rec
    units = [r.dst for r in rels if r.type == "RECORD_SUBJECT"
             and next((n.kind for n in nodes if n.id == r.dst), None) in ("Government", "Department")]
    if not units:
        raise InvalidRequest(f"record {record_id!r} is not about a government or department")
    check_text(explanation_document, completion_document)
    if explained_on is None and completed_on is None:
        raise InvalidRequest("give explained_on or completed_on")
    for d, what in ((explained_on, "explained_on"), (completed_on, "completed_on")):
        if d is not None and d > day_of(now):
            raise InvalidRequest(f"{what} {d} is in the future")
    if completed_on is not None and not (completion_document or "").strip():
        raise InvalidRequest("a completed rectification needs its document (completion_document)")
    rid = derived_id("rect", record_id)
    cur = store.get_node(rid)
    data: dict[str, Any] = (from_props(m.Rectification, cur.props).model_dump(mode="python") if cur else
                            {"id": rid, "name": f"整改：{next(n.props.get('name') for n in nodes if n.id == record_id)}",
                             "record_id": record_id, "unit_id": units[0]})
    for k, v in (("explained_on", explained_on), ("explanation_document", explanation_document),
                 ("completed_on", completed_on), ("completion_document", completion_document)):
        if v is not None:
            data[k] = v
    rec_day = next(n.props.get("decided_on") for n in nodes if n.id == record_id)
    for k in ("explained_on", "completed_on"):
        if data.get(k) and rec_day and data[k] < rec_day:
            raise InvalidRequest(f"{k} {data[k]} is before the record's decision {rec_day}")
    try:
        obj = m.Rectification.model_validate(data)
    except ValueError as exc:
        raise InvalidRequest(str(exc).splitlines()[-1]) from None
    store.write_changes([("Rectification", node_write(obj))], [], now=now, expect={rid: cur.props["_hash"] if cur else None})
    out = rectification_of(store, record_id)
    assert out is not None  # just written
    return out
