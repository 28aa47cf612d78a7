"""Integrity files (一人一档), unit consequences and the coverage report (issue 4)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import StoreDep, needs
from api.policy_dep import PoliciesDep
from api.render import json_response
from api.schemas.integrity import Coverage, OfficialFile, UnitFile
from api.schemas.problem import problems
from graph.integrity import files as integrity
from graph.model.enums import Role

router = APIRouter(prefix="/api/v1", tags=["integrity files"])

AsOf = Annotated[
    datetime | date | None,
    Query(description="record time: the file as known at the end of this day (CST), or at this instant"),
]
On = Annotated[date | None, Query(description="the day the rules look at; default the as_of day, else today")]


@router.get("/officials/{id:path}/integrity-file", summary="An official's integrity file: dimensions, records, "
            "how they arrived, scores and this year's eligibility", response_model=OfficialFile,
            responses=problems(404, 422, 503), **needs(Role.inspector))
def official_file(id: str, store: StoreDep, policies: PoliciesDep, as_of: AsOf = None, on: On = None) -> Response:
    return json_response(integrity.official_file(store, id, as_of, policies, on))


@router.get("/units/{id:path}/integrity", summary="A government's or department's records and consequences",
            response_model=UnitFile, responses=problems(404, 422, 503), **needs(Role.inspector))
def unit_file(id: str, store: StoreDep, policies: PoliciesDep, as_of: AsOf = None, on: On = None) -> Response:
    return json_response(integrity.unit_file(store, id, as_of, policies, on))


@router.get("/integrity/coverage", summary="Share of officials in office with an integrity file (target 100%)",
            response_model=Coverage, responses=problems(404, 422, 503),
            response_model_exclude_unset=True, **needs(Role.inspector))
def coverage(
    store: StoreDep,
    on: Annotated[date | None, Query(description="default today (CST)")] = None,
    government: Annotated[str | None, Query(description="a government id; includes its subordinates")] = None,
) -> dict[str, Any]:
    return integrity.coverage(store, on, government)
