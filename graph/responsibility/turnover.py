"""Turnover breaches (换届/责任人更替后毁约): contracts and commitments broken within N days after a
change of holder of a watched post — the signatory's post, a post responsible for the project
stage or commitment, the post held by the promising official, or the government's principal post.

The store lists candidates (:meth:`graph.stores.base.GraphStore.turnover_candidates`: broken items
with their watched posts and the tenures of those posts; the Neo4j store prunes in Cypher to posts
with some change in the window and to tenures overlapping the period, the embedded store does
not); this module applies the rule, whichever store answered:

* the reference date S is the signing (contracts) or the promise (commitments), the breach B;
  the tenures that count are those overlapping S..B;
* the change day X is the latest start, after S, of a tenure of those holding the post on B
  (the successor took office); when nobody new holds it on B, the day after the latest tenure
  that ended between S and B (the post fell vacant); only B - X <= N days counts;
* predecessors are the holders on S (for the signatory's post: the official who signed),
  successors the holders on B (none: vacant); no change of person, no finding.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from graph.errors import InvalidRequest, NotFoundError
from graph.model.enums import ProjectKind
from graph.model.temporal import Coverage, coverage, overlaps
from graph.stores.base import GraphStore, decode_cursor, encode_cursor

__all__ = ["MAX_DAYS", "MAX_LIMIT", "ROLE_ZH", "check_query", "turnover_breaches"]

ROLE_ZH = {
    "signatory": "签约人岗位",
    "responsible": "责任岗位",
    "promiser": "承诺人岗位",
    "principal": "政府主要负责人",
}
KIND_ZH = {"Contract": ("合同", "毁约"), "Commitment": ("承诺", "失信")}


def _holders(tenures: list[dict[str, Any]], day: date) -> list[dict[str, Any]]:
    """Who held the post on ``day`` (``tenures`` sorted by start, then id)."""
    out = []
    for t in tenures:
        c = coverage(t["props"], day)
        if c is not Coverage.no:
            out.append({"id": t["official"], "name": t["name"], "acting": bool(t["props"].get("acting")),
                        "certain": c is Coverage.yes, "tenure": t["props"]["id"]})
    return out


def _change_date(tenures: list[dict[str, Any]], s: date, b: date) -> date | None:
    starts = [t["props"]["valid_from"] for t in tenures
              if coverage(t["props"], b) is not Coverage.no
              and t["props"].get("valid_from") is not None and t["props"]["valid_from"] > s]
    if starts:
        return max(starts)
    ends = [t["props"]["valid_to"] + timedelta(days=1) for t in tenures
            if t["props"].get("valid_to") is not None and s <= t["props"]["valid_to"] < b]
    return max(ends) if ends else None


def _finding(row: dict[str, Any], days: int) -> dict[str, Any] | None:
    s, b = row["start"], row["broken"]
    row["tenures"] = [t for t in row["tenures"] if overlaps(t["props"], s, b)]
    x = _change_date(row["tenures"], s, b)
    if x is None or (b - x).days > days:
        return None
    tenures = sorted(row["tenures"], key=lambda t: (t["props"].get("valid_from") or date.min, t["props"]["id"]))
    if row["role"] == "signatory" and row["promiser"]:
        before = [{"id": row["promiser"], "name": row["promiser_name"], "signed": True}]
    else:
        before = _holders(tenures, s)
    after = _holders(tenures, b)
    if {h["id"] for h in before} == {h["id"] for h in after}:
        return None
    return {
        "post": {"id": row["post"], "name": row["post_name"]},
        "role": row["role"], "role_label": ROLE_ZH[row["role"]],
        "change_date": x, "days_between": (b - x).days,
        "predecessors": before, "successors": after,
        "_row": row,  # evidence is built for the returned page only
    }


def _evidence(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The tenures of the post that overlap [S, B], each with its dates and source."""
    return sorted(
        ({"id": t["props"]["id"], "official": t["official"], "valid_from": t["props"].get("valid_from"),
          "valid_to": t["props"].get("valid_to"), "acting": bool(t["props"].get("acting")),
          "source": {k[7:]: v for k, v in t["props"].items() if k.startswith("source_") and v is not None}}
         for t in row["tenures"]), key=lambda t: (t["valid_from"] or date.min, t["id"]))


