"""The embedded store's part for records, workflow and attribution (issue 4): the multi-kind
write and the small reads of attributions and revisions (the fact reads are in
:mod:`graph.stores.memory.fact_reads`).

Mixed into :class:`graph.stores.memory.store.MemoryStore`. ``write_changes`` is one journal entry (op ``batch``), checked whole under the store lock before it
is written, so a compare-and-set and the writes it guards are atomic.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from graph.model.schema import node_kind, rel_kind
from graph.stores.base import (
    ConflictError,
    InvalidWrite,
    NodeWrite,
    RelWrite,
    StoredRel,
    WriteResult,
    utcnow,
)
from graph.stores.memory.traverse import GraphView

__all__ = ["MemoryRecordsMixin"]


class MemoryRecordsMixin:
    """Methods of :class:`graph.stores.base.GraphStore` for issue 4, on the embedded store."""

    # given by the store
    _lock: Any
    g: Any
    _rel_ends: dict[str, tuple[str, str]]
    _revisions: dict[str, list[dict[str, Any]]]
    graph_view: Callable[[], GraphView]
    _commit: Callable[[dict[str, Any]], WriteResult]
    _rel: Callable[[str], StoredRel]

    # writes ---------------------------------------------------------------------------------------
    def write_changes(
        self,
        nodes: list[tuple[str, NodeWrite]],
        rels: list[tuple[str, RelWrite]],
        now: datetime | None = None,
        expect: dict[str, str | None] | None = None,
        new_rels: list[tuple[str, RelWrite]] | None = None,
    ) -> WriteResult:
        expect = dict(expect or {})
        for _type, row in new_rels or []:  # must not exist: checked with the batch, under the lock
            expect[row.id] = None
        rels = [*rels, *(new_rels or [])]
        parts: list[dict[str, Any]] = []
        for kind, node in nodes:
            node_kind(kind)
            if not parts or parts[-1]["op"] != "nodes" or parts[-1]["kind"] != kind:
                parts.append({"op": "nodes", "kind": kind, "rows": []})
            parts[-1]["rows"].append([node.id, node.props, node.hash])
        for type_, row in rels:
            rel_kind(type_)
            if not parts or parts[-1]["op"] != "rels" or parts[-1]["type"] != type_:
                parts.append({"op": "rels", "type": type_, "rows": []})
            parts[-1]["rows"].append([row.id, row.src, row.dst, row.props, row.hash])
        entry = {"op": "batch", "now": now or utcnow(), "parts": parts, "expect": expect}
        return self._commit(entry)

    def _check_batch(self, entry: dict[str, Any]) -> None:
        """All of a batch is refused when an expected hash differs or a part is invalid."""
        for id_, expected in sorted(entry["expect"].items()):
            if id_ in self.g:
                current = self.g.nodes[id_]["props"].get("_hash")
            elif id_ in self._rel_ends:
                current = self._rel(id_).props.get("_hash")
            else:
                current = None
            if current != expected:
                state = "already exists" if expected is None else (
                    "does not exist" if current is None else "was changed")
                raise ConflictError(f"{id_!r} {state} since it was read; reload and retry")
        pending: dict[str, str] = {}
        for part in entry["parts"]:
            if part["op"] == "nodes":
                for id_, _props, _h in part["rows"]:
                    have = self.g.nodes[id_]["kind"] if id_ in self.g else pending.get(id_)
                    if have is not None and have != part["kind"]:
                        raise InvalidWrite(f"id {id_!r} already belongs to a {have}, not a {part['kind']}")
                    pending[id_] = part["kind"]
            else:
                spec = rel_kind(part["type"])
                for id_, src, dst, _props, _h in part["rows"]:
                    for end, allowed in ((src, spec.sources), (dst, spec.targets)):
                        kind = self.g.nodes[end]["kind"] if end in self.g else pending.get(end)
                        if kind is None:
                            raise InvalidWrite(f"relationship {id_!r}: node {end!r} does not exist")
                        if kind not in allowed:
                            raise InvalidWrite(f"relationship {id_!r}: node {end!r} is a {kind}, "
                                             f"{part['type']} needs {'/'.join(allowed)}")
                    if id_ in self._rel_ends and self._rel_ends[id_] != (src, dst):
                        raise InvalidWrite(f"relationship {id_!r} already connects other nodes")

    # reads --------------------------------------------------------------------------------------
    def attributions_of(self, record_ids: list[str], full: bool = True) -> list[StoredRel]:
        with self._lock:
            view = self.graph_view()
            rels = [r for rid in record_ids if rid in view for r in view.rels(rid, "out", ("ATTRIBUTED_TO",))]
            keys = None if full else ("id", "_hash", "active")
            return [StoredRel(r.id, r.type, r.src, r.dst,
                              dict(r.props) if keys is None else {k: r.props.get(k) for k in keys})
                    for r in rels]

    def propagation_record_ids(self) -> list[str]:
        with self._lock:
            view = self.graph_view()
            return [rid for rid in view.ids_of("DishonestyRecord")
                    if not any(view.kind(r.dst) == "Official" for r in view.rels(rid, "out", ("RECORD_SUBJECT",)))]

    def revisions_of(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            return {i: [dict(p) for p in self._revisions[i]] for i in ids if self._revisions.get(i)}
