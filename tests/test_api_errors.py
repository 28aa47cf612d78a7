"""The OpenAPI document describes every answer, errors are mapped once (problem+json), a store
fault is 503 and a method a path does not take is 405 with ``Allow``. Runs on both stores."""

from __future__ import annotations

import jsonschema
import pytest
from auth_helpers import authed_client
from cities import city
from fastapi.testclient import TestClient

from api.app import create_app
from graph import errors as E
from graph.model.policy import load_policies
from graph.stores.memory.store import MemoryStore

PROBLEM = "application/problem+json"
RECORD = {
    "id": "r1", "name": "青山市住建局拖欠农民工工资", "source_kind": "arrears", "severity": "general",
    "act_date": "2017-02-10", "decided_on": "2018-01-05", "subject": "d-zj",
    "source": {"document": "青信用〔2018〕1号", "authority": "青山市信用办"},
}
# operations that never touch the store, or take no parameter
NO_STORE = {("get", "/healthz"), ("get", "/metrics"), ("get", "/api/v1/exchange/catalogue"), ("get", "/api/v1/schema"), ("get", "/api/v1/propagation/policies")}


@pytest.fixture
def client(store):
    city().write(store)
    app = create_app(store=store)
    app.state.policies = load_policies()
    with authed_client(app, store) as c:
        yield c


@pytest.fixture
def doc(client):
    return client.get("/openapi.json").json()


def operations(doc):
    return [(m, p, op) for p, ops in doc["paths"].items() for m, op in ops.items()]


def test_every_operation_documents_its_answers_and_problems(doc):
    problem = doc["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance"} <= set(problem["required"])
    ops = operations(doc)
    assert len(ops) >= 29
    for method, path, op in ops:
        where = f"{method.upper()} {path}"
        assert op.get("x-required-role"), where
        ok = {s: r for s, r in op["responses"].items() if s.startswith("2")}
        assert len(ok) == 1, where
        (answer,) = ok.values()
        content = answer.get("content") or {}
        assert content, where  # every answer names its media type
        if "application/json" in content:
            schema = content["application/json"]["schema"]
            assert schema.get("$ref") or schema.get("type") in ("object", "array") or schema.get("anyOf") \
                or schema.get("oneOf"), where
        fails = {s: r for s, r in op["responses"].items() if not s.startswith("2")}
        for status, r in fails.items():  # only problem documents, never FastAPI's default 422 body
            assert list(r["content"]) == [PROBLEM], (where, status)
            assert r["content"][PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}, (where, status)
        if op.get("parameters") or op.get("requestBody"):
            assert "422" in fails, where
        if op.get("requestBody"):
            assert "400" in fails, where  # a body that is not even text
        if (method, path) not in NO_STORE:
            assert "503" in fails, where
        if "{id}" in path:
            assert "404" in fails, where
        if (method == "post" and path not in ("/api/v1/propagation/recompute", "/api/v1/auth/token")) \
                or "/decision" in path:
            assert "409" in fails, where


