"""Every route of an app with its full path, methods and OpenAPI extras, whether FastAPI keeps
included routers flat (``APIRoute`` in ``app.routes``) or nested (``_IncludedRouter``, FastAPI
≥ 0.16x): for the default-deny check and the role × route tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

__all__ = ["RouteInfo", "routes_of"]


@dataclass(frozen=True)
class RouteInfo:
    path: str
    methods: frozenset[str]
    extra: dict[str, Any]
    in_schema: bool


def _walk(routes: list[Any]) -> Iterator[RouteInfo]:
    for r in routes:
        if isinstance(r, APIRoute):
            yield RouteInfo(r.path, frozenset(r.methods or ()), dict(r.openapi_extra or {}), r.include_in_schema)
        elif hasattr(r, "effective_route_contexts"):
            for c in r.effective_route_contexts():
                if hasattr(c, "effective_route_contexts"):
                    yield from _walk([c])
                elif isinstance(getattr(c, "original_route", None), APIRoute):
                    yield RouteInfo(c.path, frozenset(c.methods or ()), dict(c.openapi_extra or {}),
                                    c.include_in_schema)


def routes_of(app: FastAPI) -> list[RouteInfo]:
    return list(_walk(app.routes))
