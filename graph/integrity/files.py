"""Integrity files (诚信档案, 一人一档) of officials, integrity consequences for governments and
departments, and the coverage report.

An official's file (000 #6): the records about the official directly and those attributed by
propagation (惩戒到人, with how they arrived), each in one of the five dimensions — clean-government
廉洁, law-abiding 守法, duty performance 履职, tax 纳税, public morality 公德 (the record's own
dimension, else the policy's ``scoring.dimension_of`` its source kind). A record is *in effect*
from its decision date to the end of its publicity period (a waived repair ends it on the repair
date); a revoked record is listed, not counted.

* score per dimension = ``base`` − Σ points(severity) × effective weight over the records in effect
  on the day (direct records weigh 1; a lightened repair multiplies by ``lighten_factor``, a waived
  one by 0), never below 0; overall = the mean of the five;
* this year's eligibility (000 #8, 003, 004, 001): a record in effect during the year — direct, or
  attributed with weight >= ``sanctions.attributed_min_weight`` — blocks the "excellent" annual
  rating and honours, unless its sanctions were waived by a repair (a lightened repair lifts what
  ``repair.lighten_lifts`` names); promotion is blocked while a record of a kind in
  ``promotion_block_kinds`` (an unperformed court ruling, 001) stands and its judgment is not
  performed on the day.

A government's or department's consequences (000 #8, 001, 002): for each record in effect during
the year a written explanation and rectification by a deadline (decision date +
``rectification_days``), public criticism from ``public_criticism_min_severity``, no honours this
year, and the principal leader held accountable (the attributions of role ``unit_principal``);
trustworthy units with no record for ``incentive_clean_years`` get priority in honours (003).

"As known on date D" (``as_of``) reads every record and attribution in the version recorded by the
end of that day; the day the rules look at is D too unless ``on`` says otherwise.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from graph.errors import NotFoundError
from graph.facts.as_of import day_of, end_of_day, subgraph_as_of
from graph.facts.local import LocalGraph
from graph.facts.rules import government_links, holders_on, principal_posts, today_cst, valid_rels
from graph.model.enums import AttributionRole, Dimension, RecordStatus, SanctionEffect
from graph.model.policy import Policy, PolicySet, default_policies
from graph.model.temporal import Coverage, add_months, overlaps, valid_on
from graph.records.propagation import explain_routes
from graph.records.publicity import window
from graph.records.register import record_fields
from graph.stores.base import GraphStore, StoredNode, StoredRel

__all__ = ["DIMENSIONS", "coverage", "official_file", "unit_file"]

DIMENSIONS = [d.value for d in Dimension]
_SEVERITY_RANK = {"light": 0, "general": 1, "serious": 2}


def _impact(p: dict[str, Any], policy: Policy) -> tuple[date | None, date | None]:
    start, until = window(p, policy)
    start = p.get("decided_on") or start
    if p.get("status") == RecordStatus.repaired.value and p.get("sanction_effect") == SanctionEffect.waive.value:
        until = p.get("repaired_on") or until
    return start, until


def _repaired_by(p: dict[str, Any], day: date | None) -> bool:
    """Repaired, and by ``day``: a repair decided later does not change an answer for an earlier day
    (issue 11: a repair of 2026-09-15 changed the score shown for 2026-03-01)."""
    return p.get("status") == RecordStatus.repaired.value and (
        day is None or p.get("repaired_on") is None or p["repaired_on"] <= day)


def _factor(p: dict[str, Any], policy: Policy, day: date | None = None) -> float:
    if not _repaired_by(p, day):
        return 1.0
    return 0.0 if p.get("sanction_effect") == SanctionEffect.waive.value else policy.repair.lighten_factor


def _overlaps(start: date | None, until: date | None, a: date, b: date) -> bool:
    """Whether a record's impact (from ``start``, open when ``until`` is None) meets ``a``..``b``."""
    return start is not None and overlaps({"valid_from": start, "valid_to": until}, a, b)


def _lifted(p: dict[str, Any], policy: Policy, sanction: str, day: date | None = None) -> bool:
    """Whether a repair lifted this sanction by ``day`` (waived: all; lightened: those the policy names)."""
    if not _repaired_by(p, day):
        return False
    if p.get("sanction_effect") == SanctionEffect.waive.value:
        return True
    return sanction in policy.repair.lighten_lifts


