"""Early warnings (监测预警, issue 11) on a day, each with its rule, threshold and evidence:

* ``turnover_watch`` (000 #13): a live contract (performing), commitment (pending) or PPP stage
  (of a project not completed) whose watched post (graph/evaluation/posts.py) changed holder since
  it was signed, promised or taken on, the change at most ``warnings.turnover_window_days`` before
  the day (for one post asked for: any time), listing the predecessor who signed or promised and
  the successor who must now perform;
* ``commitment_due``: a pending commitment due within ``commitment_due_days``; ``commitment_overdue``:
  due before the day and still pending (000 #15);
* ``judgment_unperformed``: a judgment effective ``judgment_days`` or more and not performed (001, 002);
* ``rectification_overdue``: a live record on a unit whose rectification deadline passed without a
  recorded completion (000 #8); after ``rectification_grace_days`` the derivation rule
  ``rectification_overdue`` proposes a record (``proposes_record``);
* ``concentration``: a department with at least ``concentration.min_records`` live records decided
  within ``concentration.months`` months up to the day.

Every warning has a stable id (``warn/<kind>/<fact>[/<post>]``) and the day its condition began
(``since``): the feed (:func:`feed`) lists warnings by (since, id) after a cursor.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from graph.errors import InvalidRequest, NotFoundError
from graph.evaluation.indicators import completed_by, rectification_deadline
from graph.evaluation.population import Structure, load, record_unit
from graph.evaluation.posts import holder_change, watched_posts
from graph.facts.local import LocalGraph
from graph.facts.rules import today_cst
from graph.model.enums import RecordStatus, WarningKind
from graph.model.ids import derived_id
from graph.model.policy import Policy, PolicySet, default_policies
from graph.model.temporal import add_months
from graph.stores.base import GraphStore, decode_cursor, encode_cursor

__all__ = ["feed", "warnings_on"]


def _w(kind: str, fact: str, g: LocalGraph, since: date, rule: str, threshold: str, summary: str,
       evidence: list[str], extra: str | None = None, **more: Any) -> dict[str, Any]:
    parts = (kind, fact) if extra is None else (kind, fact, extra)
    return {"id": derived_id("warn", *parts), "kind": kind, "kind_label": WarningKind(kind).label,
            "since": since, "subject": {"id": fact, "kind": g.kind(fact), "name": g.name(fact)},
            "rule": rule, "threshold": threshold, "summary": summary,
            "evidence": [{"id": e, "kind": g.kind(e), "name": g.name(e)} for e in evidence if e in g.nodes], **more}


def _turnover(g: LocalGraph, policy: Policy, day: date, post: str | None) -> list[dict[str, Any]]:
    window = policy.warnings.turnover_window_days
    out = []
    items: list[tuple[str, date]] = []
    for i, n in g.nodes.items():
        p = n.props
        if n.kind == "Contract" and p.get("status") == "performing" and p.get("signed_on") and p["signed_on"] <= day:
            items.append((i, p["signed_on"]))
        elif n.kind == "Commitment" and p.get("status") == "pending" and p.get("made_on") and p["made_on"] <= day:
            items.append((i, p["made_on"]))
        elif n.kind == "ProjectStage":
            proj = [r.src for r in g.ins(i, "HAS_STAGE")]
            if proj and g.nodes[proj[0]].props.get("kind") == "ppp" and g.nodes[proj[0]].props.get("status") not in ("completed", "已完成"):
                starts: list[date] = [r.props["valid_from"] for r in g.ins(i, "RESPONSIBLE_FOR") if r.props.get("valid_from")]
                if starts and min(starts) <= day:
                    items.append((i, min(starts)))
    for item, begun in sorted(items):
        signer = next((r.dst for r in g.outs(item, "SIGNED_BY")), None) if g.kind(item) == "Contract" else None
        for pst, role in watched_posts(g, item):
            if post is not None and pst != post:
                continue
            ch = holder_change(g, pst, begun, day, signer if role == "signatory" else None)
            if ch is None or (post is None and (day - ch["changed_on"]).days > window):
                continue
            noun = {"Contract": "合同", "Commitment": "承诺", "ProjectStage": "PPP项目阶段"}[g.kind(item)]
            verb = {"Contract": "签订", "Commitment": "作出", "ProjectStage": "承担责任"}[g.kind(item)]
            pred = "、".join(x["name"] for x in ch["predecessors"])
            succ = "、".join(x["name"] for x in ch["successors"]) or "（空缺）"
            out.append(_w(
                "turnover_watch", item, g, ch["changed_on"],
                "不得以政府换届、相关责任人更替等理由毁约（000 #13）",
                f"岗位变更后{window}天内" if post is None else "该岗位任何时候的变更",
                f"{noun}“{g.name(item)}”由{pred}于{begun.isoformat()}{verb}；{ch['post']['name']}于"
                f"{ch['changed_on'].isoformat()}起由{succ}接任，须继续履行",
                [item, pst, *[x["id"] for x in ch["predecessors"]], *[x["id"] for x in ch["successors"]]],
                extra=pst, post=ch["post"], role=role, changed_on=ch["changed_on"], start_date=begun,
                predecessors=ch["predecessors"], successors=ch["successors"]))
    return out


def warnings_on(store: GraphStore, day: date | None = None, *, as_of: date | datetime | None = None,
                policies: PolicySet | None = None, kind: str | None = None, post: str | None = None,
                government: str | None = None) -> dict[str, Any]:
    policy = (policies or default_policies()).default
    if kind is not None and kind not in {k.value for k in WarningKind}:
        raise InvalidRequest(f"kind must be one of {[k.value for k in WarningKind]}")
    day = day or today_cst()
    g, when = load(store, as_of)
    items = _all(g, policy, day, post)
    if government is not None:
        if government not in g.nodes or g.kind(government) != "Government":
            raise NotFoundError(f"no government with id {government!r}")
        s = Structure(g, day)
        keep = set(s.subtree(government))
        keep |= {d for gv in list(keep) for d in s.depts_of.get(gv, [])}
        items = [w for w in items if keep & set(w.get("units") or [])]
    if kind:
        items = [w for w in items if w["kind"] == kind]
    items.sort(key=lambda w: (w["since"], w["id"]))
    return {"day": day, "as_of": when, "kind": kind, "post": post, "government": government,
            "thresholds": policy.warnings.model_dump(), "total": len(items), "items": items}


def _units_of(g: LocalGraph, item: str, s: Structure) -> list[str]:
    k = g.kind(item)
    if k == "Contract":
        from graph.evaluation.population import government_parties

        return government_parties(g, item)
    if k == "Commitment":
        return sorted(r.dst for r in g.outs(item, "COMMITTED_BY") if g.kind(r.dst) in ("Government", "Department"))
    if k == "Judgment":
        return sorted(r.dst for r in g.outs(item, "AGAINST"))
    if k == "ProjectStage":
        return sorted(o.dst for r in g.ins(item, "HAS_STAGE") for o in g.outs(r.src, "OWNED_BY"))
    if k == "DishonestyRecord":
        u = record_unit(g, item, s.day)
        return [u] if u else []
    return [item] if k in ("Government", "Department") else []


def _all(g: LocalGraph, policy: Policy, day: date, post: str | None) -> list[dict[str, Any]]:
    w = policy.warnings
    s = Structure(g, day)
    out = _turnover(g, policy, day, post)
    if post is None:
        for kid, n in sorted(g.nodes.items()):
            p = n.props
            if n.kind == "Commitment" and p.get("status") == "pending" and p.get("due_on"):
                due = p["due_on"]
                if due < day:
                    out.append(_w("commitment_overdue", kid, g, due + timedelta(days=1), "严格兑现依法作出的承诺（000 #15）",
                                  "到期未兑现", f"承诺“{p.get('name')}”应于{due.isoformat()}兑现，已逾期{(day - due).days}天", [kid],
                                  due_on=due, days_overdue=(day - due).days))
                elif (due - day).days <= w.commitment_due_days:
                    out.append(_w("commitment_due", kid, g, due - timedelta(days=w.commitment_due_days),
                                  "严格兑现依法作出的承诺（000 #15）", f"{w.commitment_due_days}天内到期",
                                  f"承诺“{p.get('name')}”将于{due.isoformat()}到期（还有{(due - day).days}天）", [kid],
                                  due_on=due, days_left=(due - day).days))
            if n.kind == "Judgment" and p.get("effective_on") and not (
                    p.get("performed") and (p.get("performed_on") is None or p["performed_on"] <= day)):
                since = p["effective_on"] + timedelta(days=w.judgment_days)
                if since <= day:
                    out.append(_w("judgment_unperformed", kid, g, since, "判决一起、执行一起（001、002）",
                                  f"生效{w.judgment_days}天未履行",
                                  f"判决{p.get('case_number') or kid}于{p['effective_on'].isoformat()}生效，"
                                  f"已{(day - p['effective_on']).days}天未履行", [kid],
                                  effective_on=p["effective_on"], days=(day - p["effective_on"]).days))
        grace = w.rectification_grace_days
        for rid, n in sorted(g.nodes.items()):
            p = n.props
            if n.kind != "DishonestyRecord" or p.get("status") != RecordStatus.active.value:
                continue
            unit = record_unit(g, rid, p.get("decided_on"))
            deadline = rectification_deadline(p, policy)
            if unit is None or deadline is None or deadline >= day or completed_by(g, rid, day):
                continue
            out.append(_w("rectification_overdue", rid, g, deadline + timedelta(days=1), "书面说明原因并限期整改（000 #8、001、002）",
                          f"整改期限（{policy.sanctions.rectification_days.of(p['severity'])}天）届满；宽限{grace}天后提出失信记录",
                          f"{g.name(unit)}对“{p.get('name')}”的整改期限{deadline.isoformat()}已过，未登记整改完成",
                          [rid, unit], deadline=deadline, proposes_record=(deadline + timedelta(days=grace) < day)))
        months = w.concentration.months
        since_day = add_months(day, -months)
        per_dept: dict[str, list[tuple[date, str]]] = {}
        for rid, n in g.nodes.items():
            p = n.props
            if n.kind != "DishonestyRecord" or p.get("status") == RecordStatus.revoked.value or not p.get("decided_on"):
                continue
            if not (since_day < p["decided_on"] <= day):
                continue
            unit = record_unit(g, rid, p["decided_on"])
            if unit and g.kind(unit) == "Department":
                per_dept.setdefault(unit, []).append((p["decided_on"], rid))
        for dept, recs in sorted(per_dept.items()):
            if len(recs) >= w.concentration.min_records:
                recs.sort()
                out.append(_w("concentration", dept, g, recs[w.concentration.min_records - 1][0],
                              "失信记录集中的部门重点监测（监测预警）",
                              f"{months}个月内{w.concentration.min_records}条以上",
                              f"{g.name(dept)}{months}个月内有{len(recs)}条政务失信记录", [r for _, r in recs],
                              records=len(recs)))
    for x in out:
        fact = x["subject"]["id"]
        x["units"] = _units_of(g, fact, s)
    return out


def feed(store: GraphStore, day: date | None = None, *, cursor: str | None = None, limit: int = 100,
         policies: PolicySet | None = None) -> dict[str, Any]:
    """Warnings in the order they began (since, id), after ``cursor``: what is new since last time."""
    if not 1 <= limit <= 1000:
        raise InvalidRequest("limit must be 1..1000")
    res = warnings_on(store, day, policies=policies)
    items = res["items"]
    if cursor:
        try:
            d, i = decode_cursor(cursor)
            after = (date.fromisoformat(d), str(i))
        except (ValueError, TypeError):
            raise InvalidRequest("cursor is not valid; use the next_cursor of the previous page") from None
        items = [w for w in items if (w["since"], w["id"]) > after]
    page = items[:limit]
    last = page[-1] if page else None
    nxt = encode_cursor(last["since"].isoformat(), last["id"]) if last else cursor
    return {"day": res["day"], "items": page, "more": len(items) > limit, "next_cursor": nxt}
