"""Errors as ``application/problem+json`` (RFC 9457), in one place.

Domain code raises :class:`ApiError` subclasses (or store errors); the handlers registered by
:func:`install` turn every failure into a problem document. Unknown ids are 404, invalid
parameters 422, a conflicting concurrent change 409, an unavailable store 503; an unexpected
failure is still a problem document (500) with an id to find it in the log, never a bare page.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import InvalidRequest, NotFoundError
from graph.model.schema import UnknownKind
from graph.stores.base import ConflictError, StoreError, StoreUnavailable

__all__ = ["ApiError", "NotFound", "Invalid", "Conflict", "install", "problem"]

log = logging.getLogger("retrace.api")
PROBLEM = "application/problem+json"


class ApiError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(ApiError):
    status = 404
    title = "Not found"


class Invalid(ApiError):
    status = 422
    title = "Invalid parameters"


class Conflict(ApiError):
    status = 409
    title = "Conflict"


def problem(status: int, title: str, detail: str, request: Request, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "instance": str(request.url.path), **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, request, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        detail = f"{'.'.join(first['loc'])}: {first['msg']}"
        return problem(422, "Invalid parameters", detail, request, errors=errors)

    @app.exception_handler(InvalidRequest)
    async def _invalid(request: Request, exc: InvalidRequest) -> JSONResponse:
        return problem(422, "Invalid parameters", str(exc), request)

    @app.exception_handler(NotFoundError)
    async def _missing(request: Request, exc: NotFoundError) -> JSONResponse:
        return problem(404, "Not found", str(exc.args[0]) if exc.args else "not found", request)

    @app.exception_handler(UnknownKind)
    async def _kind(request: Request, exc: UnknownKind) -> JSONResponse:
        return problem(422, "Invalid parameters", str(exc), request)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        log.warning("store unavailable: %s", exc)
        resp = problem(503, "Store unavailable", "the graph store cannot be reached; retry later", request)
        resp.headers["Retry-After"] = "5"
        return resp

    @app.exception_handler(ConflictError)
    async def _conflict(request: Request, exc: ConflictError) -> JSONResponse:
        return problem(409, "Conflict", str(exc), request)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        return problem(422, "Invalid write", str(exc), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Error")
        return problem(exc.status_code, title, str(exc.detail), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        ref = uuid.uuid4().hex[:12]
        log.exception("unexpected error %s on %s", ref, request.url.path)
        return problem(500, "Internal error", f"unexpected error; reference {ref}", request, reference=ref)
