"""The embedded store's part for network metrics, exports and exchange (issue 12).

Mixed into :class:`graph.stores.memory.store.MemoryStore`. Each read mirrors one ``queries/*.cypher``
file step by step (read the file for the rules); ``tests/contract/test_network.py`` checks both
stores answer alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import networkx as nx

from graph.stores.base import NETWORK_NODE_KEYS, NETWORK_REL_KEYS, NetworkFacts

__all__ = ["MemoryNetworkMixin"]



class MemoryNetworkMixin:
    """Methods of :class:`graph.stores.base.GraphStore` for issue 12, on the embedded store."""

    # given by the store
    _lock: Any
    _seq: int
    g: nx.MultiDiGraph
    _by_kind: dict[str, set[str]]

    def graph_version(self) -> str:
        # this store object (a token drawn when first asked) and the journal's sequence number:
        # every write call takes the next one (also in memory only)
        with self._lock:
            token = self.__dict__.setdefault("_version_token", uuid.uuid4().hex[:12])
            return f"memory:{token}:{self._seq}"

    def _sources_into(self, targets: Iterable[str], type_: str, kinds: set[str]) -> list[str]:
        out: list[str] = []
        for t in targets:
            for s, _, d in self.g.in_edges(t, data=True):
                if d["type"] == type_ and self.g.nodes[s]["kind"] in kinds:
                    out.append(s)
        return list(dict.fromkeys(out))

    def network_facts(self, gov_id: str) -> NetworkFacts | None:
        with self._lock:
            if gov_id not in self.g or self.g.nodes[gov_id]["kind"] != "Government":
                return None
            src = self._sources_into
            govs = [gov_id]  # queries/network_nodes.cypher: SUBORDINATE_TO*1..6, child -> parent
            frontier = [gov_id]
            for _ in range(6):
                frontier = [s for s in src(frontier, "SUBORDINATE_TO", {"Government"}) if s not in govs]
                govs += frontier
            govs = list(dict.fromkeys(govs))
            units = govs + src(govs, "BELONGS_TO", {"Department"})
            posts = src(units, "POST_IN", {"Post"})
            officials = src(posts, "HOLDS", {"Official"})
            projects = src(units, "OWNED_BY", {"Project"})
            stages = list(dict.fromkeys(
                v for p in projects for _, v, d in self.g.out_edges(p, data=True) if d["type"] == "HAS_STAGE"
            ))
            contracts = src(projects, "FOR_PROJECT", {"Contract"})
            commitments = src(projects, "FOR_PROJECT", {"Commitment"}) + src(
                units + officials, "COMMITTED_BY", {"Commitment"})
            judgments = src(units, "AGAINST", {"Judgment"})
            scope = list(dict.fromkeys(
                govs + units + posts + officials + projects + stages + contracts + commitments + judgments
            ))
            scope += src(scope, "RECORD_SUBJECT", {"DishonestyRecord"})
            ids = dict.fromkeys(scope)
            nodes = []
            for n in ids:
                d = self.g.nodes[n]
                p = d["props"]
                nodes.append((n, d["kind"], {k: p[k] for k in NETWORK_NODE_KEYS if k in p}))
            rels = []
            for n in ids:
                for _, v, k, d in self.g.out_edges(n, keys=True, data=True):
                    if v in ids:
                        p = d["props"]
                        rels.append((k, d["type"], n, v, {x: p[x] for x in NETWORK_REL_KEYS if x in p}))
            return NetworkFacts(gov_id, nodes, rels)

    def record_changes(
        self, *, since: datetime | None, until: datetime, limit: int,
        after: tuple[datetime, str] | None = None,
    ) -> list[dict[str, Any]]:
        with self._lock:
            hits = []
            for rid in self._by_kind.get("DishonestyRecord", ()):
                p = self.g.nodes[rid]["props"]
                at = p["recorded_at"]
                if (since is not None and at <= since) or at > until:
                    continue
                if after is not None and (at, rid) <= after:
                    continue
                hits.append((at, rid))
            hits.sort()
            out = []
            for _at, rid in hits[:limit]:
                subject = None
                evidence = []
                for _, v, d in self.g.out_edges(rid, data=True):
                    if d["type"] == "RECORD_SUBJECT":
                        sn = self.g.nodes[v]
                        subject = {"id": v, "kind": sn["kind"], "name": sn["props"].get("name")}
                    elif d["type"] == "EVIDENCED_BY":
                        evidence.append(v)
                out.append({"record": dict(self.g.nodes[rid]["props"]), "subject": subject,
                            "evidence": sorted(evidence)})
            return out
