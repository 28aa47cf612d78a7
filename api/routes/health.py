"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep, needs
from api.schemas.health import Alive, Ready
from api.schemas.problem import problems
from graph.model.enums import Role

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Process is alive", response_model=Alive, **needs(Role.public))
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Store reachable (503 when not)", response_model=Ready, responses=problems(503),
            **needs(Role.public))
def readyz(store: StoreDep) -> dict[str, str]:
    store.ping()
    return {"status": "ready", "store": store.name}
