"""The one exception hierarchy of Retrace: every failure a caller (API, CLI) turns into an answer.

Each class carries what both callers need, so they map it once and in one way:

* ``status``: the HTTP status of the ``application/problem+json`` answer;
* ``type`` and ``title``: the problem type (a URI naming the kind of problem) and its short title;
* ``exit_code``: the exit code of the ``retrace`` command.

========================  ======  ====  =====================================================
class                     HTTP    exit  meaning
========================  ======  ====  =====================================================
RetraceError              500     70    base; raised as such: an unexpected internal failure
InvalidRequest            422     1     the question cannot be answered as asked
  InvalidInput            422     2     a file, folder or option given to a command is unusable
  PayloadTooLarge         413     1     the request body is larger than allowed
  InvalidWrite            422     1     a write contradicts the schema or the stored facts
NotFoundError             404     1     an id that names nothing (as known at that time)
ConflictError             409     4     the current state refuses the step, or a concurrent change won
Unauthorized              401     5     no or invalid credentials
Forbidden                 403     5     the caller's role may not do this
RateLimited               429     6     too many requests; retry after ``retry_after`` seconds
ConfigError               500     2     the service's own configuration (e.g. a policy file) is unusable
StoreError                503     3     base of the errors a store raises; raised as such: a fault
  StoreFault              503     3     the store failed to answer (a driver or database error)
    StoreUnavailable      503     3     the store cannot be reached or is not ready (Retry-After)
========================  ======  ====  =====================================================

``InvalidWrite`` is both an ``InvalidRequest`` and a ``StoreError`` (the store refused the write),
so a loader that skips what a store refuses (``except StoreError``) keeps working, and an API
client gets 422, not 503. A store fault is never 422.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "PROBLEM_BASE",
    "ConfigError",
    "ConflictError",
    "Forbidden",
    "InvalidInput",
    "InvalidRequest",
    "InvalidWrite",
    "NotFoundError",
    "PayloadTooLarge",
    "RateLimited",
    "RetraceError",
    "StoreError",
    "StoreFault",
    "StoreUnavailable",
    "Unauthorized",
    "error_classes",
]

PROBLEM_BASE = "https://retrace.example/problems/"


class RetraceError(Exception):
    """Base of every error Retrace answers with a problem document or an exit code."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"
    slug: ClassVar[str] = "internal"
    exit_code: ClassVar[int] = 70
    retry_after: ClassVar[int | None] = None  # seconds, sent as Retry-After when set
    # what a client is told instead of the message (which may name internals; it goes to the log)
    public_detail: ClassVar[str | None] = None

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail)
        self.extra = extra  # further members of the problem document

    @property
    def detail(self) -> str:
        return str(self.args[0]) if self.args and self.args[0] else self.title

    @classmethod
    def type_uri(cls) -> str:
        return PROBLEM_BASE + cls.slug


class InvalidRequest(RetraceError, ValueError):
    """The question cannot be answered as asked (HTTP 422), with the reason."""

    status, title, slug, exit_code = 422, "Invalid request", "invalid-request", 1


class InvalidInput(InvalidRequest):
    """A file, folder or option given to a command cannot be used at all (exit 2)."""

    title, slug, exit_code = "Invalid input", "invalid-input", 2


class PayloadTooLarge(InvalidRequest):
    """The request body is larger than the service accepts (HTTP 413)."""

    status, title, slug = 413, "Payload too large", "payload-too-large"


class NotFoundError(RetraceError, LookupError):
    """An id that names nothing, or nothing known at the time asked (HTTP 404)."""

    status, title, slug, exit_code = 404, "Not found", "not-found", 1


class ConflictError(RetraceError):
    """The current state does not allow the step, or a concurrent change won (HTTP 409)."""

    status, title, slug, exit_code = 409, "Conflict", "conflict", 4


class Unauthorized(RetraceError):
    """No credentials, or credentials that are not valid (HTTP 401)."""

    status, title, slug, exit_code = 401, "Unauthorized", "unauthorized", 5


class Forbidden(RetraceError):
    """The caller is known but its role may not do this (HTTP 403)."""

    status, title, slug, exit_code = 403, "Forbidden", "forbidden", 5


class RateLimited(RetraceError):
    """Too many requests from this caller (HTTP 429)."""

    status, title, slug, exit_code, retry_after = 429, "Too many requests", "rate-limited", 6, 60


class ConfigError(RetraceError, ValueError):
    """The service's own configuration (a policy file, a setting) cannot be used."""

    status, title, slug, exit_code = 500, "Configuration error", "configuration", 2
    public_detail = "the service's configuration cannot be used; see its log"


class StoreError(RetraceError):
    """Base of the errors a graph store raises; raised as such it is a store fault (HTTP 503)."""

    status, title, slug, exit_code = 503, "Store fault", "store-fault", 3
    public_detail: ClassVar[str | None] = "the graph store failed to answer; retry later"


class StoreFault(StoreError):
    """The store failed to answer: a driver or database error, a broken journal (HTTP 503)."""


class StoreUnavailable(StoreFault):
    """The store cannot be reached or is not ready (HTTP 503, retry later)."""

    title, slug, retry_after = "Store unavailable", "store-unavailable", 5
    public_detail = "the graph store cannot be reached; retry later"


class InvalidWrite(StoreError, InvalidRequest):
    """The store refused a write that contradicts the schema or the stored facts (HTTP 422)."""

    status, title, slug, exit_code = 422, "Invalid write", "invalid-write", 1
    public_detail = None


def error_classes() -> list[type[RetraceError]]:
    """Every class of the hierarchy (subclasses defined elsewhere included), base first."""
    seen: list[type[RetraceError]] = []
    todo: list[type[RetraceError]] = [RetraceError]
    while todo:
        cls = todo.pop(0)
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return seen
