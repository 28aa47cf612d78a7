"""Errors as ``application/problem+json`` (RFC 9457), mapped once.

Every failure a route can meet is one of three things, each with one handler:

* a :class:`graph.errors.RetraceError` (the one hierarchy): its class carries the status, the
  problem type and title (404 unknown id, 422 invalid request or write, 409 conflict, 503 store
  fault or unavailable, 401/403/413/429 …);
* FastAPI's :class:`RequestValidationError` (parameters or body that do not parse): 422;
* Starlette's :class:`HTTPException` (no such path 404, method not allowed 405 with ``Allow``):
  its own status and headers.

Anything else is a bug: still a problem document (500) with a reference to find it in the log,
never a bare page. A 5xx answer never shows internals (driver messages go to the log).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import InvalidRequest, RetraceError

__all__ = ["PROBLEM", "install", "problem", "problem_for"]

log = logging.getLogger("retrace.api")
PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, request: Request, type_: str = "about:blank",
            headers: Mapping[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail,
            "instance": str(request.url.path), **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def problem_for(exc: RetraceError, request: Request) -> JSONResponse:
    """The problem document of an error of the hierarchy."""
    if exc.status >= 500:
        log.warning("%s on %s: %s", type(exc).__name__, request.url.path, exc)
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
    return problem(exc.status, exc.title, exc.public_detail or exc.detail, request, type_=exc.type_uri(),
                   headers=headers, **exc.extra)


def install(app: FastAPI) -> None:
    @app.exception_handler(RetraceError)
    async def _retrace(request: Request, exc: RetraceError) -> JSONResponse:
        return problem_for(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        detail = f"{'.'.join(first['loc'])}: {first['msg']}"
        return problem(InvalidRequest.status, InvalidRequest.title, detail, request,
                       type_=InvalidRequest.type_uri(), errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        try:
            title = HTTPStatus(exc.status_code).phrase
        except ValueError:
            title = "Error"
        return problem(exc.status_code, title, str(exc.detail), request, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        ref = uuid.uuid4().hex[:12]
        log.exception("unexpected error %s on %s", ref, request.url.path)
        return problem(500, "Internal error", f"unexpected error; reference {ref}", request,
                       type_=RetraceError.type_uri(), reference=ref)
