"""Published dishonesty records for credit platforms, incrementally by record time (issue 12).

An increment is every published record whose current version was recorded in (``since``,
``until``]: new records, and records corrected, revoked or otherwise changed since the last
increment, each once, in its current version, with its ``operation`` and ``version``. The
receiver keeps ``manifest.next_since`` and asks for the next increment from there. The catalogue
(fields, code lists) and the manifest are documented in docs/exchange.md.

Content hash: SHA-256 over the records' canonical JSON lines (each record as
``json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` plus ``"\\n"``,
UTF-8, in the order sent); the CSV rendering has its own hash over its exact bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graph.errors import InvalidRequest
from graph.model.enums import Dimension, RecordSourceKind, RecordStatus, Severity
from graph.model.schema import NODE_KINDS
from graph.stores.base import GraphStore, utcnow

__all__ = ["CATALOGUE", "CODE_LISTS", "FIELDS", "Increment", "canonical_line", "increment", "verify"]

CATALOGUE = "retrace.dishonesty-records/1"
PAGE = 2000
#: a write is stamped with its record time before it commits: an increment ends this long before
#: "now" so that a write still committing is not skipped (it lands in the next increment)
SETTLE = timedelta(seconds=5)

#: the catalogue's fields, in order (CSV columns); see docs/exchange.md
FIELDS = [
    "record_id", "operation", "version", "recorded_at", "name", "source_kind", "source_kind_zh",
    "severity", "severity_zh", "dimension", "dimension_zh", "status", "status_zh", "act_date", "decided_on",
    "published_on", "publicity_until", "corrected_on", "revoked_on", "change", "subject_id", "subject_kind",
    "subject_kind_zh", "subject_name", "evidence_ids", "source_document", "source_authority",
]
OPERATIONS = {"new": "新增", "corrected": "更正", "revoked": "撤销", "updated": "变更"}
CODE_LISTS: dict[str, dict[str, str]] = {
    "operation": OPERATIONS,
    "source_kind": RecordSourceKind.labels(),
    "severity": Severity.labels(),
    "dimension": Dimension.labels(),
    "status": RecordStatus.labels(),
    "subject_kind": {k: NODE_KINDS[k].label_zh for k in ("Government", "Department", "Official", "Project", "Contract")},
}


def _iso(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(v, date):
        return v.isoformat()
    return v


def operation(rec: dict[str, Any], version: int) -> str:
    if rec.get("status") == RecordStatus.revoked.value:
        return "revoked"
    if version == 1:
        return "new"
    if rec.get("corrected_on") is not None and str(rec.get("change", "")).startswith("corrected"):
        return "corrected"
    return "updated"


def catalogue_record(row: dict[str, Any], version: int) -> dict[str, Any]:
    r = row["record"]
    s = row["subject"] or {}
    zh = lambda name, v: CODE_LISTS[name].get(v) if v is not None else None  # noqa: E731
    out = {
        "record_id": r["id"], "operation": operation(r, version), "version": version,
        "recorded_at": _iso(r["recorded_at"]), "name": r.get("name"),
        "source_kind": r.get("source_kind"), "source_kind_zh": zh("source_kind", r.get("source_kind")),
        "severity": r.get("severity"), "severity_zh": zh("severity", r.get("severity")),
        "dimension": r.get("dimension"), "dimension_zh": zh("dimension", r.get("dimension")),
        "status": r.get("status"), "status_zh": zh("status", r.get("status")),
        "act_date": _iso(r.get("act_date")), "decided_on": _iso(r.get("decided_on")),
        "published_on": _iso(r.get("published_on") or r.get("decided_on")),
        "publicity_until": _iso(r.get("publicity_until")),
        "corrected_on": _iso(r.get("corrected_on")), "revoked_on": _iso(r.get("revoked_on")),
        "change": r.get("change"),
        "subject_id": s.get("id"), "subject_kind": s.get("kind"),
        "subject_kind_zh": zh("subject_kind", s.get("kind")), "subject_name": s.get("name"),
        "evidence_ids": list(row.get("evidence") or []),
        "source_document": r.get("source_document"), "source_authority": r.get("source_authority"),
    }
    return out


def canonical_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def csv_line(record: dict[str, Any]) -> str:
    out = io.StringIO()
    row = []
    for f in FIELDS:
        v = record.get(f)
        row.append(";".join(v) if isinstance(v, list) else ("" if v is None else v))
    csv.writer(out).writerow(row)
    return out.getvalue()


def csv_header() -> str:
    out = io.StringIO()
    csv.writer(out).writerow(FIELDS)
    return out.getvalue()


@dataclass
class Increment:
    """An increment being produced: iterate :meth:`records` (once), then read :meth:`manifest`."""

    store: GraphStore
    since: datetime | None
    until: datetime
    counts: dict[str, int] = field(default_factory=lambda: {k: 0 for k in OPERATIONS})
    _json = None
    _csv = None
    _first: str | None = None
    _last: str | None = None
    _done: bool = False

    def records(self) -> Iterator[dict[str, Any]]:
        self._json, self._csv = hashlib.sha256(), hashlib.sha256()
        self._csv.update(csv_header().encode("utf-8"))
        after = None
        while True:
            rows = self.store.record_changes(since=self.since, until=self.until, limit=PAGE, after=after)
            if not rows:
                break
            after = (rows[-1]["record"]["recorded_at"], rows[-1]["record"]["id"])
            sent = [r for r in rows if r["record"].get("published", True) is not False]
            revs = self.store.revisions_of([r["record"]["id"] for r in sent]) if sent else {}
            for r in sent:
                rec = catalogue_record(r, len(revs.get(r["record"]["id"], [])) + 1)
                self.counts[rec["operation"]] += 1
                self._json.update(canonical_line(rec).encode("utf-8"))
                self._csv.update(csv_line(rec).encode("utf-8"))
                self._first = self._first or rec["recorded_at"]
                self._last = rec["recorded_at"]
                yield rec
            if len(rows) < PAGE:
                break
        self._done = True

    def csv_chunks(self) -> Iterator[str]:
        yield csv_header()
        buf = []
        for j, rec in enumerate(self.records()):
            buf.append(csv_line(rec))
            if j % 500 == 499:
                yield "".join(buf)
                buf = []
        yield "".join(buf)

    def json_chunks(self) -> Iterator[str]:
        """``{"catalogue", "since", "until", "records": [...], "manifest": {...}}``, streamed."""
        yield json.dumps({"catalogue": CATALOGUE, "since": _iso(self.since), "until": _iso(self.until)},
                         ensure_ascii=False)[:-1] + ', "records": ['
        buf = []
        for j, rec in enumerate(self.records()):
            buf.append(("," if j else "") + json.dumps(rec, ensure_ascii=False))
            if j % 500 == 499:
                yield "".join(buf)
                buf = []
        buf.append('], "manifest": ' + json.dumps(self.manifest(), ensure_ascii=False) + "}")
        yield "".join(buf)

    def manifest(self) -> dict[str, Any]:
        if not self._done or self._json is None or self._csv is None:
            raise RuntimeError("the manifest is known once every record has been produced")
        return {
            "catalogue": CATALOGUE, "since": _iso(self.since), "until": _iso(self.until),
            "next_since": _iso(self.until), "count": sum(self.counts.values()), "counts": dict(self.counts),
            "first_recorded_at": self._first, "last_recorded_at": self._last,
            "sha256_records_jsonl": self._json.hexdigest(), "sha256_records_csv": self._csv.hexdigest(),
            "hash_rule": "SHA-256 of the records' canonical JSON lines (sorted keys, no spaces, UTF-8, "
                         "one per line, in order); the CSV hash covers the CSV bytes exactly as sent",
        }


def increment(store: GraphStore, since: datetime | None, until: datetime | None = None) -> Increment:
    """The increment after ``since`` (None: everything) up to ``until`` (default and latest: now - SETTLE)."""
    latest = utcnow() - SETTLE
    until = until or latest
    if (since is not None and since.tzinfo is None) or until.tzinfo is None:
        raise InvalidRequest("since and until need a time zone (e.g. 2026-01-01T00:00:00Z)")
    if until > latest:  # a later write could still be stamped inside the window: it would be lost
        raise InvalidRequest(f"until may be at most now minus {SETTLE.total_seconds():g} s")
    if since is not None and until <= since:
        raise InvalidRequest("until must be after since")
    return Increment(store, since, until)


def verify(records: list[dict[str, Any]], manifest: dict[str, Any]) -> list[str]:
    """What a receiver checks: the count per operation and the content hash; problems, or []."""
    problems = []
    if len(records) != manifest["count"]:
        problems.append(f"count {len(records)} != manifest {manifest['count']}")
    counts = {k: 0 for k in OPERATIONS}
    for r in records:
        counts[r["operation"]] = counts.get(r["operation"], 0) + 1
    if counts != manifest["counts"]:
        problems.append(f"counts {counts} != manifest {manifest['counts']}")
    h = hashlib.sha256("".join(canonical_line(r) for r in records).encode("utf-8")).hexdigest()
    if h != manifest["sha256_records_jsonl"]:
        problems.append("content hash differs")
    return problems
