"""Writing a bundle's rows: one JSONL file per node kind (``nodes/``) and relationship type (``rels/``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.model.schema import NODE_KINDS, REL_KINDS


class _Out:
    def __init__(self, root: Path) -> None:
        self.root = root
        for sub in ("nodes", "rels"):
            folder = root / sub
            folder.mkdir(parents=True, exist_ok=True)
            for p in sorted(folder.iterdir()):
                if p.is_file() and p.suffix in (".jsonl", ".csv"):
                    p.unlink()  # stale files of an earlier run would be loaded too
        self.fh = {}  # one open file per kind for the whole run, closed by close()
        for k in NODE_KINDS:
            self.fh[k] = open(  # noqa: SIM115
                root / "nodes" / f"{k}.jsonl", "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        for t in REL_KINDS:
            self.fh[t] = open(  # noqa: SIM115
                root / "rels" / f"{t}.jsonl", "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self.counts = {k: 0 for k in (*NODE_KINDS, *REL_KINDS)}
        self.encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def write(self, kind: str, row: dict[str, Any]) -> None:
        self.fh[kind].write(self.encode(row) + "\n")
        self.counts[kind] += 1

    def close(self) -> None:
        for f in self.fh.values():
            f.close()
