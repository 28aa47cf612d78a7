"""Personal data and request limits on the HTTP API (both stores): ID and mobile numbers refused
in every free-text field (422 naming it) and masked on public answers; the keyed identity hash;
body size, JSON depth and rate limits."""

from __future__ import annotations

import hashlib

import pytest
from auth_helpers import api_key
from cities import city
from fastapi.testclient import TestClient

from api.app import create_app
from graph.access.personal import ID_MASK, MOBILE_MASK, find, identity_hash, mask, valid_id_number
from graph.config import Settings
from graph.model.policy import load_policies
from graph.records import register
from graph.records.register import RecordIn

PROBLEM = "application/problem+json"


def valid_id(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


PID = valid_id("43100019800101123")
HYPHENATED = f"{PID[:6]}-{PID[6:14]}-{PID[14:]}"
SPACED = f"{PID[:6]} {PID[6:10]} {PID[10:14]} {PID[14:]}"
MOBILE = "13812345678"
RECORD = {
    "id": "r1", "name": "青山市住建局拖欠农民工工资", "source_kind": "arrears", "severity": "general",
    "act_date": "2017-02-10", "decided_on": "2018-01-05", "subject": "d-zj",
    "source": {"document": "青信用〔2018〕1号", "authority": "青山市信用办"},
}


@pytest.fixture
def api(store):
    city().write(store)
    app = create_app(store=store, settings=Settings(token_rate_per_minute=3, public_rate_per_minute=1000))
    app.state.policies = load_policies()
    with TestClient(app) as c:
        yield c, {"X-API-Key": api_key(store, "admin")}, store


def test_detection_rules():
    assert valid_id_number(PID) and not valid_id_number(PID[:17] + ("0" if PID[17] != "0" else "1"))
    for text in (PID, f"身份证号{PID}。", HYPHENATED, SPACED, PID.lower()):
        assert find(text) == ["id_number"], text
        assert ID_MASK in mask(text) and PID[6:14] not in mask(text)
    for text in (MOBILE, "电话：+86 138 1234 5678", "138-1234-5678"):
        assert find(text) == ["mobile"], text
        assert mask(text).count(MOBILE_MASK) == 1
    # document numbers, dates, amounts and 18-digit strings without a valid check digit are not personal data
    for text in ("青信用〔2018〕1号", "2018-01-05", "合同金额 12000000000 元", PID[:17] + "0" * (PID[17] != "0"),
                 "统一社会信用代码 91430100MA4L0XXXXX"):
        assert find(text) == [], text


@pytest.mark.parametrize("where,value,field", [
    ("name", f"张三{PID}拖欠工资", "body.name"),
    ("name", f"拖欠工资 {HYPHENATED}", "body.name"),
    ("document", f"青信用〔2018〕1号 {PID}", "body.source.document"),
    ("authority", f"青山市信用办 联系人{MOBILE}", "body.source.authority"),
    ("attributes", {"备注": f"身份证 {SPACED}"}, "body.attributes.备注"),
])
def test_personal_data_in_a_write_is_422_naming_the_field(api, where, value, field):
    c, admin, store = api
    body = {**RECORD, "source": dict(RECORD["source"])}
    if where in ("document", "authority"):
        body["source"][where] = value
    else:
        body[where] = value
    r = c.post("/api/v1/records", json=body, headers=admin)
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert r.json()["detail"].startswith(f"{field}: contains")
    assert store.get_node("r1") is None


def test_objection_reasons_with_a_mobile_number_are_refused(api):
    c, admin, _ = api
    assert c.post("/api/v1/records", json=RECORD, headers=admin).status_code == 201
    r = c.post("/api/v1/records/r1/objections", headers=admin,
               json={"filed_by": "住建局", "filed_on": "2018-02-01", "reasons": f"请联系 {MOBILE}"})
    assert r.status_code == 422 and r.json()["detail"].startswith("body.reasons: contains a mobile number")


def test_personal_data_already_stored_is_masked_on_public_answers(api):
    """Data written before the checks existed (here: straight through the capability, as an old
    import would have): the public list and an api_client's reads show it masked."""
    c, admin, store = api
    body = {**RECORD, "name": f"拖欠工资 {HYPHENATED}",
            "source": {"document": f"青信用〔2018〕1号 {PID}", "authority": f"信用办 {MOBILE}"},
            "attributes": {"备注": f"手机 {MOBILE}"}}
    register.create_record(store, RecordIn.model_validate(body), load_policies())
    pub = c.get("/api/v1/public/records", params={"on": "2018-01-10"})
    assert pub.status_code == 200
    item = pub.json()["items"][0]
    assert PID not in pub.text and HYPHENATED not in pub.text and MOBILE not in pub.text
    assert item["decision"] == {"authority": f"信用办 {MOBILE_MASK}", "document": f"青信用〔2018〕1号 {ID_MASK}"}
    client = {"X-API-Key": api_key(store, "api_client")}
    for path in ("/api/v1/entities/r1", "/api/v1/entities/r1/history", "/api/v1/entities/d-zj/neighbours"):
        r = c.get(path, headers=client)
        assert r.status_code == 200 and PID[6:14] not in r.text and MOBILE not in r.text, path
    got = c.get("/api/v1/entities/r1", headers=client).json()
    assert got["properties"]["attributes"] == {}  # 备注 is not on the allow-list
    # inspectors work with the record as it is
    full = c.get("/api/v1/records/r1", headers=admin)
    assert PID in full.text


def test_identity_hash_is_keyed():
    a = identity_hash(PID, "k" * 40)
    assert a == identity_hash(HYPHENATED, "k" * 40) == identity_hash(PID.lower(), "k" * 40)
    assert a != identity_hash(PID, "j" * 40)
    # the unkeyed digest an attacker could enumerate over the ID space is not what is stored
    assert a != hashlib.sha256(PID.encode()).hexdigest()
    assert len(a) == 64 and int(a, 16) >= 0


def test_a_50_mb_body_is_413_and_nothing_is_stored(api):
    c, admin, store = api
    big = {**RECORD, "attributes": {"x": "字" * (50 * 1024 * 1024 // 3)}}
    r = c.post("/api/v1/records", json=big, headers=admin)
    assert r.status_code == 413 and r.headers["content-type"] == PROBLEM
    assert store.get_node("r1") is None

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(3):
            yield b" " * 600_000

    r = c.post("/api/v1/records", content=chunks(), headers={**admin, "content-type": "application/json"})
    assert r.status_code == 413


def test_deep_json_is_422_with_the_line(api):
    c, admin, _ = api
    deep = "{\n" + '"a": {' * 100 + "}" * 100 + "\n}"
    r = c.post("/api/v1/records", content=deep, headers={**admin, "content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"] == "body: JSON nested deeper than 64 (line 2)"
    ok = "[" * 60 + "]" * 60
    r = c.post("/api/v1/records", content=ok, headers={**admin, "content-type": "application/json"})
    assert r.status_code == 422 and "nested" not in r.json()["detail"]


def test_token_endpoint_is_rate_limited(api):
    c, _, _ = api
    codes = [c.post("/api/v1/auth/token", data={"username": "x", "password": "y" * 12}).status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    last = c.post("/api/v1/auth/token", data={"username": "x", "password": "y" * 12})
    assert last.status_code == 429 and 1 <= int(last.headers["retry-after"]) <= 60
    assert last.headers["content-type"] == PROBLEM


def test_public_list_is_rate_limited(store):
    app = create_app(store=store, settings=Settings(public_rate_per_minute=2))
    app.state.policies = load_policies()
    with TestClient(app) as c:
        codes = [c.get("/api/v1/public/records").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_cors_is_off_unless_configured(store):
    with TestClient(create_app(store=store)) as c:
        r = c.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers
    with TestClient(create_app(store=store, settings=Settings(cors_origins=["https://ok.example"]))) as c:
        r = c.get("/healthz", headers={"Origin": "https://ok.example"})
        assert r.headers["access-control-allow-origin"] == "https://ok.example"
