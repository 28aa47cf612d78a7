"""Domain model: one pydantic class per node kind and per relationship kind.

Every node and relationship has a stable ``id``, a valid-time extent (``valid_from``/``valid_to``,
both inclusive; an open ``valid_to`` means "still true"), a record time (``recorded_at``, set by
the store when it learns or changes the fact) and a ``source``. The graph schema (which kinds
exist, which relationship connects which kinds) is declared in :mod:`graph.model.schema`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.model.enums import (
    AttributionRole,
    CommitmentKind,
    CommitmentStatus,
    ContractStatus,
    Dimension,
    GovLevel,
    ObjectionOutcome,
    ObjectionStatus,
    PartyRole,
    ProjectKind,
    ProposalStatus,
    RecordSourceKind,
    RecordStatus,
    RepairMeasure,
    RepairStatus,
    SanctionEffect,
    Severity,
    Stage,
)

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-/]{0,127}$"
#: Words the HTTP API puts after an id in its paths (``/records/{id}/history``). Ids may contain
#: '/', so an id whose last '/'-segment is one of them (or a node id that is one) could not be told
#: from the route; such ids are refused. tests/test_api_records.py keeps this list in step with the routes.
PATH_WORDS = frozenset({"history", "neighbours", "correction", "revocation", "objections", "repairs",
                        "review", "decision", "integrity", "integrity-file", "responsibility",
                        "confirmation", "dismissal", "rectification", "evaluation"})
_RAW_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")

Precision = Literal["day", "month", "year"]


class Source(BaseModel):
    """Where a fact comes from: document number, issuing authority, URL, or file and line."""

    model_config = ConfigDict(extra="forbid")

    document: str | None = Field(None, description="文号 / document number")
    authority: str | None = Field(None, description="发文机关 / issuing authority")
    url: str | None = None
    file: str | None = Field(None, description="file the fact was loaded from")
    line: int | None = Field(None, description="line (or record number) inside that file")
    path: str | None = Field(None, description="JSON path inside the document, for importers")

    def is_empty(self) -> bool:
        return not any(v is not None for v in self.model_dump().values())


class Fact(BaseModel):
    """Common part of nodes and relationships."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True)

    id: str = Field(pattern=ID_PATTERN, description="stable identifier, unique across the graph")
    valid_from: date | None = Field(None, description="first day the fact holds (inclusive)")
    valid_to: date | None = Field(None, description="last day the fact holds (inclusive); empty = open")
    recorded_at: datetime | None = Field(None, description="record time, set by the store")
    source: Source = Field(default_factory=Source)
    attributes: dict[str, Any] | None = Field(
        None, description="fields of the source document the product does not model, kept as they were"
    )

    @model_validator(mode="after")
    def _id_fits_the_api_paths(self) -> Fact:
        last = self.id.rsplit("/", 1)[-1]
        if last in PATH_WORDS and ("/" in self.id or isinstance(self, Node)):
            raise ValueError(f"id {self.id!r}: an id may not end in '{last}', a word of the API's paths")
        return self

    @model_validator(mode="after")
    def _extent_in_order(self) -> Fact:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self


class Node(Fact):
    name: str = Field(min_length=1, max_length=500, description="name (Chinese)")


class Government(Node):
    level: GovLevel
    division_code: str = Field(pattern=r"^\d{6}(\d{3})?$", description="GB/T 2260 行政区划代码")


class Department(Node):
    category: str | None = Field(None, description="e.g. 财政, 住建, 商务")


class Official(Node):
    gender: Literal["男", "女"] | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    id_hash: str | None = Field(
        None, pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the national ID number; never the number"
    )

    @field_validator("name")
    @classmethod
    def _no_id_number_as_name(cls, v: str) -> str:
        if _RAW_ID_NUMBER.match(v):
            raise ValueError("looks like a national ID number; store only its hash in id_hash")
        return v


class Post(Node):
    is_principal: bool = Field(False, description="主要负责人 of its unit")
    rank: str | None = Field(None, description="职级, e.g. 正处级")


class Company(Node):
    credit_code: str | None = Field(None, description="统一社会信用代码")


