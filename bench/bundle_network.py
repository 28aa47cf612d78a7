"""The province network read straight from the generated bundle files, for bench/bench_metrics.py
when the province cannot be loaded into a store in the time available.

It returns what ``network_facts`` of the province government returns on a store holding the
bundle: every node of the network kinds (NETWORK_KINDS) with NETWORK_NODE_KEYS, and every
relationship between two of them with NETWORK_REL_KEYS (the province government's scope is the
whole province). Only the store read itself is skipped; everything after it is the product's code.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from graph.stores.base import NETWORK_KINDS, NETWORK_NODE_KEYS, NETWORK_REL_KEYS, NetworkFacts


def network_from_bundle(root: Path) -> NetworkFacts:
    nodes = []
    gov = None
    for kind in NETWORK_KINDS:
        with open(root / "nodes" / f"{kind}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                nodes.append((row["id"], kind, {k: row[k] for k in NETWORK_NODE_KEYS if k in row}))
                if kind == "Government" and row.get("level") == "province":
                    gov = row["id"]
    inside = {n[0] for n in nodes}
    rels = []
    for path in sorted((root / "rels").glob("*.jsonl")):
        type_ = path.stem
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row["src"] in inside and row["dst"] in inside:
                    p = {k: row[k] for k in NETWORK_REL_KEYS if k in row}
                    for k in ("valid_from", "valid_to"):
                        if k in p:
                            p[k] = date.fromisoformat(p[k])
                    rels.append((row["id"], type_, row["src"], row["dst"], p))
    assert gov is not None
    return NetworkFacts(gov, nodes, rels)


class BundleNetworkStore:
    """Answers the two reads the metrics and exports use, from a prebuilt NetworkFacts."""

    name = "bundle"

    def __init__(self, facts: NetworkFacts) -> None:
        self.facts = facts

    def graph_version(self) -> str:
        return "bundle:1"

    def network_facts(self, gov_id: str) -> NetworkFacts | None:
        return self.facts if gov_id == self.facts.root else None

    def close(self) -> None:
        pass
