"""Content digest of the Neo4j store (counts and a SHA-256 over every node and relationship, all
labels and properties), to verify a backup made with Neo4j's own ``neo4j-admin database dump``
and a restore made with ``neo4j-admin database load`` (``retrace backup`` / ``retrace restore``;
docs/security.md)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graph.stores.neo4j.rows import native
from queries import catalog

__all__ = ["Neo4jBackupMixin"]


def _canon(o: Any) -> str:
    return json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


class Neo4jBackupMixin:
    def content_digest(self) -> dict[str, Any]:
        nq, rq = catalog.load("backup_nodes"), catalog.load("backup_rels")

        def work(tx: Any) -> dict[str, Any]:
            h = hashlib.sha256()
            counts = {"nodes": 0, "relationships": 0, "revisions": 0, "access_rows": 0, "audit_entries": 0}
            rows = []
            for rec in tx.run(nq):
                labels = sorted(rec["labels"])
                props = {k: native(v) for k, v in rec["props"].items()}
                rows.append(_canon(["n", labels, props]))
                key = ("nodes" if "Entity" in labels else "revisions" if "Revision" in labels
                       else "access_rows" if "AccessRow" in labels else "audit_entries" if "AuditEntry" in labels
                       else None)
                if key:
                    counts[key] += 1
            for line in sorted(rows):
                h.update(line.encode())
            rows = []
            for rec in tx.run(rq):
                counts["relationships"] += 1
                rows.append(_canon(["r", rec["type"], rec["src"], rec["dst"],
                                    {k: native(v) for k, v in rec["props"].items()}]))
            for line in sorted(rows):
                h.update(line.encode())
            return {**counts, "sha256": h.hexdigest()}

        return self.read(work, fetch_size=-1)  # type: ignore[attr-defined]
