"""Dishonesty records (政务失信记录): create, correct, revoke, and the record view.

Rules (docs/records.md):

* the subject is a government, department, official, project or contract (RECORD_SUBJECT);
* evidence links to the judgment, contract, commitment or project the record comes from
  (EVIDENCED_BY); an unperformed-judgment record needs a judgment, a contract breach a contract and
  a broken commitment a commitment (the subject counts when it is of that kind); every record
  names its source document (the judgment, penalty, sanction or accountability decision number);
* act date <= decision date <= today; the publicity period lies within the range of the severity;
* no national ID number in any text (personal data is never stored raw);
* nothing is deleted: a correction or revocation is a new version with its record time, written
  as a compare-and-set on the version that was read (a concurrent change gives ConflictError);
* after every change the record's attributions are updated (graph.records.propagation.propagate).
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.errors import InvalidRequest, NotFoundError
from graph.facts.as_of import day_of, end_of_day, subgraph_as_of
from graph.facts.local import LocalGraph
from graph.facts.rules import today_cst
from graph.model import entities as m
from graph.model.enums import (
    AttributionRole,
    Dimension,
    ObjectionOutcome,
    ObjectionStatus,
    RecordSourceKind,
    RecordStatus,
    RepairMeasure,
    RepairStatus,
    SanctionEffect,
    Severity,
)
from graph.model.ids import derived_id
from graph.model.policy import Policy, PolicySet, default_policies
from graph.model.schema import NODE_KINDS, REL_KINDS, from_props
from graph.stores.base import ConflictError, GraphStore, StoredNode, utcnow
from graph.stores.writes import node_write, rel_write

__all__ = [
    "EVIDENCE_NEEDED",
    "RecordCorrection",
    "RecordIn",
    "check_text",
    "correct_record",
    "corrected",
    "create_record",
    "derived_id",
    "label",
    "load_record",
    "record_view",
    "revoke_record",
    "revoked",
]

_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
ID_PATTERN = m.ID_PATTERN

#: source kinds that need a node of this kind as evidence (or as subject)
EVIDENCE_NEEDED = {
    RecordSourceKind.unperformed_judgment.value: "Judgment",
    RecordSourceKind.contract_breach.value: "Contract",
    RecordSourceKind.broken_commitment.value: "Commitment",
}


class RecordIn(BaseModel):
    """A new record, as the API and the CLI take it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(None, pattern=ID_PATTERN, description="empty: one is assigned")
    name: str = Field(min_length=1, max_length=500, description="title of the record (Chinese)")
    source_kind: RecordSourceKind
    severity: Severity
    dimension: Dimension | None = None
    act_date: date = Field(description="date of the dishonest act (attribution uses who held posts then)")
    decided_on: date = Field(description="date the record was decided")
    subject: str = Field(pattern=ID_PATTERN, description="government, department, official, project or contract")
    evidence: list[str] = Field(default_factory=list, max_length=20,
                                description="ids of judgments, contracts, commitments or projects")
    published: bool = True
    published_on: date | None = None
    publicity_months: int | None = Field(None, ge=1, le=36)
    source: m.Source = Field(description="the decision document: number and issuing authority")
    attributes: dict[str, Any] | None = None


