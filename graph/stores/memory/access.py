"""The embedded store's part for access control and audit (:class:`graph.stores.access.AccessStore`).

Accounts, keys and owners are one JSON file, ``access.json``, rewritten atomically (temp file,
fsync, rename) on each change; the audit chain is ``audit.jsonl``, one entry per line, appended and
fsynced before the call returns. Both are created 0600 in the store's 0700 folder. With no
folder (tests) everything stays in memory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.stores.access import ACCESS_KINDS, GENESIS, AccessStore, chain_hash
from graph.stores.base import StoreError

if TYPE_CHECKING:  # pragma: no cover
    from datetime import datetime

__all__ = ["ACCESS_FILE", "AUDIT_FILE", "MemoryAccessMixin", "private_file"]

ACCESS_FILE = "access.json"
AUDIT_FILE = "audit.jsonl"


def private_file(path: Path) -> int:
    """Open ``path`` for appending, created 0600 (an existing file is narrowed to 0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)
    return fd


class MemoryAccessMixin(AccessStore):
    def _access_state(self) -> dict[str, Any]:
        st = self.__dict__.get("_access")
        if st is not None:
            return st
        with self._lock:  # type: ignore[attr-defined]
            st = self.__dict__.get("_access")
            if st is not None:
                return st
            st = {"rows": {k: {} for k in ACCESS_KINDS}, "audit": [], "head": GENESIS}
            folder: Path | None = getattr(self, "data_dir", None)
            if folder is not None:
                a = folder / ACCESS_FILE
                if a.exists():
                    st["rows"].update(json.loads(a.read_text(encoding="utf-8")))
                j = folder / AUDIT_FILE
                if j.exists():
                    for line in j.read_text(encoding="utf-8").splitlines():
                        if line.strip():
                            try:
                                st["audit"].append(json.loads(line))
                            except json.JSONDecodeError:  # a torn last line: never acknowledged
                                break
                if st["audit"]:
                    st["head"] = st["audit"][-1]["hash"]
            self.__dict__["_access"] = st
            return st

    def access_put(self, kind: str, id_: str, row: dict[str, Any]) -> None:
        if kind not in ACCESS_KINDS:
            raise StoreError(f"unknown access kind {kind!r}")
        st = self._access_state()
        with self._lock:  # type: ignore[attr-defined]
            st["rows"][kind][id_] = dict(row, id=id_)
            folder: Path | None = getattr(self, "data_dir", None)
            if folder is None:
                return
            tmp = folder / (ACCESS_FILE + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(st["rows"], fh, ensure_ascii=False, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, folder / ACCESS_FILE)

    def access_get(self, kind: str, id_: str) -> dict[str, Any] | None:
        row = self._access_state()["rows"].get(kind, {}).get(id_)
        return dict(row) if row is not None else None

    def access_list(self, kind: str) -> list[dict[str, Any]]:
        rows = self._access_state()["rows"].get(kind, {})
        return [dict(rows[k]) for k in sorted(rows)]

    def audit_append(self, entry: dict[str, Any]) -> dict[str, Any]:
        st = self._access_state()
        with self._lock:  # type: ignore[attr-defined]
            e = dict(entry, seq=len(st["audit"]) + 1, prev=st["head"])
            e["hash"] = chain_hash(st["head"], e)
            folder: Path | None = getattr(self, "data_dir", None)
            if folder is not None:
                fd = private_file(folder / AUDIT_FILE)
                try:
                    os.write(fd, (json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
                    os.fsync(fd)
                finally:
                    os.close(fd)
            st["audit"].append(e)
            st["head"] = e["hash"]
            return dict(e)

    def audit_entries(
        self, *, actor: str | None = None, object_id: str | None = None,
        since: datetime | None = None, until: datetime | None = None,
        after_seq: int = 0, limit: int | None = None,
    ) -> list[dict[str, Any]]:
        lo = since.isoformat(timespec="microseconds") if since else None
        hi = until.isoformat(timespec="microseconds") if until else None
        out = []
        for e in self._access_state()["audit"]:
            if e["seq"] <= after_seq:
                continue
            if actor is not None and e.get("actor") != actor:
                continue
            if object_id is not None and object_id not in (e.get("object_ids") or []):
                continue
            if (lo is not None and e["at"] < lo) or (hi is not None and e["at"] > hi):
                continue
            out.append(dict(e))
            if limit is not None and len(out) >= limit:
                break
        return out
