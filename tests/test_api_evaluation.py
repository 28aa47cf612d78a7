"""HTTP for issue 11 (both stores): proposals, evaluation, red list, warnings and feed, record
statistics with CSV, rectification; roles declared; problem documents for bad input."""

from __future__ import annotations

import pytest
from auth_helpers import authed_client
from eval_scenario import build, policies_per_official

from api.app import create_app

PROBLEM = "application/problem+json"
J2 = "prop/unperformed_judgment/j2/d-zj"


@pytest.fixture
def client(store):
    pol = policies_per_official()
    build(store, pol)
    app = create_app(store=store)
    app.state.policies = pol
    with authed_client(app, store) as c:
        yield c


def test_proposals_confirm_dismiss(client):
    r = client.post("/api/v1/proposals/derivation", json={"day": "2026-06-30"})
    assert r.status_code == 200 and r.json()["proposed"] == 8
    lst = client.get("/api/v1/proposals", params={"status": "proposed"}).json()
    assert lst["total"] == 8
    one = next(p for p in lst["items"] if p["id"] == J2)
    assert (one["rule_label"], one["status_label"], one["severity_label"]) == ("被列为失信被执行人", "待确认", "严重")
    r = client.post(f"/api/v1/proposals/{J2}/confirmation",
                    json={"inspector": "检查员甲", "document": "湘信〔2026〕88号", "decided_on": "2026-06-30"})
    assert r.status_code == 201 and r.json()["record"] == "rec/" + J2
    again = client.post(f"/api/v1/proposals/{J2}/confirmation", json={"inspector": "甲", "document": "x"})
    assert again.status_code == 409 and again.headers["content-type"].startswith(PROBLEM)
    d = client.post("/api/v1/proposals/prop/broken_commitment/k3/d-cz/dismissal",
                    json={"inspector": "乙", "reason": "承诺已依法变更"})
    assert d.status_code == 200 and d.json()["status"] == "dismissed"
    assert client.post("/api/v1/proposals/nope/dismissal", json={"inspector": "乙", "reason": "x"}).status_code == 404
    assert client.get("/api/v1/proposals", params={"status": "bad"}).status_code == 422


def test_evaluation_red_list_and_statistics(client):
    client.post("/api/v1/proposals/derivation", json={"day": "2026-06-30"})
    client.post(f"/api/v1/proposals/{J2}/confirmation",
                json={"inspector": "检查员甲", "document": "湘信〔2026〕88号", "decided_on": "2026-06-30"})
    ev = client.get("/api/v1/evaluations", params={"period": "2026", "kind": "Government"}).json()
    scores = {r["unit"]["id"]: (r["score"], r["grade"], r["rank"]) for r in ev["items"]}
    assert scores["g-ca"] == (60.67, "C", 2) and scores["g-cb"] == (67.0, "C", 1)
    u = client.get("/api/v1/units/d-zj/evaluation", params={"period": "2026"}).json()
    assert u["grade"] == "D" and [e["id"] for e in next(i for i in u["indicators"]
                                                        if i["key"] == "debtor_listings")["evidence"]] == ["j2"]
    assert client.get("/api/v1/evaluations", params={"period": "26"}).status_code == 422
    assert client.get("/api/v1/units/nope/evaluation", params={"period": "2026"}).status_code == 404
    rl = client.get("/api/v1/red-list", params={"period": "2026"}).json()
    assert [o["name"] for o in rl["officials"]] == ["钱五"]
    st = client.get("/api/v1/records", params={"government": "g-ca", "severity": "light"}).json()
    assert [r["id"] for r in st["items"]] == ["r-zj2"] and st["counts"]["total"] == 1
    csv = client.get("/api/v1/records", params={"government": "g-cb", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and "西县政府投诉查实" in csv.content.decode("utf-8")
    assert client.get("/api/v1/records", params={"government": "nope"}).status_code == 404


def test_warnings_feed_and_rectification(client):
    w = client.get("/api/v1/warnings", params={"on": "2026-06-30", "kind": "turnover_watch"}).json()
    assert [x["id"] for x in w["items"]] == ["warn/turnover_watch/c2/p-ca", "warn/turnover_watch/k1/p-ca",
                                             "warn/turnover_watch/st1/p-ca"]
    assert w["items"][0]["kind_label"] == "换届/换人履约关注"
    f = client.get("/api/v1/warnings/feed", params={"on": "2026-06-30", "limit": 3}).json()
    assert len(f["items"]) == 3 and f["more"]
    f2 = client.get("/api/v1/warnings/feed", params={"on": "2026-06-30", "cursor": f["next_cursor"]}).json()
    assert len(f2["items"]) == 7  # 10 warnings in all before j2's record exists (no concentration yet)
    assert client.get("/api/v1/warnings", params={"kind": "bad"}).status_code == 422
    assert client.get("/api/v1/warnings", params={"government": "d-zj"}).status_code == 404
    r = client.post("/api/v1/records/r-zj1/rectification",
                    json={"completed_on": "2026-03-10", "completion_document": "东住建〔2026〕3号"})
    assert r.status_code == 200 and r.json()["completed_on"] == "2026-03-10"
    left = client.get("/api/v1/warnings", params={"on": "2026-06-30", "kind": "rectification_overdue"}).json()
    assert [x["id"] for x in left["items"]] == ["warn/rectification_overdue/r-cb1"]
    assert client.post("/api/v1/records/nope/rectification", json={"explained_on": "2026-03-10"}).status_code == 404


def test_routes_declare_roles(client):
    spec = client.get("/openapi.json").json()["paths"]
    expect = {("/api/v1/evaluations", "get"): "evaluator", ("/api/v1/red-list", "get"): "evaluator",
              ("/api/v1/warnings", "get"): "inspector", ("/api/v1/warnings/feed", "get"): "api_client",
              ("/api/v1/records", "get"): "inspector", ("/api/v1/proposals", "get"): "inspector"}
    for (path, method), role in expect.items():
        assert spec[path][method]["x-required-role"] == role