def _performed(g: LocalGraph, rid: str, day: date) -> bool | None:
    """True when every judgment the record rests on was performed by the day; None: no judgment."""
    js = [e.dst for e in g.outs(rid, "EVIDENCED_BY") if e.dst in g.nodes and g.kind(e.dst) == "Judgment"]
    if not js:
        return None
    return all(g.nodes[j].props.get("performed") and (g.nodes[j].props.get("performed_on") or date.min) <= day
               for j in js)


def _context(
    store: GraphStore, facts: tuple[list[StoredNode], list[StoredRel]], as_of: date | datetime | None, on: date | None
) -> tuple[LocalGraph, datetime | None, date]:
    when = end_of_day(as_of)
    nodes, rels = subgraph_as_of(store, *facts, when)
    day = on or (day_of(when) if when else today_cst())
    return LocalGraph(nodes, rels), when, day


# --- the official's file --------------------------------------------------------------------------


def official_file(
    store: GraphStore, official_id: str, as_of: date | datetime | None = None, policies: PolicySet | None = None,
    on: date | None = None,
) -> dict[str, Any]:
    """Official Y's integrity file as known on ``as_of`` (default: now)."""
    policy = (policies or default_policies()).default
    facts = store.integrity_facts(official_id)
    if facts is None:
        raise NotFoundError(f"no official with id {official_id!r}")
    g, when, day = _context(store, facts, as_of, on)
    if official_id not in g.nodes:
        raise NotFoundError(f"official {official_id!r} was not known on {as_of}")
    person = g.nodes[official_id].props
    year_a, year_b = date(day.year, 1, 1), date(day.year, 12, 31)
    entries: list[dict[str, Any]] = []
    for r in sorted(g.ins(official_id, "RECORD_SUBJECT"), key=lambda r: r.src):
        entries.append(_entry(g, r.src, policy, day, {"arrival": "direct", "arrival_label": "直接记录",
                                                     "weight": 1.0, "role": None, "hop": 0, "routes": []}))
    for a in sorted(g.ins(official_id, "ATTRIBUTED_TO"), key=lambda r: r.src):
        if not a.props.get("active"):
            continue
        ap = a.props
        entries.append(_entry(g, a.src, policy, day, {
            "arrival": "attributed", "arrival_label": "责任追溯（惩戒到人）", "weight": ap["weight"],
            "role": ap["role"], "role_label": AttributionRole(ap["role"]).label, "hop": ap["hop"],
            "acting": bool(ap.get("acting")), "attribution": a.id,
            "policy": {"jurisdiction": ap.get("policy_jurisdiction"), "version": ap.get("policy_version")},
            "routes": explain_routes(ap.get("routes")),
        }))
    counted = [e for e in entries if e["record"]["status"] != RecordStatus.revoked.value]
    scores = {}
    for d in DIMENSIONS:
        lost = sum(policy.scoring.points.of(e["record"]["severity"]) * e["effective_weight"]
                   for e in counted if e["dimension"] == d and e["impact"]["in_effect"])
        scores[d] = {"label": Dimension(d).label, "score": round(max(0.0, policy.scoring.base - lost), 2),
                     "records": sum(1 for e in counted if e["dimension"] == d)}
    overall = round(sum(s["score"] for s in scores.values()) / len(scores), 2)

    def sanctioning(e: dict[str, Any]) -> bool:
        return e["arrival"] == "direct" or e["weight"] >= policy.sanctions.attributed_min_weight

    def reasons(sanction: str, pick) -> list[dict[str, Any]]:
        return [{"record": e["record"]["id"], "name": e["record"]["name"], "arrival": e["arrival"]}
                for e in counted if sanctioning(e) and pick(e) and not _lifted(e["record"], policy, sanction, day)]

    in_year = lambda e: _overlaps(e["impact"]["from"], e["impact"]["until"], year_a, year_b)  # noqa: E731
    excellent = reasons("excellent_rating", in_year)
    honours = reasons("honours", in_year)
    kinds = {k.value for k in policy.sanctions.promotion_block_kinds}
    promotion = reasons("promotion", lambda e: e["record"]["source_kind"] in kinds and (
        e["judgment_performed"] is False
        or (e["judgment_performed"] is None and e["impact"]["in_effect"])))
    posts = []
    for h in sorted(g.outs(official_id, "HOLDS"), key=lambda r: r.id):
        if valid_on(h.props, day):
            units = [pi.dst for pi in valid_rels(g.outs(h.dst, "POST_IN"), day)]
            posts.append({"post": h.dst, "name": g.name(h.dst), "acting": bool(h.props.get("acting")),
                          "unit": {"id": units[0], "name": g.name(units[0])} if units else None})
    eligibility = {
        "year": day.year,
        "excellent_rating": {"allowed": not excellent, "blocked_by": excellent,
                             "rule": "有政务失信记录的公务员年度考核不得评为优秀等次（000 #8、004）"},
        "honours": {"allowed": not honours, "blocked_by": honours,
                    "rule": "限制参加评优评先（000 #8、003）"},
        "promotion": {"allowed": not promotion, "blocked_by": promotion,
                      "rule": "不履行人民法院生效裁决的，不予晋升、提拔（001）"},
    }
    return {
        "official": {"id": official_id, "name": person.get("name"), "identity_linked": bool(person.get("id_hash"))},
        "as_of": when, "on": day, "posts": posts,
        "dimensions": scores, "overall_score": overall,
        "records": sorted(entries, key=lambda e: (e["record"]["decided_on"] or date.min, e["record"]["id"]),
                          reverse=True),
        "eligibility": eligibility,
        "policy": {"jurisdiction": policy.jurisdiction, "version": policy.version_id},
        "summary": _summary(person.get("name"), day, counted, eligibility),
    }


