"""The access part of both stores: rows, the audit chain under concurrent appends, the identity
hash migration; nothing of it appears in generic reads."""

from __future__ import annotations

import hashlib
import threading

import pytest
from cities import city

from graph.access import audit
from graph.access.identity import migrate_identity_hashes
from graph.access.personal import identity_hash
from graph.errors import InvalidRequest

KEY = "k" * 40


def test_rows_round_trip_and_stay_out_of_generic_reads(store):
    city().write(store)
    before = store.counts()
    store.access_put("user", "zhang", {"roles": ["inspector"], "password_hash": "x"})
    store.access_put("user", "zhang", {"roles": ["admin"], "password_hash": "y"})
    store.access_put("key", "abc", {"roles": ["api_client"]})
    assert store.access_get("user", "zhang") == {"id": "zhang", "roles": ["admin"], "password_hash": "y"}
    assert store.access_get("user", "nobody") is None
    assert [r["id"] for r in store.access_list("user")] == ["zhang"]
    audit.record(store, actor="user:zhang", role="admin", method="GET", route="/x", object_ids=["g"],
                 params={"token": "secret-value", "q": "x"}, outcome=200)
    assert store.counts() == before
    assert store.search(None, "zhang", 10) == [] and store.get_node("zhang") is None
    assert store.audit_entries()[0]["params"] == {"token": "***", "q": "x"}


def test_concurrent_appends_keep_one_chain(store):
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for j in range(10):
                audit.record(store, actor=f"user:{i}", role="api_client", method="GET", route="/x",
                             object_ids=[f"{i}-{j}"], params={}, outcome=200)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    res = audit.verify(store)
    assert res["ok"] and res["entries"] == 40
    assert [e["seq"] for e in store.audit_entries()] == list(range(1, 41))
    assert len(store.audit_entries(actor="user:2")) == 10
    assert [e["object_ids"] for e in store.audit_entries(object_id="3-7")] == [["3-7"]]


def test_identity_migration_rewraps_legacy_hashes_once(store):
    number = "43100019800101123" + "X"
    legacy = hashlib.sha256(number.encode()).hexdigest()
    s = city()
    s.node("Official", "o-legacy", "郑伟", id_hash=legacy)
    s.write(store)
    res = migrate_identity_hashes(store, KEY)
    assert res["rewrapped"] == 1 and res["officials"] == store.counts()["Official"]
    assert store.get_node("o-legacy").props["id_hash"] == identity_hash(number, KEY)
    assert store.get_node("o-wang").props.get("id_hash") is None
    with pytest.raises(InvalidRequest, match="already keyed"):
        migrate_identity_hashes(store, KEY)


@pytest.mark.neo4j
def test_a_runaway_read_is_stopped_and_unavailable(neo4j_store_session):
    """The read timeout (RETRACE_NEO4J_TX_TIMEOUT, set by the API) stops a runaway query on the
    server; the store raises StoreUnavailable, which the API answers 503."""
    from graph.stores.base import StoreUnavailable

    store = neo4j_store_session
    runaway = "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS n"
    store.read_timeout = 1.0
    try:
        with pytest.raises(StoreUnavailable, match=r"longer than 1\.0 s"):
            store.read(lambda tx: tx.run(runaway).single())
        assert store.read(lambda tx: tx.run("RETURN 1 AS one").single()["one"]) == 1
    finally:
        store.read_timeout = None
