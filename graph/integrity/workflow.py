"""Objections (异议) and credit repair (信用修复) as state machines over versioned nodes.

    objection:  filed ──review──▶ under_review ──uphold──▶ upheld  (record corrected, or revoked)
                                              └─reject──▶ rejected (record unchanged)
    repair:     applied ──approve──▶ approved (record repaired: publicity ends, sanctions lightened
                        │                      or waived per policy; the record stays for inspectors)
                        └─reject───▶ rejected

Every step writes, in ONE transaction, the new version of the objection or repair and of the record
(whose ``objection_status`` / ``repair_status`` follow), as a compare-and-set on the versions that
were read: of two concurrent decisions exactly one is written, the other gets
:class:`graph.stores.base.ConflictError` (HTTP 409). A step that the current state does not allow is
refused with :class:`TransitionRefused` (a ConflictError, 409) naming the state and the allowed
steps; a request that is wrong whatever the state (missing reasons, dates out of order, a repair
applied for before the minimum publicity period) is :class:`graph.errors.InvalidRequest` (422).
After a decision that changes the record, its attributions are updated (incremental propagation).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.errors import InvalidRequest, NotFoundError, StoreFault
from graph.facts.as_of import day_of, end_of_day
from graph.model import entities as m
from graph.model.enums import (
    ObjectionOutcome,
    ObjectionStatus,
    RecordStatus,
    RepairMeasure,
    RepairStatus,
    SanctionEffect,
    Severity,
)
from graph.model.policy import PolicySet, default_policies
from graph.model.schema import from_props
from graph.model.temporal import add_months
from graph.records.publicity import window
from graph.records.register import (
    RecordCorrection,
    check_text,
    corrected,
    derived_id,
    load_record,
    objection_view,
    repair_view,
    revoked,
)
from graph.stores.base import ConflictError, GraphStore, StoredNode, utcnow
from graph.stores.writes import node_write, rel_write

__all__ = [
    "OBJECTION_FLOW",
    "REPAIR_FLOW",
    "ObjectionDecision",
    "ObjectionIn",
    "RepairDecision",
    "RepairIn",
    "ReviewIn",
    "TransitionRefused",
    "apply_repair",
    "decide_objection",
    "decide_repair",
    "file_objection",
    "get_objection",
    "get_repair",
    "start_review",
]

#: state -> {step: next state}; a state without steps is final
OBJECTION_FLOW: dict[str, dict[str, str]] = {
    ObjectionStatus.filed.value: {"review": ObjectionStatus.under_review.value},
    ObjectionStatus.under_review.value: {"uphold": ObjectionStatus.upheld.value, "reject": ObjectionStatus.rejected.value},
    ObjectionStatus.upheld.value: {},
    ObjectionStatus.rejected.value: {},
}
REPAIR_FLOW: dict[str, dict[str, str]] = {
    RepairStatus.applied.value: {"approve": RepairStatus.approved.value, "reject": RepairStatus.rejected.value},
    RepairStatus.approved.value: {},
    RepairStatus.rejected.value: {},
}
_OPEN_OBJECTION = {ObjectionStatus.filed.value, ObjectionStatus.under_review.value}


class TransitionRefused(ConflictError):
    """The current state does not allow the step (HTTP 409)."""

    def __init__(self, what: str, id_: str, state: str, step: str, flow: dict[str, dict[str, str]]) -> None:
        allowed = ", ".join(flow[state]) or "none (final state)"
        super().__init__(f"{what} {id_!r} is {state}: '{step}' is not allowed; allowed steps: {allowed}")
        self.state, self.step, self.allowed = state, step, list(flow[state])


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ObjectionIn(_In):
    filed_by: str = Field(min_length=1, max_length=200, description="the objecting unit or person")
    filed_on: date
    reasons: str = Field(min_length=1, max_length=5000)
    requested: RecordCorrection | None = Field(None, description="the correction asked for, if any")


class ReviewIn(_In):
    reviewer: str = Field(min_length=1, max_length=200)
    started_on: date


class ObjectionDecision(_In):
    decision: Literal["upheld", "rejected"]
    outcome: ObjectionOutcome | None = Field(None, description="when upheld: corrected or revoked")
    correction: RecordCorrection | None = Field(None, description="when corrected: the fields and new values")
    reviewer: str = Field(min_length=1, max_length=200)
    reasons: str = Field(min_length=1, max_length=5000)
    decided_on: date


class RepairIn(_In):
    applicant: str = Field(min_length=1, max_length=200)
    applied_on: date
    measures: list[RepairMeasure] = Field(min_length=1, description="self-correction taken (000 #9)")
    statement: str = Field(min_length=1, max_length=5000)


class RepairDecision(_In):
    decision: Literal["approved", "rejected"]
    effect: SanctionEffect | None = Field(None, description="when approved; empty = the policy's effect")
    reviewer: str = Field(min_length=1, max_length=200)
    reasons: str = Field(min_length=1, max_length=5000)
    decided_on: date


def _not_after_today(d: date, what: str, now: datetime) -> None:
    if d > day_of(now):
        raise InvalidRequest(f"{what} {d} is in the future")


def _stored(store: GraphStore, id_: str) -> StoredNode:
    """A node this module has just written, read back for the answer."""
    node = store.get_node(id_)
    if node is None:
        raise StoreFault(f"{id_!r} was written but cannot be read back")
    return node


N = TypeVar("N", bound=m.Node)


def _load(store: GraphStore, id_: str, kind: str, cls: type[N], what: str) -> tuple[N, str]:
    node = store.get_node(id_)
    if node is None or node.kind != kind:
        raise NotFoundError(f"no {what} with id {id_!r}")
    return from_props(cls, node.props), node.props["_hash"]


def _write(store: GraphStore, nodes: list[tuple[str, m.Node]], rels: list[tuple[str, m.Rel]],
           expect: dict[str, str | None], now: datetime) -> None:
    store.write_changes([(k, node_write(n)) for k, n in nodes], [(t, rel_write(r)) for t, r in rels],
                        now=now, expect=expect)


def _propagate(store: GraphStore, record_id: str, policies: PolicySet, now: datetime) -> dict[str, Any]:
    from graph.records.propagation import propagate

    return propagate(store, [record_id], policies, now=now).summary()


# --- objections -----------------------------------------------------------------------------------


def file_objection(store: GraphStore, record_id: str, body: ObjectionIn, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    rec, h = load_record(store, record_id)
    if rec.status == RecordStatus.revoked.value:
        raise ConflictError(f"record {record_id!r} is revoked; there is nothing to object to")
    if rec.objection_status in _OPEN_OBJECTION:
        raise ConflictError(f"record {record_id!r} already has an objection {rec.objection_status}; "
                            "decide it before filing another")
    check_text(body.filed_by, body.reasons)
    _not_after_today(body.filed_on, "filed_on", now)
    if rec.decided_on and body.filed_on < rec.decided_on:
        raise InvalidRequest(f"filed_on {body.filed_on} is before the record was decided ({rec.decided_on})")
    oid = f"obj-{uuid.uuid4().hex[:16]}"
    obj = m.Objection(
        id=oid, name=f"对{rec.name}的异议"[:500], record_id=record_id, filed_by=body.filed_by, filed_on=body.filed_on,
        reasons=body.reasons, requested=json.dumps(body.requested.changes(), default=str, ensure_ascii=False)
        if body.requested else None, valid_from=body.filed_on,
    )
    new_rec = rec.model_copy(update={"objection_status": ObjectionStatus.filed.value,
                                     "change": f"objection {oid} filed"})
    _write(store, [("Objection", obj), ("DishonestyRecord", new_rec)],
           [("OBJECTS_TO", m.Rel(id=derived_id("oto", oid), src=oid, dst=record_id))],
           {record_id: h, oid: None}, now)
    return objection_view(_stored(store, oid).props)


def start_review(store: GraphStore, objection_id: str, body: ReviewIn, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    obj, oh = _load(store, objection_id, "Objection", m.Objection, "objection")
    if obj.status != ObjectionStatus.filed.value:
        raise TransitionRefused("objection", objection_id, obj.status, "review", OBJECTION_FLOW)
    _not_after_today(body.started_on, "started_on", now)
    if body.started_on < obj.filed_on:
        raise InvalidRequest(f"started_on {body.started_on} is before the objection was filed ({obj.filed_on})")
    check_text(body.reviewer)
    rec, h = load_record(store, obj.record_id)
    new_obj = obj.model_copy(update={"status": ObjectionStatus.under_review.value, "reviewer": body.reviewer,
                                     "review_started_on": body.started_on})
    new_rec = rec.model_copy(update={"objection_status": ObjectionStatus.under_review.value,
                                     "change": f"objection {objection_id} under review"})
    _write(store, [("Objection", new_obj), ("DishonestyRecord", new_rec)], [], {objection_id: oh, rec.id: h}, now)
    return objection_view(_stored(store, objection_id).props)


def decide_objection(
    store: GraphStore, objection_id: str, body: ObjectionDecision, policies: PolicySet | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    policies = policies or default_policies()
    now = now or utcnow()
    obj, oh = _load(store, objection_id, "Objection", m.Objection, "objection")
    step = "uphold" if body.decision == "upheld" else "reject"
    if obj.status != ObjectionStatus.under_review.value:
        raise TransitionRefused("objection", objection_id, obj.status, step, OBJECTION_FLOW)
    _not_after_today(body.decided_on, "decided_on", now)
    if obj.review_started_on and body.decided_on < obj.review_started_on:
        raise InvalidRequest(f"decided_on {body.decided_on} is before the review started ({obj.review_started_on})")
    check_text(body.reviewer, body.reasons)
    if body.decision == "upheld":
        if body.outcome is None:
            raise InvalidRequest("an upheld objection needs an outcome: corrected or revoked")
        if body.outcome == ObjectionOutcome.corrected and not (body.correction and body.correction.changes()):
            raise InvalidRequest("a correction needs the corrected fields (correction)")
        if body.outcome == ObjectionOutcome.revoked and body.correction is not None:
            raise InvalidRequest("a revocation takes no correction")
    elif body.outcome is not None or body.correction is not None:
        raise InvalidRequest("a rejected objection has no outcome and no correction")
    rec, h = load_record(store, obj.record_id)
    note = f"objection {objection_id} {body.decision}: {body.reasons}"
    correction = None
    if body.decision == "rejected":
        new_rec = rec.model_copy(update={"objection_status": ObjectionStatus.rejected.value, "change": note})
    elif body.outcome == ObjectionOutcome.revoked:
        new_rec = revoked(rec, body.decided_on, note).model_copy(update={"objection_status": ObjectionStatus.upheld.value})
    else:
        assert body.correction is not None
        new_rec = corrected(rec, body.correction, body.decided_on, note, policies.default)
        new_rec = new_rec.model_copy(update={"objection_status": ObjectionStatus.upheld.value})
        before = rec.model_dump(mode="json")
        after = new_rec.model_dump(mode="json")
        correction = json.dumps({k: [before.get(k), after.get(k)] for k in body.correction.changes()},
                                ensure_ascii=False)
    new_obj = obj.model_copy(update={
        "status": body.decision, "reviewer": body.reviewer, "decided_on": body.decided_on,
        "decision_reasons": body.reasons, "outcome": body.outcome.value if body.outcome else None,
        "correction": correction,
    })
    _write(store, [("Objection", new_obj), ("DishonestyRecord", new_rec)], [], {objection_id: oh, rec.id: h}, now)
    return {
        "objection": objection_view(_stored(store, objection_id).props),
        "record": {"id": rec.id, "status": new_rec.status, "change": new_rec.change},
        "propagation": _propagate(store, rec.id, policies, now),
    }


# --- credit repair --------------------------------------------------------------------------------


def apply_repair(
    store: GraphStore, record_id: str, body: RepairIn, policies: PolicySet | None = None, now: datetime | None = None,
) -> dict[str, Any]:
    policy = (policies or default_policies()).default
    now = now or utcnow()
    rec, h = load_record(store, record_id)
    if rec.status != RecordStatus.active.value:
        raise ConflictError(f"record {record_id!r} is {rec.status}; only an active record can be repaired")
    if rec.repair_status == RepairStatus.applied.value:
        raise ConflictError(f"record {record_id!r} already has a pending credit-repair application")
    check_text(body.applicant, body.statement)
    _not_after_today(body.applied_on, "applied_on", now)
    start, _until = window(rec.model_dump(mode="python"), policy)
    months = policy.repair.min_months.of(rec.severity)
    earliest = add_months(start, months) if start else None
    if earliest and body.applied_on < earliest:
        raise InvalidRequest(
            f"credit repair of a {Severity(rec.severity).label} record can be applied for from {earliest} "
            f"(at least {months} months of publicity from {start})"
        )
    rid = f"rep-{uuid.uuid4().hex[:16]}"
    rep = m.CreditRepair(
        id=rid, name=f"{rec.name}的信用修复申请"[:500], record_id=record_id, applicant=body.applicant,
        applied_on=body.applied_on, measures=body.measures, statement=body.statement, valid_from=body.applied_on,
    )
    new_rec = rec.model_copy(update={"repair_status": RepairStatus.applied.value,
                                     "change": f"credit repair {rid} applied for"})
    _write(store, [("CreditRepair", rep), ("DishonestyRecord", new_rec)],
           [("REPAIRS", m.Rel(id=derived_id("rpr", rid), src=rid, dst=record_id))], {record_id: h, rid: None}, now)
    return repair_view(_stored(store, rid).props)


def decide_repair(
    store: GraphStore, repair_id: str, body: RepairDecision, policies: PolicySet | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    policies = policies or default_policies()
    now = now or utcnow()
    rep, rh = _load(store, repair_id, "CreditRepair", m.CreditRepair, "credit repair")
    step = "approve" if body.decision == "approved" else "reject"
    if rep.status != RepairStatus.applied.value:
        raise TransitionRefused("credit repair", repair_id, rep.status, step, REPAIR_FLOW)
    _not_after_today(body.decided_on, "decided_on", now)
    if body.decided_on < rep.applied_on:
        raise InvalidRequest(f"decided_on {body.decided_on} is before the application ({rep.applied_on})")
    if body.decision == "rejected" and body.effect is not None:
        raise InvalidRequest("a rejected repair has no effect")
    check_text(body.reviewer, body.reasons)
    rec, h = load_record(store, rep.record_id)
    if rec.status != RecordStatus.active.value:
        raise ConflictError(f"record {rec.id!r} is {rec.status}; the repair can no longer be approved")
    note = f"credit repair {repair_id} {body.decision}: {body.reasons}"
    effect = None
    if body.decision == "approved":
        effect = (body.effect or policies.default.repair.effect.of(rec.severity)).value
        new_rec = rec.model_copy(update={
            "status": RecordStatus.repaired.value, "repaired_on": body.decided_on, "sanction_effect": effect,
            "repair_status": RepairStatus.approved.value, "change": note,
        })
    else:
        new_rec = rec.model_copy(update={"repair_status": RepairStatus.rejected.value, "change": note})
    new_rep = rep.model_copy(update={"status": body.decision, "reviewer": body.reviewer, "decided_on": body.decided_on,
                                     "decision_reasons": body.reasons, "effect": effect})
    _write(store, [("CreditRepair", new_rep), ("DishonestyRecord", new_rec)], [], {repair_id: rh, rec.id: h}, now)
    return {
        "repair": repair_view(_stored(store, repair_id).props),
        "record": {"id": rec.id, "status": new_rec.status, "sanction_effect": effect, "change": note},
        "propagation": _propagate(store, rec.id, policies, now),
    }


# --- reads ----------------------------------------------------------------------------------------


def _versioned(store: GraphStore, id_: str, kind: str, what: str, as_of: date | datetime | None) -> dict[str, Any]:
    node = store.get_node(id_, end_of_day(as_of))
    if node is None or node.kind != kind:
        if store.get_node(id_) is not None and as_of is not None:
            raise NotFoundError(f"{what} {id_!r} was not known on {as_of}")
        raise NotFoundError(f"no {what} with id {id_!r}")
    return node.props


def get_objection(store: GraphStore, objection_id: str, as_of: date | datetime | None = None) -> dict[str, Any]:
    out = objection_view(_versioned(store, objection_id, "Objection", "objection", as_of))
    out["allowed_steps"] = list(OBJECTION_FLOW[out["status"]])
    return out


def get_repair(store: GraphStore, repair_id: str, as_of: date | datetime | None = None) -> dict[str, Any]:
    out = repair_view(_versioned(store, repair_id, "CreditRepair", "credit repair", as_of))
    out["allowed_steps"] = list(REPAIR_FLOW[out["status"]])
    return out
