"""Pieces shared by many answers: the open base model, entity views, references, pages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["EntityView", "History", "NodeView", "Open", "Page", "PolicyRef", "Ref", "RelView", "Version"]


class Open(BaseModel):
    """A documented answer that may carry further members (kept as they are)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})


class NodeView(Open):
    id: str
    element: Literal["node"]
    kind: str = Field(description="node kind, e.g. Official")
    kind_label: str = Field(description="zh-CN label of the kind")
    name: str | None = None
    properties: dict[str, Any]
    source: dict[str, Any] = Field(description="where the fact comes from (document, url, …)")
    recorded_at: datetime | str | None = Field(None, description="record time of this version")


class RelView(Open):
    id: str
    element: Literal["relationship"]
    kind: str = Field(description="relationship kind, e.g. HOLDS")
    kind_label: str
    src: str
    dst: str
    properties: dict[str, Any]
    source: dict[str, Any]
    recorded_at: datetime | str | None = None


EntityView = Annotated[NodeView | RelView, Field(discriminator="element")]


class Version(Open):
    recorded_at: datetime | str | None
    properties: dict[str, Any]
    source: dict[str, Any]


class History(Open):
    id: str
    versions: list[Version] = Field(description="every version, oldest first")


class Ref(Open):
    """A short reference to a node: its id, kind and name."""

    id: str
    kind: str | None = None
    kind_label: str | None = None
    name: str | None = None


class PolicyRef(Open):
    jurisdiction: str | None
    version: str | None


class Page(Open):
    items: list[Any]
    next_cursor: str | None = Field(description="pass as cursor for the next page; null on the last page")