def _entry(g: LocalGraph, rid: str, policy: Policy, day: date, how: dict[str, Any]) -> dict[str, Any]:
    p = g.nodes[rid].props
    start, until = _impact(p, policy)
    factor = _factor(p, policy, day)
    fields = record_fields(p)
    return {
        "record": fields,
        **how,
        "effective_weight": round(how["weight"] * factor, 6),
        "dimension": policy.dimension(p["source_kind"], p.get("dimension")),
        "impact": {"from": start, "until": until, "in_effect": _overlaps(start, until, day, day)
                   and p.get("status") != RecordStatus.revoked.value},
        "judgment_performed": _performed(g, rid, day),
    }


def _summary(name: str | None, day: date, counted: list[dict], elig: dict[str, Any]) -> str:
    direct = sum(1 for e in counted if e["arrival"] == "direct")
    att = len(counted) - direct
    blocked = [label for key, label in (("excellent_rating", "评优秀等次"), ("honours", "评优评先"), ("promotion", "晋升提拔"))
               if not elig[key]["allowed"]]
    tail = f"{day.year}年受限：" + "、".join(blocked) if blocked else f"{day.year}年无失信惩戒限制"
    return f"{name}：直接失信记录{direct}条，经责任追溯关联记录{att}条；{tail}。"


# --- governments and departments ------------------------------------------------------------------