def _calls(c):
    """One real call per operation, with ids that exist, and the status it answers."""
    assert c.post("/api/v1/records", json=RECORD).status_code == 201
    oid = c.post("/api/v1/records/r1/objections", json={"filed_by": "青山市住建局", "filed_on": "2018-02-01",
                                                         "reasons": "已结清"}).json()["id"]
    rid = c.post("/api/v1/records/r1/repairs", json={
        "applicant": "住建局", "applied_on": "2018-05-01", "measures": ["recovered_losses"], "statement": "已支付",
    }).json()["id"]
    att = c.get("/api/v1/records/r1").json()["attributions"][0]["id"]
    return [
        ("get", "/healthz", "/healthz", None),
        ("get", "/readyz", "/readyz", None),
        ("get", "/api/v1/schema", "/api/v1/schema", None),
        ("get", "/api/v1/stats", "/api/v1/stats", None),
        ("get", "/api/v1/entities/{id}", "/api/v1/entities/o-jiang", None),
        ("get", "/api/v1/entities/{id}", f"/api/v1/entities/{att}", None),
        ("get", "/api/v1/entities/{id}/history", "/api/v1/entities/o-jiang/history", None),
        ("get", "/api/v1/search", "/api/v1/search?q=青山", None),
        ("get", "/api/v1/entities/{id}/neighbours", "/api/v1/entities/o-jiang/neighbours?depth=2", None),
        ("get", "/api/v1/contracts/{id}/responsibility", "/api/v1/contracts/c1/responsibility", None),
        ("get", "/api/v1/projects/{id}/responsibility", "/api/v1/projects/prj/responsibility?at=2017-02-10", None),
        ("get", "/api/v1/inspections/turnover-breaches",
         "/api/v1/inspections/turnover-breaches?days=60&government=g", None),
        ("get", "/api/v1/records/{id}", "/api/v1/records/r1", None),
        ("get", "/api/v1/records/{id}", "/api/v1/records/r1?as_of=2018-01-01", None),
        ("get", "/api/v1/records/{id}/history", "/api/v1/records/r1/history", None),
        ("get", "/api/v1/objections/{id}", f"/api/v1/objections/{oid}", None),
        ("post", "/api/v1/objections/{id}/review", f"/api/v1/objections/{oid}/review",
         {"reviewer": "张三", "started_on": "2018-02-03"}),
        ("post", "/api/v1/objections/{id}/decision", f"/api/v1/objections/{oid}/decision",
         {"decision": "rejected", "reviewer": "张三", "reasons": "核实", "decided_on": "2018-03-01"}),
        ("get", "/api/v1/repairs/{id}", f"/api/v1/repairs/{rid}", None),
        ("post", "/api/v1/repairs/{id}/decision", f"/api/v1/repairs/{rid}/decision",
         {"decision": "approved", "reviewer": "信用办", "reasons": "整改到位", "decided_on": "2018-05-10"}),
        ("post", "/api/v1/propagation/recompute", "/api/v1/propagation/recompute", {}),
        ("get", "/api/v1/propagation/policies", "/api/v1/propagation/policies", None),
        ("get", "/api/v1/public/records", "/api/v1/public/records?on=2018-03-01", None),
        ("get", "/api/v1/officials/{id}/integrity-file", "/api/v1/officials/o-jiang/integrity-file?on=2018-06-01",
         None),
        ("get", "/api/v1/units/{id}/integrity", "/api/v1/units/d-zj/integrity?on=2018-06-01", None),
        ("get", "/api/v1/integrity/coverage", "/api/v1/integrity/coverage?on=2017-03-01", None),
        ("get", "/api/v1/integrity/coverage", "/api/v1/integrity/coverage?on=1990-01-01", None),  # nobody
        ("post", "/api/v1/records/{id}/correction", "/api/v1/records/r1/correction",
         {"correction": {"severity": "light"}, "reason": "更正"}),
        ("post", "/api/v1/records/{id}/revocation", "/api/v1/records/r1/revocation", {"reason": "撤销"}),
        ("post", "/api/v1/records/{id}/objections", "/api/v1/records/r1/objections",
         {"filed_by": "x", "filed_on": "2018-02-01", "reasons": "y"}),  # revoked: 409
        ("post", "/api/v1/records/{id}/repairs", "/api/v1/records/r1/repairs",
         {"applicant": "x", "applied_on": "2018-05-01", "measures": ["recovered_losses"], "statement": "y"}),  # 409
        ("post", "/api/v1/records", "/api/v1/records", {**RECORD, "id": "r2"}),
    ]


def test_every_answer_matches_its_documented_schema(client, doc):
    """Each operation, called for real, answers a body its documented schema accepts (2xx and problems)."""
    seen = set()
    for method, template, url, body in _calls(client):
        r = client.request(method.upper(), url, json=body)
        op = doc["paths"][template][method]
        declared = op["responses"].get(str(r.status_code))
        assert declared is not None, (url, r.status_code, r.text)
        ctype = r.headers["content-type"].split(";")[0]
        schema = declared["content"][ctype]["schema"]
        jsonschema.validate(r.json(), {**schema, "components": doc["components"]},
                            cls=jsonschema.Draft202012Validator)
        seen.add((method, template))
    assert seen <= {(m, p) for m, p, _ in operations(doc)}


def test_one_mapping_for_the_whole_hierarchy():
    """Every class of graph.errors answers its own status, type and title, as problem+json."""
    app = create_app(store=MemoryStore())
    classes = {c.__name__: c for c in E.error_classes() if c.__module__ == "graph.errors"}
    assert len(classes) == 14

    @app.get("/raise/{name}", include_in_schema=False)
    def _raise(name: str) -> None:
        raise classes[name]("something specific went wrong")

    with TestClient(app, raise_server_exceptions=False) as c:
        for name, cls in classes.items():
            r = c.get(f"/raise/{name}")
            assert r.status_code == cls.status, name
            assert r.headers["content-type"] == PROBLEM, name
            body = r.json()
            assert (body["type"], body["title"], body["status"]) == (cls.type_uri(), cls.title, cls.status), name
            # 5xx answers never show what the store or the configuration said
            shown = cls.public_detail or "something specific went wrong"
            assert body["detail"] == shown, name
            assert r.headers.get("retry-after") == (str(cls.retry_after) if cls.retry_after else None), name


