"""Dishonesty records, objections, credit repair, propagation and the public list (issue 4).

Routes only translate HTTP to the functions of graph.records.register, graph.integrity.workflow, graph.records.propagation
and graph.records.publicity: unknown ids 404, invalid requests 422, refused transitions and lost races 409.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api import observability
from api.deps import StoreDep, needs
from api.policy_dep import PoliciesDep
from api.render import json_response
from api.schemas.common import History
from api.schemas.problem import problems
from api.schemas.records import (
    ObjectionDecided,
    ObjectionState,
    ObjectionView,
    PoliciesInForce,
    PropagationSummary,
    PublicPage,
    RecordChanged,
    RecordView,
    RepairDecided,
    RepairView,
)
from graph.errors import NotFoundError
from graph.integrity import workflow
from graph.linked import browse as linked
from graph.model.enums import Role
from graph.records import propagation, publicity
from graph.records import register as records
from graph.records.register import RecordCorrection, RecordIn

router = APIRouter(prefix="/api/v1", tags=["dishonesty records"])

AsOf = Annotated[
    datetime | date | None,
    Query(description="record time: the state as known at the end of this day (CST), or at this instant"),
]


class CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    correction: RecordCorrection
    reason: str = Field(min_length=1, max_length=2000)
    on: date | None = Field(None, description="date of the correction decision; empty = today")


class RevocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)
    on: date | None = None


class RecomputeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    record_ids: list[str] | None = Field(None, description="empty: every record that propagates (full recompute)")


# --- records --------------------------------------------------------------------------------------


@router.post("/records", status_code=201, summary="Create a dishonesty record (and attribute it)",
             response_model=RecordChanged, responses=problems(400, 409, 422, 503),
             response_model_exclude_unset=True, **needs(Role.inspector))
def create_record(body: RecordIn, store: StoreDep, policies: PoliciesDep) -> dict[str, Any]:
    out = records.create_record(store, body, policies)
    return {**records.record_view(store, out["id"], policies=policies), "propagation": out["propagation"]}


@router.get("/records/{id:path}/history", summary="Every version of a record, oldest first",
            response_model=History, responses=problems(404, 422, 503),
            response_model_exclude_unset=True, **needs(Role.inspector))
def record_history(id: str, store: StoreDep) -> dict[str, Any]:
    if (n := store.get_node(id)) is None or n.kind != "DishonestyRecord":
        raise NotFoundError(f"no dishonesty record with id {id!r}")
    return {"id": id, "versions": linked.entity_history(store, id)}


@router.get("/records/{id:path}", summary="A record as known on a date, with objections, repairs, attributions",
            response_model=RecordView, responses=problems(404, 422, 503), **needs(Role.inspector))
def get_record(id: str, store: StoreDep, policies: PoliciesDep, as_of: AsOf = None) -> Response:
    return json_response(records.record_view(store, id, as_of, policies))


@router.post("/records/{id:path}/correction", summary="Correct a record directly (a new version)",
             response_model=RecordChanged, responses=problems(400, 404, 409, 422, 503),
             response_model_exclude_unset=True, **needs(Role.admin))
def correct_record(id: str, body: CorrectionIn, store: StoreDep, policies: PoliciesDep) -> dict[str, Any]:
    out = records.correct_record(store, id, body.correction, body.reason, body.on, policies)
    return {**records.record_view(store, id, policies=policies), "propagation": out["propagation"]}


@router.post("/records/{id:path}/revocation", summary="Revoke a record (kept, with its history)",
             response_model=RecordChanged, responses=problems(400, 404, 409, 422, 503),
             response_model_exclude_unset=True, **needs(Role.admin))
def revoke_record(id: str, body: RevocationIn, store: StoreDep, policies: PoliciesDep) -> dict[str, Any]:
    out = records.revoke_record(store, id, body.reason, body.on, policies)
    return {**records.record_view(store, id, policies=policies), "propagation": out["propagation"]}


# --- objections -----------------------------------------------------------------------------------


@router.post("/records/{id:path}/objections", status_code=201, summary="File an objection (异议) to a record",
             response_model=ObjectionView, responses=problems(400, 404, 409, 422, 503),
             response_model_exclude_unset=True, **needs(Role.api_client))
def file_objection(id: str, body: workflow.ObjectionIn, store: StoreDep) -> dict[str, Any]:
    return workflow.file_objection(store, id, body)


@router.get("/objections/{id:path}", summary="An objection as known on a date",
            response_model=ObjectionState, responses=problems(404, 422, 503),
            response_model_exclude_unset=True, **needs(Role.inspector))
def get_objection(id: str, store: StoreDep, as_of: AsOf = None) -> dict[str, Any]:
    return workflow.get_objection(store, id, as_of)


@router.post("/objections/{id:path}/review", summary="Start reviewing an objection",
             response_model=ObjectionView, responses=problems(400, 404, 409, 422, 503),
             response_model_exclude_unset=True, **needs(Role.reviewer, not_filer=True))
def review_objection(id: str, body: workflow.ReviewIn, store: StoreDep) -> dict[str, Any]:
    return workflow.start_review(store, id, body)


@router.post("/objections/{id:path}/decision", summary="Uphold (correct or revoke the record) or reject",
             response_model=ObjectionDecided, responses=problems(400, 404, 409, 422, 503),
             response_model_exclude_unset=True, **needs(Role.reviewer, not_filer=True))
def decide_objection(id: str, body: workflow.ObjectionDecision, store: StoreDep, policies: PoliciesDep) -> dict[str, Any]:
    return workflow.decide_objection(store, id, body, policies)


# --- credit repair --------------------------------------------------------------------------------


@router.post("/records/{id:path}/repairs", status_code=201, summary="Apply for credit repair (信用修复)",
             response_model=RepairView, responses=problems(400, 404, 409, 422, 503),
             response_model_exclude_unset=True, **needs(Role.api_client))
def apply_repair(id: str, body: workflow.RepairIn, store: StoreDep, policies: PoliciesDep) -> dict[str, Any]:
    return workflow.apply_repair(store, id, body, policies)


@router.get("/repairs/{id:path}", summary="A credit repair as known on a date",
            response_model=RepairView, responses=problems(404, 422, 503),
            response_model_exclude_unset=True, **needs(Role.inspector))
def get_repair(id: str, store: StoreDep, as_of: AsOf = None) -> dict[str, Any]:
    return workflow.get_repair(store, id, as_of)


@router.post("/repairs/{id:path}/decision", summary="Approve (lighten or waive, end publicity) or reject",
             response_model=RepairDecided, responses=problems(400, 404, 409, 422, 503),
             response_model_exclude_unset=True, **needs(Role.reviewer, not_filer=True))
def decide_repair(id: str, body: workflow.RepairDecision, store: StoreDep, policies: PoliciesDep) -> dict[str, Any]:
    return workflow.decide_repair(store, id, body, policies)


# --- propagation and policies ---------------------------------------------------------------------


@router.post("/propagation/recompute", summary="Recompute attributions (all records, or the ones given)",
             response_model=PropagationSummary, responses=problems(400, 409, 422, 503),
             response_model_exclude_unset=True, **needs(Role.admin))
def recompute(store: StoreDep, policies: PoliciesDep, body: RecomputeIn | None = None) -> dict[str, Any]:
    ids = body.record_ids if body else None
    with observability.timed("propagation"):
        res = propagation.recompute_all(store, policies) if ids is None else propagation.propagate(store, ids, policies)
    return res.summary()


@router.get("/propagation/policies", summary="The propagation policies in force, with their versions",
            response_model=PoliciesInForce, response_model_exclude_unset=True, **needs(Role.inspector))
def policies_in_force(policies: PoliciesDep) -> dict[str, Any]:
    return {"policies": [{"jurisdiction": p.jurisdiction, "title": p.title, "version": p.version_id,
                          "content": p.model_dump(mode="json")} for p in policies.policies]}


# --- the public ---------------------------------------------------------------------------------


@router.get("/public/records", summary="Published records in their publicity period (redacted), paged",
            tags=["public"],
            response_model=PublicPage, responses=problems(422, 503), **needs(Role.public))
def public_records(
    store: StoreDep, policies: PoliciesDep,
    limit: Annotated[int, Query(ge=1, le=publicity.MAX_PAGE)] = 50,
    cursor: str | None = None,
    on: Annotated[date | None, Query(description="the day the list is for; default today (CST)")] = None,
) -> Response:
    return json_response(publicity.public_list(store, on, limit, cursor, policies))
