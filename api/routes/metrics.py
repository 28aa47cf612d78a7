"""Network metrics for the evaluation team (issue 12): one metric on a scope, top first, paged.

Routes only translate HTTP to graph.metrics.compute: unknown government 404, invalid parameters 422.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.deps import StoreDep, needs
from api.render import json_response
from api.schemas.problem import problems
from graph.metrics.compute import metric_page, metric_table
from graph.metrics.engines import ENGINES, METRICS
from graph.metrics.projection import PROJECTIONS
from graph.metrics.scope import Scope
from graph.model.enums import Role

router = APIRouter(prefix="/api/v1", tags=["network metrics"])

Government = Annotated[str, Query(description="a government id; its subordinate governments are included")]
DateFrom = Annotated[date | None, Query(alias="from", description="period start (relationships valid on a day of the period)")]
DateTo = Annotated[date | None, Query(alias="to", description="period end (inclusive)")]
Projection = Annotated[str, Query(description=f"one of {', '.join(PROJECTIONS)}")]
Kinds = Annotated[str | None, Query(description="typed graph: comma-separated node kinds to keep (default all)")]
Engine = Annotated[str, Query(description=f"one of {', '.join(ENGINES)} (networkx is the reference)")]


def kinds_list(kinds: str | None) -> list[str] | None:
    return [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None


@router.get("/metrics/{metric}", summary="A network metric on a government's scope, top first, paged",
            responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}, **problems(404, 422, 503)},
            **needs(Role.evaluator))
def get_metric(
    store: StoreDep,
    metric: Annotated[str, Path(description=f"one of {', '.join(METRICS)}")],
    government: Government,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    projection: Projection = "typed",
    kinds: Kinds = None,
    engine: Engine = "igraph",
    k: Annotated[int | None, Query(ge=2, le=100_000, description="betweenness: sampled sources (default: exact up "
                                   "to 5000 nodes, else 256)")] = None,
    seed: Annotated[int, Query(ge=0, description="betweenness sample and community seed")] = 0,
    alpha: Annotated[float, Query(gt=0, lt=1, description="PageRank damping")] = 0.85,
    method: Annotated[str, Query(description="communities: louvain or leiden (igraph)")] = "louvain",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: str | None = None,
) -> Response:
    table = metric_table(store, Scope(government, date_from, date_to), metric, projection=projection,
                         kinds=kinds_list(kinds), engine=engine, k=k, seed=seed, alpha=alpha, method=method)
    page: dict[str, Any] = metric_page(table, limit, cursor)
    page["scope"] = {"government": government, "from": date_from, "to": date_to}
    return json_response(page)
