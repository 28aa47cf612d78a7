"""Ids derived from other ids (attributions, workflow objects)."""

from __future__ import annotations

import hashlib

__all__ = ["derived_id"]


def derived_id(prefix: str, *parts: str) -> str:
    """A readable id made of others (``prefix/a/b``), hashed when it would be too long."""
    raw = "/".join((prefix, *parts))
    if len(raw) <= 128:
        return raw
    return f"{prefix}/" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]
