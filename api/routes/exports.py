"""Exports (issue 12): the scoped graph for Gephi and other tools, metric tables, and the exchange of
published records with credit platforms. Every answer is streamed (StreamingResponse over the
generators of graph.exchange); parameters are checked before the first byte, so errors are still
problem documents (404 unknown government, 422 invalid parameters).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse

from api.deps import StoreDep, needs
from api.routes.metrics import DateFrom, DateTo, Engine, Government, Kinds, Projection, kinds_list
from api.schemas.problem import problems
from graph.errors import InvalidRequest
from graph.exchange import credit
from graph.exchange.exports import graph_export
from graph.exchange.tables import metric_rows, source_table, table_csv, table_json
from graph.metrics.compute import metric_table
from graph.metrics.engines import METRICS
from graph.metrics.scope import Scope
from graph.model.enums import Role

router = APIRouter(prefix="/api/v1", tags=["exports and exchange"])

TableFormat = Annotated[str, Query(pattern="^(csv|json)$", description="csv or json")]


def _stream(chunks: Any, media: str, filename: str) -> StreamingResponse:
    return StreamingResponse((c.encode("utf-8") for c in chunks), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/exports/graph", summary="The scoped graph as GraphML, GEXF or CSV node/edge lists (for Gephi)",
            responses={200: {"content": {"application/xml": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}}}, **problems(404, 422, 503)},
            **needs(Role.analyst))
def export_graph(
    store: StoreDep,
    government: Government,
    format: Annotated[str, Query(description="graphml, gexf, nodes.csv or edges.csv")] = "graphml",
    date_from: DateFrom = None,
    date_to: DateTo = None,
    projection: Projection = "typed",
    kinds: Kinds = None,
    metrics: Annotated[str | None, Query(description=f"comma-separated metric values to add to the nodes: "
                                         f"{', '.join(METRICS)}")] = None,
    engine: Engine = "igraph",
    seed: Annotated[int, Query(ge=0)] = 0,
) -> StreamingResponse:
    ex = graph_export(store, Scope(government, date_from, date_to), format, projection=projection,
                      kinds=kinds_list(kinds), metrics=kinds_list(metrics), engine=engine, seed=seed)
    return _stream(ex.chunks, ex.media_type, ex.filename)


@router.get("/exports/metrics/{metric}", summary="A whole metric table as CSV or JSON, top first",
            responses={200: {"content": {"application/xml": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}}}, **problems(404, 422, 503)},
            **needs(Role.evaluator))
def export_metric(
    store: StoreDep,
    metric: Annotated[str, Path(description=f"one of {', '.join(METRICS)}")],
    government: Government,
    format: TableFormat = "csv",
    date_from: DateFrom = None,
    date_to: DateTo = None,
    projection: Projection = "typed",
    kinds: Kinds = None,
    engine: Engine = "igraph",
    k: Annotated[int | None, Query(ge=2, le=100_000)] = None,
    seed: Annotated[int, Query(ge=0)] = 0,
) -> StreamingResponse:
    table = metric_table(store, Scope(government, date_from, date_to), metric, projection=projection,
                         kinds=kinds_list(kinds), engine=engine, k=k, seed=seed)
    cols, rows = metric_rows(table)
    name = f"retrace-{metric}-{government.replace('/', '_')}.{format}"
    if format == "csv":
        return _stream(table_csv(cols, rows), "text/csv; charset=utf-8", name)
    return _stream(table_json(cols, rows, meta={**table.summary, "metric": metric}), "application/json", name)


@router.get("/exports/tables/{name}", summary="A table registered by another capability (ratings, warnings) "
            "as CSV or JSON", responses={200: {"content": {"application/xml": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}}}, **problems(404, 422, 503)},
            **needs(Role.evaluator))
def export_table(store: StoreDep, name: str, format: TableFormat = "csv") -> StreamingResponse:
    cols, rows = source_table(store, name)
    if format == "csv":
        return _stream(table_csv(cols, rows), "text/csv; charset=utf-8", f"retrace-{name}.csv")
    return _stream(table_json(cols, rows, meta={"table": name}), "application/json", f"retrace-{name}.json")


Since = Annotated[datetime | None, Query(description="exclusive start (record time, with a time zone); "
                                         "the previous manifest's next_since; empty: from the beginning")]
Until = Annotated[datetime | None, Query(description="inclusive end (record time); default now minus 5 s")]


@router.get("/exchange/catalogue", summary="The exchange catalogue: fields and code lists (docs/exchange.md)",
            **needs(Role.api_client))
def catalogue() -> dict[str, Any]:
    return {"catalogue": credit.CATALOGUE, "fields": credit.FIELDS, "code_lists": credit.CODE_LISTS}


@router.get("/exchange/records", summary="Published records changed in (since, until], for credit platforms; "
            "JSON ends with the manifest",
            responses={200: {"content": {"application/xml": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}}}, **problems(422, 503)}, **needs(Role.api_client))
def exchange_records(store: StoreDep, since: Since = None, until: Until = None,
                     format: TableFormat = "json") -> StreamingResponse:
    inc = credit.increment(store, since, until)
    stamp = inc.until.strftime("%Y%m%dT%H%M%SZ")
    if format == "csv":
        resp = _stream(inc.csv_chunks(), "text/csv; charset=utf-8", f"records-{stamp}.csv")
    else:
        resp = _stream(inc.json_chunks(), "application/json", f"records-{stamp}.json")
    resp.headers["X-Retrace-Until"] = inc.until.isoformat()
    return resp


@router.get("/exchange/manifest", summary="The manifest of an increment (counts, period, hashes of the JSON "
            "lines and of the CSV); pass the until of the increment fetched",
            responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}, **problems(422, 503)}, **needs(Role.api_client))
def exchange_manifest(store: StoreDep, since: Since = None, until: Until = None) -> dict[str, Any]:
    if until is None:
        raise InvalidRequest("until is required: the until of the increment to verify (X-Retrace-Until)")
    inc = credit.increment(store, since, until)
    for _ in inc.records():
        pass
    return inc.manifest()
