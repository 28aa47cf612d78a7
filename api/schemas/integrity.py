"""Answers of the integrity-file routes: an official's file, a unit's file, the coverage report."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.schemas.common import Open

__all__ = ["Coverage", "OfficialFile", "UnitFile"]


class Dimension(Open):
    label: str
    score: float
    records: int


class OfficialFile(Open):
    """An official's integrity file (一人一档)."""

    official: dict[str, Any]
    as_of: Any = None
    on: str | None = None
    posts: list[dict[str, Any]] = Field(default_factory=list)
    dimensions: dict[str, Dimension] = Field(description="credit dimension → score (100 without records)")
    overall_score: float | None = None
    records: list[dict[str, Any]] = Field(description="the records in the file and how each arrived")
    eligibility: dict[str, Any] = Field(description="this year's eligibility (excellent rating, honours, promotion)")
    policy: dict[str, Any] | None = None
    summary: str | None = None


class UnitFile(Open):
    """A government's or department's records and their consequences."""

    unit: dict[str, Any]
    as_of: Any = None
    on: str | None = None
    year: int | None = None
    records: list[dict[str, Any]]
    consequences: dict[str, Any]
    principal_posts: list[dict[str, Any]] = Field(default_factory=list)
    policy: dict[str, Any] | None = None


class GovernmentCoverage(Open):
    government: str
    name: str | None = None
    officials: int
    with_file: int
    share: float | None = Field(None, description="null when the government has no official in office")
    missing: int


class Coverage(Open):
    """Share of officials in office with an integrity file."""

    on: Any
    government: str | None = None
    target: float
    officials: int
    with_file: int
    share: float | None = Field(None, description="null when no official is in office")
    meets_target: bool | None = None
    definition: str | None = None
    by_government: list[GovernmentCoverage] = Field(default_factory=list)
