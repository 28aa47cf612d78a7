"""Propagation, publicity, repair and sanction policy: one YAML file per jurisdiction.

``policies/default.yaml`` (jurisdiction ``*``) documents every default with the seed it comes from;
a jurisdiction file (``policies/<division-code prefix>.yaml``) says ``extends: default`` and gives
only the propagation keys that differ (publicity, repair, sanctions and scoring are province-wide,
taken from the default, so files and public lists compare across jurisdictions). Loading validates with pydantic, so a wrong key or value is an error
at start, not a silent default. A record is governed by the policy of the longest division-code
prefix matching its government (``*`` otherwise).

Every policy has a version id: the explicit ``version`` of the file joined to a hash of the merged
content, or the hash alone; editing a file without bumping its version still yields a new id.
Every attribution records the jurisdiction and version id that produced it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.errors import ConfigError
from graph.model.enums import AttributionRole, Dimension, RecordSourceKind, SanctionEffect, Severity
from graph.model.evaluation_policy import Derivation, Evaluation, Warnings
from graph.model.temporal import add_months, period_end

__all__ = [
    "POLICY_DIR",
    "Policy",
    "PolicyError",
    "PolicySet",
    "add_months",
    "default_policies",
    "load_policies",
    "policy_from_dict",
]

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"


class PolicyError(ConfigError):
    """A policy file that cannot be used (bad YAML, unknown key, value out of range)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Weight = Field(ge=0, le=1)


class RoleWeights(_Strict):
    responsible: float = Weight
    signatory: float = Weight
    unit_principal: float = Weight
    leader: float = Weight
    principal_leader: float = Weight

    def of(self, role: AttributionRole | str) -> float:
        return float(getattr(self, str(role)))


class Propagation(_Strict):
    roles: RoleWeights
    decay: float = Field(gt=0, le=1)
    max_hops: int = Field(ge=1, le=8)
    acting_factor: float = Field(ge=0, le=1)
    min_weight: float = Field(ge=0, le=1)


class Period(_Strict):
    min_months: int = Field(ge=0, le=36)
    max_months: int = Field(ge=1, le=36)
    default_months: int = Field(ge=1, le=36)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if not self.min_months <= self.default_months <= self.max_months:
            raise ValueError("need min_months <= default_months <= max_months")
        return self


class Publicity(_Strict):
    light: Period
    general: Period
    serious: Period

    def of(self, severity: Severity | str) -> Period:
        return getattr(self, str(severity))


class BySeverity(_Strict):
    light: int = Field(ge=0)
    general: int = Field(ge=0)
    serious: int = Field(ge=0)

    def of(self, severity: Severity | str) -> int:
        return getattr(self, str(severity))


class EffectBySeverity(_Strict):
    light: SanctionEffect
    general: SanctionEffect
    serious: SanctionEffect

    def of(self, severity: Severity | str) -> SanctionEffect:
        return SanctionEffect(getattr(self, str(severity)))


class Repair(_Strict):
    min_months: BySeverity
    effect: EffectBySeverity
    lighten_factor: float = Field(ge=0, le=1)
    lighten_lifts: list[Literal["honours", "excellent_rating"]] = []


class Sanctions(_Strict):
    attributed_min_weight: float = Field(ge=0, le=1)
    promotion_block_kinds: list[RecordSourceKind]
    rectification_days: BySeverity
    public_criticism_min_severity: Severity
    incentive_clean_years: int = Field(ge=0, le=20)


class Points(_Strict):
    light: float = Field(ge=0)
    general: float = Field(ge=0)
    serious: float = Field(ge=0)

    def of(self, severity: Severity | str) -> float:
        return getattr(self, str(severity))


class Scoring(_Strict):
    base: float = Field(gt=0)
    points: Points
    dimension_of: dict[RecordSourceKind, Dimension]

    @model_validator(mode="after")
    def _every_kind(self) -> Scoring:
        missing = set(RecordSourceKind) - set(self.dimension_of)
        if missing:
            raise ValueError(f"dimension_of misses {sorted(m.value for m in missing)}")
        return self


