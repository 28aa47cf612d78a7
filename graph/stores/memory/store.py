"""The embedded store: a networkx graph in memory, made durable by a snapshot and a journal.

Durability: every write call is appended to ``journal.jsonl`` as one line and fsynced before the
call returns, so an acknowledged write survives ``kill -9``. Start-up loads ``snapshot.json``
(if any) and replays the journal entries with a higher sequence number. :meth:`checkpoint`
writes a new snapshot atomically (temp file, fsync, rename) and then empties the journal; a crash
between the two is harmless because the snapshot names the last sequence number it contains.
A torn last journal line (a write that was never acknowledged) is ignored on replay.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from graph.model.schema import node_kind, rel_kind
from graph.stores.base import (
    GraphStore,
    InvalidWrite,
    Neighbour,
    NodeWrite,
    RelWrite,
    StoredNode,
    StoredRel,
    StoreError,
    StoreFault,
    WriteResult,
    pick_version,
    utcnow,
)
from graph.stores.memory.access import MemoryAccessMixin, private_file
from graph.stores.memory.backup import MemoryBackupMixin
from graph.stores.memory.fact_reads import MemoryFactReadsMixin
from graph.stores.memory.lock import DataFolderLock
from graph.stores.memory.neighbourhood import neighbour_page
from graph.stores.memory.network import MemoryNetworkMixin
from graph.stores.memory.population import MemoryPopulationMixin
from graph.stores.memory.records import MemoryRecordsMixin
from graph.stores.memory.search import matching_ids
from graph.stores.memory.traverse import GraphView

__all__ = ["MemoryStore"]

log = logging.getLogger(__name__)

SNAPSHOT = "snapshot.json"
JOURNAL = "journal.jsonl"
REJECTED = "journal.rejected.jsonl"  # journal entries that could not be replayed, kept with the reason


def _enc(o: Any) -> Any:
    if isinstance(o, datetime):
        return {"$t": o.isoformat()}
    if isinstance(o, date):
        return {"$d": o.isoformat()}
    raise TypeError(f"cannot journal {type(o).__name__}")


def _dec(o: dict[str, Any]) -> Any:
    if len(o) == 1:
        if "$t" in o:
            return datetime.fromisoformat(o["$t"])
        if "$d" in o:
            return date.fromisoformat(o["$d"])
    return o


def _dumps(o: Any) -> str:
    return json.dumps(o, default=_enc, ensure_ascii=False, separators=(",", ":"))


def _loads(s: str) -> Any:
    return json.loads(s, object_hook=_dec)


class MemoryStore(MemoryBackupMixin, MemoryAccessMixin, MemoryNetworkMixin, MemoryPopulationMixin, MemoryRecordsMixin,
                  MemoryFactReadsMixin, GraphStore):
    """networkx-backed store; ``data_dir=None`` keeps everything in memory only (tests)."""

    name = "memory"

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self._lock = threading.RLock()
        self.g = nx.MultiDiGraph()
        self._rel_ends: dict[str, tuple[str, str]] = {}
        self._by_kind: dict[str, set[str]] = {}
        self._revisions: dict[str, list[dict[str, Any]]] = {}
        self._seq = 0
        self._journal = None
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self._folder_lock: DataFolderLock | None = None
        if self.data_dir is not None:
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.data_dir, 0o700)  # personal data: the folder and its files are private
            self._folder_lock = DataFolderLock(self.data_dir)
            self._folder_lock.acquire()  # one writer per folder, or DataFolderLocked naming the holder
            try:
                self._recover()
                # the journal stays open for the store's life (closed by close())
                self._journal = open(private_file(self.data_dir / JOURNAL), "a", encoding="utf-8")  # noqa: SIM115
            except BaseException:
                self._folder_lock.release()
                raise

    # lifecycle ------------------------------------------------------------------------------------
    def init_schema(self) -> None:
        """Nothing to create: the indexes are the dictionaries kept by the store."""

    def ping(self) -> None:
        return None

    def close(self) -> None:
        with self._lock:
            if self._journal is not None:
                self._journal.close()
                self._journal = None
            if self._folder_lock is not None:
                self._folder_lock.release()

    def _recover(self) -> None:
        assert self.data_dir is not None
        snap = self.data_dir / SNAPSHOT
        if snap.exists():
            state = _loads(snap.read_text(encoding="utf-8"))
            self._seq = state["seq"]
            for n in state["nodes"]:
                self._put_node(n["id"], n["kind"], n["props"])
            for r in state["rels"]:
                self._put_rel(r["id"], r["type"], r["src"], r["dst"], r["props"])
            self._revisions = state["revisions"]
        jpath = self.data_dir / JOURNAL
        if not jpath.exists():
            return
        replayed = 0
        with open(jpath, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                try:
                    entry = _loads(line)
                except json.JSONDecodeError:
                    log.warning("ignoring torn journal line %d (an unacknowledged write)", lineno)
                    continue
                if entry["seq"] <= self._seq:
                    continue
                if not self._replayable(entry, line):
                    continue
                self._apply(entry)
                self._seq = entry["seq"]
                replayed += 1
        if replayed:
            log.info("replayed %d journal entries from %s", replayed, jpath)

    def _replayable(self, entry: dict[str, Any], line: str) -> bool:
        """Whether a journal entry can be applied to the state replayed so far. One writer's journal
        always can; an entry that cannot (a second process wrote the folder, before the folder
        lock existed) is set aside in ``journal.rejected.jsonl`` with the reason, never applied in
        part: applying a relationship to a node that does not exist would create a node without
        a kind."""
        try:
            self._check(entry)
            return True
        except StoreError as exc:
            assert self.data_dir is not None
            log.error("journal entry %s cannot be replayed (%s); set aside in %s", entry.get("seq"), exc, REJECTED)
            aside = _dumps({"reason": str(exc), "entry": line.rstrip("\n")}) + "\n"
            path = self.data_dir / REJECTED
            if not path.exists() or aside not in path.read_text(encoding="utf-8"):  # once, not at every start
                with open(path, "a", encoding="utf-8") as fh:
                    fh.write(aside)
                    fh.flush()
                    os.fsync(fh.fileno())
            return False

    def checkpoint(self) -> None:
        """Write a snapshot of the whole state and empty the journal."""
        if self.data_dir is None:
            return
        with self._lock:
            state = {
                "seq": self._seq,
                "nodes": [
                    {"id": n, "kind": d["kind"], "props": d["props"]} for n, d in self.g.nodes(data=True)
                ],
                "rels": [
                    {"id": k, "type": d["type"], "src": u, "dst": v, "props": d["props"]}
                    for u, v, k, d in self.g.edges(keys=True, data=True)
                ],
                "revisions": self._revisions,
            }
            tmp = self.data_dir / (SNAPSHOT + ".tmp")
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
                fh.write(_dumps(state))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.data_dir / SNAPSHOT)
            dfd = os.open(self.data_dir, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
            if self._journal is not None:
                self._journal.close()
            fd = os.open(self.data_dir / JOURNAL, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            self._journal = open(fd, "w", encoding="utf-8")  # noqa: SIM115 - kept open, as above
            self._journal.flush()
            os.fsync(self._journal.fileno())

    # writes ---------------------------------------------------------------------------------------
    def _commit(self, entry: dict[str, Any]) -> WriteResult:
        """Apply an entry and make it durable before returning (write-ahead to the journal)."""
        with self._lock:
            self._check(entry)
            entry["seq"] = self._seq + 1
            if self._journal is not None:
                self._journal.write(_dumps(entry) + "\n")
                self._journal.flush()
                os.fsync(self._journal.fileno())
            result = self._apply(entry)
            self._seq = entry["seq"]
            return result

    def upsert_nodes(self, kind: str, rows: list[NodeWrite], now: datetime | None = None) -> WriteResult:
        node_kind(kind)
        entry = {
            "op": "nodes", "kind": kind, "now": now or utcnow(),
            "rows": [[r.id, r.props, r.hash] for r in rows],
        }
        return self._commit(entry)

    def upsert_rels(self, type_: str, rows: list[RelWrite], now: datetime | None = None) -> WriteResult:
        rel_kind(type_)
        entry = {
            "op": "rels", "type": type_, "now": now or utcnow(),
            "rows": [[r.id, r.src, r.dst, r.props, r.hash] for r in rows],
        }
        return self._commit(entry)

    def _check(self, entry: dict[str, Any]) -> None:
        """Refuse a whole write (nothing applied) that would break the graph's invariants."""
        if entry["op"] == "batch":  # write_changes: several kinds, compare-and-set (memory_records.py)
            return self._check_batch(entry)
        if entry["op"] == "nodes":
            for id_, _props, _h in entry["rows"]:
                if id_ in self.g and self.g.nodes[id_]["kind"] != entry["kind"]:
                    raise InvalidWrite(
                        f"id {id_!r} already belongs to a {self.g.nodes[id_]['kind']}, not a {entry['kind']}"
                    )
        else:
            spec = rel_kind(entry["type"])
            for id_, src, dst, _props, _h in entry["rows"]:
                for end, allowed in ((src, spec.sources), (dst, spec.targets)):
                    if end not in self.g:
                        raise InvalidWrite(f"relationship {id_!r}: node {end!r} does not exist")
                    if self.g.nodes[end]["kind"] not in allowed:
                        raise InvalidWrite(
                            f"relationship {id_!r}: node {end!r} is a {self.g.nodes[end]['kind']}, "
                            f"{entry['type']} needs {'/'.join(allowed)}"
                        )
                if id_ in self._rel_ends and self._rel_ends[id_] != (src, dst):
                    raise InvalidWrite(f"relationship {id_!r} already connects other nodes")

    def _apply(self, entry: dict[str, Any]) -> WriteResult:
        res = WriteResult()
        now = entry["now"]
        if entry["op"] == "nodes":
            for id_, props, h in entry["rows"]:
                cur = self.g.nodes[id_]["props"] if id_ in self.g else None
                status = self._version(id_, cur, props, h, now)
                if status == "created":
                    self._put_node(id_, entry["kind"], self._new_props(id_, props, h, now))
                elif status == "updated":
                    self.g.nodes[id_]["props"] = self._new_props(id_, props, h, now)
                setattr(res, status, getattr(res, status) + 1)
        elif entry["op"] == "rels":
            for id_, src, dst, props, h in entry["rows"]:
                cur = self.g.edges[src, dst, id_]["props"] if id_ in self._rel_ends else None
                status = self._version(id_, cur, props, h, now)
                if status == "created":
                    self._put_rel(id_, entry["type"], src, dst, self._new_props(id_, props, h, now))
                elif status == "updated":
                    self.g.edges[src, dst, id_]["props"] = self._new_props(id_, props, h, now)
                setattr(res, status, getattr(res, status) + 1)
        elif entry["op"] == "batch":
            for part in entry["parts"]:
                res += self._apply({**part, "now": now})
        else:  # pragma: no cover - journal written by this class only
            raise StoreFault(f"unknown journal op {entry['op']!r}")
        return res

    def _version(self, id_: str, cur: dict | None, props: dict, h: str, now: datetime) -> str:
        if cur is None:
            return "created"
        if cur.get("_hash") == h:
            return "unchanged"
        self._revisions.setdefault(id_, []).append(dict(cur))
        return "updated"

    @staticmethod
    def _new_props(id_: str, props: dict, h: str, now: datetime) -> dict[str, Any]:
        out = {k: v for k, v in props.items() if v is not None}
        out.update(id=id_, _hash=h, recorded_at=now)
        return out

    def _put_node(self, id_: str, kind: str, props: dict[str, Any]) -> None:
        self.g.add_node(id_, kind=kind, props=props)
        self._by_kind.setdefault(kind, set()).add(id_)

    def _put_rel(self, id_: str, type_: str, src: str, dst: str, props: dict[str, Any]) -> None:
        if src not in self.g or dst not in self.g:  # networkx would add the missing end without a kind
            raise StoreFault(f"relationship {id_!r}: node {src if src not in self.g else dst!r} does not exist")
        self.g.add_edge(src, dst, key=id_, type=type_, props=props)
        self._rel_ends[id_] = (src, dst)

    # reads ----------------------------------------------------------------------------------------
    def kinds_of(self, ids: Iterable[str]) -> dict[str, str]:
        with self._lock:
            return {i: self.g.nodes[i]["kind"] for i in ids if i in self.g}

    def _node(self, id_: str) -> StoredNode:
        d = self.g.nodes[id_]
        return StoredNode(id_, d["kind"], dict(d["props"]))

    def _rel(self, id_: str) -> StoredRel:
        src, dst = self._rel_ends[id_]
        d = self.g.edges[src, dst, id_]
        return StoredRel(id_, d["type"], src, dst, dict(d["props"]))

    def _as_of(self, id_: str, current: dict[str, Any], as_of: datetime | None) -> dict[str, Any] | None:
        return pick_version(current, self._revisions.get(id_, []), as_of)

    def get_node(self, id_: str, as_of: datetime | None = None) -> StoredNode | None:
        with self._lock:
            if id_ not in self.g:
                return None
            n = self._node(id_)
            props = self._as_of(id_, n.props, as_of)
            return None if props is None else StoredNode(id_, n.kind, props)

    def get_rel(self, id_: str, as_of: datetime | None = None) -> StoredRel | None:
        with self._lock:
            if id_ not in self._rel_ends:
                return None
            r = self._rel(id_)
            props = self._as_of(id_, r.props, as_of)
            return None if props is None else StoredRel(id_, r.type, r.src, r.dst, props)

    def history(self, id_: str) -> list[dict[str, Any]]:
        with self._lock:
            if id_ in self.g:
                cur = self.g.nodes[id_]["props"]
            elif id_ in self._rel_ends:
                cur = self._rel(id_).props
            else:
                return []
            return [dict(p) for p in self._revisions.get(id_, [])] + [dict(cur)]

    def search(self, kind: str | None, text: str, limit: int, after: str | None = None) -> list[StoredNode]:
        """Folded ``text`` in the folded name or other names (graph/stores/search_keys.py)."""
        if kind is not None:
            node_kind(kind)
        with self._lock:
            pool: Iterable[str] = self._by_kind.get(kind, ()) if kind is not None else self.g.nodes
            return [self._node(i) for i in matching_ids(self.g, pool, text, limit, after)]

    def neighbours(
        self,
        id_: str,
        *,
        depth: int = 1,
        node_kinds: list[str] | None = None,
        rel_types: list[str] | None = None,
        at: date | None = None,
        limit: int = 50,
        after: tuple[int, str] | None = None,
    ) -> list[Neighbour]:
        with self._lock:
            page = neighbour_page(self.g, id_, depth=depth, node_kinds=node_kinds, rel_types=rel_types,
                                  at=at, limit=limit, after=after)
            result = []
            for d, v, rel_id in page:
                via = self._rel(rel_id)
                result.append(Neighbour(self._node(v), d, via, "out" if via.dst == v else "in"))
            return result

    # domain reads: declared in graph/stores/reads.py, answered by graph/stores/memory/fact_reads.py
    def graph_view(self) -> GraphView:
        """The graph as the generic traversal reads it (the caller holds the lock)."""
        return GraphView(self.g, self._by_kind)

    def counts(self) -> dict[str, int]:
        with self._lock:
            out = {k: len(v) for k, v in self._by_kind.items() if v}
            for _, _, d in self.g.edges(data=True):
                out[d["type"]] = out.get(d["type"], 0) + 1
            return dict(sorted(out.items()))
