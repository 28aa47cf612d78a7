"""The policy keys of issue 11: records derived from facts, evaluation of governments and
departments, early warnings. Part of :class:`graph.model.policy.Policy` (province-wide, like scoring);
``policies/default.yaml`` gives every value with the seed clause it comes from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.model.enums import RecordSourceKind, Severity

__all__ = ["INDICATORS", "Derivation", "DerivationRule", "Evaluation", "Grades", "Warnings"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DerivationRule(_Strict):
    source_kind: RecordSourceKind
    severity: Severity
    days: int = Field(0, ge=0, le=3650, description="threshold in days (0: at once)")
    enabled: bool = True


class Derivation(_Strict):
    """One rule per fact that can make a record (归集); see docs/evaluation.md."""

    unperformed_judgment: DerivationRule = DerivationRule(source_kind=RecordSourceKind("unperformed_judgment"), severity=Severity("general"), days=90)
    debtor_listing: DerivationRule = DerivationRule(source_kind=RecordSourceKind("unperformed_judgment"), severity=Severity("serious"))
    contract_breach: DerivationRule = DerivationRule(source_kind=RecordSourceKind("contract_breach"), severity=Severity("general"))
    broken_commitment: DerivationRule = DerivationRule(source_kind=RecordSourceKind("broken_commitment"), severity=Severity("general"))
    overdue_commitment: DerivationRule = DerivationRule(source_kind=RecordSourceKind("broken_commitment"), severity=Severity("light"), days=30)
    arrears: DerivationRule = DerivationRule(source_kind=RecordSourceKind("arrears"), severity=Severity("general"), days=30)
    rectification_overdue: DerivationRule = DerivationRule(source_kind=RecordSourceKind("accountability"), severity=Severity("general"), days=30)


#: the evaluation's indicators, in the order they are shown (docs/evaluation.md)
INDICATORS = (
    "unperformed_judgments", "debtor_listings", "broken_contracts", "broken_commitments", "turnover_breaches",
    "arrears", "upheld_complaints", "records_light", "records_general", "records_serious",
    "overdue_rectifications", "missing_files",
)


class Grades(_Strict):
    A: float = Field(90, ge=0, le=100)
    B: float = Field(75, ge=0, le=100)
    C: float = Field(60, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Grades:
        if not self.A >= self.B >= self.C:
            raise ValueError("need A >= B >= C")
        return self

    def of(self, score: float) -> str:
        return "A" if score >= self.A else "B" if score >= self.B else "C" if score >= self.C else "D"


_DEFAULT_WEIGHTS = {
    "unperformed_judgments": 10, "debtor_listings": 20, "broken_contracts": 10, "broken_commitments": 8,
    "turnover_breaches": 15, "arrears": 10, "upheld_complaints": 5, "records_light": 2, "records_general": 5,
    "records_serious": 12, "overdue_rectifications": 8, "missing_files": 1,
}


class Evaluation(_Strict):
    base: float = Field(100, gt=0)
    size_unit: int = Field(10, ge=1, description="officials per unit of size; a unit counts at least one")
    weights: dict[str, float] = Field(default_factory=lambda: {k: float(v) for k, v in _DEFAULT_WEIGHTS.items()})
    grades: Grades = Grades()
    turnover_days: int = Field(180, ge=1, le=3650, description="a breach within this many days of a holder change")

    @model_validator(mode="after")
    def _every_indicator(self) -> Evaluation:
        if set(self.weights) != set(INDICATORS):
            raise ValueError(f"weights must name exactly {list(INDICATORS)}")
        if any(w < 0 for w in self.weights.values()):
            raise ValueError("weights must be >= 0")
        return self


class Concentration(_Strict):
    min_records: int = Field(3, ge=1)
    months: int = Field(12, ge=1, le=120)


class Warnings(_Strict):
    turnover_window_days: int = Field(90, ge=1, le=3650)
    commitment_due_days: int = Field(30, ge=1, le=3650)
    judgment_days: int = Field(60, ge=0, le=3650)
    rectification_grace_days: int = Field(30, ge=0, le=3650)
    concentration: Concentration = Concentration()