class Policy(_Strict):
    jurisdiction: str = Field(pattern=r"^(\*|\d{2,9})$", description="'*' or a division-code prefix")
    title: str
    version: str | None = None
    propagation: Propagation
    publicity: Publicity
    repair: Repair
    sanctions: Sanctions
    scoring: Scoring
    derivation: Derivation = Derivation()  # issue 11, graph/model/evaluation_policy.py
    evaluation: Evaluation = Evaluation()
    warnings: Warnings = Warnings()

    @cached_property
    def content_hash(self) -> str:
        body = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]

    @cached_property
    def version_id(self) -> str:
        return f"{self.version}-{self.content_hash}" if self.version else self.content_hash

    @property
    def node_id(self) -> str:
        return "policy:" + ("default" if self.jurisdiction == "*" else self.jurisdiction)

    def dimension(self, source_kind: str, explicit: str | None) -> str:
        return explicit or self.scoring.dimension_of[RecordSourceKind(source_kind)].value

    def publicity_until(self, severity: str, start: date, months: int | None) -> date:
        """Last day of publicity: ``months`` (default for the severity) after ``start``, exclusive."""
        m = months or self.publicity.of(severity).default_months
        return period_end(start, m)


@dataclass(frozen=True)
class PolicySet:
    """The policies in force: the default and the jurisdiction overrides."""

    policies: tuple[Policy, ...]

    def __post_init__(self) -> None:
        if not any(p.jurisdiction == "*" for p in self.policies):
            raise PolicyError("no default policy (jurisdiction '*')")
        seen = [p.jurisdiction for p in self.policies]
        if len(seen) != len(set(seen)):
            raise PolicyError(f"two policies for one jurisdiction: {sorted(seen)}")

    @property
    def default(self) -> Policy:
        return next(p for p in self.policies if p.jurisdiction == "*")

    def for_code(self, division_code: str | None) -> Policy:
        """The policy of the longest jurisdiction prefix of ``division_code``."""
        best = self.default
        if division_code:
            for p in self.policies:
                if (p.jurisdiction != "*" and division_code.startswith(p.jurisdiction)
                        and (best.jurisdiction == "*" or len(p.jurisdiction) > len(best.jurisdiction))):
                    best = p
        return best

    def by_jurisdiction(self, jurisdiction: str) -> Policy | None:
        return next((p for p in self.policies if p.jurisdiction == jurisdiction), None)

    def versions(self) -> dict[str, str]:
        return {p.jurisdiction: p.version_id for p in self.policies}


#: what a jurisdiction file may set: the propagation weights. Publicity periods, repair, sanctions
#: and scoring stay province-wide so that files and public lists are comparable across jurisdictions.
_OVERRIDABLE = {"extends", "jurisdiction", "title", "version", "propagation"}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def policy_from_dict(data: dict[str, Any], base: dict[str, Any] | None = None) -> Policy:
    """A validated policy from parsed YAML (merged over ``base`` when given)."""
    data = {k: v for k, v in data.items() if k != "extends"}
    merged = _merge(base, data) if base is not None else data
    if base is not None and "version" not in data:
        merged.pop("version", None)  # an override without its own version is versioned by hash
    try:
        return Policy.model_validate(merged)
    except Exception as exc:  # pydantic.ValidationError, with the offending keys
        raise PolicyError(str(exc)) from exc


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise PolicyError(f"{path}: not a mapping")
    return data


def load_policies(directory: str | Path | None = None) -> PolicySet:
    """Every ``*.yaml`` of the folder (``RETRACE_POLICY_DIR`` or ``policies/``), validated."""
    folder = Path(directory or os.environ.get("RETRACE_POLICY_DIR") or POLICY_DIR)
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise PolicyError(f"no policy files in {folder}")
    raw = {f.stem: _read(f) for f in files}
    for name, data in raw.items():
        extra = sorted(set(data) - _OVERRIDABLE) if data.get("extends") else []
        if extra:
            raise PolicyError(f"{folder / (name + '.yaml')}: a jurisdiction may override only "
                              f"{sorted(_OVERRIDABLE - {'extends'})}, not {extra} (those are province-wide)")
    out: list[Policy] = []
    for name, data in sorted(raw.items(), key=lambda kv: (bool(kv[1].get("extends")), kv[0])):  # bases first
        try:
            parent = data.get("extends")
            if parent is not None and parent not in raw:
                raise PolicyError(f"extends unknown policy {parent!r}")
            if parent is not None and raw[parent].get("extends"):
                raise PolicyError("a policy may extend only a policy that extends nothing")
            out.append(policy_from_dict(data, raw[parent] if parent else None))
        except PolicyError as exc:
            raise PolicyError(f"{folder / (name + '.yaml')}: {exc}") from None
    return PolicySet(tuple(out))


@lru_cache(maxsize=1)
def default_policies() -> PolicySet:
    """The policies of the configured folder, read once per process."""
    return load_policies()
