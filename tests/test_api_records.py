"""HTTP: records, objections, credit repair, propagation, integrity files and the public list (both
stores). Status codes: unknown id 404, invalid 422, refused transition or lost race 409."""

from __future__ import annotations

import threading

import pytest
from auth_helpers import authed_client
from cities import city

from api.app import create_app
from graph.model.policy import load_policies

PROBLEM = "application/problem+json"
RECORD = {
    "id": "r1", "name": "青山市住建局拖欠农民工工资", "source_kind": "arrears", "severity": "general",
    "act_date": "2017-02-10", "decided_on": "2018-01-05", "subject": "d-zj",
    "source": {"document": "青信用〔2018〕1号", "authority": "青山市信用办"},
}


@pytest.fixture
def client(store):
    city().write(store)
    app = create_app(store=store)
    app.state.policies = load_policies()
    with authed_client(app, store) as c:
        yield c


@pytest.fixture
def with_record(client):
    r = client.post("/api/v1/records", json=RECORD)
    assert r.status_code == 201, r.text
    return client


def objection_under_review(c) -> str:
    o = c.post("/api/v1/records/r1/objections", json={"filed_by": "青山市住建局", "filed_on": "2018-02-01",
                                                       "reasons": "已结清"})
    assert o.status_code == 201, o.text
    oid = o.json()["id"]
    r = c.post(f"/api/v1/objections/{oid}/review", json={"reviewer": "张三", "started_on": "2018-02-03"})
    assert r.status_code == 200 and r.json()["status"] == "under_review"
    return oid


def test_create_and_get_a_record(client):
    r = client.post("/api/v1/records", json=RECORD)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "active" and body["propagation"]["reached"] == 3
    assert {a["official"]["name"]: a["weight"] for a in body["attributions"]} == {"蒋华": 0.8, "吴敏": 0.64, "王强": 0.5}
    got = client.get("/api/v1/records/r1").json()
    assert got["publicity"]["until"] == "2019-01-04" and got["versions"] == 1
    assert client.get("/api/v1/records/r1", params={"as_of": "2000-01-01"}).status_code == 404
    assert client.get("/api/v1/records/r1/history").json()["versions"][0]["properties"]["status"] == "active"
    dup = client.post("/api/v1/records", json=RECORD)
    assert dup.status_code == 409 and dup.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("change,detail", [
    ({"subject": "p-cz"}, "is a Post"),
    ({"source_kind": "unperformed_judgment"}, "needs a Judgment"),
    ({"severity": "catastrophic"}, "severity"),
    ({"publicity_months": 40}, "publicity_months"),
    ({"act_date": "2019-01-01"}, "before act_date"),
])
def test_invalid_record_is_422(client, change, detail):
    r = client.post("/api/v1/records", json={**RECORD, **change})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert detail in r.json()["detail"]


def test_unknown_ids_are_404(client):
    for method, path, body in [
        ("get", "/api/v1/records/nope", None),
        ("post", "/api/v1/records/nope/objections", {"filed_by": "x", "filed_on": "2018-01-01", "reasons": "y"}),
        ("post", "/api/v1/objections/nope/decision", {"decision": "rejected", "reviewer": "x", "reasons": "y",
                                                      "decided_on": "2018-01-01"}),
        ("post", "/api/v1/repairs/nope/decision", {"decision": "rejected", "reviewer": "x", "reasons": "y",
                                                   "decided_on": "2018-01-01"}),
        ("get", "/api/v1/officials/nope/integrity-file", None),
        ("get", "/api/v1/units/nope/integrity", None),
    ]:
        r = getattr(client, method)(path, **({"json": body} if body else {}))
        assert r.status_code == 404, (path, r.text)


