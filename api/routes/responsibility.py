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
    # ranges and kinds are checked by turnover.check_query, as in the CLI (same 422 message);
    # the schema shows them from the same constants
    days: Annotated[int, Query(description="N: days between the change and the breach",
                               json_schema_extra={"minimum": 1, "maximum": turnover.MAX_DAYS})] = 180,
    government: Annotated[str | None, Query(description="government id; includes its subordinates")] = None,
    kind: Annotated[str | None, Query(description="project kind (contracts and commitments both come back)",
                                      json_schema_extra={"enum": [k.value for k in ProjectKind]})] = None,
    date_from: Annotated[date | None, Query(alias="from", description="breach on or after")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="breach on or before")] = None,
    limit: Annotated[int, Query(json_schema_extra={"minimum": 1, "maximum": turnover.MAX_LIMIT})] = 100,
    cursor: str | None = None,
) -> Response:
    return json_response(turnover.turnover_breaches(
        store, days=days, government=government, kind=kind,
        date_from=date_from, date_to=date_to, limit=limit, cursor=cursor,
    ))
