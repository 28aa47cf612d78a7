"""405 with ``Allow``, for every path the API serves (ids may contain "/", so suffixes come first).

Ids may contain "/" (``{id:path}``), so ``GET /api/v1/records/x/correction`` also matches
``GET /records/{id:path}`` with the id ``x/correction``, and would be answered 404 ("no record
x/correction"). But an id never ends in a word the routes put after an id (such ids are refused
when written: ``graph.model.entities.PATH_WORDS``), so a path that matches a route with such a
suffix (``/records/{id:path}/correction``) is meant for that route: when none of the routes with
that suffix takes the request's method, the answer is 405 with ``Allow`` naming the methods they
take. For other paths the methods of every route whose path matches are named (Starlette's own
405 names only the first matching route's, so a path served by two routers, ``GET`` in one and
``POST`` in another, would be answered ``Allow: POST`` alone).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["SuffixMethods", "suffix_routes"]

_SUFFIX = re.compile(r"\{[^}]+:path\}/[^{}]+$")


def _api_routes(app: FastAPI) -> list[tuple[str, set[str]]]:
    """(path with its prefix, methods) of every API route, routers included."""
    try:
        from fastapi.routing import iter_route_contexts  # FastAPI ≥ 0.16x includes routers lazily
    except ImportError:  # pragma: no cover - older FastAPI: app.routes is already flat
        return [(r.path, set(r.methods or ())) for r in app.routes if isinstance(r, APIRoute)]
    return [(c.path, set(c.original_route.methods or ())) for c in iter_route_contexts(app.routes)
            if isinstance(c.original_route, APIRoute) and c.path]


def suffix_routes(app: FastAPI) -> list[tuple[re.Pattern[str], set[str]]]:
    """(path pattern, methods) of the routes that put a fixed word after an id that may contain "/"."""
    return [(compile_path(path)[0], methods) for path, methods in _api_routes(app) if _SUFFIX.search(path)]


def other_routes(app: FastAPI) -> list[tuple[re.Pattern[str], set[str]]]:
    """(path pattern, methods) of every other API route."""
    return [(compile_path(path)[0], methods) for path, methods in _api_routes(app) if not _SUFFIX.search(path)]


class SuffixMethods:
    """ASGI middleware answering 405 + Allow for a method a suffix route does not take."""

    def __init__(self, app: ASGIApp, fastapi_app: FastAPI) -> None:
        self.app = app
        self.fastapi_app = fastapi_app
        self._routes: list[tuple[re.Pattern[str], set[str]]] | None = None
        self._others: list[tuple[re.Pattern[str], set[str]]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if self._routes is None:
                self._routes = suffix_routes(self.fastapi_app)
                self._others = other_routes(self.fastapi_app)
            path = scope.get("path", "")
            allowed: set[str] = set()
            for pattern, methods in self._routes:
                if pattern.match(path):
                    allowed |= methods
            if not allowed:
                for pattern, methods in self._others:
                    if pattern.match(path):
                        allowed |= methods
            if allowed and scope["method"] not in allowed:
                await self._refuse(scope, receive, send, sorted(allowed))
                return
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, allowed: list[str]) -> None:
        """The 405 as every other error: through the app's HTTPException handler (problem+json)."""
        request = Request(scope, receive)
        exc = HTTPException(405, "Method Not Allowed", headers={"Allow": ", ".join(allowed)})
        handler: Any = self.fastapi_app.exception_handlers[HTTPException]
        response: Response = await handler(request, exc)
        await response(scope, receive, send)
