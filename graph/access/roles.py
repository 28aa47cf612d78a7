"""Which granted roles satisfy the role a route requires.

Roles are granted per account or key (a token's scopes are its roles). A role includes the roles
listed for it here; ``admin`` includes every role. ``public`` needs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.model.enums import Role

__all__ = ["INCLUDES", "PERSONAL_DATA_ROLES", "allows", "expand", "sees_personal_data"]

INCLUDES: dict[Role, frozenset[Role]] = {
    Role.public: frozenset(),
    Role.api_client: frozenset({Role.public}),
    Role.analyst: frozenset({Role.api_client, Role.public}),
    Role.evaluator: frozenset({Role.api_client, Role.public}),
    Role.inspector: frozenset({Role.analyst, Role.api_client, Role.public}),
    Role.reviewer: frozenset({Role.inspector, Role.analyst, Role.api_client, Role.public}),
    Role.admin: frozenset(Role),
}

# roles that may see identity hashes, birth year, gender and every attribute
PERSONAL_DATA_ROLES = frozenset({Role.inspector, Role.reviewer, Role.admin})


def expand(granted: Iterable[Role]) -> frozenset[Role]:
    out: set[Role] = {Role.public}
    for r in granted:
        out.add(r)
        out |= INCLUDES[r]
    return frozenset(out)


def allows(granted: Iterable[Role], required: Role) -> bool:
    return required in expand(granted)


def sees_personal_data(granted: Iterable[Role]) -> bool:
    return bool(expand(granted) & PERSONAL_DATA_ROLES)
