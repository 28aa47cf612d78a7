"""Linked records for API clients: entity by id, history, search, neighbours, schema."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import StoreDep, needs
from api.render import json_response
from api.schemas.common import EntityView, History
from api.schemas.linked import NeighbourPage, SchemaAnswer, SearchPage
from api.schemas.problem import problems
from graph.errors import NotFoundError
from graph.linked import browse as linked
from graph.model import enums
from graph.model.enums import Role
from graph.model.schema import NODE_KINDS, REL_KINDS
from graph.model.temporal import CST
from graph.stores.base import MAX_DEPTH

router = APIRouter(prefix="/api/v1", tags=["linked records"])

AsOf = Annotated[
    datetime | date | None,
    Query(description="record time: the state as known at this date (end of day, CST) or instant"),
]


def _as_of(v: datetime | date | None) -> datetime | None:
    if v is None or isinstance(v, datetime):
        return v if v is None or v.tzinfo else v.replace(tzinfo=CST)
    return datetime.combine(v, time.max, tzinfo=CST)


@router.get("/schema", summary="Node and relationship kinds with zh-CN labels", response_model=SchemaAnswer,
            **needs(Role.public))
def schema() -> dict[str, Any]:
    return {
        "nodes": [{"kind": k.label, "label": k.label_zh} for k in NODE_KINDS.values()],
        "relationships": [
            {"kind": r.type, "label": r.label_zh, "sources": r.sources, "targets": r.targets,
             "temporal": r.temporal}
            for r in REL_KINDS.values()
        ],
        "enums": {
            "level": enums.GovLevel.labels(), "kind": {**enums.ProjectKind.labels(), **enums.CommitmentKind.labels()},
            "stage": enums.Stage.labels(), "status": {**enums.ContractStatus.labels(), **enums.CommitmentStatus.labels()},
            "role": enums.PartyRole.labels(), "source_kind": enums.RecordSourceKind.labels(),
            "severity": enums.Severity.labels(), "dimension": enums.Dimension.labels(),
        },
    }


@router.get("/stats", summary="Counts per node and relationship kind", response_model=dict[str, int],
            responses=problems(503), **needs(Role.api_client))
def stats(store: StoreDep) -> dict[str, int]:
    return store.counts()


@router.get("/entities/{id:path}/history", summary="Every version, oldest first", response_model=History,
            responses=problems(404, 422, 503), response_model_exclude_unset=True, **needs(Role.api_client))
def get_history(id: str, store: StoreDep) -> dict[str, Any]:
    versions = linked.entity_history(store, id)
    if not versions:
        raise NotFoundError(f"no entity with id {id!r}")
    return {"id": id, "versions": versions}


@router.get("/search", summary="Search nodes by name (substring, Chinese)", response_model=SearchPage,
            responses=problems(422, 503), **needs(Role.api_client))
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="part of the name")],
    kind: Annotated[str | None, Query(description="node kind, e.g. Official",
                                      json_schema_extra={"enum": list(NODE_KINDS)})] = None,
    limit: Annotated[int, Query(ge=1, le=linked.MAX_LIMIT)] = 20,
    cursor: str | None = None,
) -> Response:
    return json_response(linked.search(store, kind, q, limit, cursor))


@router.get("/entities/{id:path}/neighbours", summary="Neighbours within depth ≤ 3, paged",
            response_model=NeighbourPage, responses=problems(404, 422, 503), **needs(Role.api_client))
def get_neighbours(
    id: str,
    store: StoreDep,
    # the bounds are the domain's (graph.linked.browse), so the CLI and the API refuse alike
    depth: Annotated[int, Query(description=f"hops, 1 to {MAX_DEPTH}",
                                json_schema_extra={"minimum": 1, "maximum": MAX_DEPTH})] = 1,
    kind: Annotated[list[str] | None, Query(description="only return nodes of these kinds",
                                            json_schema_extra={"items": {"enum": list(NODE_KINDS)}})] = None,
    rel: Annotated[list[str] | None, Query(description="only follow these relationship kinds",
                                           json_schema_extra={"items": {"enum": list(REL_KINDS)}})] = None,
    at: Annotated[date | None, Query(description="only follow relationships valid on this date")] = None,
    limit: Annotated[int, Query(description=f"page size, 1 to {linked.MAX_LIMIT}",
                                json_schema_extra={"minimum": 1, "maximum": linked.MAX_LIMIT})] = 50,
    cursor: str | None = None,
) -> Response:
    page = linked.neighbours(store, id, depth=depth, kinds=kind, rels=rel, at=at, limit=limit, cursor=cursor)
    if page is None:
        raise NotFoundError(f"no node with id {id!r}")
    return json_response(page)


@router.get("/entities/{id:path}", summary="Any node or relationship by id", response_model=EntityView,
            responses=problems(404, 422, 503), response_model_exclude_unset=True, **needs(Role.api_client))
def get_entity(id: str, store: StoreDep, as_of: AsOf = None) -> dict[str, Any]:
    found = linked.entity(store, id, _as_of(as_of))
    if found is None:
        raise NotFoundError(f"no entity with id {id!r}" + (" as known at that time" if as_of else ""))
    return found
