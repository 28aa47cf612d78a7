"""The ``application/problem+json`` body (RFC 9457) and the error answers a route declares."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PROBLEM_STATUSES", "Problem", "problems"]

PROBLEM = "application/problem+json"


class Problem(BaseModel):
    """An error answer: what went wrong (``title``, ``detail``) and where (``instance``)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    type: str = Field(description="URI of the problem type (about:blank for a plain HTTP status)")
    title: str = Field(description="short summary of the problem type")
    status: int = Field(description="the HTTP status code")
    detail: str = Field(description="what went wrong in this request")
    instance: str = Field(description="the path of the request")
    errors: list[dict[str, Any]] | None = Field(None, description="for 422 on parameters: each invalid one")
    reference: str | None = Field(None, description="for 500: the id of the failure in the service's log")


PROBLEM_STATUSES = {
    400: "The body cannot be read (not UTF-8 text); JSON that does not parse is 422",
    401: "Not authenticated",
    403: "The role may not do this",
    404: "No such id (as known at that time)",
    409: "Conflict: the current state refuses the step, or a concurrent change won",
    413: "The request body is too large",
    422: "Invalid parameters or body, or a question that cannot be answered as asked",
    429: "Too many requests",
    503: "The graph store is unavailable or failed to answer; retry later",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status answered with a Problem as application/problem+json."""
    return {
        s: {
            "description": PROBLEM_STATUSES.get(s) or HTTPStatus(s).phrase,
            "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }


def answers(*statuses: int, ok: int = 200, media: tuple[str, ...] = ("application/json",)) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route that answers a JSON object (or, with ``media``, other formats)
    without a response model: its success answer and its problems."""
    content: dict[str, Any] = {m: {"schema": {"type": "object"} if m.endswith("json") else {"type": "string"}}
                               for m in media}
    return {ok: {"description": HTTPStatus(ok).phrase, "content": content}, **problems(*statuses)}
