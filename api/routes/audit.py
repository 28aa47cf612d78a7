"""The audit log for administrators: query by actor, object and period; verify the hash chain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import StoreDep, needs
from graph.access import audit
from graph.errors import InvalidRequest
from graph.model.enums import Role

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])

Instant = Annotated[str, Query(description="ISO 8601 instant (UTC if no zone)",
                                json_schema_extra={"format": "date-time"})]


def _instant(v: str | None) -> datetime | None:
    # a string pattern, not `datetime`: pydantic would read `0` as 1970-01-01
    if v is None:
        return None
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(f"not a valid date or instant: {v!r}") from None


@router.get("/entries", summary="Audit entries, oldest first, by actor, object and period", **needs(Role.admin))
def entries(
    store: StoreDep,
    actor: Annotated[str | None, Query(max_length=200, description="user:<name>, key:<id> or anonymous")] = None,
    object_id: Annotated[str | None, Query(alias="object", max_length=500, description="an object id")] = None,
    since: Instant = None,  # type: ignore[assignment]
    until: Instant = None,  # type: ignore[assignment]
    after_seq: Annotated[int, Query(ge=0, le=2**53, description="entries after this sequence number")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    return audit.query(store, actor=actor, object_id=object_id, since=_instant(since), until=_instant(until),
                       after_seq=after_seq, limit=limit)


@router.get("/verification", summary="Recompute the hash chain: ok, or the first entry that does not fit",
            **needs(Role.admin))
def verification(store: StoreDep) -> dict[str, Any]:
    return audit.verify(store)
