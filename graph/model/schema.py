"""The graph schema, declared once: node kinds and relationship kinds.

Code reads these declarations: the loader validates endpoints against them, the stores take
labels and relationship types only from them (the allow-list), the API documents them.
A relationship kind says which kinds it connects, its zh-CN label, and whether it carries a
valid-time extent.
"""

from __future__ import annotations

import builtins
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from graph.errors import InvalidRequest
from graph.model import entities as m

__all__ = [
    "NODE_KINDS",
    "REL_KINDS",
    "NodeKind",
    "RelKind",
    "UnknownKind",
    "content_hash",
    "from_props",
    "node_kind",
    "rel_kind",
    "to_props",
]


class UnknownKind(InvalidRequest):
    """A label or relationship type that is not in the schema (never reaches query text)."""


@dataclass(frozen=True)
class NodeKind:
    label: str
    label_zh: str
    model: type[m.Node]


@dataclass(frozen=True)
class RelKind:
    type: str
    label_zh: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    temporal: bool
    model: builtins.type[m.Rel] = m.Rel  # builtins: the field ``type`` above shadows the name here


_NODES = [
    NodeKind("Government", "人民政府", m.Government),
    NodeKind("Department", "部门/单位", m.Department),
    NodeKind("Official", "公务员", m.Official),
    NodeKind("Post", "职务/岗位", m.Post),
    NodeKind("Company", "企业/社会资本方", m.Company),
    NodeKind("Project", "项目", m.Project),
    NodeKind("ProjectStage", "项目阶段", m.ProjectStage),
    NodeKind("Contract", "合同/协议", m.Contract),
    NodeKind("Commitment", "承诺", m.Commitment),
    NodeKind("Judgment", "司法判决", m.Judgment),
    NodeKind("DishonestyRecord", "政务失信记录", m.DishonestyRecord),
    NodeKind("Objection", "异议", m.Objection),
    NodeKind("CreditRepair", "信用修复", m.CreditRepair),
    NodeKind("Policy", "惩戒到人规则", m.Policy),
    NodeKind("RecordProposal", "待确认失信记录", m.RecordProposal),
    NodeKind("Rectification", "整改", m.Rectification),
]

_UNITS = ("Government", "Department")
_RELS = [
    RelKind("SUBORDINATE_TO", "上级政府", ("Government",), ("Government",), True),
    RelKind("BELONGS_TO", "隶属", ("Department",), _UNITS, True),
    RelKind("POST_IN", "岗位所在单位", ("Post",), _UNITS, True),
    RelKind("REPORTS_TO", "分管/汇报", ("Post",), ("Post",), True),
    RelKind("HOLDS", "任职", ("Official",), ("Post",), True, m.Tenure),
    RelKind("OWNED_BY", "项目实施单位", ("Project",), _UNITS, True),
    RelKind("HAS_STAGE", "项目阶段", ("Project",), ("ProjectStage",), False),
    RelKind(
        "RESPONSIBLE_FOR", "政府方责任人", ("Post", "Official"), ("ProjectStage", "Commitment"), True,
        m.Responsibility,
    ),
    RelKind("FOR_PROJECT", "所属项目", ("Contract", "Commitment"), ("Project",), False),
    RelKind("HAS_PARTY", "合同当事方", ("Contract",), (*_UNITS, "Company"), False, m.PartyOf),
    RelKind("SIGNED_BY", "签约人", ("Contract",), ("Official",), False),
    RelKind("SIGNED_AS", "签约人职务", ("Contract",), ("Post",), False),
    RelKind("COMMITTED_BY", "承诺主体", ("Commitment",), (*_UNITS, "Official"), False),
    RelKind("PROMISED_TO", "承诺对象", ("Commitment",), ("Company",), False),
    RelKind("AGAINST", "被执行人/义务人", ("Judgment",), _UNITS, False),
    RelKind("CONCERNS", "涉及", ("Judgment",), ("Contract", "Project", "Commitment"), False),
    RelKind(
        "RECORD_SUBJECT", "失信主体", ("DishonestyRecord",),
        (*_UNITS, "Official", "Project", "Contract"), False,
    ),
    RelKind(
        "EVIDENCED_BY", "失信依据", ("DishonestyRecord",),
        ("Judgment", "Contract", "Commitment", "Project"), False,
    ),
    RelKind("INVESTS_IN", "投资", ("Company",), ("Project",), True, m.Investment),
    RelKind("OBJECTS_TO", "异议对象", ("Objection",), ("DishonestyRecord",), False),
    RelKind("REPAIRS", "修复对象", ("CreditRepair",), ("DishonestyRecord",), False),
    RelKind("ATTRIBUTED_TO", "惩戒到人", ("DishonestyRecord",), ("Official",), False, m.Attribution),
]

NODE_KINDS: dict[str, NodeKind] = {k.label: k for k in _NODES}
REL_KINDS: dict[str, RelKind] = {k.type: k for k in _RELS}


def node_kind(label: str) -> NodeKind:
    try:
        return NODE_KINDS[label]
    except KeyError:
        raise UnknownKind(f"unknown node kind {label!r}; known: {', '.join(NODE_KINDS)}") from None


def rel_kind(type_: str) -> RelKind:
    try:
        return REL_KINDS[type_]
    except KeyError:
        raise UnknownKind(f"unknown relationship kind {type_!r}; known: {', '.join(REL_KINDS)}") from None


# --- storage form ---------------------------------------------------------------------------------
# Stores keep flat properties of primitive values and dates (what Neo4j can hold): the source is
# flattened to source_* keys, free attributes become one JSON string, enums become their values.

_SOURCE_FIELDS = tuple(m.Source.model_fields)
_RESERVED = {"recorded_at"}


M = TypeVar("M", bound=BaseModel)


def to_props(obj: m.Fact) -> dict[str, Any]:
    """Flatten a model into storable properties (None values are kept: they clear a property)."""
    data = obj.model_dump(mode="python", exclude={"source", "attributes", "recorded_at", "src", "dst"})
    src: m.Source = obj.source
    for f in _SOURCE_FIELDS:
        data[f"source_{f}"] = getattr(src, f)
    attrs = obj.attributes
    data["attributes_json"] = (
        json.dumps(attrs, ensure_ascii=False, sort_keys=True, default=str) if attrs else None
    )
    return data


def from_props(model: type[M], props: dict[str, Any], **extra: Any) -> M:
    """Rebuild a model from stored properties (inverse of :func:`to_props`)."""
    data = {k: v for k, v in props.items() if not k.startswith("_")}
    source = {f: data.pop(f"source_{f}", None) for f in _SOURCE_FIELDS}
    attrs = data.pop("attributes_json", None)
    data.update(extra)
    fields = model.model_fields
    clean = {k: v for k, v in data.items() if k in fields}
    return model.model_validate(
        {**clean, "source": source, "attributes": json.loads(attrs) if attrs else None}
    )


def _canon(v: Any) -> Any:
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v


def content_hash(props: dict[str, Any], extra: tuple[str, ...] = ()) -> str:
    """A stable hash of stored properties: equal content, equal hash (so reloads change nothing)."""
    items = {k: _canon(v) for k, v in props.items() if k not in _RESERVED and v is not None}
    payload = json.dumps([items, list(extra)], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
