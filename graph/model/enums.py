"""Enumerations of the domain, each member carrying its zh-CN label.

A member compares equal to its English value (``GovLevel.county == "county"``), which is what is
stored and sent over the API; ``member.label`` is the Chinese label shown to people.
"""

from __future__ import annotations

from enum import StrEnum

from graph.errors import InvalidRequest

__all__ = [
    "AttributionRole",
    "CommitmentKind",
    "CommitmentStatus",
    "ContractStatus",
    "Dimension",
    "GovLevel",
    "ObjectionOutcome",
    "ObjectionStatus",
    "PartyRole",
    "ProjectKind",
    "RecordSourceKind",
    "RecordStatus",
    "RepairMeasure",
    "RepairStatus",
    "Role",
    "SanctionEffect",
    "Severity",
    "Stage",
    "ZhEnum",
]


class ZhEnum(StrEnum):
    """A string enum whose members are declared as ``name = "value", "中文标签"``."""

    label: str  # the zh-CN label (an annotation only: not a member)

    def __new__(cls, value: str, label: str = "") -> ZhEnum:
        # ``label`` defaults only for type checkers, which read ``Kind(value)`` (a lookup) as a call of
        # ``__new__``; every member is declared with its label
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @classmethod
    def labels(cls) -> dict[str, str]:
        """``{value: zh label}`` for every member, for documentation and the web page."""
        return {m.value: m.label for m in cls}

    @classmethod
    def parse(cls, value: str, field: str) -> ZhEnum:
        """The member named by ``value``, or :class:`InvalidRequest` naming ``field`` and the
        allowed values: the one check, and message, of the API (422) and the CLI alike."""
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            raise InvalidRequest(f"{field}: {value!r} is not one of {allowed}") from None


class GovLevel(ZhEnum):
    province = "province", "省"
    prefecture = "prefecture", "市/州"
    county = "county", "县/区"
    township = "township", "乡镇/街道"


class ProjectKind(ZhEnum):
    ppp = "ppp", "政府和社会资本合作(PPP)"
    investment_promotion = "investment_promotion", "招商引资"
    procurement = "procurement", "政府采购"
    bidding = "bidding", "招标投标"
    government_debt = "government_debt", "政府债务"


class Stage(ZhEnum):
    """Project stages: the five PPP stages of seed 000 #11 and the extra ones other seeds name."""

    identification = "identification", "识别"
    preparation = "preparation", "准备"
    procurement = "procurement", "采购"
    execution = "execution", "执行"
    handover = "handover", "移交"
    planning = "planning", "筹备"
    bidding = "bidding", "招标投标"
    financing = "financing", "融资"
    implementation = "implementation", "实施"


class ContractStatus(ZhEnum):
    performing = "performing", "履行中"
    fulfilled = "fulfilled", "已履行"
    breached = "breached", "违约/毁约"
    terminated = "terminated", "已终止"
    changed_lawfully = "changed_lawfully", "依法变更并补偿"


class PartyRole(ZhEnum):
    government = "government", "政府方"
    social_capital = "social_capital", "社会资本方"
    investor = "investor", "投资方"
    supplier = "supplier", "供应商"
    other = "other", "其他"


class CommitmentKind(ZhEnum):
    policy = "policy", "政策承诺"
    quality = "quality", "质量承诺"
    deadline = "deadline", "期限承诺"
    guarantee = "guarantee", "保障承诺"
    public_pledge = "public_pledge", "公开承诺"


class CommitmentStatus(ZhEnum):
    pending = "pending", "未到期"
    kept = "kept", "已兑现"
    broken = "broken", "未兑现/失信"


class RecordSourceKind(ZhEnum):
    unperformed_judgment = "unperformed_judgment", "未履行生效判决/失信被执行人"
    administrative_penalty = "administrative_penalty", "行政处罚"
    disciplinary_sanction = "disciplinary_sanction", "纪律处分"
    accountability = "accountability", "问责处理"
    broken_commitment = "broken_commitment", "违背承诺"
    contract_breach = "contract_breach", "合同违约/毁约"
    arrears = "arrears", "拖欠工程款/农民工工资"
    upheld_complaint = "upheld_complaint", "投诉查实"
    approval_failure = "approval_failure", "网上审批不达标"


class Severity(ZhEnum):
    light = "light", "轻微"
    general = "general", "一般"
    serious = "serious", "严重"


class Dimension(ZhEnum):
    """The five dimensions of an official's integrity file (seed 000 #6)."""

    clean = "clean", "廉洁信用"
    law = "law", "守法信用"
    duty = "duty", "履职信用"
    tax = "tax", "纳税信用"
    morality = "morality", "公德信用"


class Role(ZhEnum):
    """Who may call a route (scopes of a token = roles; rules in graph/access/roles.py)."""

    public = "public", "社会公众"
    api_client = "api_client", "接口用户"
    analyst = "analyst", "分析人员"
    evaluator = "evaluator", "评价人员"
    inspector = "inspector", "纪检监察/信用办"
    reviewer = "reviewer", "异议与修复审核人"
    admin = "admin", "管理员"


# --- dishonesty records, objections, credit repair, attribution (issue 4; rules in docs/records.md) ---


class RecordStatus(ZhEnum):
    active = "active", "有效"
    repaired = "repaired", "已信用修复"
    revoked = "revoked", "已撤销"


class ObjectionStatus(ZhEnum):
    filed = "filed", "已提出"
    under_review = "under_review", "审核中"
    upheld = "upheld", "异议成立"
    rejected = "rejected", "异议不成立"


class ObjectionOutcome(ZhEnum):
    corrected = "corrected", "更正"
    revoked = "revoked", "撤销"


class RepairStatus(ZhEnum):
    applied = "applied", "已申请"
    approved = "approved", "准予修复"
    rejected = "rejected", "不予修复"


class RepairMeasure(ZhEnum):
    """Self-correction that allows lighter or no sanctions (seed 000 #9, 001, 002)."""

    recovered_losses = "recovered_losses", "主动挽回损失"
    removed_effects = "removed_effects", "消除不良影响"
    prevented_harm = "prevented_harm", "有效阻止危害结果发生"
    performed_obligation = "performed_obligation", "已履行法定义务/生效判决"


class SanctionEffect(ZhEnum):
    lighten = "lighten", "从轻实施失信惩戒"
    waive = "waive", "免于实施失信惩戒"


class AttributionRole(ZhEnum):
    """How a record on a unit, project or contract reaches an official (惩戒到人)."""

    responsible = "responsible", "政府方责任人"
    signatory = "signatory", "签约人/承诺人"
    unit_principal = "unit_principal", "失信单位主要负责人"
    leader = "leader", "分管领导"
    principal_leader = "principal_leader", "政府主要负责人"


class ProposalStatus(ZhEnum):
    """A record derived from facts (issue 11): proposed, then confirmed or dismissed by an inspector."""

    proposed = "proposed", "待确认"
    confirmed = "confirmed", "已确认为失信记录"
    dismissed = "dismissed", "已驳回"
    withdrawn = "withdrawn", "已撤回（事实已变化）"


class WarningKind(ZhEnum):
    """Early warnings (监测预警, issue 11)."""

    turnover_watch = "turnover_watch", "换届/换人履约关注"
    commitment_due = "commitment_due", "承诺即将到期"
    commitment_overdue = "commitment_overdue", "承诺逾期未兑现"
    judgment_unperformed = "judgment_unperformed", "生效判决逾期未履行"
    rectification_overdue = "rectification_overdue", "整改逾期未完成"
    concentration = "concentration", "失信记录集中"