def unit_file(
    store: GraphStore, unit_id: str, as_of: date | datetime | None = None, policies: PolicySet | None = None,
    on: date | None = None,
) -> dict[str, Any]:
    """Integrity consequences for a government or department as known on ``as_of``."""
    policy = (policies or default_policies()).default
    facts = store.unit_integrity_facts(unit_id)
    if facts is None:
        raise NotFoundError(f"no government or department with id {unit_id!r}")
    g, when, day = _context(store, facts, as_of, on)
    if unit_id not in g.nodes:
        raise NotFoundError(f"unit {unit_id!r} was not known on {as_of}")
    year_a, year_b = date(day.year, 1, 1), date(day.year, 12, 31)
    s = policy.sanctions
    min_rank = _SEVERITY_RANK[s.public_criticism_min_severity.value]
    records: list[dict[str, Any]] = []
    for r in sorted(g.ins(unit_id, "RECORD_SUBJECT"), key=lambda r: r.src):
        p = g.nodes[r.src].props
        start, until = _impact(p, policy)
        live = p.get("status") != RecordStatus.revoked.value
        binding = live and not _lifted(p, policy, "unit", day)
        in_year = binding and _overlaps(start, until, year_a, year_b)
        accountable = []
        for a in sorted(g.outs(r.src, "ATTRIBUTED_TO"), key=lambda a: (-a.props["weight"], a.dst)):
            roles = [x for x in ("unit_principal", "principal_leader") if x in (a.props.get("roles") or ())]
            if a.props.get("active") and roles:
                accountable.append({"official": {"id": a.dst, "name": g.name(a.dst)}, "role": roles[0],
                                    "role_label": AttributionRole(roles[0]).label, "weight": a.props["weight"]})
        records.append({
            "record": record_fields(p),
            "impact": {"from": start, "until": until, "in_effect": binding and _overlaps(start, until, day, day)},
            "written_explanation_required": in_year,
            "rectification_deadline": (p["decided_on"] + timedelta(days=s.rectification_days.of(p["severity"]))
                                       if live and p.get("decided_on") else None),
            "public_criticism": in_year and _SEVERITY_RANK[p["severity"]] >= min_rank,
            "accountable_principal_leaders": accountable,
        })
        records[-1].update(_rectification_state(store, r.src, records[-1]["rectification_deadline"], when, day))
    in_year = [e for e in records if e["written_explanation_required"]]
    clean_since = add_months(day, -12 * s.incentive_clean_years)
    recent = [e for e in records if e["record"]["status"] != RecordStatus.revoked.value
              and e["record"]["decided_on"] and e["record"]["decided_on"] > clean_since]
    principals = []
    for pi in principal_posts(g, unit_id, day):
        h = holders_on(g, pi.src, day)
        principals.append({"post": {"id": pi.src, "name": g.name(pi.src)}, "status": h.status,
                           "holders": [{"id": t.src, "name": g.name(t.src), "acting": bool(t.props.get("acting"))}
                                       for t, c in h.holders if c is Coverage.yes]})
    links = government_links(g, unit_id, day)
    gov = links[0].dst if links else None
    u = g.nodes[unit_id]
    return {
        "unit": {"id": unit_id, "kind": u.kind, "name": u.props.get("name"),
                 "government": {"id": gov, "name": g.name(gov)} if gov else None},
        "as_of": when, "on": day, "year": day.year,
        "records": records,
        "consequences": {
            "written_explanation_required": bool(in_year),
            "rectification_deadlines": sorted({e["rectification_deadline"] for e in in_year if e["rectification_deadline"]}),
            "honours_eligible": not in_year,
            "public_criticism": any(e["public_criticism"] for e in records),
            "accountable_principal_leaders": _dedupe([a for e in in_year for a in e["accountable_principal_leaders"]]),
            "honours_priority": not recent,
            "rules": {
                "written_explanation": "书面说明原因并限期整改（000 #8、001、002）",
                "honours": "取消参加各类荣誉评选资格（000 #8、003）",
                "public_criticism": "予以公开通报批评（000 #8、001）",
                "principal_leader": "对造成政务失信行为的主要负责人依法依规追究责任（000 #8、001、002）",
                "honours_priority": f"{s.incentive_clean_years}年内无政务失信记录的，荣誉评选优先考虑（003）",
            },
        },
        "principal_posts": principals,
        "policy": {"jurisdiction": policy.jurisdiction, "version": policy.version_id},
    }


def _rectification_state(store: GraphStore, record_id: str, deadline: date | None, when: datetime | None,
                         day: date) -> dict[str, Any]:
    """The unit's explanation and rectification of the record as known then (issue 11, 整改)."""
    from graph.integrity.rectification import rectification_of

    r = rectification_of(store, record_id, when) or {}
    done = r.get("completed_on") is not None and r["completed_on"] <= day
    explained = r.get("explained_on") is not None and r["explained_on"] <= day
    return {"rectification": {
        "explained_on": r.get("explained_on") if explained else None,
        "explanation_document": r.get("explanation_document") if explained else None,
        "completed_on": r.get("completed_on") if done else None,
        "completion_document": r.get("completion_document") if done else None,
        "completed": done,
        "overdue": deadline is not None and deadline < day and not done,
    }}


def _dedupe(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    best: dict[str, dict[str, Any]] = {}
    for a in items:
        k = a["official"]["id"]
        if k not in best or a["weight"] > best[k]["weight"]:
            best[k] = a
    return sorted(best.values(), key=lambda a: (-a["weight"], a["official"]["id"]))


# --- coverage -------------------------------------------------------------------------------------


def coverage(store: GraphStore, day: date | None = None, government: str | None = None) -> dict[str, Any]:
    """Share of officials in office with an identity-linked integrity file (target 100%, 003)."""
    day = day or today_cst()
    rows = store.coverage_facts(day)
    if government is not None:
        below = store.subordinate_governments(government)
        if below is None:
            raise NotFoundError(f"no government with id {government!r}")
        keep = set(below) | {government}
        rows = [r for r in rows if r["government"] in keep]
    total = sum(r["officials"] for r in rows)
    with_file = sum(r["with_file"] for r in rows)
    share = with_file / total if total else None
    return {
        "on": day, "government": government, "target": 1.0,
        "officials": total, "with_file": with_file, "share": round(share, 4) if share is not None else None,
        "meets_target": share == 1.0 if share is not None else None,
        "definition": "在任公务员中已建立可与身份关联的诚信档案（有身份号码哈希，可归集各部门记录）的比例；目标100%（003）",
        "by_government": [
            {**r, "share": round(r["with_file"] / r["officials"], 4) if r["officials"] else None,
             "missing": r["officials"] - r["with_file"]}
            for r in rows
        ],
    }