class RecordCorrection(BaseModel):
    """Fields a correction may change (the subject and evidence cannot: revoke and re-create)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(None, min_length=1, max_length=500)
    source_kind: RecordSourceKind | None = None
    severity: Severity | None = None
    dimension: Dimension | None = None
    act_date: date | None = None
    decided_on: date | None = None
    published: bool | None = None
    published_on: date | None = None
    publicity_months: int | None = Field(None, ge=1, le=36)

    def changes(self) -> dict[str, Any]:
        return self.model_dump(mode="python", exclude_unset=True, exclude_none=False)


def label(enum_cls: Any, value: Any) -> str | None:
    return enum_cls(value).label if value is not None else None


def check_text(*texts: str | None) -> None:
    for t in texts:
        if t and _ID_NUMBER.search(t):
            raise InvalidRequest("text contains what looks like a national ID number; personal data is not stored")


def _model_or_422(cls: type[m.Node], data: dict[str, Any]) -> Any:
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ())) or cls.__name__
        raise InvalidRequest(f"{loc}: {first.get('msg')}") from None


def _check_publicity(policy: Policy, severity: str, months: int | None) -> None:
    if months is None:
        return
    per = policy.publicity.of(severity)
    if not per.min_months <= months <= per.max_months:
        raise InvalidRequest(
            f"publicity_months {months} is outside {per.min_months}..{per.max_months} months for a "
            f"{Severity(severity).label} ({severity}) record"
        )


def _check_dates(rec: m.DishonestyRecord, today: date) -> None:
    if rec.decided_on and rec.decided_on > today:
        raise InvalidRequest(f"decided_on {rec.decided_on} is in the future")
    if rec.act_date and rec.act_date > today:
        raise InvalidRequest(f"act_date {rec.act_date} is in the future")
    if rec.published_on and rec.decided_on and rec.published_on < rec.decided_on:
        raise InvalidRequest(f"published_on {rec.published_on} is before decided_on {rec.decided_on}")


def _with_publicity(data: dict[str, Any], policy: Policy) -> dict[str, Any]:
    start = data.get("published_on") or data.get("decided_on")
    data["publicity_until"] = (
        policy.publicity_until(data["severity"], start, data.get("publicity_months")) if start else None
    )
    return data


# --- create ---------------------------------------------------------------------------------------


def create_record(
    store: GraphStore, rin: RecordIn, policies: PolicySet | None = None, now: datetime | None = None,
    propagate: bool = True,
) -> dict[str, Any]:
    """Validate and write a new record with its subject and evidence links, then attribute it."""
    from graph.records import propagation

    policies = policies or default_policies()
    policy = policies.default
    now = now or utcnow()
    rid = rin.id or f"rec-{uuid.uuid4().hex[:16]}"
    check_text(rin.name)
    kinds = store.kinds_of([rin.subject, *rin.evidence])
    subject_kind = kinds.get(rin.subject)
    if subject_kind is None:
        raise InvalidRequest(f"subject {rin.subject!r} does not exist")
    allowed = REL_KINDS["RECORD_SUBJECT"].targets
    if subject_kind not in allowed:
        raise InvalidRequest(f"subject {rin.subject!r} is a {subject_kind}; a record's subject is a {'/'.join(allowed)}")
    ev_allowed = REL_KINDS["EVIDENCED_BY"].targets
    for e in rin.evidence:
        if e not in kinds:
            raise InvalidRequest(f"evidence {e!r} does not exist")
        if kinds[e] not in ev_allowed:
            raise InvalidRequest(f"evidence {e!r} is a {kinds[e]}; evidence is a {'/'.join(ev_allowed)}")
    needed = EVIDENCE_NEEDED.get(rin.source_kind.value)
    if needed and subject_kind != needed and needed not in {kinds[e] for e in rin.evidence}:
        raise InvalidRequest(f"a {rin.source_kind.value} record needs a {needed} as evidence")
    if not (rin.source.document or rin.source.url):
        raise InvalidRequest("source.document (or source.url) is required: the decision the record comes from")
    _check_publicity(policy, rin.severity.value, rin.publicity_months)
    data = rin.model_dump(mode="python", exclude={"subject", "evidence"})
    data.update(id=rid, status=RecordStatus.active.value, valid_from=rin.decided_on, change="created")
    rec = _model_or_422(m.DishonestyRecord, _with_publicity(data, policy))
    _check_dates(rec, day_of(now))
    rels = [("RECORD_SUBJECT", rel_write(m.Rel(id=derived_id("rsj", rid), src=rid, dst=rin.subject,
                                                 source=rin.source)))]
    for i, e in enumerate(dict.fromkeys(rin.evidence)):
        rels.append(("EVIDENCED_BY", rel_write(m.Rel(id=derived_id("evd", rid, str(i)), src=rid, dst=e,
                                                       source=rin.source))))
    try:
        store.write_changes([("DishonestyRecord", node_write(rec))], rels, now=now, expect={rid: None})
    except ConflictError:
        raise ConflictError(f"a record with id {rid!r} already exists") from None
    result = propagation.propagate(store, [rid], policies, now=now) if propagate else None
    return {"id": rid, "propagation": result.summary() if result else None}


# --- load, correct, revoke ------------------------------------------------------------------------


def load_record(store: GraphStore, record_id: str) -> tuple[m.DishonestyRecord, str]:
    """The current record as a model and its content hash (for a compare-and-set)."""
    node = store.get_node(record_id)
    if node is None or node.kind != "DishonestyRecord":
        raise NotFoundError(f"no dishonesty record with id {record_id!r}")
    return from_props(m.DishonestyRecord, node.props), node.props["_hash"]


def corrected(rec: m.DishonestyRecord, fix: RecordCorrection, on: date, note: str, policy: Policy) -> m.DishonestyRecord:
    """The record with the corrected fields (publicity recomputed); refused on a revoked record."""
    if rec.status == RecordStatus.revoked.value:
        raise ConflictError(f"record {rec.id!r} is revoked; it cannot be corrected")
    changes = fix.changes()
    if not changes:
        raise InvalidRequest("a correction must change at least one field")
    check_text(changes.get("name"))
    data = rec.model_dump(mode="python")
    data.update(changes)
    data.update(corrected_on=on, change=note)
    if data.get("decided_on"):
        data["valid_from"] = data["decided_on"]
    _check_publicity(policy, data["severity"], data.get("publicity_months"))
    return _model_or_422(m.DishonestyRecord, _with_publicity(data, policy))


def revoked(rec: m.DishonestyRecord, on: date, note: str) -> m.DishonestyRecord:
    if rec.status == RecordStatus.revoked.value:
        raise ConflictError(f"record {rec.id!r} is already revoked")
    data = rec.model_dump(mode="python")
    data.update(status=RecordStatus.revoked.value, revoked_on=on, change=note)
    return _model_or_422(m.DishonestyRecord, data)


def _rewrite(store: GraphStore, new: m.DishonestyRecord, expected_hash: str, now: datetime,
             policies: PolicySet) -> dict[str, Any]:
    from graph.records import propagation

    store.write_changes([("DishonestyRecord", node_write(new))], [], now=now, expect={new.id: expected_hash})
    return propagation.propagate(store, [new.id], policies, now=now).summary()


def correct_record(
    store: GraphStore, record_id: str, fix: RecordCorrection, reason: str, on: date | None = None,
    policies: PolicySet | None = None, now: datetime | None = None, expected_hash: str | None = None,
) -> dict[str, Any]:
    """Correct a record directly (an administrator; objections correct through graph.integrity.workflow)."""
    policies = policies or default_policies()
    now = now or utcnow()
    rec, h = load_record(store, record_id)
    if expected_hash is not None and expected_hash != h:
        raise ConflictError(f"record {record_id!r} was changed since it was read; reload and retry")
    check_text(reason)
    new = corrected(rec, fix, on or day_of(now), f"corrected: {reason}", policies.default)
    _check_dates(new, day_of(now))
    return {"id": record_id, "propagation": _rewrite(store, new, h, now, policies)}


def revoke_record(
    store: GraphStore, record_id: str, reason: str, on: date | None = None,
    policies: PolicySet | None = None, now: datetime | None = None,
) -> dict[str, Any]:
    """Revoke a record (kept with its history; its attributions are superseded)."""
    policies = policies or default_policies()
    now = now or utcnow()
    rec, h = load_record(store, record_id)
    check_text(reason)
    new = revoked(rec, on or day_of(now), f"revoked: {reason}")
    return {"id": record_id, "propagation": _rewrite(store, new, h, now, policies)}


# --- the record view ------------------------------------------------------------------------------


def _ref(n: StoredNode) -> dict[str, Any]:
    return {"id": n.id, "kind": n.kind, "kind_label": NODE_KINDS[n.kind].label_zh, "name": n.props.get("name")}


def _source(props: dict[str, Any]) -> dict[str, Any]:
    return {k[7:]: v for k, v in props.items() if k.startswith("source_") and v is not None}


def record_fields(p: dict[str, Any]) -> dict[str, Any]:
    """The record's own properties, with zh labels for the coded ones."""
    out = {k: p.get(k) for k in (
        "id", "name", "source_kind", "severity", "dimension", "act_date", "decided_on", "status",
        "objection_status", "repair_status", "sanction_effect", "repaired_on", "revoked_on", "corrected_on",
        "change", "recorded_at",
    )}
    out["source_kind_label"] = label(RecordSourceKind, p.get("source_kind"))
    out["severity_label"] = label(Severity, p.get("severity"))
    out["dimension_label"] = label(Dimension, p.get("dimension"))
    out["status_label"] = label(RecordStatus, p.get("status"))
    out["objection_status_label"] = label(ObjectionStatus, p.get("objection_status"))
    out["repair_status_label"] = label(RepairStatus, p.get("repair_status"))
    out["sanction_effect_label"] = label(SanctionEffect, p.get("sanction_effect"))
    out["source"] = _source(p)
    return out


