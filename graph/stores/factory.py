"""Opens the store the settings name: Neo4j when a URI is configured, else the embedded one."""

from __future__ import annotations

from graph.config import Settings
from graph.stores.base import GraphStore

__all__ = ["open_store"]


def open_store(settings: Settings) -> GraphStore:
    if settings.neo4j_uri:
        from graph.stores.neo4j.store import Neo4jStore

        assert settings.neo4j_password is not None
        return Neo4jStore(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )
    from graph.stores.memory.store import MemoryStore

    return MemoryStore(settings.data_dir)
