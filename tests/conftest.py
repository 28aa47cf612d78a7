"""Fixture strategy.

* ``store`` is parametrized over both stores: ``memory`` (a fresh durable MemoryStore in a temp
  folder) and ``neo4j`` (the real Neo4j 5.26 server). Every test that takes ``store`` runs on
  both, which is the contract suite: same calls, same answers. Neo4j is the reference.
* One Neo4j server per test session (``neo4j_server``): started from Maven Central jars by
  ``scripts/neo4j_server.py`` in a temp folder and stopped at the end, or an existing server
  named by ``RETRACE_TEST_NEO4J_URI`` (never ``RETRACE_NEO4J_URI``: tests wipe the database).
  Each test starts from an empty database (wiped, constraints kept).
* Under ``CI=true`` (or ``RETRACE_REQUIRE_NEO4J=1``) a server that cannot start fails the run;
  elsewhere the Neo4j variants are skipped with the reason.
* No mocks of storage: tests that claim to test a store run against that store.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Tests must never touch a developer's configured database.
for _var in ("RETRACE_NEO4J_URI", "RETRACE_NEO4J_USER", "RETRACE_NEO4J_PASSWORD", "RETRACE_NEO4J_DATABASE"):
    os.environ.pop(_var, None)
for _var in ("URI", "USER", "PASSWORD", "DATABASE"):
    if os.environ.get(f"RETRACE_TEST_NEO4J_{_var}"):
        os.environ[f"RETRACE_NEO4J_{_var}"] = os.environ[f"RETRACE_TEST_NEO4J_{_var}"]

from neo4j_fixture import neo4j_server_session, wipe  # noqa: E402

from graph.stores.memory.store import MemoryStore  # noqa: E402


@pytest.fixture(scope="session")
def neo4j_server():
    yield from neo4j_server_session()


@pytest.fixture(scope="session")
def neo4j_store_session(neo4j_server):
    from graph.stores.neo4j.store import Neo4jStore

    store = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    store.init_schema()
    yield store
    store.close()


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    if request.param == "memory":
        s = MemoryStore(tmp_path / "store")
        yield s
        s.close()
    else:
        s = request.getfixturevalue("neo4j_store_session")
        wipe(s.driver, s.database)
        yield s


@pytest.fixture
def memory_store(tmp_path):
    s = MemoryStore(tmp_path / "store")
    yield s
    s.close()


# Tests sign tokens and key identity hashes with test secrets, never a developer's.
os.environ["RETRACE_JWT_SECRET"] = "test-signing-secret-" + "x" * 40
os.environ["RETRACE_IDENTITY_KEY"] = "test-identity-key-" + "y" * 40
