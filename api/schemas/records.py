"""Answers of the records routes: dishonesty records, objections, credit repairs, propagation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from api.schemas.common import Open, PolicyRef, Ref

__all__ = [
    "ObjectionDecided",
    "ObjectionState",
    "ObjectionView",
    "PoliciesInForce",
    "PropagationSummary",
    "PublicPage",
    "RecordChanged",
    "RecordFields",
    "RecordView",
    "RepairDecided",
    "RepairView",
]

Day = date | str | None
Instant = datetime | str | None


class RecordFields(Open):
    """The fields of a dishonesty record, with their zh-CN labels."""

    id: str
    name: str | None = None
    source_kind: str | None = None
    source_kind_label: str | None = None
    severity: str | None = None
    severity_label: str | None = None
    dimension: str | None = None
    act_date: Day = None
    decided_on: Day = None
    status: str | None = Field(None, description="active | repaired | revoked")
    status_label: str | None = None
    objection_status: str | None = None
    repair_status: str | None = None
    sanction_effect: str | None = None
    repaired_on: Day = None
    revoked_on: Day = None
    corrected_on: Day = None
    change: str | None = Field(None, description="what made this version")
    recorded_at: Instant = None
    source: dict[str, Any] | None = None


class Attribution(Open):
    """A record reaching an official (惩戒到人), with its weight and the routes it took."""

    id: str
    official: Ref
    weight: float | None = None
    effective_weight: float | None = None
    role: str | None = None
    role_label: str | None = None
    hop: int | None = None
    acting: bool | None = None
    act_date: Day = None
    active: bool | None = None
    ended_reason: str | None = None
    policy: PolicyRef | None = None
    routes: list[dict[str, Any]] | None = None
    recorded_at: Instant = None


class PropagationSummary(Open):
    """What a propagation run did: counts, the policy versions used, timings and details."""

    records: int
    reached: int
    created: int
    updated: int
    superseded: int
    unchanged: int
    gaps: int
    policies: dict[str, str] = Field(description="jurisdiction → policy version used")
    seconds: float
    timings: dict[str, float]
    details: list[dict[str, Any]] | None = None


class ObjectionView(Open):
    """An objection (异议) to a record."""

    id: str
    record_id: str | None = None
    status: str | None = Field(None, description="filed | under_review | upheld | rejected")
    status_label: str | None = None
    filed_by: str | None = None
    filed_on: Day = None
    reasons: str | None = None
    reviewer: str | None = None
    review_started_on: Day = None
    decided_on: Day = None
    decision_reasons: str | None = None
    outcome: str | None = None
    outcome_label: str | None = None
    requested: Any = None
    correction: Any = None
    recorded_at: Instant = None


class ObjectionState(ObjectionView):
    allowed_steps: list[str] | None = Field(None, description="the steps the current status allows")


class RepairView(Open):
    """A credit-repair application (信用修复)."""

    id: str
    record_id: str | None = None
    status: str | None = Field(None, description="applied | approved | rejected")
    status_label: str | None = None
    applicant: str | None = None
    applied_on: Day = None
    measures: list[str] | None = None
    measures_labels: list[str] | None = None
    statement: str | None = None
    reviewer: str | None = None
    decided_on: Day = None
    decision_reasons: str | None = None
    effect: str | None = None
    effect_label: str | None = None
    recorded_at: Instant = None


class RecordView(RecordFields):
    """A record as known on a date, with its subject, evidence, publicity, objections, repairs and
    attributions."""

    as_of: Instant = None
    subject: Ref | None = None
    evidence: list[Ref] | None = None
    publicity: dict[str, Any] | None = None
    objections: list[ObjectionView] | None = None
    repairs: list[RepairView] | None = None
    attributions: list[Attribution] | None = None
    superseded_attributions: list[Attribution] | None = None
    versions: int | None = Field(None, description="number of versions (null for an as_of view)")


class RecordChanged(RecordView):
    """The record after the change, and what propagation did."""

    propagation: PropagationSummary


class RecordState(Open):
    id: str
    status: str | None = None
    sanction_effect: str | None = None
    change: str | None = None


class ObjectionDecided(Open):
    objection: ObjectionView
    record: RecordState
    propagation: PropagationSummary


class RepairDecided(Open):
    repair: RepairView
    record: RecordState
    propagation: PropagationSummary


class PolicyInForce(Open):
    jurisdiction: str
    title: str | None = None
    version: str
    content: dict[str, Any]


class PoliciesInForce(Open):
    policies: list[PolicyInForce]


class PublicRecord(Open):
    """A published record as the public sees it (redacted)."""

    id: str
    title: str | None = None
    source_kind: str | None = None
    source_kind_label: str | None = None
    severity: str | None = None
    severity_label: str | None = None
    decided_on: Day = None
    publicity_from: Day = None
    publicity_until: Day = None
    decision: dict[str, Any] | None = None
    subject: dict[str, Any] | None = None


class PublicPage(Open):
    on: Day
    items: list[PublicRecord]
    next_cursor: str | None
