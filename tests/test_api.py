"""HTTP layer: health, linked records, problem+json errors (404, 422, 503). Runs on both stores."""

from __future__ import annotations

import socket

import pytest
from auth_helpers import authed_client
from fastapi.testclient import TestClient
from scenario import D, Scenario

from api.app import create_app

PROBLEM = "application/problem+json"


@pytest.fixture
def client(store):
    s = Scenario()
    s.node("Government", "g1", "青山市人民政府", level="prefecture", division_code="431000")
    s.node("Post", "p1", "青山市市长", is_principal=True)
    s.node("Post", "p2", "青山市财政局局长", is_principal=True)
    s.node("Official", "o1", "周婷")
    s.node("Official", "o2", "李明")
    s.rel("POST_IN", "r1", "p1", "g1")
    s.rel("REPORTS_TO", "r2", "p2", "p1")
    s.rel("HOLDS", "t1", "o1", "p2", valid_from=D("2015-03-01"), valid_to=D("2016-11-20"))
    s.rel("HOLDS", "t2", "o2", "p2", valid_from=D("2016-11-21"))
    s.write(store)
    with authed_client(create_app(store=store), store) as c:
        yield c


def test_health(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready"


def test_entity_node_and_relationship(client):
    body = client.get("/api/v1/entities/o1").json()
    assert body["kind"] == "Official" and body["kind_label"] == "公务员" and body["name"] == "周婷"
    rel = client.get("/api/v1/entities/t1").json()
    assert rel["element"] == "relationship" and rel["kind_label"] == "任职"
    assert (rel["src"], rel["dst"], rel["properties"]["valid_to"]) == ("o1", "p2", "2016-11-20")


def test_search_and_pages(client):
    page1 = client.get("/api/v1/search", params={"q": "青山市", "limit": 2}).json()
    assert [i["id"] for i in page1["items"]] == ["g1", "p1"]
    page2 = client.get("/api/v1/search", params={"q": "青山市", "limit": 2, "cursor": page1["next_cursor"]}).json()
    assert [i["id"] for i in page2["items"]] == ["p2"] and page2["next_cursor"] is None
    only = client.get("/api/v1/search", params={"q": "局长", "kind": "Post"}).json()
    assert [i["id"] for i in only["items"]] == ["p2"]


def test_neighbours_with_date_and_pages(client):
    r = client.get("/api/v1/entities/p2/neighbours", params={"rel": "HOLDS", "at": "2016-11-21"}).json()
    assert [i["node"]["id"] for i in r["items"]] == ["o2"]
    deep = client.get("/api/v1/entities/o1/neighbours", params={"depth": 3, "limit": 2}).json()
    assert [(i["depth"], i["node"]["id"]) for i in deep["items"]] == [(1, "p2"), (2, "o2")]
    rest = client.get("/api/v1/entities/o1/neighbours",
                      params={"depth": 3, "limit": 2, "cursor": deep["next_cursor"]}).json()
    assert [(i["depth"], i["node"]["id"]) for i in rest["items"]] == [(2, "p1"), (3, "g1")]


def test_unknown_id_is_404_problem(client):
    r = client.get("/api/v1/entities/nope")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    assert r.json()["status"] == 404 and "nope" in r.json()["detail"]
    assert client.get("/api/v1/entities/nope/neighbours").status_code == 404
    assert client.get("/api/v1/no-such-route").headers["content-type"] == PROBLEM


@pytest.mark.parametrize("params", [
    {"depth": 4}, {"depth": 0}, {"kind": "Minister"}, {"rel": "LIKES"}, {"at": "2020-13-01"},
    {"limit": 0}, {"cursor": "!!notacursor"},
])
def test_bad_parameters_are_422_problem(client, params):
    r = client.get("/api/v1/entities/o1/neighbours", params=params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM and r.json()["detail"]


def test_store_unavailable_is_503_problem():
    from graph.stores.neo4j.store import Neo4jStore

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = Neo4jStore(f"bolt://127.0.0.1:{port}", "neo4j", "x", connection_acquisition_timeout=2.0,
                       connection_timeout=1.0, max_transaction_retry_time=0.2)
    try:
        with TestClient(create_app(store=store), headers={"X-API-Key": "rtk_000000000000_" + "a" * 43}) as c:
            for path in ("/readyz", "/api/v1/entities/o1", "/api/v1/search?q=周"):
                r = c.get(path)
                assert r.status_code == 503, (path, r.text)
                assert r.headers["content-type"] == PROBLEM and r.headers["retry-after"] == "5"
    finally:
        store.close()


def test_openapi_declares_roles(client):
    spec = client.get("/openapi.json").json()
    ops = [op for path in spec["paths"].values() for op in path.values()]
    assert ops and all("x-required-role" in op for op in ops)


def test_web_page_is_served_in_chinese(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in r.text and "政务诚信责任回溯" in r.text
