"""Access control on the HTTP API (both stores): authentication, the role × route matrix,
own / other / non-public objects, field-level redaction, tokens and keys, limits, and the audit
chain."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from auth_helpers import TEST_PASSWORD, api_key
from cities import city
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import _default_deny, create_app
from api.deps import needs
from api.route_table import routes_of
from graph.access import accounts, audit
from graph.access.roles import allows
from graph.config import Settings
from graph.model.enums import Role
from graph.model.policy import load_policies

PROBLEM = "application/problem+json"
RECORD = {
    "id": "r1", "name": "青山市住建局拖欠农民工工资", "source_kind": "arrears", "severity": "general",
    "act_date": "2017-02-10", "decided_on": "2018-01-05", "subject": "d-zj",
    "source": {"document": "青信用〔2018〕1号", "authority": "青山市信用办"},
}
HIDDEN_RECORD = {**RECORD, "id": "r-hidden", "name": "未公示的失信记录", "published": False}
ROLES = [r for r in Role if r is not Role.public]


def _scenario():
    s = city()
    s.node("Official", "o-pii", "郑伟", gender="男", birth_year=1970, id_hash="a" * 64,
           attributes={"level": "正处级", "home_address": "青山市某路1号"})
    return s


@pytest.fixture
def world(store):
    """The city, one published and one unpublished record, an objection and a repair filed by a
    separate account, and one API key per role."""
    _scenario().write(store)
    app = create_app(store=store, settings=Settings(token_rate_per_minute=1000, public_rate_per_minute=1000))
    app.state.policies = load_policies()
    keys = {r: api_key(store, r.value, name=f"k-{r.value}") for r in ROLES}
    filer = api_key(store, "api_client", name="filer")
    with TestClient(app) as c:
        admin = {"X-API-Key": keys[Role.admin]}
        for body in (RECORD, HIDDEN_RECORD):
            assert c.post("/api/v1/records", json=body, headers=admin).status_code == 201
        o = c.post("/api/v1/records/r1/objections", headers={"X-API-Key": filer},
                   json={"filed_by": "青山市住建局", "filed_on": "2018-02-01", "reasons": "已结清"})
        assert o.status_code == 201, o.text
        rep = c.post("/api/v1/records/r1/repairs", headers={"X-API-Key": filer},
                     json={"applicant": "住建局", "applied_on": "2018-05-01", "measures": ["recovered_losses"],
                           "statement": "已支付"})
        assert rep.status_code == 201, rep.text
        yield {"c": c, "store": store, "keys": keys, "filer": filer, "objection": o.json()["id"],
               "repair": rep.json()["id"], "app": app}


def _concrete(path: str, w: dict) -> str:
    ids = {"/api/v1/entities/": "o-wang", "/api/v1/contracts/": "c1", "/api/v1/projects/": "prj",
           "/api/v1/records/": "r1", "/api/v1/objections/": w["objection"], "/api/v1/repairs/": w["repair"],
           "/api/v1/officials/": "o-wang", "/api/v1/units/": "d-zj"}
    for prefix, oid in ids.items():
        if path.startswith(prefix):
            return path.replace("{id:path}", oid)
    return path


def test_every_route_declares_a_role():
    routes = routes_of(create_app())
    assert len(routes) >= 30
    assert all(r.extra.get("x-required-role") in {x.value for x in Role} for r in routes)


def test_a_route_without_a_role_is_refused_at_build():
    app = FastAPI()

    @app.get("/bare")
    def bare() -> dict:
        return {}

    @app.get("/fine", **needs(Role.public))
    def fine() -> dict:
        return {}

    with pytest.raises(RuntimeError, match="GET'] /bare"):
        _default_deny(app)


def test_role_route_matrix(world):
    """Every route × anonymous and every role: public routes answer everyone; others 401 (with
    WWW-Authenticate) without credentials, 403 for a role that does not include the required one,
    and neither for a role that does (the request itself may then be invalid: 404/409/422)."""
    c, keys = world["c"], world["keys"]
    cells = 0
    for route in routes_of(world["app"]):
        required = Role(route.extra["x-required-role"])
        path = _concrete(route.path, world)
        for method in route.methods:
            for who in [None, *ROLES]:
                headers = {"X-API-Key": keys[who]} if who else {}
                if method == "GET":
                    r = c.get(path, headers=headers)
                else:  # an empty body: an allowed caller gets 422, so nothing is written
                    r = c.request(method, path, headers=headers,
                                  **({} if "auth/token" in path else {"json": {}}))
                cell = (method, route.path, who.value if who else "anonymous", r.status_code)
                assert r.status_code < 500, (cell, r.text)
                if required is Role.public:
                    assert r.status_code not in (401, 403), cell
                elif who is None:
                    assert r.status_code == 401 and "Bearer" in r.headers["www-authenticate"], cell
                    assert r.headers["content-type"] == PROBLEM
                elif allows([who], required):
                    assert r.status_code not in (401, 403), (cell, r.text)
                else:
                    assert r.status_code == 403, cell
                cells += 1
    assert cells == len(routes_of(world["app"])) * (len(ROLES) + 1)


def test_anonymous_writes_are_refused_and_change_nothing(world):
    c = world["c"]
    r = c.post("/api/v1/records/r1/revocation", json={"reason": "匿名撤销"})
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert c.post("/api/v1/records", json={**RECORD, "id": "r9"}).status_code == 401
    public = c.get("/api/v1/public/records", params={"on": "2018-01-10"}).json()
    assert [x["id"] for x in public["items"]] == ["r1"]
    assert world["store"].get_node("r9") is None


def test_reviewer_never_decides_what_its_own_account_filed(world):
    c, store = world["c"], world["store"]
    mine = api_key(store, "reviewer", name="reviewer-a")
    other = {"X-API-Key": api_key(store, "reviewer", name="reviewer-b")}
    assert c.post("/api/v1/records", json={**RECORD, "id": "r3"}, headers=other).status_code == 201
    o = c.post("/api/v1/records/r3/objections", headers={"X-API-Key": mine},
               json={"filed_by": "某单位", "filed_on": "2018-02-02", "reasons": "理由"})
    assert o.status_code == 201
    oid = o.json()["id"]
    review = {"reviewer": "张三", "started_on": "2018-02-03"}
    own = c.post(f"/api/v1/objections/{oid}/review", json=review, headers={"X-API-Key": mine})
    assert own.status_code == 403 and "filed" in own.json()["detail"]
    assert c.post(f"/api/v1/objections/{oid}/review", json=review, headers=other).status_code == 200
    decision = {"decision": "rejected", "reviewer": "李四", "reasons": "证据不足", "decided_on": "2018-02-10"}
    assert c.post(f"/api/v1/objections/{oid}/decision", json=decision,
                  headers={"X-API-Key": mine}).status_code == 403
    assert c.post(f"/api/v1/objections/{oid}/decision", json=decision, headers=other).status_code == 200


def test_non_public_objects_are_invisible_below_inspector(world):
    c, keys = world["c"], world["keys"]
    client = {"X-API-Key": keys[Role.api_client]}
    inspector = {"X-API-Key": keys[Role.inspector]}
    att = c.get("/api/v1/records/r1", headers=inspector).json()["attributions"][0]["id"]
    for oid in (world["objection"], world["repair"], "r-hidden", att):
        for suffix in ("", "/history") + (("/neighbours",) if oid != att else ()):
            r = c.get(f"/api/v1/entities/{oid}{suffix}", headers=client)
            assert r.status_code == 404 and r.headers["content-type"] == PROBLEM, (oid, suffix, r.text)
            assert c.get(f"/api/v1/entities/{oid}{suffix}", headers=inspector).status_code == 200
    near = c.get("/api/v1/entities/r1/neighbours", headers=client).json()
    seen = {i["node"]["kind"] for i in near["items"]} | {i["relationship"]["kind"] for i in near["items"]}
    assert seen and not seen & {"Objection", "CreditRepair", "OBJECTS_TO", "REPAIRS", "ATTRIBUTED_TO"}
    near = c.get("/api/v1/entities/r1/neighbours", headers=inspector).json()
    assert {"Objection", "CreditRepair"} <= {i["node"]["kind"] for i in near["items"]}
    found = c.get("/api/v1/search", params={"q": "失信记录"}, headers=client).json()
    assert "r-hidden" not in [i["id"] for i in found["items"]]
    found = c.get("/api/v1/search", params={"q": "失信记录"}, headers=inspector).json()
    assert "r-hidden" in [i["id"] for i in found["items"]]


def test_personal_fields_only_for_inspectors(world):
    c, keys = world["c"], world["keys"]
    for role in (Role.api_client, Role.analyst, Role.evaluator):
        got = c.get("/api/v1/entities/o-pii", headers={"X-API-Key": keys[role]}).json()
        assert got["name"] == "郑伟"
        assert not {"id_hash", "birth_year", "gender"} & set(got["properties"]), role
        assert got["properties"]["attributes"] == {"level": "正处级"}
        hist = c.get("/api/v1/entities/o-pii/history", headers={"X-API-Key": keys[role]}).text
        assert "a" * 64 not in hist and "1970" not in hist and "home_address" not in hist
        found = c.get("/api/v1/search", params={"q": "郑伟"}, headers={"X-API-Key": keys[role]}).text
        assert "a" * 64 not in found and "birth_year" not in found
    full = c.get("/api/v1/entities/o-pii", headers={"X-API-Key": keys[Role.inspector]}).json()
    assert full["properties"]["id_hash"] == "a" * 64 and full["properties"]["birth_year"] == 1970
    assert full["properties"]["attributes"]["home_address"] == "青山市某路1号"


def test_bearer_tokens(world):
    c, store = world["c"], world["store"]
    accounts.create_user(store, "zhang", TEST_PASSWORD, ["inspector"])
    bad = c.post("/api/v1/auth/token", data={"username": "zhang", "password": "wrong password!"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"].startswith("Bearer")
    assert c.post("/api/v1/auth/token", data={"username": "nobody", "password": TEST_PASSWORD}).status_code == 401
    ok = c.post("/api/v1/auth/token", data={"username": "zhang", "password": TEST_PASSWORD})
    assert ok.status_code == 200 and ok.json()["scope"] == "inspector" and ok.json()["expires_in"] == 15 * 60
    tok = ok.json()["access_token"]
    claims = jwt.decode(tok, options={"verify_signature": False})
    assert claims["sub"] == "zhang" and claims["scope"] == "inspector" and claims["exp"] - claims["iat"] == 900
    auth = {"Authorization": f"Bearer {tok}"}
    assert c.get("/api/v1/records/r1", headers=auth).status_code == 200
    assert c.post("/api/v1/records/r1/revocation", json={"reason": "x"}, headers=auth).status_code == 403
    # a token signed with another secret, an expired one, and a disabled account are refused
    secret = world["app"].state.settings.signing_secret
    now = datetime.now(UTC)
    forged = jwt.encode({**claims, "scope": "admin"}, "another-secret-of-enough-length-0123456789", algorithm="HS256")
    expired = jwt.encode({**claims, "iat": now - timedelta(hours=2), "exp": now - timedelta(hours=1)}, secret,
                         algorithm="HS256")
    for t in (forged, expired, tok[:-4] + "AAAA", "not-a-token"):
        r = c.get("/api/v1/records/r1", headers={"Authorization": f"Bearer {t}"})
        assert r.status_code == 401 and r.headers["content-type"] == PROBLEM, t
    # scopes never widen the account's roles
    wide = jwt.encode({**claims, "scope": "admin inspector"}, secret, algorithm="HS256")
    assert c.post("/api/v1/records/r1/revocation", json={"reason": "x"},
                  headers={"Authorization": f"Bearer {wide}"}).status_code == 403
    accounts.disable_user(store, "zhang")
    assert c.get("/api/v1/records/r1", headers=auth).status_code == 401


def test_api_keys_revoked_or_expired_are_refused(world):
    c, store = world["c"], world["store"]
    made = accounts.create_key(store, "bot", ["api_client"], days=30)
    assert "secret_sha256" not in made and made["key"].startswith(f"rtk_{made['id']}_")
    assert made["key"].split("_", 2)[2] not in json.dumps(store.access_get("key", made["id"]))
    h = {"X-API-Key": made["key"]}
    assert c.get("/api/v1/stats", headers=h).status_code == 200
    assert c.get("/api/v1/stats", headers={"X-API-Key": made["key"][:-2] + "zz"}).status_code == 401
    accounts.revoke_key(store, made["id"])
    assert c.get("/api/v1/stats", headers=h).status_code == 401
    old = accounts.create_key(store, "old", ["api_client"], days=1)
    row = store.access_get("key", old["id"])
    store.access_put("key", old["id"], {**row, "expires_at": (datetime.now(UTC) - timedelta(seconds=1)).isoformat()})
    assert c.get("/api/v1/stats", headers={"X-API-Key": old["key"]}).status_code == 401


def test_openapi_declares_the_security_schemes(world):
    spec = world["c"].get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["OAuth2PasswordBearer"]["flows"]["password"]["tokenUrl"] == "/api/v1/auth/token"
    assert schemes["APIKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    op = spec["paths"]["/api/v1/records"]["post"]
    assert {"OAuth2PasswordBearer": ["inspector"]} in op["security"] and {"401", "403"} <= set(op["responses"])
    assert "security" not in spec["paths"]["/api/v1/public/records"]["get"]


def test_history_names_the_actor_of_each_version(world):
    c, keys = world["c"], world["keys"]
    ins = {"X-API-Key": keys[Role.inspector]}
    assert c.post("/api/v1/records", json={**RECORD, "id": "r2"}, headers=ins).status_code == 201
    fix = c.post("/api/v1/records/r2/correction", json={"correction": {"severity": "light"}, "reason": "更正"},
                 headers={"X-API-Key": keys[Role.admin]})
    assert fix.status_code == 200, fix.text
    versions = c.get("/api/v1/records/r2/history", headers=ins).json()["versions"]
    kid = lambda role: "key:" + keys[role].split("_")[1]  # noqa: E731
    assert [v["actor"] for v in versions] == [kid(Role.inspector), kid(Role.admin)]


def test_audit_log_records_reads_writes_and_refusals(world):
    c, keys, store = world["c"], world["keys"], world["store"]
    ins = {"X-API-Key": keys[Role.inspector]}
    admin = {"X-API-Key": keys[Role.admin]}
    c.get("/api/v1/records/r1", headers=ins, params={"as_of": "2030-01-01"})
    c.post("/api/v1/records/r1/revocation", json={"reason": "x"}, headers=ins)  # 403
    c.get("/api/v1/objections/" + world["objection"])  # 401
    c.get("/api/v1/public/records")  # public: not audited
    kid = "key:" + keys[Role.inspector].split("_")[1]
    mine = c.get("/api/v1/audit/entries", params={"actor": kid}, headers=admin).json()["entries"]
    assert [(e["method"], e["route"], e["outcome"]) for e in mine] == [
        ("GET", "/api/v1/records/{id:path}", 200), ("POST", "/api/v1/records/{id:path}/revocation", 403)]
    assert mine[0]["object_ids"] == ["r1"] and mine[0]["params"] == {"as_of": "2030-01-01"}
    assert mine[0]["role"] == "inspector"
    anon = c.get("/api/v1/audit/entries", params={"actor": "anonymous"}, headers=admin).json()["entries"]
    assert [e["outcome"] for e in anon] == [401]
    about = c.get("/api/v1/audit/entries", params={"object": world["objection"]}, headers=admin).json()["entries"]
    assert about[0]["method"] == "POST" and about[0]["outcome"] == 201  # its filing
    later = c.get("/api/v1/audit/entries", headers=admin,
                  params={"since": (datetime.now(UTC) + timedelta(hours=1)).isoformat()}).json()
    assert later["entries"] == []
    everything = json.dumps(audit.query(store, limit=10_000)["entries"], ensure_ascii=False)
    for key in keys.values():
        assert key not in everything and key.split("_", 2)[2] not in everything
    ok = c.get("/api/v1/audit/verification", headers=admin).json()
    assert ok["ok"] and ok["entries"] >= 10


def test_audit_chain_detects_tampering(store):
    for i in range(5):
        audit.record(store, actor=f"user:u{i}", role="inspector", method="GET", route="/x", object_ids=[f"o{i}"],
                     params={}, outcome=200)
    assert audit.verify(store) == {"ok": True, "entries": 5, "head": store.audit_entries()[-1]["hash"]}
    if store.name == "memory":
        store._access_state()["audit"][2]["actor"] = "user:someone-else"
    else:
        with store.driver.session(database=store.database) as s:
            row = s.run("MATCH (e:AuditEntry {seq: 3}) RETURN e.body AS b").single()
            body = json.loads(row["b"])
            body["actor"] = "user:someone-else"
            s.run("MATCH (e:AuditEntry {seq: 3}) SET e.body = $b", b=json.dumps(body)).consume()
    assert audit.verify(store) == {"ok": False, "entries": 3, "first_bad_seq": 3}


def test_audit_and_accounts_survive_a_restart(tmp_path):
    from graph.stores.memory.store import MemoryStore

    s = MemoryStore(tmp_path / "data")
    accounts.create_user(s, "admin1", TEST_PASSWORD, ["admin"])
    for _ in range(3):
        audit.record(s, actor="cli", role="admin", method="CLI", route="x", object_ids=[], params={}, outcome=0)
    s.close()
    again = MemoryStore(tmp_path / "data")
    assert accounts.authenticate(again, "admin1", TEST_PASSWORD) is not None
    assert audit.verify(again)["entries"] == 3 and audit.verify(again)["ok"]
    folder = tmp_path / "data"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert {p.name: p.stat().st_mode & 0o777 for p in folder.iterdir()} == {
        "access.json": 0o600, "audit.jsonl": 0o600, "journal.jsonl": 0o600, "retrace.lock": 0o600}
    again.checkpoint()
    assert (folder / "snapshot.json").stat().st_mode & 0o777 == 0o600
    again.close()


def test_settings_refuse_weak_secrets_outside_development():
    with pytest.raises(ValueError, match="RETRACE_JWT_SECRET"):
        Settings(environment="production", jwt_secret="short", identity_key="k" * 40)
    with pytest.raises(ValueError, match="RETRACE_IDENTITY_KEY"):
        Settings(environment="production", jwt_secret="s" * 40, identity_key=None)
    with pytest.raises(ValueError, match="RETRACE_JWT_SECRET"):
        Settings(environment="production", jwt_secret=None, identity_key="k" * 40)
    assert Settings(environment="production", jwt_secret="s" * 40, identity_key="k" * 40).signing_secret == "s" * 40
