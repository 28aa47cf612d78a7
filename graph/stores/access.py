"""The store part for access control and audit: accounts, API keys, object owners and the
append-only audit chain. Kept apart from the graph's entities on purpose: on Neo4j these are
nodes without the ``:Entity`` label (so no generic read — search, neighbours, entity by id,
counts — can ever return them); on the embedded store they live in their own files
(``access.json``, ``audit.jsonl``, both 0600). See docs/security.md.

Rows are flat dicts of JSON-compatible values. ``kind`` is one of :data:`ACCESS_KINDS`.
"""

from __future__ import annotations

import abc
import hashlib
import json
from datetime import datetime
from typing import Any

__all__ = ["ACCESS_KINDS", "GENESIS", "AccessStore", "chain_hash"]

ACCESS_KINDS = frozenset({"user", "key", "owner", "meta"})
GENESIS = "0" * 64


def chain_hash(prev: str, entry: dict[str, Any]) -> str:
    """The hash of an audit entry: SHA-256 over the previous hash and the entry's canonical JSON
    (without its own ``hash``)."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    raw = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev + raw).encode("utf-8")).hexdigest()


class AccessStore(abc.ABC):
    """Implemented by both stores (mixins ``graph/stores/{memory,neo4j}/access.py``)."""

    @abc.abstractmethod
    def access_put(self, kind: str, id_: str, row: dict[str, Any]) -> None:
        """Create or replace the row ``id_`` of ``kind``."""

    @abc.abstractmethod
    def access_get(self, kind: str, id_: str) -> dict[str, Any] | None:
        """The row, or None."""

    @abc.abstractmethod
    def access_list(self, kind: str) -> list[dict[str, Any]]:
        """Every row of ``kind``, ordered by id."""

    @abc.abstractmethod
    def audit_append(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Append ``entry`` to the chain atomically: it gets ``seq`` (1, 2, …), ``prev`` (the
        previous entry's hash) and ``hash`` (:func:`chain_hash`). Returns the stored entry."""

    @abc.abstractmethod
    def audit_entries(
        self, *, actor: str | None = None, object_id: str | None = None,
        since: datetime | None = None, until: datetime | None = None,
        after_seq: int = 0, limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Entries in ``seq`` order, filtered (``object_id`` matches any of ``object_ids``;
        ``since``/``until`` on ``at``, inclusive)."""
