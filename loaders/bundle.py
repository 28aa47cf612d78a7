"""Loads a bundle folder into a store (``retrace load PATH``); format in ``docs/data-format.md``.

Steps:
1. Read and validate every node file (``nodes/<Kind>.csv|jsonl``) in schema order; a bad row is
   rejected (file, line, field, reason), a duplicate id too.
2. Ids that already exist in the store as another kind are rejected.
3. Write the good nodes in batches (idempotent upserts: a rerun changes nothing).
4. Read and validate every relationship file (``rels/<TYPE>.csv|jsonl``); a relationship whose
   endpoint was rejected, is missing, or is of a kind the type does not connect is rejected
   with that reason, so the graph stays consistent.
5. Write the good relationships in batches.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from graph import model as m
from graph.schema import NODE_KINDS, REL_KINDS
from graph.store import GraphStore, WriteResult, utcnow
from graph.writes import node_write, rel_write
from loaders.reader import Reject, read_rows, validate_row

__all__ = ["LoadReport", "FileReport", "load_bundle", "bundle_files", "BundleError"]

BATCH = 2000
SUFFIXES = (".jsonl", ".csv")


class BundleError(Exception):
    """The folder is not a bundle at all (the load does not start)."""


@dataclass
class FileReport:
    file: str
    kind: str
    read: int = 0
    written: WriteResult = field(default_factory=WriteResult)
    rejected: int = 0


@dataclass
class LoadReport:
    files: list[FileReport] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejects

    def totals(self) -> dict[str, int]:
        w = WriteResult()
        for f in self.files:
            w += f.written
        return {
            "read": sum(f.read for f in self.files),
            "created": w.created,
            "updated": w.updated,
            "unchanged": w.unchanged,
            "rejected": len(self.rejects),
        }

    def write_rejects_csv(self, path: Path) -> None:
        import csv

        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "line", "field", "reason"])
            for r in self.rejects:
                w.writerow([r.file, r.line, r.field, r.reason])


def bundle_files(root: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]], list[str]]:
    """(node files, relationship files, problems) of a bundle folder, in load order."""
    problems: list[str] = []
    found: dict[str, list[tuple[str, Path]]] = {"nodes": [], "rels": []}
    for sub, known in (("nodes", NODE_KINDS), ("rels", REL_KINDS)):
        folder = root / sub
        if not folder.is_dir():
            continue
        for p in sorted(folder.iterdir()):
            if p.name.startswith("."):
                continue
            if p.suffix not in SUFFIXES:
                problems.append(f"{sub}/{p.name}: not a .csv or .jsonl file")
            elif p.stem not in known:
                problems.append(f"{sub}/{p.name}: unknown kind {p.stem!r}; known: {', '.join(known)}")
            else:
                found[sub].append((p.stem, p))
    order_n = list(NODE_KINDS)
    order_r = list(REL_KINDS)
    found["nodes"].sort(key=lambda kp: (order_n.index(kp[0]), kp[1].name))
    found["rels"].sort(key=lambda kp: (order_r.index(kp[0]), kp[1].name))
    return found["nodes"], found["rels"], problems


def _batches(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def load_bundle(
    store: GraphStore,
    root: str | Path,
    *,
    progress: bool | None = None,
    batch_size: int = BATCH,
    on_batch: Callable[[int], None] | None = None,
) -> LoadReport:
    root = Path(root)
    if not root.is_dir():
        raise BundleError(f"{root}: not a folder")
    node_files, rel_files, problems = bundle_files(root)
    if not node_files and not rel_files:
        raise BundleError(f"{root}: no nodes/*.csv|jsonl or rels/*.csv|jsonl files")
    manifest = _manifest(root)
    defaults = {k: v for k, v in (manifest.get("source") or {}).items() if k in ("document", "authority", "url")}
    report = LoadReport()
    report.rejects.extend(Reject(p.split(":", 1)[0], 0, "-", p.split(": ", 1)[1]) for p in problems)
    now = utcnow()
    bar = _progress(progress)

    # 1-3: nodes ---------------------------------------------------------------------------------
    seen: dict[str, str] = {}  # id -> "file:line" of its first good row
    rejected_ids: dict[str, str] = {}  # id -> where it was rejected
    bundle_kind: dict[str, str] = {}
    pending: list[tuple[FileReport, str, list[tuple[m.Node, Any]]]] = []
    for kind, path in node_files:
        rel = path.relative_to(root).as_posix()
        fr = FileReport(rel, kind)
        report.files.append(fr)
        model = NODE_KINDS[kind].model
        rows, file_rejects = read_rows(path, rel, model)
        _file_level(report, fr, file_rejects)
        fr.read = len(rows)
        good: list[tuple[m.Node, Any]] = []
        for row in rows:
            obj = validate_row(row, model, defaults)
            if isinstance(obj, Reject):
                _reject(report, fr, obj)
                rid = row.data.get("id")
                if isinstance(rid, str):
                    rejected_ids.setdefault(rid, f"{rel} line {row.line}")
                continue
            if obj.id in seen:
                _reject(report, fr, Reject(rel, row.line, "id", f"duplicate id {obj.id!r}, first at {seen[obj.id]}"))
                continue
            seen[obj.id] = f"{rel} line {row.line}"
            bundle_kind[obj.id] = kind
            good.append((obj, row))
        pending.append((fr, kind, good))

    existing = {}
    for chunk in _batches(list(seen), 20000):
        existing.update(store.kinds_of(chunk))
    for fr, kind, good in pending:
        keep = []
        for obj, row in good:
            if obj.id in existing and existing[obj.id] != kind:
                _reject(report, fr, Reject(fr.file, row.line, "id",
                                           f"id {obj.id!r} already exists as a {existing[obj.id]}"))
                rejected_ids[obj.id] = f"{fr.file} line {row.line}"
                bundle_kind.pop(obj.id)
                continue
            keep.append(obj)
        for chunk in _batches(keep, batch_size):
            fr.written += store.upsert_nodes(kind, [node_write(o) for o in chunk], now=now)
            bar(len(chunk))
            if on_batch:
                on_batch(len(chunk))

    # 4-5: relationships -------------------------------------------------------------------------
    rel_seen: dict[str, str] = {}
    for type_, path in rel_files:
        rel = path.relative_to(root).as_posix()
        fr = FileReport(rel, type_)
        report.files.append(fr)
        spec = REL_KINDS[type_]
        rows, file_rejects = read_rows(path, rel, spec.model)
        _file_level(report, fr, file_rejects)
        fr.read = len(rows)
        valid: list[tuple[m.Rel, Any]] = []
        for row in rows:
            obj = validate_row(row, spec.model, defaults)
            if isinstance(obj, Reject):
                _reject(report, fr, obj)
                continue
            if obj.id in rel_seen:
                _reject(report, fr, Reject(rel, row.line, "id", f"duplicate id {obj.id!r}, first at {rel_seen[obj.id]}"))
                continue
            rel_seen[obj.id] = f"{rel} line {row.line}"
            valid.append((obj, row))
        unknown = {e for obj, _ in valid for e in (obj.src, obj.dst) if e not in bundle_kind}
        kinds = dict(bundle_kind)
        for chunk in _batches(sorted(unknown), 20000):
            kinds.update(store.kinds_of(chunk))
        good_rels = []
        for obj, row in valid:
            problem = _endpoint_problem(obj, spec, kinds, rejected_ids)
            if problem:
                _reject(report, fr, Reject(rel, row.line, problem[0], problem[1]))
            else:
                good_rels.append(obj)
        for chunk in _batches(good_rels, batch_size):
            fr.written += store.upsert_rels(type_, [rel_write(o) for o in chunk], now=now)
            bar(len(chunk))
            if on_batch:
                on_batch(len(chunk))
    bar(0, close=True)
    report.rejects.sort(key=lambda r: (r.file, r.line))
    return report


def _endpoint_problem(obj: m.Rel, spec: Any, kinds: dict[str, str], rejected: dict[str, str]) -> tuple[str, str] | None:
    for fld, end, allowed in (("src", obj.src, spec.sources), ("dst", obj.dst, spec.targets)):
        if end in rejected and end not in kinds:
            return fld, f"{fld} {end!r} was rejected ({rejected[end]})"
        if end not in kinds:
            return fld, f"{fld} {end!r} does not exist"
        if kinds[end] not in allowed:
            return fld, f"{fld} {end!r} is a {kinds[end]}; {spec.type} needs {' or '.join(allowed)}"
    return None


def _reject(report: LoadReport, fr: FileReport, r: Reject) -> None:
    report.rejects.append(r)
    fr.rejected += 1


def _file_level(report: LoadReport, fr: FileReport, rejects: list[Reject]) -> None:
    for r in rejects:
        _reject(report, fr, Reject(r.file, r.line, r.field, f"whole file rejected: {r.reason}"))


def _manifest(root: Path) -> dict[str, Any]:
    p = root / "manifest.json"
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError(f"{p}: not a UTF-8 JSON manifest: {exc}") from None
    if not isinstance(data, dict):
        raise BundleError(f"{p}: the manifest must be a JSON object")
    return data


def _progress(enabled: bool | None) -> Callable[..., None]:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return lambda n, close=False: None
    from tqdm import tqdm

    bar = tqdm(unit=" rows", desc="loading", file=sys.stderr)

    def update(n: int, close: bool = False) -> None:
        if close:
            bar.close()
        else:
            bar.update(n)

    return update
