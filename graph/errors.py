"""Errors of the domain layer that callers (API, CLI) turn into answers."""

from __future__ import annotations

__all__ = ["InvalidRequest", "NotFoundError"]


class InvalidRequest(ValueError):
    """The question cannot be answered as asked (HTTP 422), with the reason."""


class NotFoundError(LookupError):
    """An id that names nothing (HTTP 404)."""
