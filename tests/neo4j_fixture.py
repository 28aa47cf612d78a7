"""pytest helpers for a real Neo4j server (import from conftest.py).

Usage in conftest.py::

    import pytest
    from neo4j_fixture import neo4j_server_session, wipe  # or tests.neo4j_fixture

    @pytest.fixture(scope="session")
    def neo4j_server():
        yield from neo4j_server_session()

Server selection:
  * RETRACE_NEO4J_URI set -> use that server (RETRACE_NEO4J_USER / _PASSWORD /
    _DATABASE, defaults neo4j / "" / neo4j); nothing is started or stopped.
  * otherwise -> start a throwaway server in a temp dir via scripts/neo4j_server.py
    (jars cached in ~/.cache/retrace/neo4j), stop it and delete the dir afterwards.
If that start fails, the session fails when CI=true or RETRACE_REQUIRE_NEO4J=1,
otherwise the dependent tests are skipped with the reason.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "neo4j_server.py"


def _load_neo4j_server():
    name = "neo4j_server"
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.spec_from_file_location(name, _SCRIPT)
    assert spec is not None and spec.loader is not None, _SCRIPT
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses need the module registered
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


neo4j_server = _load_neo4j_server()
ServerInfo = neo4j_server.ServerInfo


def _neo4j_required() -> bool:
    return (
        os.environ.get("CI", "").strip().lower() == "true"
        or os.environ.get("RETRACE_REQUIRE_NEO4J", "").strip() == "1"
    )


def neo4j_server_session() -> Iterator[ServerInfo]:
    """Generator body for a session-scoped fixture yielding a ServerInfo."""
    uri = os.environ.get("RETRACE_NEO4J_URI")
    if uri:
        yield ServerInfo(
            uri=uri,
            user=os.environ.get("RETRACE_NEO4J_USER", "neo4j"),
            password=os.environ.get("RETRACE_NEO4J_PASSWORD", ""),
            database=os.environ.get("RETRACE_NEO4J_DATABASE", "neo4j"),
        )
        return

    home = tempfile.mkdtemp(prefix="retrace-neo4j-test-")
    try:
        info = neo4j_server.start(home=home)
    except Exception as exc:  # Neo4jSetupError / Neo4jStartError / anything unexpected
        shutil.rmtree(home, ignore_errors=True)
        if _neo4j_required():
            raise
        pytest.skip(f"Neo4j test server unavailable (set CI=true or RETRACE_REQUIRE_NEO4J=1 to fail instead): {exc}")
    try:
        yield info
    finally:
        try:
            neo4j_server.stop(info)
        finally:
            shutil.rmtree(home, ignore_errors=True)


def wipe(driver, database: str = "neo4j") -> None:
    """Delete all nodes and relationships in `database`, in batches.

    Indexes and constraints are kept. Uses an auto-commit transaction
    (session.run), which CALL ... IN TRANSACTIONS requires.
    """
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
