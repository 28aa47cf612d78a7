"""Statistics for supervision (issue 11): dishonesty records listed and counted by government (with
its subordinates and their departments), department, source kind, severity, status and period of
decision, paged by id with a cursor, and as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, datetime
from typing import Any

from graph.errors import InvalidRequest, NotFoundError
from graph.evaluation.population import Structure, load, record_unit
from graph.facts.rules import today_cst
from graph.model.enums import RecordSourceKind, RecordStatus, Severity
from graph.stores.base import GraphStore, decode_cursor, encode_cursor

__all__ = ["CSV_COLUMNS", "list_records", "records_csv"]

CSV_COLUMNS = ["id", "name", "source_kind", "source_kind_label", "severity", "severity_label", "status",
               "status_label", "act_date", "decided_on", "unit_id", "unit_name", "government_id", "government_name",
               "document"]


def _check(enum_cls, value: str | None, what: str) -> None:
    if value is not None and value not in {e.value for e in enum_cls}:
        raise InvalidRequest(f"{what} must be one of {[e.value for e in enum_cls]}")


def _rows(store: GraphStore, *, government: str | None, department: str | None, kind: str | None,
          severity: str | None, status: str | None, date_from: date | None, date_to: date | None,
          as_of: date | datetime | None) -> tuple[list[dict[str, Any]], Any]:
    _check(RecordSourceKind, kind, "kind")
    _check(Severity, severity, "severity")
    _check(RecordStatus, status, "status")
    if date_from and date_to and date_to < date_from:
        raise InvalidRequest("'to' is before 'from'")
    g, when = load(store, as_of)
    s = Structure(g, date_to or today_cst())
    keep: set[str] | None = None
    if government is not None:
        if government not in g.nodes or g.kind(government) != "Government":
            raise NotFoundError(f"no government with id {government!r}")
        keep = {u for gv in s.subtree(government) for u in s.scope(gv)}
    if department is not None:
        if department not in g.nodes or g.kind(department) != "Department":
            raise NotFoundError(f"no department with id {department!r}")
        keep = {department} if keep is None else keep & {department}
    out = []
    for rid, n in sorted(g.nodes.items()):
        p = n.props
        if n.kind != "DishonestyRecord":
            continue
        if (kind and p.get("source_kind") != kind) or (severity and p.get("severity") != severity) or (
                status and p.get("status") != status):
            continue
        d = p.get("decided_on")
        if (date_from and (d is None or d < date_from)) or (date_to and (d is None or d > date_to)):
            continue
        unit = record_unit(g, rid, d)
        if keep is not None and unit not in keep:
            continue
        gov = s.government_of(unit) if unit else None
        out.append({
            "id": rid, "name": p.get("name"), "source_kind": p.get("source_kind"),
            "source_kind_label": RecordSourceKind(p["source_kind"]).label, "severity": p.get("severity"),
            "severity_label": Severity(p["severity"]).label, "status": p.get("status"),
            "status_label": RecordStatus(p["status"]).label, "act_date": p.get("act_date"), "decided_on": d,
            "unit_id": unit, "unit_name": g.name(unit) if unit else None,
            "government_id": gov, "government_name": g.name(gov) if gov else None,
            "document": p.get("source_document"),
        })
    return out, when


def list_records(store: GraphStore, *, government: str | None = None, department: str | None = None,
                 kind: str | None = None, severity: str | None = None, status: str | None = None,
                 date_from: date | None = None, date_to: date | None = None, as_of: date | datetime | None = None,
                 limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
    if not 1 <= limit <= 1000:
        raise InvalidRequest("limit must be 1..1000")
    rows, when = _rows(store, government=government, department=department, kind=kind, severity=severity,
                       status=status, date_from=date_from, date_to=date_to, as_of=as_of)
    counts = {
        "total": len(rows),
        "by_kind": dict(sorted(Counter(r["source_kind"] for r in rows).items())),
        "by_severity": dict(sorted(Counter(r["severity"] for r in rows).items())),
        "by_status": dict(sorted(Counter(r["status"] for r in rows).items())),
        "by_government": dict(sorted(Counter(r["government_id"] or "" for r in rows).items())),
    }
    after = None
    if cursor:
        try:
            (after,) = decode_cursor(cursor)
        except (ValueError, TypeError):
            raise InvalidRequest("cursor is not valid; use the next_cursor of the previous page") from None
    page_src = [r for r in rows if after is None or r["id"] > str(after)]
    page = page_src[:limit]
    nxt = encode_cursor(page[-1]["id"]) if len(page_src) > limit else None
    return {"filters": {"government": government, "department": department, "kind": kind, "severity": severity,
                        "status": status, "from": date_from, "to": date_to}, "as_of": when,
            "counts": counts, "items": page, "next_cursor": nxt}


def records_csv(store: GraphStore, **filters: Any) -> str:
    """Every matching record as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    rows, _ = _rows(store, **{k: filters.get(k) for k in ("government", "department", "kind", "severity", "status",
                                                          "date_from", "date_to", "as_of")})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r[k] is None else r[k]) for k in CSV_COLUMNS})
    return "\ufeff" + buf.getvalue()
