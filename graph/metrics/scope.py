"""The scope of a metric or an export: a government with every government below it, and a period.

Period rule: a relationship belongs to the period when its valid-time extent overlaps it (both
ends inclusive; an open end, and an end marked unknown, count as open). Relationships without an
extent (a contract's project, a record's subject) always belong. With a period, a node other than
the scope's government is kept only when at least one of its relationships belongs to the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.errors import InvalidRequest

__all__ = ["ORD_MAX", "ORD_MIN", "Scope"]

ORD_MIN = 0
ORD_MAX = date.max.toordinal() + 1


@dataclass(frozen=True)
class Scope:
    government: str
    date_from: date | None = None
    date_to: date | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise InvalidRequest(f"period: date_to {self.date_to} is before date_from {self.date_from}")

    @property
    def has_period(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def bounds(self) -> tuple[int, int]:
        """The period as day ordinals (open ends: the extremes)."""
        lo = self.date_from.toordinal() if self.date_from else ORD_MIN
        hi = self.date_to.toordinal() if self.date_to else ORD_MAX
        return lo, hi

    def key(self) -> tuple[str, str | None, str | None]:
        return (self.government, self.date_from.isoformat() if self.date_from else None,
                self.date_to.isoformat() if self.date_to else None)
