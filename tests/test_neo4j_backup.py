"""Neo4j backup and restore with Neo4j's own offline dump/load, on a throwaway server of its own
(the session's server is shared by the other tests, so it is not stopped here)."""

from __future__ import annotations

import json

import pytest
from cities import city
from neo4j_fixture import neo4j_server as server_script
from neo4j_fixture import wipe

from cli.main import main as retrace
from graph.access import accounts, audit

pytestmark = pytest.mark.neo4j


@pytest.fixture
def own_server(tmp_path):
    home = tmp_path / "neo4j-home"
    try:
        info = server_script.start(home=str(home), heap="512m", pagecache="256m")
    except Exception as exc:
        pytest.skip(f"no Neo4j server could be started: {exc}")
    yield home, info
    server_script.stop(str(home))


def _env(monkeypatch, info):
    for k, v in (("URI", info.uri), ("USER", info.user), ("PASSWORD", info.password), ("DATABASE", info.database)):
        monkeypatch.setenv(f"RETRACE_NEO4J_{k}", v)


def test_dump_and_load_restore_the_same_content(own_server, tmp_path, monkeypatch):
    from graph.stores.neo4j.store import Neo4jStore

    home, info = own_server
    store = Neo4jStore(info.uri, info.user, info.password, info.database)
    store.init_schema()
    city().write(store)
    accounts.create_user(store, "admin1", "a-long-password-1", ["admin"])
    audit.record(store, actor="cli", role="admin", method="CLI", route="x", object_ids=["g"], params={}, outcome=0)
    before = store.content_digest()
    store.close()
    assert before["nodes"] > 20 and before["access_rows"] == 1 and before["audit_entries"] == 1
    _env(monkeypatch, info)
    bk = tmp_path / "bk"
    lib = server_script.ensure_jars()
    assert retrace(["backup", str(bk), "--manifest"]) == 0
    assert json.loads((bk / "manifest.json").read_text())["sha256"] == before["sha256"]
    server_script.stop(str(home))
    assert retrace(["backup", str(bk), "--dump", "--neo4j-home", str(home), "--neo4j-lib", str(lib)]) == 0
    assert (bk / f"{info.database}.dump").stat().st_mode & 0o777 == 0o600
    # lose everything, then restore
    info = server_script.start(home=str(home), heap="512m", pagecache="256m")
    _env(monkeypatch, info)
    store = Neo4jStore(info.uri, info.user, info.password, info.database)
    wipe(store.driver, info.database)
    assert store.content_digest()["nodes"] == 0
    store.close()
    assert retrace(["restore", str(bk), "--verify"]) == 5
    server_script.stop(str(home))
    assert retrace(["restore", str(bk), "--load", "--neo4j-home", str(home), "--neo4j-lib", str(lib)]) == 0
    info = server_script.start(home=str(home), heap="512m", pagecache="256m")
    _env(monkeypatch, info)
    assert retrace(["restore", str(bk), "--verify"]) == 0
    store = Neo4jStore(info.uri, info.user, info.password, info.database)
    assert store.content_digest() == before
    assert accounts.authenticate(store, "admin1", "a-long-password-1") is not None
    assert audit.verify(store)["ok"]
    store.close()
