"""The audit log for administrators: query by actor, object and period; verify the hash chain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import StoreDep, needs
from graph.access import audit
from graph.model.enums import Role

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("/entries", summary="Audit entries, oldest first, by actor, object and period", **needs(Role.admin))
def entries(
    store: StoreDep,
    actor: Annotated[str | None, Query(max_length=200, description="user:<name>, key:<id> or anonymous")] = None,
    object_id: Annotated[str | None, Query(alias="object", max_length=500, description="an object id")] = None,
    since: Annotated[datetime | None, Query(description="on or after this instant (UTC if no zone)")] = None,
    until: Annotated[datetime | None, Query(description="on or before this instant")] = None,
    after_seq: Annotated[int, Query(ge=0, le=2**53, description="entries after this sequence number")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    return audit.query(store, actor=actor, object_id=object_id, since=since, until=until,
                       after_seq=after_seq, limit=limit)


@router.get("/verification", summary="Recompute the hash chain: ok, or the first entry that does not fit",
            **needs(Role.admin))
def verification(store: StoreDep) -> dict[str, Any]:
    return audit.verify(store)