def test_objection_flow_and_refused_step(with_record):
    c = with_record
    oid = objection_under_review(c)
    again = c.post(f"/api/v1/objections/{oid}/review", json={"reviewer": "李四", "started_on": "2018-02-04"})
    assert again.status_code == 409 and "allowed steps" in again.json()["detail"]
    bad = c.post(f"/api/v1/objections/{oid}/decision", json={"decision": "upheld", "reviewer": "张三",
                                                            "reasons": "x", "decided_on": "2018-03-01"})
    assert bad.status_code == 422 and "outcome" in bad.json()["detail"]
    ok = c.post(f"/api/v1/objections/{oid}/decision", json={
        "decision": "upheld", "outcome": "revoked", "reviewer": "张三", "reasons": "主体错误", "decided_on": "2018-03-01"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["record"]["status"] == "revoked" and ok.json()["propagation"]["superseded"] == 3
    assert c.get(f"/api/v1/objections/{oid}").json()["status"] == "upheld"
    assert c.get("/api/v1/records/r1").json()["attributions"] == []


def test_concurrent_decisions_one_200_one_409(with_record):
    c = with_record
    oid = objection_under_review(c)
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def decide(body):
        barrier.wait()
        codes.append(c.post(f"/api/v1/objections/{oid}/decision", json=body).status_code)

    common = {"reviewer": "张三", "reasons": "核实", "decided_on": "2018-03-01"}
    threads = [threading.Thread(target=decide, args=({"decision": "rejected", **common},)),
               threading.Thread(target=decide, args=({"decision": "upheld", "outcome": "corrected",
                                                      "correction": {"severity": "light"}, **common},))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(codes) == [200, 409]


def test_repair_flow(with_record):
    c = with_record
    early = c.post("/api/v1/records/r1/repairs", json={"applicant": "住建局", "applied_on": "2018-02-01",
                                                       "measures": ["recovered_losses"], "statement": "已支付"})
    assert early.status_code == 422 and "from 2018-04-05" in early.json()["detail"]
    rep = c.post("/api/v1/records/r1/repairs", json={"applicant": "住建局", "applied_on": "2018-05-01",
                                                     "measures": ["recovered_losses"], "statement": "已支付"})
    assert rep.status_code == 201
    rid = rep.json()["id"]
    dec = c.post(f"/api/v1/repairs/{rid}/decision", json={"decision": "approved", "reviewer": "信用办",
                                                           "reasons": "整改到位", "decided_on": "2018-05-10"})
    assert dec.status_code == 200 and dec.json()["repair"]["effect"] == "lighten"
    again = c.post(f"/api/v1/repairs/{rid}/decision", json={"decision": "rejected", "reviewer": "x", "reasons": "y",
                                                             "decided_on": "2018-05-11"})
    assert again.status_code == 409
    assert c.get(f"/api/v1/repairs/{rid}").json()["status"] == "approved"


def test_correction_revocation_recompute_and_policies(with_record):
    c = with_record
    fix = c.post("/api/v1/records/r1/correction", json={"correction": {"severity": "light"}, "reason": "更正"})
    assert fix.status_code == 200 and fix.json()["severity"] == "light"
    res = c.post("/api/v1/propagation/recompute", json={})
    assert res.status_code == 200 and res.json()["records"] == 1 and res.json()["unchanged"] == 3
    one = c.post("/api/v1/propagation/recompute", json={"record_ids": ["r1"]})
    assert one.json()["details"][0]["record"] == "r1"
    pol = c.get("/api/v1/propagation/policies").json()["policies"]
    assert {p["jurisdiction"] for p in pol} == {"*", "4419"}
    rev = c.post("/api/v1/records/r1/revocation", json={"reason": "撤销"})
    assert rev.status_code == 200 and rev.json()["status"] == "revoked"
    assert c.post("/api/v1/records/r1/revocation", json={"reason": "撤销"}).status_code == 409


def test_integrity_file_unit_and_coverage(with_record):
    c = with_record
    f = c.get("/api/v1/officials/o-jiang/integrity-file", params={"on": "2018-06-01"})
    assert f.status_code == 200, f.text
    body = f.json()
    assert body["records"][0]["arrival"] == "attributed" and body["dimensions"]["duty"]["score"] == 88.0
    assert body["eligibility"]["excellent_rating"]["allowed"] is False
    old = c.get("/api/v1/officials/o-jiang/integrity-file", params={"as_of": "2000-01-01"})
    assert old.status_code == 404  # nobody was known then
    u = c.get("/api/v1/units/d-zj/integrity", params={"on": "2018-06-01"}).json()
    assert u["consequences"]["written_explanation_required"] is True
    cov = c.get("/api/v1/integrity/coverage", params={"on": "2017-03-01"}).json()
    assert cov["officials"] == 5 and cov["target"] == 1.0
    assert c.get("/api/v1/integrity/coverage", params={"government": "nope"}).status_code == 404


def test_public_list_needs_no_role_and_is_redacted(with_record):
    c = with_record
    page = c.get("/api/v1/public/records", params={"on": "2018-03-01", "limit": 1})
    assert page.status_code == 200
    (item,) = page.json()["items"]
    assert item["id"] == "r1" and item["subject"]["name"] == "青山市住建局" and "attributions" not in item
    assert c.get("/api/v1/public/records", params={"cursor": "bad"}).status_code == 422
    assert c.get("/api/v1/public/records", params={"limit": 1000}).status_code == 422


def test_every_route_declares_its_role(client):
    spec = client.get("/openapi.json").json()["paths"]
    roles = {(p, m): op.get("x-required-role") for p, ops in spec.items() for m, op in ops.items()}
    assert roles[("/api/v1/public/records", "get")] == "public"
    assert roles[("/api/v1/records", "post")] == "inspector"
    assert roles[("/api/v1/records/{id}/objections", "post")] == "api_client"
    assert roles[("/api/v1/propagation/recompute", "post")] == "admin"
    mine = [k for k in roles if any(s in k[0] for s in ("/records", "/objections", "/repairs", "/propagation",
                                                         "/integrity", "/public/"))]
    assert mine and all(roles[k] for k in mine)


def test_ids_with_a_slash_are_reachable(with_record):
    """Derived ids contain '/' (att/<record>/<official>, rsj/<record>); they can be fetched as they
    are or percent-encoded, and the suffix routes (/history, /neighbours) still win."""
    c = with_record
    att = c.get("/api/v1/records/r1").json()["attributions"][0]
    aid = att["id"]
    assert aid.startswith("att/r1/")
    for path in (f"/api/v1/entities/{aid}", "/api/v1/entities/" + aid.replace("/", "%2F")):
        r = c.get(path)
        assert r.status_code == 200, (path, r.text)
        assert r.json()["id"] == aid and r.json()["kind"] == "ATTRIBUTED_TO"
    hist = c.get(f"/api/v1/entities/{aid}/history")
    assert hist.status_code == 200 and hist.json()["id"] == aid and len(hist.json()["versions"]) == 1
    assert c.get("/api/v1/entities/rsj/r1").json()["dst"] == "d-zj"
    assert c.get("/api/v1/entities/r1/neighbours").status_code == 200
    missing = c.get("/api/v1/entities/att/r1/nobody")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    # a record whose own id has a slash
    r = c.post("/api/v1/records", json={**RECORD, "id": "xy/2018/7"})
    assert r.status_code == 201, r.text
    assert c.get("/api/v1/records/xy/2018/7").json()["id"] == "xy/2018/7"
    assert c.get("/api/v1/records/xy%2F2018%2F7/history").json()["id"] == "xy/2018/7"
    o = c.post("/api/v1/records/xy/2018/7/objections", json={"filed_by": "青山市住建局", "filed_on": "2018-02-01",
                                                            "reasons": "已结清"})
    assert o.status_code == 201, o.text


def test_ids_that_would_clash_with_a_route_are_refused(client):
    """Ids may contain '/', so one ending in a word the routes put after an id (…/history) is refused
    with 422; graph.model.entities.PATH_WORDS holds every such word of the routes."""
    import re

    from graph.model.entities import PATH_WORDS

    words = set()
    for path in client.get("/openapi.json").json()["paths"]:
        m = re.search(r"\{id\}/(.+)$", path)
        if m:
            words.update(m.group(1).split("/"))
    assert {"history", "neighbours", "decision"} <= words <= PATH_WORDS
    for bad in ("x/history", "history", "2018/decision"):
        r = client.post("/api/v1/records", json={**RECORD, "id": bad})
        assert r.status_code == 422 and "a word of the API's paths" in r.json()["detail"], (bad, r.text)
