"""The audit log: who did what, when, to which objects, with which outcome.

Entries form a hash chain (each entry's ``hash`` covers the previous hash and the entry), kept
append-only by the store (:meth:`graph.stores.access.AccessStore.audit_append`). :func:`verify`
recomputes the chain: an edited, removed or reordered entry breaks it at that point.
Parameters are stored without secrets: any key that names a password, token, key or secret is
replaced by ``"***"``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from graph.stores.access import GENESIS, chain_hash

__all__ = ["query", "record", "scrub", "verify"]

_SECRET = re.compile(r"pass|token|secret|key|authorization|cookie|credential", re.I)


def scrub(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in params.items():
        if _SECRET.search(k):
            out[k] = "***"
        elif isinstance(v, str) and len(v) > 500:
            out[k] = v[:500] + "…"
        else:
            out[k] = v
    return out


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def record(store: Any, *, actor: str, role: str, method: str, route: str, object_ids: list[str],
           params: dict[str, Any], outcome: int, action: str = "") -> dict[str, Any]:
    return store.audit_append({
        "at": now_iso(), "actor": actor, "role": role, "method": method, "route": route,
        "action": action, "object_ids": sorted(set(object_ids)), "params": scrub(params),
        "outcome": outcome,
    })


def verify(store: Any) -> dict[str, Any]:
    """Recompute the chain; ``ok`` False names the first entry that does not fit."""
    prev, n = GENESIS, 0
    for e in store.audit_entries():
        n += 1
        if e.get("seq") != n or e.get("prev") != prev or chain_hash(prev, e) != e.get("hash"):
            return {"ok": False, "entries": n, "first_bad_seq": e.get("seq", n)}
        prev = e["hash"]
    return {"ok": True, "entries": n, "head": prev}


def _utc(d: datetime | None) -> datetime | None:
    if d is None:
        return None
    return (d if d.tzinfo else d.replace(tzinfo=UTC)).astimezone(UTC)


def query(store: Any, *, actor: str | None = None, object_id: str | None = None,
          since: datetime | None = None, until: datetime | None = None,
          after_seq: int = 0, limit: int = 100) -> dict[str, Any]:
    rows = store.audit_entries(actor=actor, object_id=object_id, since=_utc(since), until=_utc(until),
                               after_seq=after_seq, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return {"entries": rows, "next_after_seq": rows[-1]["seq"] if more and rows else None}