def test_statuses_of_the_hierarchy():
    from graph.integrity.workflow import TransitionRefused
    from graph.linked.browse import LinkError
    from graph.model.policy import PolicyError
    from graph.model.schema import UnknownKind
    from graph.stores import base
    from loaders.bundle import BundleError

    assert (base.StoreError, base.StoreUnavailable, base.ConflictError) == (E.StoreError, E.StoreUnavailable,
                                                                            E.ConflictError)
    expected = {
        E.InvalidRequest: (422, 1), E.NotFoundError: (404, 1), E.ConflictError: (409, 4),
        E.StoreError: (503, 3), E.StoreFault: (503, 3), E.StoreUnavailable: (503, 3), E.InvalidWrite: (422, 1),
        E.Unauthorized: (401, 5), E.Forbidden: (403, 5), E.PayloadTooLarge: (413, 1), E.RateLimited: (429, 6),
        E.ConfigError: (500, 2), E.InvalidInput: (422, 2),
        UnknownKind: (422, 1), LinkError: (422, 1), TransitionRefused: (409, 4), PolicyError: (500, 2),
        BundleError: (422, 2),
    }
    for cls, (status, code) in expected.items():
        assert (cls.status, cls.exit_code) == (status, code), cls.__name__
    # a refused write is the caller's error (422), still caught by `except StoreError` (loaders)
    assert issubclass(E.InvalidWrite, E.StoreError) and issubclass(E.InvalidWrite, E.InvalidRequest)
    # the classes stay what callers catch them as
    assert issubclass(E.InvalidRequest, ValueError) and issubclass(E.NotFoundError, LookupError)
    assert not issubclass(E.StoreFault, E.InvalidRequest)


def test_a_store_refusing_a_write_is_an_invalid_write(client):
    """The store's own check (not the domain's): an id that already names a node of another kind is
    refused as InvalidWrite (422), on both stores, and the loaders still catch it as a StoreError."""
    from graph.model import entities as m
    from graph.stores.writes import node_write

    store = client.app.state.store
    with pytest.raises(E.StoreError, match="already belongs to a Official") as refused:
        store.upsert_nodes("Post", [node_write(m.Post(id="o-jiang", name="冒名岗位"))])
    assert isinstance(refused.value, E.InvalidWrite) and refused.value.status == 422


class _FailingStore(MemoryStore):
    """The embedded store whose disk fails on every read (a fault the store reports as such)."""

    def get_node(self, id_, as_of=None):
        raise E.StoreFault("journal on /dev/sdz1: I/O error")


def test_a_store_fault_is_503_problem():
    failing = _FailingStore()
    with authed_client(create_app(store=failing), failing) as c:
        for path in ("/api/v1/entities/o1", "/api/v1/entities/o1/neighbours", "/api/v1/records/r1/history"):
            r = c.get(path)
            assert r.status_code == 503, (path, r.text)
            assert r.headers["content-type"] == PROBLEM
            body = r.json()
            assert body["type"].endswith("/store-fault") and "sdz1" not in body["detail"], body


def test_a_closed_neo4j_driver_is_503_problem():
    """A Neo4j store whose driver was closed (as at shutdown) answers 503, not a bare 500; a closed
    driver never connects, so no server is needed."""
    from graph.stores.neo4j.store import Neo4jStore

    store = Neo4jStore("bolt://127.0.0.1:7687", "neo4j", "x")
    store.close()
    with TestClient(create_app(store=store), headers={"X-API-Key": "rtk_000000000000_" + "a" * 43}) as c:
        for path in ("/readyz", "/api/v1/entities/o1", "/api/v1/search?q=周", "/api/v1/stats"):
            r = c.get(path)
            assert r.status_code == 503, (path, r.text)
            assert r.headers["content-type"] == PROBLEM and r.json()["type"].endswith("/store-fault")


@pytest.mark.parametrize("method,path,allow", [
    ("GET", "/api/v1/records/x/correction", "POST"),
    ("GET", "/api/v1/records/xy/2018/7/revocation", "POST"),  # an id with slashes
    ("PUT", "/api/v1/objections/obj-1/decision", "POST"),
    ("DELETE", "/api/v1/entities/att/r1/o-jiang/history", "GET"),
    ("POST", "/api/v1/units/d-zj/integrity", "GET"),
    ("DELETE", "/api/v1/entities/o-jiang", "GET"),  # no suffix: Starlette's own 405
    ("DELETE", "/api/v1/records", "GET, POST"),
    ("PATCH", "/api/v1/integrity/coverage", "GET"),
])
def test_405_carries_allow(client, method, path, allow):
    r = client.request(method, path)
    assert r.status_code == 405, r.text
    assert r.headers["allow"] == allow and r.headers["content-type"] == PROBLEM
    assert r.json()["status"] == 405


def test_suffix_routes_still_take_ids_with_slashes(client):
    assert client.post("/api/v1/records", json={**RECORD, "id": "xy/2018/7"}).status_code == 201
    assert client.get("/api/v1/records/xy/2018/7/history").json()["id"] == "xy/2018/7"
    r = client.post("/api/v1/records/xy/2018/7/revocation", json={"reason": "撤销"})
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    # a suffix word inside an id (not at its end) is just part of the id
    assert client.get("/api/v1/records/history/x").status_code == 404


def test_a_body_that_is_not_utf8_text_is_400_problem(client):
    r = client.post("/api/v1/records", content=b"\xff\xfe{", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.headers["content-type"] == PROBLEM
