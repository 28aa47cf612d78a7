"""Answers of the linked-records routes: schema, stats, search, neighbours."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from api.schemas.common import NodeView, Open, Page, RelView

__all__ = ["Neighbour", "NeighbourPage", "SchemaAnswer", "SearchPage"]


class NodeKindView(Open):
    kind: str
    label: str


class RelKindView(Open):
    kind: str
    label: str
    sources: list[str]
    targets: list[str]
    temporal: bool


class SchemaAnswer(Open):
    nodes: list[NodeKindView]
    relationships: list[RelKindView]
    enums: dict[str, dict[str, str]] = Field(description="value → zh-CN label, per enumeration")


class SearchPage(Page):
    items: list[NodeView]


class Neighbour(Open):
    depth: int = Field(description="hops from the start node")
    direction: Literal["out", "in"] | str
    relationship: RelView = Field(description="the relationship reaching the node")
    node: NodeView


class NeighbourPage(Page):
    id: str
    items: list[Neighbour]
