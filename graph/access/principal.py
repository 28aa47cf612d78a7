"""Who is calling: an account (token), an API key, or the anonymous public."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.access.roles import expand, sees_personal_data
from graph.model.enums import Role

__all__ = ["ANONYMOUS", "Principal"]


@dataclass(frozen=True)
class Principal:
    name: str                      # "user:<name>", "key:<id>" or "anonymous"
    roles: frozenset[Role] = field(default_factory=frozenset)

    @property
    def anonymous(self) -> bool:
        return self.name == "anonymous"

    @property
    def effective(self) -> frozenset[Role]:
        return expand(self.roles)

    @property
    def personal_data(self) -> bool:
        return sees_personal_data(self.roles)

    @property
    def role_label(self) -> str:
        return ",".join(sorted(r.value for r in self.roles)) or Role.public.value


ANONYMOUS = Principal("anonymous", frozenset())
