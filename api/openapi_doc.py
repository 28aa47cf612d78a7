"""The OpenAPI document, completed with what the access layer adds to every operation: the
401/403 answers of a protected route (problem documents), 413 for a body too large and 429 on the
rate-limited routes. The security schemes themselves come from the route dependencies
(``api.security``: OAuth2 password flow and the ``X-API-Key`` header)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.deps import ROLE_KEY
from api.schemas.problem import Problem

__all__ = ["document"]

_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_RATE_LIMITED = {"/api/v1/auth/token", "/api/v1/public/records"}


def document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    doc.setdefault("components", {}).setdefault("schemas", {})["Problem"] = Problem.model_json_schema(
        ref_template="#/components/schemas/{model}")
    for path, ops in doc.get("paths", {}).items():
        for method, op in ops.items():
            if not isinstance(op, dict):
                continue
            responses = op.setdefault("responses", {})
            if op.get(ROLE_KEY) not in (None, "public"):
                responses.setdefault("401", {"description": "no or invalid credentials", "content": _PROBLEM,
                                             "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}}})
                responses.setdefault("403", {"description": "the caller lacks the role", "content": _PROBLEM})
                if "{id}" in path:
                    responses.setdefault("404", {"description": "unknown, or not visible to the caller",
                                                 "content": _PROBLEM})
            if op.get("requestBody"):
                responses.setdefault("400", {"description": "the body is not readable (not UTF-8 JSON or form)",
                                             "content": _PROBLEM})
            if method in ("post", "put", "patch"):
                responses.setdefault("413", {"description": "request body too large", "content": _PROBLEM})
            if "{id}" in path:
                responses.setdefault("404", {"description": "no such object", "content": _PROBLEM})
            if method == "post" and path != "/api/v1/auth/token":
                responses.setdefault("409", {"description": "refused transition or lost race", "content": _PROBLEM})
            responses.setdefault("422", {"description": "invalid parameters", "content": _PROBLEM})
            responses.setdefault("503", {"description": "store unavailable", "content": _PROBLEM,
                                         "headers": {"Retry-After": {"schema": {"type": "integer"}}}})
            # every error answer is a problem document (api/errors.py, api/security.py, api/guard.py)
            for code, resp in responses.items():
                if str(code)[0] in "45":
                    resp["content"] = _PROBLEM
            if path in _RATE_LIMITED:
                responses.setdefault("429", {"description": "too many requests", "content": _PROBLEM,
                                             "headers": {"Retry-After": {"schema": {"type": "integer"}}}})
    app.openapi_schema = doc
    return doc