class Project(Node):
    kind: ProjectKind
    start_date: date | None = Field(None, description="date the project came into existence")
    investment: float | None = Field(None, ge=0, description="total investment, CNY")
    status: str | None = None


class ProjectStage(Node):
    stage: Stage


class Contract(Node):
    status: ContractStatus = ContractStatus.performing
    signed_on: date | None = None
    breached_on: date | None = None
    value: float | None = Field(None, ge=0)
    currency: str | None = "CNY"

    @model_validator(mode="after")
    def _breach_after_signing(self) -> Contract:
        if self.signed_on and self.breached_on and self.breached_on < self.signed_on:
            raise ValueError(f"breached_on {self.breached_on} is before signed_on {self.signed_on}")
        return self


class Commitment(Node):
    kind: CommitmentKind
    status: CommitmentStatus = CommitmentStatus.pending
    made_on: date | None = None
    due_on: date | None = None
    broken_on: date | None = None


class Judgment(Node):
    case_number: str | None = Field(None, description="案号")
    court: str | None = None
    effective_on: date | None = Field(None, description="date the ruling took effect")
    performed: bool = False
    performed_on: date | None = None
    debtor_listed_on: date | None = Field(None, description="listed as 失信被执行人 on")


class DishonestyRecord(Node):
    source_kind: RecordSourceKind
    severity: Severity
    dimension: Dimension | None = Field(None, description="integrity-file dimension, if the record says")
    act_date: date | None = Field(None, description="date of the dishonest act")
    decided_on: date | None = Field(None, description="date the record was decided/published")
    status: RecordStatus = RecordStatus.active
    # publicity (公示) and workflow state; rules in docs/records.md and graph/records/publicity.py
    published: bool = Field(True, description="published on the credit site (公示); false: inspectors only")
    published_on: date | None = Field(None, description="first day of publicity; empty = decided_on")
    publicity_months: int | None = Field(
        None, ge=1, le=36, description="publicity period in months; empty = the policy default for the severity"
    )
    publicity_until: date | None = Field(None, description="last day of publicity (inclusive)")
    objection_status: ObjectionStatus | None = Field(None, description="state of the latest objection (异议)")
    repair_status: RepairStatus | None = Field(None, description="state of the latest credit repair (信用修复)")
    repaired_on: date | None = Field(None, description="credit repair approved on; publicity ends that day")
    sanction_effect: SanctionEffect | None = Field(None, description="after repair: sanctions lightened or waived")
    revoked_on: date | None = None
    corrected_on: date | None = None
    change: str | None = Field(None, description="what the latest version changed, and why")

    @model_validator(mode="after")
    def _dates_in_order(self) -> DishonestyRecord:
        if self.act_date and self.decided_on and self.decided_on < self.act_date:
            raise ValueError(f"decided_on {self.decided_on} is before act_date {self.act_date}")
        return self


class Objection(Node):
    """异议: the subject disputes a record; verified errors are corrected or revoked (seed 003, 004)."""

    record_id: str = Field(pattern=ID_PATTERN, description="the disputed record")
    status: ObjectionStatus = ObjectionStatus.filed
    filed_by: str = Field(min_length=1, max_length=200, description="who objects (unit or person)")
    filed_on: date
    reasons: str = Field(min_length=1, max_length=5000)
    requested: str | None = Field(None, description="JSON: the correction the objector asks for")
    reviewer: str | None = None
    review_started_on: date | None = None
    decided_on: date | None = None
    decision_reasons: str | None = None
    outcome: ObjectionOutcome | None = Field(None, description="when upheld: record corrected or revoked")
    correction: str | None = Field(None, description="JSON: the fields corrected, old and new values")


class CreditRepair(Node):
    """信用修复: after self-correction, publicity ends and sanctions are lightened or waived (000 #9)."""

    record_id: str = Field(pattern=ID_PATTERN, description="the record to repair")
    status: RepairStatus = RepairStatus.applied
    applicant: str = Field(min_length=1, max_length=200)
    applied_on: date
    measures: list[RepairMeasure] = Field(min_length=1, description="self-correction taken")
    statement: str = Field(min_length=1, max_length=5000, description="what was done, with evidence")
    reviewer: str | None = None
    decided_on: date | None = None
    decision_reasons: str | None = None
    effect: SanctionEffect | None = None


