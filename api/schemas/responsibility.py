"""Answers of the responsibility routes: backtracking and turnover breaches.

A backtracking answer is deep (stages → responsibilities → posts held → holders and the reporting
chain, with the evidence of each fact); its main members are documented here and the nested ones
are open objects.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.schemas.common import Open, Ref

__all__ = ["Backtracking", "TurnoverPage"]


class StageAnswer(Open):
    stage: dict[str, Any] = Field(description="the project stage (kind ProjectStage) and whether it was in progress")
    responsibilities: list[dict[str, Any]] = Field(
        description="who answered for the stage: the official or post, the posts held and the chain up to a leader")


class EventAnswer(Open):
    event: str = Field(description="signing | breach | date")
    event_label: str | None = None
    date: str | None = Field(None, description="the day the answer is for (YYYY-MM-DD)")
    stages: list[StageAnswer] = Field(default_factory=list)
    signatory: dict[str, Any] | None = Field(None, description="who signed for the government side")
    government_principals: list[dict[str, Any]] | None = None
    evidence: list[dict[str, Any]] | None = Field(None, description="every fact the answer rests on, with its source")


class Backtracking(Open):
    """Who was responsible for a contract or project, when, up to which leader."""

    subject: Ref = Field(description="the contract or project asked about")
    parties: list[dict[str, Any]] = Field(default_factory=list)
    answers: list[EventAnswer]
    summary: str | None = Field(None, description="the answer in one zh-CN paragraph")


class TurnoverItem(Open):
    id: str
    kind: str = Field(description="Contract or Commitment")
    name: str | None = None
    start_date: str | None = None
    broken_on: str | None = None
    project: dict[str, Any] | None = None
    government: dict[str, Any] | None = None
    changes: list[dict[str, Any]] = Field(description="changes of the responsible person before the breach")
    min_days: int | None = None
    summary: str | None = None


class TurnoverPage(Open):
    """Contracts and commitments broken within N days after a change of responsible person."""

    days: int
    total: int
    items: list[TurnoverItem]
    next_cursor: str | None
