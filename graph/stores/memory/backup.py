"""Backup and restore of the embedded store: a consistent snapshot (taken under the store lock:
the graph snapshot, the access rows and the audit chain) copied into a private folder with a
manifest of counts and a content hash; restore copies it into an empty store and checks that
the counts and the hash match the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import InvalidInput
from graph.stores.memory.access import ACCESS_FILE, AUDIT_FILE

__all__ = ["MANIFEST", "MemoryBackupMixin"]

MANIFEST = "manifest.json"
_FILES = ("snapshot.json", ACCESS_FILE, AUDIT_FILE)


def _canon(o: Any) -> str:
    return json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


class MemoryBackupMixin:
    """Backup and restore of the embedded store (a consistent snapshot with a manifest)."""

    # given by the store
    _lock: Any
    g: nx.MultiDiGraph
    data_dir: Path | None
    _revisions: dict[str, list[dict[str, Any]]]
    _access_state: Callable[[], dict[str, Any]]
    checkpoint: Callable[[], None]
    close: Callable[[], None]

    def content_digest(self) -> dict[str, Any]:
        """Counts and a SHA-256 over every node, relationship, revision, access row and audit
        entry, in a canonical order (the same content gives the same hash)."""
        with self._lock:
            h = hashlib.sha256()
            nodes = sorted(self.g.nodes(data=True), key=lambda x: x[0])
            for n, d in nodes:
                h.update(_canon(["n", n, d["kind"], d["props"]]).encode())
            rels = sorted(self.g.edges(keys=True, data=True), key=lambda x: x[2])
            for u, v, k, d in rels:
                h.update(_canon(["r", k, d["type"], u, v, d["props"]]).encode())
            revs = 0
            for i in sorted(self._revisions):
                for r in self._revisions[i]:
                    revs += 1
                    h.update(_canon(["v", i, r]).encode())
            st = self._access_state()
            rows = 0
            for kind in sorted(st["rows"]):
                for i in sorted(st["rows"][kind]):
                    rows += 1
                    h.update(_canon(["a", kind, i, st["rows"][kind][i]]).encode())
            for e in st["audit"]:
                h.update(_canon(["e", e]).encode())
            return {"nodes": len(nodes), "relationships": len(rels), "revisions": revs, "access_rows": rows,
                    "audit_entries": len(st["audit"]), "sha256": h.hexdigest()}

    def backup(self, dest: str | Path) -> dict[str, Any]:
        if self.data_dir is None:
            raise InvalidInput("an in-memory store (no folder) cannot be backed up")
        dest = Path(dest)
        if dest.exists() and any(dest.iterdir()):
            raise InvalidInput(f"{dest} is not empty")
        dest.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(dest, 0o700)
        with self._lock:  # nothing is written meanwhile: snapshot, files and digest agree
            self.checkpoint()
            for name in _FILES:
                src = self.data_dir / name
                if src.exists():
                    shutil.copyfile(src, dest / name)
                    os.chmod(dest / name, 0o600)
            manifest = {"store": "memory", "created_at": datetime.now(UTC).isoformat(),
                        **self.content_digest()}
        fd = os.open(dest / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=2)
        return manifest

    def restore(self, src: str | Path) -> dict[str, Any]:
        """Restore a backup into this store, which must be empty; verify counts and hash."""
        src = Path(src)
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("store") != "memory":
            raise InvalidInput(f"{src} is a backup of a {manifest.get('store')} store")
        if self.data_dir is None:
            raise InvalidInput("restore needs a store folder")
        with self._lock:
            if self.g.number_of_nodes() or self._access_state()["audit"] or self._access_state()["rows"]["user"]:
                raise InvalidInput("restore needs an empty store")
            self.close()
            for name in (*_FILES, "journal.jsonl"):
                (self.data_dir / name).unlink(missing_ok=True)
            for name in _FILES:
                if (src / name).exists():
                    shutil.copyfile(src / name, self.data_dir / name)
                    os.chmod(self.data_dir / name, 0o600)
            self.__dict__.pop("_access", None)
            self.__init__(self.data_dir)  # type: ignore[misc]
        got = self.content_digest()
        want = {k: manifest[k] for k in got}
        return {"ok": got == want, "expected": want, "restored": got}