def objection_view(p: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "record_id", "status", "filed_by", "filed_on", "reasons", "reviewer", "review_started_on",
            "decided_on", "decision_reasons", "outcome", "recorded_at")
    out = {k: p.get(k) for k in keys}
    out["status_label"] = label(ObjectionStatus, p.get("status"))
    out["outcome_label"] = label(ObjectionOutcome, p.get("outcome"))
    out["requested"] = json.loads(p["requested"]) if p.get("requested") else None
    out["correction"] = json.loads(p["correction"]) if p.get("correction") else None
    return out


def repair_view(p: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "record_id", "status", "applicant", "applied_on", "measures", "statement", "reviewer",
            "decided_on", "decision_reasons", "effect", "recorded_at")
    out = {k: p.get(k) for k in keys}
    out["status_label"] = label(RepairStatus, p.get("status"))
    out["effect_label"] = label(SanctionEffect, p.get("effect"))
    out["measures_labels"] = [RepairMeasure(x).label for x in p.get("measures") or []]
    return out


def attribution_view(g: LocalGraph, r: Any) -> dict[str, Any]:
    from graph.records.propagation import explain_routes

    p = r.props
    return {
        "id": r.id,
        "official": {"id": r.dst, "name": g.nodes[r.dst].props.get("name") if r.dst in g.nodes else None},
        "weight": p.get("weight"), "effective_weight": p.get("effective_weight"),
        "role": p.get("role"), "role_label": label(AttributionRole, p.get("role")), "hop": p.get("hop"),
        "acting": bool(p.get("acting")), "act_date": p.get("act_date"),
        "active": bool(p.get("active")), "ended_reason": p.get("ended_reason"),
        "policy": {"jurisdiction": p.get("policy_jurisdiction"), "version": p.get("policy_version")},
        "routes": explain_routes(p.get("routes")),
        "recorded_at": p.get("recorded_at"),
    }


