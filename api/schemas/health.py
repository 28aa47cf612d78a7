"""Liveness and readiness answers."""

from __future__ import annotations

from api.schemas.common import Open

__all__ = ["Alive", "Ready"]


class Alive(Open):
    status: str


class Ready(Open):
    status: str
    store: str
    schema_version: str | int | None = None
