"""Records derived from facts (归集, issue 11): the rules of the policy's ``derivation`` section
propose records (``RecordProposal``, state ``proposed``) from judgments, contracts, commitments and
overdue rectifications; an inspector confirms a proposal (it becomes a record and propagates) or
dismisses it with a reason.

Rules (each with its source kind, severity and threshold in days; docs/evaluation.md):

* ``debtor_listing``: a judgment whose debtor was listed as 失信被执行人 by the day and that is not
  performed by then; act date = the listing day;
* ``unperformed_judgment``: an effective judgment not performed ``days`` after it took effect; act
  date = effective day + days (the listing rule wins on the same judgment: one proposal, the heavier);
* ``contract_breach``: a contract breached by the day; act date = the breach; subject = the
  government-side parties (HAS_PARTY role government, else every unit party);
* ``broken_commitment``: a commitment broken by the day; ``overdue_commitment``: still pending
  ``days`` after its due date (one proposal per commitment, the broken rule wins);
* ``arrears``: a contract whose ``attributes.arrears_since`` lies ``days`` before the day and that is
  not fulfilled (the model has no arrears facts of its own yet; this is the fact that exists);
* ``rectification_overdue``: a record on a unit whose rectification deadline (decision +
  ``sanctions.rectification_days``) plus ``days`` of grace passed without a completed rectification.

One proposal per (source kind, fact, subject), id ``prop/<kind>/<fact>/<subject>``, so a rerun
derives nothing twice (an unchanged proposal is an unchanged upsert). A fact already behind a live
record of that kind proposes nothing. A fact that changes updates the proposal (a new version) or,
when no rule fires any more, withdraws it with the reason; a withdrawn one comes back if a rule
fires again. Confirmed and dismissed proposals are left as they are.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from graph.errors import InvalidRequest, NotFoundError
from graph.facts.as_of import day_of
from graph.facts.local import LocalGraph
from graph.model import entities as m
from graph.model.enums import ProposalStatus, RecordSourceKind, RecordStatus, Severity
from graph.model.ids import derived_id
from graph.model.policy import Policy, PolicySet, default_policies
from graph.model.schema import from_props
from graph.stores.base import ConflictError, GraphStore, utcnow
from graph.stores.writes import node_write

__all__ = [
    "DERIVATION_LABELS",
    "DERIVATION_TYPES",
    "RULE_ZH",
    "completed_rectification",
    "confirm",
    "derive",
    "dismiss",
    "overdue_rectifications",
    "proposal_view",
    "proposals",
    "rectification_deadline",
]

RULE_ZH = {
    "debtor_listing": "被列为失信被执行人",
    "unperformed_judgment": "生效判决逾期未履行",
    "contract_breach": "合同违约/毁约",
    "broken_commitment": "承诺未兑现",
    "overdue_commitment": "承诺逾期未兑现",
    "arrears": "拖欠工程款/农民工工资",
    "rectification_overdue": "逾期未完成整改",
}
_UNITS = ("Government", "Department")
DERIVATION_LABELS = ["Judgment", "Contract", "Commitment", "Government", "Department", "DishonestyRecord",
                     "RecordProposal", "Rectification"]
DERIVATION_TYPES = ["AGAINST", "HAS_PARTY", "COMMITTED_BY", "RECORD_SUBJECT", "EVIDENCED_BY"]


def _performed_by(p: dict[str, Any], day: date) -> bool:
    return bool(p.get("performed")) and (p.get("performed_on") is None or p["performed_on"] <= day)


def _recorded_facts(g: LocalGraph) -> set[tuple[str, str]]:
    """(source kind, fact id) of every live record, by its evidence and subject."""
    out = set()
    for rid, n in g.nodes.items():
        if n.kind != "DishonestyRecord" or n.props.get("status") == RecordStatus.revoked.value:
            continue
        for t in ("EVIDENCED_BY", "RECORD_SUBJECT"):
            for r in g.outs(rid, t):
                out.add((n.props["source_kind"], r.dst))
    return out


def _candidate(policy: Policy, rule: str, fact: str, subject: str, act: date | None, reason: str,
               name: str, evidence: list[str]) -> dict[str, Any]:
    r = getattr(policy.derivation, rule)
    kind = RecordSourceKind(r.source_kind).value
    return {"id": derived_id("prop", kind, fact, subject), "rule": rule, "fact_id": fact, "subject_id": subject,
            "source_kind": kind, "severity": Severity(r.severity).value, "act_date": act, "reason": reason,
            "threshold": f"{r.days}天" if r.days else "即时", "name": name, "evidence": evidence}


def _firing(g: LocalGraph, policy: Policy, day: date) -> dict[str, dict[str, Any]]:
    """Every proposal the rules make on ``day``: ``{proposal id: fields}`` (heavier rule first)."""
    d = policy.derivation
    out: dict[str, dict[str, Any]] = {}

    def put(c: dict[str, Any]) -> None:
        out.setdefault(c["id"], c)  # rules are tried heaviest first

    def name(i: str) -> str:
        return g.name(i) if i in g.nodes else i

    for jid, n in sorted(g.nodes.items()):
        if n.kind != "Judgment":
            continue
        p = n.props
        if _performed_by(p, day):
            continue
        debtors = sorted(r.dst for r in g.outs(jid, "AGAINST"))
        listed, eff = p.get("debtor_listed_on"), p.get("effective_on")
        for u in debtors:
            if d.debtor_listing.enabled and listed and listed <= day + timedelta(days=-d.debtor_listing.days):
                put(_candidate(policy, "debtor_listing", jid, u, listed,
                               f"{name(u)}于{listed.isoformat()}被列为失信被执行人，至{day.isoformat()}仍未履行（{p.get('case_number') or jid}）",
                               f"{name(u)}被列为失信被执行人（{p.get('case_number') or name(jid)}）", [jid]))
            if d.unperformed_judgment.enabled and eff and eff + timedelta(days=d.unperformed_judgment.days) <= day:
                act = eff + timedelta(days=d.unperformed_judgment.days)
                put(_candidate(policy, "unperformed_judgment", jid, u, act,
                               f"判决{p.get('case_number') or jid}于{eff.isoformat()}生效，"
                               f"{d.unperformed_judgment.days}天后（{act.isoformat()}）仍未履行",
                               f"{name(u)}未履行生效判决（{p.get('case_number') or name(jid)}）", [jid]))
    for cid, n in sorted(g.nodes.items()):
        if n.kind != "Contract":
            continue
        p = n.props
        parties = g.outs(cid, "HAS_PARTY")
        gov_side = sorted(r.dst for r in parties if r.props.get("role") == "government" and g.kind(r.dst) in _UNITS)
        units = gov_side or sorted(r.dst for r in parties if g.kind(r.dst) in _UNITS)
        b = p.get("breached_on")
        if d.contract_breach.enabled and p.get("status") == "breached" and b and b + timedelta(days=d.contract_breach.days) <= day:
            for u in units:
                put(_candidate(policy, "contract_breach", cid, u, b,
                               f"合同“{p.get('name')}”于{b.isoformat()}违约/毁约", f"{name(u)}合同违约/毁约（{p.get('name')}）", [cid]))
        since = (p.get("attributes_json") and _arrears_since(p["attributes_json"]))
        if d.arrears.enabled and since and p.get("status") != "fulfilled" and since + timedelta(days=d.arrears.days) <= day:
            for u in units:
                put(_candidate(policy, "arrears", cid, u, since,
                               f"合同“{p.get('name')}”自{since.isoformat()}起拖欠款项，超过{d.arrears.days}天",
                               f"{name(u)}拖欠工程款（{p.get('name')}）", [cid]))
    for kid, n in sorted(g.nodes.items()):
        if n.kind != "Commitment":
            continue
        p = n.props
        makers = sorted(r.dst for r in g.outs(kid, "COMMITTED_BY"))
        for u in makers:
            bo, due = p.get("broken_on"), p.get("due_on")
            if d.broken_commitment.enabled and p.get("status") == "broken" and bo and bo + timedelta(days=d.broken_commitment.days) <= day:
                put(_candidate(policy, "broken_commitment", kid, u, bo, f"承诺“{p.get('name')}”于{bo.isoformat()}未兑现",
                               f"{name(u)}违背承诺（{p.get('name')}）", [kid]))
            if (d.overdue_commitment.enabled and p.get("status") == "pending" and due
                    and due + timedelta(days=d.overdue_commitment.days) <= day):
                put(_candidate(policy, "overdue_commitment", kid, u, due,
                               f"承诺“{p.get('name')}”应于{due.isoformat()}兑现，逾期{d.overdue_commitment.days}天以上仍未兑现",
                               f"{name(u)}承诺逾期未兑现（{p.get('name')}）", [kid]))
    if d.rectification_overdue.enabled:
        for rid, row in overdue_rectifications(g, policy, day, grace=d.rectification_overdue.days).items():
            put(_candidate(policy, "rectification_overdue", rid, row["unit"], row["deadline"],
                           f"失信记录“{row['name']}”整改期限{row['deadline'].isoformat()}，宽限"
                           f"{d.rectification_overdue.days}天后仍未完成整改", f"{name(row['unit'])}逾期未完成整改（{row['name']}）",
                           []))
    return out


def _arrears_since(attributes_json: str) -> date | None:
    import json

    try:
        v = json.loads(attributes_json).get("arrears_since")
        return date.fromisoformat(v) if v else None
    except (ValueError, AttributeError, TypeError):
        return None


def rectification_deadline(p: dict[str, Any], policy: Policy) -> date | None:
    if not p.get("decided_on"):
        return None
    return p["decided_on"] + timedelta(days=policy.sanctions.rectification_days.of(p["severity"]))


def _rectifications(g: LocalGraph) -> dict[str, list[dict[str, Any]]]:
    """Rectification nodes by record id, indexed once per fetched graph."""
    idx = getattr(g, "_rectifications_by_record", None)
    if idx is None:
        idx = {}
        for n in g.nodes.values():
            if n.kind == "Rectification":
                idx.setdefault(n.props.get("record_id"), []).append(n.props)
        g._rectifications_by_record = idx  # type: ignore[attr-defined]
    return idx


def completed_rectification(g: LocalGraph, record_id: str, day: date) -> dict[str, Any] | None:
    """The earliest rectification of the record completed by ``day`` (Rectification nodes)."""
    done = [p for p in _rectifications(g).get(record_id, ()) if p.get("completed_on") and p["completed_on"] <= day]
    return min(done, key=lambda p: (p["completed_on"], p["id"])) if done else None


def overdue_rectifications(g: LocalGraph, policy: Policy, day: date, grace: int = 0) -> dict[str, dict[str, Any]]:
    """Live records on a unit whose rectification deadline + ``grace`` days is before ``day`` and
    that have no rectification completed by ``day``: ``{record id: {unit, deadline, name}}``."""
    out = {}
    for rid, n in sorted(g.nodes.items()):
        p = n.props
        if n.kind != "DishonestyRecord" or p.get("status") != RecordStatus.active.value:
            continue
        units = sorted(r.dst for r in g.outs(rid, "RECORD_SUBJECT") if r.dst in g.nodes and g.kind(r.dst) in _UNITS)
        deadline = rectification_deadline(p, policy)
        if not units or deadline is None or deadline + timedelta(days=grace) >= day:
            continue
        if completed_rectification(g, rid, day) is not None:
            continue
        out[rid] = {"unit": units[0], "deadline": deadline, "name": p.get("name"), "severity": p.get("severity")}
    return out


def derive(store: GraphStore, day: date | None = None, policies: PolicySet | None = None,
           now: datetime | None = None) -> dict[str, Any]:
    """Run every rule on ``day`` (default today, CST) and write what changed."""
    policy = (policies or default_policies()).default
    now = now or utcnow()
    day = day or day_of(now)
    g = LocalGraph(*store.population(DERIVATION_LABELS, DERIVATION_TYPES))
    firing = _firing(g, policy, day)
    recorded = _recorded_facts(g)
    existing = {i: n.props for i, n in g.nodes.items() if n.kind == "RecordProposal"}
    writes, counts = [], {"proposed": 0, "updated": 0, "withdrawn": 0, "unchanged": 0, "already_recorded": 0}
    for pid, c in sorted(firing.items()):
        if (c["source_kind"], c["fact_id"]) in recorded and pid not in existing:
            counts["already_recorded"] += 1
            continue
        old = existing.get(pid)
        if old and old.get("status") in (ProposalStatus.confirmed.value, ProposalStatus.dismissed.value):
            counts["unchanged"] += 1
            continue
        new = m.RecordProposal(
            id=pid, name=c["name"], rule=c["rule"], fact_id=c["fact_id"], source_kind=c["source_kind"],
            severity=c["severity"], subject_id=c["subject_id"], evidence=c["evidence"], act_date=c["act_date"],
            derived_on=(old or {}).get("derived_on") or day, threshold=c["threshold"], reason=c["reason"],
            status=ProposalStatus.proposed, valid_from=(old or {}).get("derived_on") or day)
        w = node_write(new)
        if old and old.get("_hash") == w.hash:
            counts["unchanged"] += 1
            continue
        counts["updated" if old else "proposed"] += 1
        writes.append(w)
    for pid, old in sorted(existing.items()):
        if pid in firing or old.get("status") != ProposalStatus.proposed.value:
            continue
        prop = from_props(m.RecordProposal, old)
        data = prop.model_dump(mode="python")
        data.update(status=ProposalStatus.withdrawn.value, decided_on=day,
                    decision_reasons=f"{day.isoformat()}复核：事实已变化，规则“{RULE_ZH.get(str(old.get('rule')), old.get('rule'))}”不再满足")
        writes.append(node_write(m.RecordProposal.model_validate(data)))
        counts["withdrawn"] += 1
    if writes:
        store.upsert_nodes("RecordProposal", writes, now=now)
    return {"day": day, "policy": {"jurisdiction": policy.jurisdiction, "version": policy.version_id}, **counts}


def _load(store: GraphStore, proposal_id: str) -> tuple[m.RecordProposal, str]:
    n = store.get_node(proposal_id)
    if n is None or n.kind != "RecordProposal":
        raise NotFoundError(f"no record proposal with id {proposal_id!r}")
    return from_props(m.RecordProposal, n.props), n.props["_hash"]


def confirm(store: GraphStore, proposal_id: str, *, inspector: str, document: str, authority: str | None = None,
            decided_on: date | None = None, policies: PolicySet | None = None, now: datetime | None = None) -> dict[str, Any]:
    """The inspector confirms: a record (id ``rec/<proposal id>``) is created and propagated."""
    from graph.records.register import RecordIn, check_text, create_record

    now = now or utcnow()
    prop, h = _load(store, proposal_id)
    if prop.status != ProposalStatus.proposed.value:
        raise ConflictError(f"proposal {proposal_id!r} is {prop.status}; only a proposed one can be confirmed "
                            f"(allowed from proposed: confirm, dismiss)")
    check_text(inspector, document)
    decided = decided_on or day_of(now)
    if prop.act_date and decided < prop.act_date:
        raise InvalidRequest(f"decided_on {decided} is before the act date {prop.act_date}")
    kinds = store.kinds_of(prop.evidence)
    evidence = [e for e in prop.evidence if kinds.get(e) in ("Judgment", "Contract", "Commitment", "Project")]
    rid = derived_id("rec", proposal_id)
    res = create_record(store, RecordIn(
        id=rid, name=prop.name, source_kind=prop.source_kind, severity=prop.severity,
        act_date=prop.act_date or decided, decided_on=decided, subject=prop.subject_id, evidence=evidence,
        source=m.Source(document=document, authority=authority),
        attributes={"derived_from": proposal_id, "rule": prop.rule},
    ), policies, now=now)
    data = prop.model_dump(mode="python")
    data.update(status=ProposalStatus.confirmed.value, record_id=rid, decided_by=inspector, decided_on=decided,
                decision_reasons=f"确认为政务失信记录（{document}）")
    store.write_changes([("RecordProposal", node_write(m.RecordProposal.model_validate(data)))], [], now=now,
                        expect={proposal_id: h})
    return {"proposal": proposal_id, "record": rid, "propagation": res["propagation"]}


def dismiss(store: GraphStore, proposal_id: str, *, inspector: str, reason: str, decided_on: date | None = None,
            now: datetime | None = None) -> dict[str, Any]:
    from graph.records.register import check_text

    now = now or utcnow()
    if not reason or not reason.strip():
        raise InvalidRequest("a dismissal needs a reason")
    check_text(inspector, reason)
    prop, h = _load(store, proposal_id)
    if prop.status != ProposalStatus.proposed.value:
        raise ConflictError(f"proposal {proposal_id!r} is {prop.status}; only a proposed one can be dismissed "
                            f"(allowed from proposed: confirm, dismiss)")
    data = prop.model_dump(mode="python")
    data.update(status=ProposalStatus.dismissed.value, decided_by=inspector, decided_on=decided_on or day_of(now),
                decision_reasons=reason.strip())
    store.write_changes([("RecordProposal", node_write(m.RecordProposal.model_validate(data)))], [], now=now,
                        expect={proposal_id: h})
    return {"proposal": proposal_id, "status": ProposalStatus.dismissed.value}


def proposal_view(p: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "name", "rule", "fact_id", "source_kind", "severity", "subject_id", "evidence", "act_date",
            "derived_on", "threshold", "reason", "status", "record_id", "decided_by", "decided_on",
            "decision_reasons", "recorded_at")
    out = {k: p.get(k) for k in keys}
    out["rule_label"] = RULE_ZH.get(str(p.get("rule")))
    out["status_label"] = ProposalStatus(p["status"]).label
    out["source_kind_label"] = RecordSourceKind(p["source_kind"]).label
    out["severity_label"] = Severity(p["severity"]).label
    return out


def proposals(store: GraphStore, status: str | None = None) -> dict[str, Any]:
    if status is not None and status not in {s.value for s in ProposalStatus}:
        raise InvalidRequest(f"status must be one of {[s.value for s in ProposalStatus]}")
    nodes, _ = store.population(["RecordProposal"], [])
    items = [proposal_view(n.props) for n in nodes if status is None or n.props.get("status") == status]
    return {"status": status, "total": len(items), "items": items}