def record_view(
    store: GraphStore, record_id: str, as_of: date | datetime | None = None, policies: PolicySet | None = None,
) -> dict[str, Any]:
    """The record as known at ``as_of`` (end of that day, CST), with everything linked to it."""
    from graph.records.publicity import publicity_state

    policies = policies or default_policies()
    facts = store.record_facts(record_id)
    if facts is None:
        raise NotFoundError(f"no dishonesty record with id {record_id!r}")
    when = end_of_day(as_of)
    nodes, rels = subgraph_as_of(store, *facts, when)
    g = LocalGraph(nodes, rels)
    if record_id not in g.nodes:
        raise NotFoundError(f"record {record_id!r} was not known on {as_of}")
    p = g.nodes[record_id].props
    day = day_of(when) if when else today_cst()
    out = record_fields(p)
    out["as_of"] = when
    out["subject"] = next((_ref(g.nodes[r.dst]) for r in sorted(g.outs(record_id, "RECORD_SUBJECT"), key=lambda r: r.id)), None)
    out["evidence"] = [_ref(g.nodes[r.dst]) for r in sorted(g.outs(record_id, "EVIDENCED_BY"), key=lambda r: r.id)]
    out["publicity"] = publicity_state(p, policies.default, day)
    out["objections"] = [objection_view(g.nodes[r.src].props)
                         for r in sorted(g.ins(record_id, "OBJECTS_TO"), key=lambda r: r.src)]
    out["repairs"] = [repair_view(g.nodes[r.src].props) for r in sorted(g.ins(record_id, "REPAIRS"), key=lambda r: r.src)]
    atts = sorted(g.outs(record_id, "ATTRIBUTED_TO"), key=lambda r: (-(r.props.get("weight") or 0), r.dst))
    out["attributions"] = [attribution_view(g, r) for r in atts if r.props.get("active")]
    out["superseded_attributions"] = [attribution_view(g, r) for r in atts if not r.props.get("active")]
    out["versions"] = len(store.history(record_id)) if when is None else None
    return out
