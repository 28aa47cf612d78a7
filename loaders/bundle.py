"""Loads a bundle folder into a store (``retrace load PATH``); format in ``docs/data-format.md``.

Steps:
1. Read and validate every node file (``nodes/<Kind>.csv|jsonl``) in schema order; a bad row is
   rejected (file, line, field, reason), a duplicate id too.
2. Ids that already exist in the store as another kind are rejected.
3. Write the good nodes in batches (idempotent upserts: a rerun changes nothing).
   Files are streamed in batches: memory holds one batch and the ids seen, never a whole file.
4. Read and validate every relationship file (``rels/<TYPE>.csv|jsonl``); a relationship whose
   endpoint was rejected, is missing, or is of a kind the type does not connect is rejected
   with that reason, so the graph stays consistent.
5. Write the good relationships in batches.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from graph.model import entities as m
from graph.model.schema import NODE_KINDS, REL_KINDS
from graph.stores.base import GraphStore, WriteResult, utcnow
from graph.stores.writes import node_write, rel_write
from loaders.reader import Reject, check_file, iter_rows, validate_row

__all__ = ["BundleError", "FileReport", "LoadReport", "bundle_files", "load_bundle"]

BATCH = 2000
SUFFIXES = (".jsonl", ".csv")


class BundleError(InvalidInput):
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

    # 1-3: nodes, streamed file by file in batches: validate, refuse ids of another kind, write.
    seen: dict[str, str] = {}  # id -> "file line N" of its first good row (ids only: small)
    rejected_ids: dict[str, str] = {}  # id -> where it was rejected
    bundle_kind: dict[str, str] = {}
    for kind, path in node_files:
        rel = path.relative_to(root).as_posix()
        fr = FileReport(rel, kind)
        report.files.append(fr)
        model = NODE_KINDS[kind].model
        if _file_refused(report, fr, check_file(path, rel, model)):
            continue

        def flush(batch: list[tuple[m.Node, int]], kind: str = kind, fr: FileReport = fr) -> None:
            existing = store.kinds_of([o.id for o, _ in batch])
            keep = []
            for obj, line in batch:
                if obj.id in existing and existing[obj.id] != kind:
                    _reject(report, fr, Reject(fr.file, line, "id", f"id {obj.id!r} already exists as a {existing[obj.id]}"))
                    rejected_ids[obj.id] = f"{fr.file} line {line}"
                    bundle_kind.pop(obj.id, None)
                else:
                    keep.append(obj)
            if keep:
                fr.written += store.upsert_nodes(kind, [node_write(o) for o in keep], now=now)
            bar(len(batch))
            if on_batch:
                on_batch(len(batch))

        batch: list[tuple[m.Node, int]] = []
        for row in iter_rows(path, rel, model):
            fr.read += 1
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
            batch.append((obj, row.line))
            if len(batch) >= batch_size:
                flush(batch)
                batch = []
        if batch:
            flush(batch)

    # 4-5: relationships, streamed the same way; endpoints checked against the bundle and the store.
    rel_seen: dict[str, str] = {}
    for type_, path in rel_files:
        rel = path.relative_to(root).as_posix()
        fr = FileReport(rel, type_)
        report.files.append(fr)
        spec = REL_KINDS[type_]
        if _file_refused(report, fr, check_file(path, rel, spec.model)):
            continue

        def flush_rels(batch: list[tuple[m.Rel, int]], spec: Any = spec, fr: FileReport = fr) -> None:
            unknown = {e for obj, _ in batch for e in (obj.src, obj.dst) if e not in bundle_kind}
            kinds = store.kinds_of(sorted(unknown)) if unknown else {}
            good = []
            for obj, line in batch:
                problem = _endpoint_problem(obj, spec, bundle_kind, kinds, rejected_ids)
                if problem:
                    _reject(report, fr, Reject(fr.file, line, problem[0], problem[1]))
                else:
                    good.append(obj)
            if good:
                fr.written += store.upsert_rels(spec.type, [rel_write(o) for o in good], now=now)
            bar(len(batch))
            if on_batch:
                on_batch(len(batch))

        batch_r: list[tuple[m.Rel, int]] = []
        for row in iter_rows(path, rel, spec.model):
            fr.read += 1
            rel_obj = validate_row(row, spec.model, defaults)
            if isinstance(rel_obj, Reject):
                _reject(report, fr, rel_obj)
                continue
            if rel_obj.id in rel_seen:
                _reject(report, fr, Reject(rel, row.line, "id",
                                           f"duplicate id {rel_obj.id!r}, first at {rel_seen[rel_obj.id]}"))
                continue
            rel_seen[rel_obj.id] = f"{rel} line {row.line}"
            batch_r.append((rel_obj, row.line))
            if len(batch_r) >= batch_size:
                flush_rels(batch_r)
                batch_r = []
        if batch_r:
            flush_rels(batch_r)
    bar(0, close=True)
    report.rejects.sort(key=lambda r: (r.file, r.line))
    return report


def _endpoint_problem(
    obj: m.Rel, spec: Any, bundle: dict[str, str], stored: dict[str, str], rejected: dict[str, str]
) -> tuple[str, str] | None:
    for fld, end, allowed in (("src", obj.src, spec.sources), ("dst", obj.dst, spec.targets)):
        kind = bundle.get(end) or stored.get(end)
        if kind is None and end in rejected:
            return fld, f"{fld} {end!r} was rejected ({rejected[end]})"
        if kind is None:
            return fld, f"{fld} {end!r} does not exist"
        if kind not in allowed:
            return fld, f"{fld} {end!r} is a {kind}; {spec.type} needs {' or '.join(allowed)}"
    return None


def _reject(report: LoadReport, fr: FileReport, r: Reject) -> None:
    report.rejects.append(r)
    fr.rejected += 1


def _file_refused(report: LoadReport, fr: FileReport, problem: Reject | None) -> bool:
    if problem is None:
        return False
    _reject(report, fr, Reject(problem.file, problem.line, problem.field, f"whole file rejected: {problem.reason}"))
    return True


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
