"""Early warnings (监测预警, issue 11) and the "new since" feed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import StoreDep, needs
from api.policy_dep import PoliciesDep
from api.render import json_response
from api.schemas.problem import answers
from graph.model.enums import Role
from graph.warnings import rules

router = APIRouter(prefix="/api/v1", tags=["early warnings"])

On = Annotated[date | None, Query(description="the day; default today (CST)")]


@router.get("/warnings", summary="Early warnings on a day, each with its rule, threshold and evidence",
            responses=answers(404, 422, 503),
            **needs(Role.inspector))
def warnings(
    store: StoreDep, policies: PoliciesDep, on: On = None,
    kind: Annotated[str | None, Query(description="turnover_watch, commitment_due, commitment_overdue, "
                                                   "judgment_unperformed, rectification_overdue, concentration")] = None,
    post: Annotated[str | None, Query(description="turnover watch of this post, any time since the change")] = None,
    government: Annotated[str | None, Query(description="this government's subtree")] = None,
    as_of: Annotated[datetime | date | None, Query(description="as known at the end of this day")] = None,
) -> Response:
    return json_response(rules.warnings_on(store, on, as_of=as_of, policies=policies, kind=kind, post=post,
                                           government=government))


@router.get("/warnings/feed", summary="Warnings new since a cursor (by the day each began)", responses=answers(422, 503),
            **needs(Role.api_client))
def feed(store: StoreDep, policies: PoliciesDep, on: On = None, cursor: str | None = None,
         limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Response:
    return json_response(rules.feed(store, on, cursor=cursor, limit=limit, policies=policies))
