"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api import observability
from api.deps import StoreDep, needs
from api.schemas.health import Alive, Ready
from api.schemas.problem import problems
from graph.model.enums import Role

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Process is alive", response_model=Alive, **needs(Role.public))
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Store reachable and its schema applied (503 when not)", response_model=Ready,
            responses=problems(503), **needs(Role.public))
def readyz(store: StoreDep, request: Request) -> dict[str, Any]:
    store.ping()
    if not getattr(request.app.state, "schema_applied", True):  # the store was down at start
        store.init_schema()
        request.app.state.schema_applied = True
    return {"status": "ready", "store": store.name, "schema_version": observability.schema_version()}