def _names(people: list[dict[str, Any]]) -> str:
    return "、".join(p["name"] + ("（代理）" if p.get("acting") else "") for p in people) or "空缺"


def _summary(item: dict[str, Any]) -> str:
    noun, verb = KIND_ZH[item["kind"]]
    parts = [
        f"{f['role_label']}{f['post']['name']}于{f['change_date'].isoformat()}由{_names(f['predecessors'])}"
        f"更替为{_names(f['successors'])}，{f['days_between']}天后{verb}"
        for f in item["changes"]
    ]
    start = "签约" if item["kind"] == "Contract" else "承诺"
    return (f"{noun}“{item['name']}”{item['start_date'].isoformat()}{start}，{item['broken_on'].isoformat()}{verb}："
            + "；".join(parts) + "。")


MAX_DAYS = 3650
MAX_LIMIT = 1000


def check_query(days: int, kind: str | None, date_from: date | None, date_to: date | None,
                limit: int) -> str | None:
    """The parameters' one check, for the API (422) and the CLI (exit 1) alike; the project kind
    as its value. ``kind`` is the kind of the project: contracts and commitments both come back."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidRequest(f"days: must be between 1 and {MAX_DAYS}, got {days}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest(f"limit: must be between 1 and {MAX_LIMIT}, got {limit}")
    if date_from and date_to and date_to < date_from:
        raise InvalidRequest("'to' is before 'from'")
    return None if kind is None else ProjectKind.parse(kind, "kind (the project kind)").value


def turnover_breaches(
    store: GraphStore,
    *,
    days: int,
    government: str | None = None,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> dict[str, Any]:
    kind = check_query(days, kind, date_from, date_to, limit)
    governments = None
    if government is not None:
        subs = store.subordinate_governments(government)
        if subs is None:
            raise NotFoundError(f"no government with id {government!r}")
        governments = [government, *subs]
    rows = store.turnover_candidates(days=days, governments=governments, kind=kind,
                                     date_from=date_from, date_to=date_to)
    items: dict[str, dict[str, Any]] = {}
    changes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        f = _finding(row, days)
        if f is None:
            continue
        changes[row["id"]].append(f)
        items.setdefault(row["id"], {
            "id": row["id"], "kind": row["kind"], "name": row["name"],
            "start_date": row["start"], "broken_on": row["broken"],
            "project": {"id": row["project"], "kind": row["project_kind"]} if row["project"] else None,
            "government": {"id": row["government"], "name": row["government_name"]} if row["government"] else None,
            "promiser": {"id": row["promiser"], "name": row["promiser_name"]} if row["promiser"] else None,
        })
    found = []
    for id_, item in items.items():
        item["changes"] = sorted(changes[id_], key=lambda f: (f["days_between"], f["role"], f["post"]["id"]))
        item["min_days"] = item["changes"][0]["days_between"]
        found.append(item)
    found.sort(key=lambda i: (i["broken_on"], i["id"]))
    total = len(found)
    if cursor:
        try:
            b, i = decode_cursor(cursor)
            after = (date.fromisoformat(b), str(i))
        except (ValueError, TypeError):
            raise InvalidRequest("cursor is not valid; use the next_cursor of the previous page") from None
        found = [x for x in found if (x["broken_on"], x["id"]) > after]
    page = found[:limit]
    for item in page:
        for f in item["changes"]:
            f["tenures"] = _evidence(f.pop("_row"))
        item["summary"] = _summary(item)
    nxt = encode_cursor(page[-1]["broken_on"].isoformat(), page[-1]["id"]) if len(found) > limit else None
    return {
        "days": days, "government": government, "kind": kind, "from": date_from, "to": date_to,
        "total": total, "items": page, "next_cursor": nxt,
    }
