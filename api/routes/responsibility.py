"""Responsibility backtracking and turnover breaches (inspectors)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import StoreDep, needs
from api.render import json_response
from api.schemas.problem import problems
from api.schemas.responsibility import Backtracking, TurnoverPage
from graph.model.enums import ProjectKind, Role
from graph.responsibility import backtrack as responsibility
from graph.responsibility import turnover

router = APIRouter(prefix="/api/v1", tags=["responsibility"])

At = Annotated[
    str | None,
    Query(description="signing | breach | YYYY-MM-DD; omitted: signing and (if broken) breach",
          pattern=r"^(signing|breach|\d{4}-\d{2}-\d{2})$"),
]


@router.get("/contracts/{id:path}/responsibility", summary="Who was responsible for a contract, when, up to which leader",
            response_model=Backtracking, responses=problems(404, 422, 503), **needs(Role.inspector))
def contract_responsibility(id: str, store: StoreDep, at: At = None) -> Response:
    return json_response(responsibility.backtrack(store, id, at, kind="Contract"))


@router.get("/projects/{id:path}/responsibility", summary="Who was responsible for each stage of a project on a date",
            response_model=Backtracking, responses=problems(404, 422, 503), **needs(Role.inspector))
def project_responsibility(
    id: str, store: StoreDep,
    at: Annotated[str | None, Query(description="YYYY-MM-DD; omitted: today (CST)",
                                    pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
) -> Response:
    return json_response(responsibility.backtrack(store, id, at, kind="Project"))


@router.get("/inspections/turnover-breaches",
            summary="Contracts and commitments broken within N days after a change of responsible person",
            response_model=TurnoverPage, responses=problems(404, 422, 503), **needs(Role.inspector))
def turnover_breaches(
    store: StoreDep,
    days: Annotated[int, Query(ge=1, le=3650, description="N: days between the change and the breach")] = 180,
    government: Annotated[str | None, Query(description="government id; includes its subordinates")] = None,
    kind: Annotated[ProjectKind | None, Query(description="project kind")] = None,
    date_from: Annotated[date | None, Query(alias="from", description="breach on or after")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="breach on or before")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: str | None = None,
) -> Response:
    return json_response(turnover.turnover_breaches(
        store, days=days, government=government, kind=kind.value if kind else None,
        date_from=date_from, date_to=date_to, limit=limit, cursor=cursor,
    ))
