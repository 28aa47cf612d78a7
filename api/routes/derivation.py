"""Records derived from facts (proposals: derive, list, confirm, dismiss) and rectification
tracking (issue 11). Unknown ids 404, invalid requests 422, a proposal no longer proposed 409."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import StoreDep, needs
from api.policy_dep import PoliciesDep
from api.render import json_response
from api.schemas.problem import answers
from graph.integrity import rectification
from graph.model.enums import Role
from graph.records import derivation

router = APIRouter(prefix="/api/v1", tags=["derived records and rectification"])


class DeriveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: date | None = Field(None, description="the day the rules look at; default today (CST)")


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    inspector: str = Field(min_length=1, max_length=200)
    document: str = Field(min_length=1, max_length=200, description="文号 of the decision that makes it a record")
    authority: str | None = Field(None, max_length=200)
    decided_on: date | None = None


class DismissIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    inspector: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=2000)
    decided_on: date | None = None


class RectificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    explained_on: date | None = Field(None, description="written explanation (书面说明) submitted on")
    explanation_document: str | None = Field(None, max_length=200)
    completed_on: date | None = Field(None, description="rectification completed on")
    completion_document: str | None = Field(None, max_length=200)


@router.post("/proposals/derivation", summary="Run the derivation rules: propose records from facts",
             responses=answers(400, 409, 422, 503),
            **needs(Role.inspector))
def derive(store: StoreDep, policies: PoliciesDep, body: DeriveIn | None = None) -> Response:
    return json_response(derivation.derive(store, (body or DeriveIn()).day, policies))


@router.get("/proposals", summary="Records proposed from facts, with their evidence and rule", responses=answers(422, 503),
            **needs(Role.inspector))
def list_proposals(store: StoreDep, status: Annotated[str | None, Query(description="proposed, confirmed, dismissed, withdrawn")] = None) -> Response:
    return json_response(derivation.proposals(store, status))


@router.post("/proposals/{id:path}/confirmation", status_code=201,
             summary="Confirm a proposal: it becomes a record and propagates", responses=answers(400, 404, 409, 422, 503, ok=201),
            **needs(Role.inspector))
def confirm(id: str, body: ConfirmIn, store: StoreDep, policies: PoliciesDep) -> Response:
    return json_response(derivation.confirm(store, id, inspector=body.inspector, document=body.document,
                                            authority=body.authority, decided_on=body.decided_on,
                                            policies=policies), 201)


@router.post("/proposals/{id:path}/dismissal", summary="Dismiss a proposal with a reason", responses=answers(400, 404, 409, 422, 503),
            **needs(Role.inspector))
def dismiss(id: str, body: DismissIn, store: StoreDep) -> dict[str, Any]:
    return derivation.dismiss(store, id, inspector=body.inspector, reason=body.reason, decided_on=body.decided_on)


@router.post("/records/{id:path}/rectification",
             summary="Record a unit's written explanation and/or completed rectification of a record",
             responses=answers(400, 404, 409, 422, 503),
            **needs(Role.inspector))
def rectify(id: str, body: RectificationIn, store: StoreDep) -> Response:
    return json_response(rectification.record_rectification(store, id, **body.model_dump()))
