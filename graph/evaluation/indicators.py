"""The evaluation's indicators for a period [start, end]: which unit each occurrence counts
against and the fact or record behind it (the drill-down). docs/evaluation.md gives each rule
with its seed clause; ``INDICATOR_ZH`` the zh-CN labels.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from graph.evaluation.population import Structure, government_parties, record_unit
from graph.evaluation.posts import holder_change, watched_posts
from graph.facts.local import LocalGraph
from graph.model.enums import RecordStatus
from graph.model.evaluation_policy import INDICATORS
from graph.model.policy import Policy
from graph.records.derivation import completed_rectification as completed_by
from graph.records.derivation import rectification_deadline

__all__ = ["INDICATOR_ZH", "completed_by", "contributions", "rectification_deadline"]

INDICATOR_ZH = {
    "unperformed_judgments": "生效判决逾期未履行",
    "debtor_listings": "被列为失信被执行人",
    "broken_contracts": "合同违约/毁约",
    "broken_commitments": "承诺未兑现或逾期",
    "turnover_breaches": "换届/换人后违约毁约",
    "arrears": "拖欠工程款/农民工工资",
    "upheld_complaints": "投诉查实",
    "records_light": "轻微失信记录",
    "records_general": "一般失信记录",
    "records_serious": "严重失信记录",
    "overdue_rectifications": "逾期未整改",
    "missing_files": "未建立身份关联诚信档案的在任公务员",
}

Contribs = dict[str, list[tuple[str, str]]]  # indicator -> [(unit, evidence id)]


def _performed_by(p: dict[str, Any], day: date) -> bool:
    return bool(p.get("performed")) and (p.get("performed_on") is None or p["performed_on"] <= day)


def _arrears_since(p: dict[str, Any]) -> date | None:
    try:
        v = json.loads(p.get("attributes_json") or "{}").get("arrears_since")
        return date.fromisoformat(v) if v else None
    except (ValueError, AttributeError, TypeError):
        return None


def _in(d: date | None, start: date, end: date) -> bool:
    return d is not None and start <= d <= end


def contributions(g: LocalGraph, s: Structure, policy: Policy, start: date, end: date) -> Contribs:
    out: Contribs = {k: [] for k in INDICATORS}
    jdays = policy.derivation.unperformed_judgment.days
    for jid, n in g.nodes.items():
        if n.kind != "Judgment":
            continue
        p = n.props
        listed, eff = p.get("debtor_listed_on"), p.get("effective_on")
        for r in g.outs(jid, "AGAINST"):
            if listed and listed <= end and not _performed_by(p, start - timedelta(days=1)):
                out["debtor_listings"].append((r.dst, jid))
            elif eff and eff + timedelta(days=jdays) <= end and not _performed_by(p, end):
                out["unperformed_judgments"].append((r.dst, jid))
    breaches: list[tuple[str, date, date | None, str | None]] = []  # item, broken on, start, signer
    arrears_facts: set[str] = set()
    for cid, n in g.nodes.items():
        if n.kind != "Contract":
            continue
        p = n.props
        units = government_parties(g, cid)
        if p.get("status") == "breached" and _in(p.get("breached_on"), start, end):
            out["broken_contracts"] += [(u, cid) for u in units]
            signer = next((r.dst for r in g.outs(cid, "SIGNED_BY")), None)
            breaches.append((cid, p["breached_on"], p.get("signed_on"), signer))
        since = _arrears_since(p)
        if since and since <= end and p.get("status") != "fulfilled":
            out["arrears"] += [(u, cid) for u in units]
            arrears_facts.add(cid)
    for kid, n in g.nodes.items():
        if n.kind != "Commitment":
            continue
        p = n.props
        units = sorted(r.dst for r in g.outs(kid, "COMMITTED_BY") if g.kind(r.dst) in ("Government", "Department"))
        broken = p.get("status") == "broken" and _in(p.get("broken_on"), start, end)
        overdue = p.get("status") == "pending" and p.get("due_on") and start <= p["due_on"] < end
        if broken or overdue:
            out["broken_commitments"] += [(u, kid) for u in units]
        if broken:
            breaches.append((kid, p["broken_on"], p.get("made_on"), None))
    tdays = policy.evaluation.turnover_days
    for item, broken_on, begun, signer in breaches:
        if begun is None:
            continue
        for post, role in watched_posts(g, item):
            ch = holder_change(g, post, begun, broken_on, signer if role == "signatory" else None)
            if ch and (broken_on - ch["changed_on"]).days <= tdays:
                units = (government_parties(g, item) if g.kind(item) == "Contract"
                         else sorted(r.dst for r in g.outs(item, "COMMITTED_BY") if g.kind(r.dst) in ("Government", "Department")))
                out["turnover_breaches"] += [(u, item) for u in units]
                break
    sev_key = {"light": "records_light", "general": "records_general", "serious": "records_serious"}
    for rid, n in g.nodes.items():
        if n.kind != "DishonestyRecord":
            continue
        p = n.props
        if p.get("status") == RecordStatus.revoked.value or not p.get("decided_on"):
            continue
        unit = record_unit(g, rid, p["decided_on"])
        if unit is None:
            continue
        if _in(p["decided_on"], start, end):
            out[sev_key[p["severity"]]].append((unit, rid))
            if p.get("source_kind") == "upheld_complaint":
                out["upheld_complaints"].append((unit, rid))
            if p.get("source_kind") == "arrears":
                ev = [e.dst for e in g.outs(rid, "EVIDENCED_BY") if e.dst in arrears_facts]
                if not ev:
                    out["arrears"].append((unit, rid))
        deadline = rectification_deadline(p, policy)
        if deadline is not None and _in(deadline, start, end) and completed_by(g, rid, deadline) is None:
            out["overdue_rectifications"].append((unit, rid))
    for unit, os in s.officials.items():
        out["missing_files"] += [(unit, o) for o in os if not g.nodes[o].props.get("identity_linked")]
    return {k: sorted(set(v)) for k, v in out.items()}


def by_unit(c: Contribs) -> dict[str, dict[str, list[str]]]:
    """``{unit: {indicator: [evidence ids]}}``."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for k, pairs in c.items():
        for u, e in pairs:
            out[u][k].append(e)
    return out
