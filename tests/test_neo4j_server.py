"""Smoke tests for the local Neo4j test server (scripts/neo4j_server.py + tests/neo4j_fixture.py)."""

from __future__ import annotations

import uuid

import pytest

neo4j = pytest.importorskip("neo4j")

from neo4j_fixture import wipe  # noqa: E402 - only once the driver is known to be installed

pytestmark = pytest.mark.neo4j  # uses the session server of conftest.py


@pytest.fixture(scope="module")
def driver(neo4j_server):
    drv = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    try:
        yield drv
    finally:
        drv.close()


def test_return_1_and_server_version(driver, neo4j_server):
    with driver.session(database=neo4j_server.database) as session:
        result = session.run("RETURN 1 AS one")
        assert result.single()["one"] == 1
        summary = result.consume()
    assert summary.server.agent.startswith("Neo4j/5.26"), summary.server.agent


def test_chinese_string_round_trip(driver, neo4j_server):
    text = "追溯图谱：你好，世界！——汉字测试 🀄"
    marker = uuid.uuid4().hex
    with driver.session(database=neo4j_server.database) as session:
        assert session.run("RETURN $s AS s", s=text).single()["s"] == text
        # Through the store as well, not just parameter echo.
        session.run("CREATE (:RetraceSmokeTest {marker: $m, text: $s})", m=marker, s=text).consume()
        try:
            stored = session.run(
                "MATCH (n:RetraceSmokeTest {marker: $m}) RETURN n.text AS s", m=marker
            ).single()["s"]
            assert stored == text
        finally:
            session.run("MATCH (n:RetraceSmokeTest {marker: $m}) DETACH DELETE n", m=marker).consume()


def test_wipe_deletes_nodes_only(driver, neo4j_server):
    if neo4j_server.pid is None:
        pytest.skip("external server (RETRACE_NEO4J_URI): not wiping someone else's database")
    db = neo4j_server.database
    with driver.session(database=db) as session:
        session.run("CREATE INDEX retrace_wipe_idx IF NOT EXISTS FOR (n:RetraceWipe) ON (n.k)").consume()
        session.run("UNWIND range(1, 25000) AS i CREATE (:RetraceWipe {k: i})-[:NEXT]->(:RetraceWipe)").consume()
    wipe(driver, db)
    with driver.session(database=db) as session:
        assert session.run("MATCH (n) RETURN count(n) AS c").single()["c"] == 0
        names = [r["name"] for r in session.run("SHOW INDEXES YIELD name")]
        assert "retrace_wipe_idx" in names
        session.run("DROP INDEX retrace_wipe_idx IF EXISTS").consume()
