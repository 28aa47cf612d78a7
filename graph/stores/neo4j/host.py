"""What the Neo4j store's mixins may call on the store they are mixed into.

A mixin method declares ``self: Neo4jHost`` (a typed self, checked by mypy) instead of ``self: Any``;
:class:`graph.stores.neo4j.store.Neo4jStore` provides every member.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from neo4j import ManagedTransaction

__all__ = ["Neo4jHost"]

T = TypeVar("T")


class Neo4jHost(Protocol):
    def read(self, fn: Callable[[ManagedTransaction], T], fetch_size: int | None = None) -> T: ...

    def write(self, fn: Callable[[ManagedTransaction], T]) -> T: ...

    def run_read(self, name: str, **params: Any) -> list[dict[str, Any]]: ...