class Policy(Node):
    """The propagation policy in force for a jurisdiction; each change of content is a new version."""

    jurisdiction: str = Field(description="division-code prefix it applies to; '*' = everywhere")
    version: str = Field(description="explicit version or content hash of the policy file")
    content: str = Field(description="the policy as JSON (what produced the attributions)")


class RecordProposal(Node):
    """A record derived from facts by a rule of the policy (issue 11), waiting for an inspector."""

    rule: str = Field(description="the derivation rule of the policy that fired")
    fact_id: str = Field(pattern=ID_PATTERN, description="the judgment, contract or commitment it comes from")
    source_kind: RecordSourceKind
    severity: Severity
    subject_id: str = Field(pattern=ID_PATTERN, description="the government or department (or official) it is about")
    evidence: list[str] = Field(default_factory=list, description="ids of the facts it rests on")
    act_date: date | None = None
    derived_on: date = Field(description="the day the rule was evaluated")
    threshold: str | None = Field(None, description="the rule's threshold, as the policy said it")
    reason: str = Field(description="why the rule fired (Chinese)")
    status: ProposalStatus = ProposalStatus.proposed
    record_id: str | None = Field(None, description="the record created on confirmation")
    decided_by: str | None = None
    decided_on: date | None = None
    decision_reasons: str | None = None


class Rectification(Node):
    """整改: a unit's written explanation and completed rectification of a record (000 #8, 001, 002)."""

    record_id: str = Field(pattern=ID_PATTERN)
    unit_id: str = Field(pattern=ID_PATTERN)
    explained_on: date | None = Field(None, description="written explanation (书面说明) submitted on")
    explanation_document: str | None = None
    completed_on: date | None = Field(None, description="rectification completed on")
    completion_document: str | None = None

    @model_validator(mode="after")
    def _completed_after_explained(self) -> Rectification:
        if self.explained_on and self.completed_on and self.completed_on < self.explained_on:
            raise ValueError(f"completed_on {self.completed_on} is before explained_on {self.explained_on}")
        return self


# --- relationships -------------------------------------------------------------------------------


class Rel(Fact):
    src: str = Field(pattern=ID_PATTERN, description="id of the source node")
    dst: str = Field(pattern=ID_PATTERN, description="id of the target node")


class Tenure(Rel):
    """任职: an official (src) holds a post (dst) from valid_from to valid_to, both inclusive."""

    acting: bool = Field(False, description="代理 / acting appointment")
    end_unknown: bool = Field(False, description="ended, but the end date is unknown")
    valid_from_precision: Precision = "day"
    valid_to_precision: Precision = "day"

    @model_validator(mode="after")
    def _unknown_end_has_no_date(self) -> Tenure:
        if self.end_unknown and self.valid_to is not None:
            raise ValueError("end_unknown is set but valid_to is given")
        return self


class PartyOf(Rel):
    role: PartyRole
    signatory: bool = Field(False, description="this party signed the contract (OCDS contracts.signatories)")
    public_authority: bool = Field(False, description="the public authority of a PPP contract (OCDS for PPPs)")


class Responsibility(Rel):
    """政府方责任人: a post or an official (src) answers for a project stage or commitment (dst)."""

    duty: str | None = Field(None, description="what the responsibility covers")


class Investment(Rel):
    amount: float | None = Field(None, ge=0)


class Attribution(Rel):
    """惩戒到人: a record (src) reaches an official (dst), with weight and explanation path."""

    weight: float = Field(ge=0, le=1, description="max over routes of role weight x decay x acting factor")
    effective_weight: float = Field(ge=0, le=1, description="weight x the record's sanction factor (repair)")
    role: AttributionRole = Field(description="role of the heaviest route")
    roles: list[AttributionRole] = Field(default_factory=list, description="every role by which the record arrives")
    hop: int = Field(ge=0, description="reporting-line hops of the heaviest route")
    acting: bool = False
    act_date: date | None = None
    routes: str = Field(description="JSON list of routes: role, hop, weight, path of node and relationship ids")
    policy_jurisdiction: str
    policy_version: str
    active: bool = Field(True, description="false: superseded (record revoked or the route no longer holds)")
    ended_reason: str | None = None
