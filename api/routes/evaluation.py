"""Evaluation of governments and departments, the red list, and record statistics (issue 11)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import StoreDep, needs
from api.policy_dep import PoliciesDep
from api.render import json_response
from api.schemas.problem import answers
from graph.evaluation import redlist, scoring, statistics
from graph.model.enums import Role

router = APIRouter(prefix="/api/v1", tags=["evaluation and statistics"])

AsOf = Annotated[datetime | date | None, Query(description="as known at the end of this day (CST), or this instant")]
PeriodQ = Annotated[str, Query(description="a year (2026) or a quarter (2026-Q1)")]


@router.get("/evaluations", summary="Scores, grades and ranks of governments and departments for a period",
            responses=answers(404, 422, 503),
            **needs(Role.evaluator))
def evaluations(
    store: StoreDep, policies: PoliciesDep, period: PeriodQ, as_of: AsOf = None,
    government: Annotated[str | None, Query(description="only this government's subtree")] = None,
    kind: Annotated[Literal["Government", "Department"] | None, Query()] = None,
    drill: Annotated[bool, Query(description="include the facts and records behind every indicator")] = False,
) -> Response:
    return json_response(scoring.evaluate(store, period, as_of=as_of, policies=policies, government=government,
                                          kind=kind, drill=drill))


@router.get("/units/{id:path}/evaluation", summary="One unit's evaluation with the drill-down to evidence",
            responses=answers(404, 422, 503),
            **needs(Role.evaluator))
def unit_evaluation(id: str, store: StoreDep, policies: PoliciesDep, period: PeriodQ, as_of: AsOf = None) -> Response:
    return json_response(scoring.unit_evaluation(store, id, period, as_of=as_of, policies=policies))


@router.get("/red-list", summary="守信激励: clean units and officials for a period", responses=answers(404, 422, 503),
            **needs(Role.evaluator))
def red_list(store: StoreDep, policies: PoliciesDep, period: PeriodQ, as_of: AsOf = None) -> Response:
    return json_response(redlist.red_list(store, period, as_of=as_of, policies=policies))


@router.get("/records", summary="Records listed and counted by government, kind, severity, status and period",
            responses=answers(404, 422, 503, media=("application/json", "text/csv")),
            **needs(Role.inspector))
def records(
    store: StoreDep,
    government: Annotated[str | None, Query(description="with its subordinates and their departments")] = None,
    department: str | None = None,
    kind: Annotated[str | None, Query(description="source kind")] = None,
    severity: str | None = None,
    status: str | None = None,
    from_: Annotated[date | None, Query(alias="from", description="decided on or after")] = None,
    to: Annotated[date | None, Query(description="decided on or before")] = None,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: str | None = None,
    format: Annotated[Literal["json", "csv"], Query(description="csv: every matching record, for download")] = "json",
) -> Response:
    filters: dict[str, Any] = dict(government=government, department=department, kind=kind, severity=severity, status=status,
                   date_from=from_, date_to=to, as_of=as_of)
    if format == "csv":
        body = statistics.records_csv(store, **filters)
        return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="records.csv"'})
    return json_response(statistics.list_records(store, **filters, limit=limit, cursor=cursor))
