"""/metrics, /readyz, the request id and the JSON log lines, on both stores."""

from __future__ import annotations

import io
import json
import logging

import pytest
from auth_helpers import authed_client
from cities import city
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api import observability
from api.app import create_app
from api.logs import JsonFormatter


@pytest.fixture
def client(store):
    city().write(store)
    with authed_client(create_app(store=store), store) as c:
        yield c


def _samples(client: TestClient) -> dict[tuple[str, tuple], float]:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def _value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_requests_per_route_template_and_status(client, store):
    route = "/api/v1/contracts/{id:path}/responsibility"
    before = _samples(client)
    for _ in range(3):
        assert client.get("/api/v1/contracts/c1/responsibility", params={"at": "signing"}).status_code == 200
    assert client.get("/api/v1/contracts/nope/responsibility").status_code == 404
    assert client.get("/no/such/page").status_code == 404
    after = _samples(client)

    def delta(name, **labels):
        return _value(after, name, **labels) - _value(before, name, **labels)

    ok = {"method": "GET", "route": route, "status": "200"}
    assert delta("retrace_http_requests_total", **ok) == 3
    assert delta("retrace_http_request_duration_seconds_count", **ok) == 3
    assert delta("retrace_http_request_duration_seconds_bucket", **ok, le="+Inf") == 3
    assert delta("retrace_http_requests_total", method="GET", route=route, status="404") == 1
    # a path no route matches is one label, whatever the path (no unbounded label values)
    assert delta("retrace_http_requests_total", method="GET", route="<unmatched>", status="404") == 1
    assert not any("c1" in dict(labels).get("route", "") for _, labels in after)
    # the backtracking read the store: its calls are timed per method and store
    assert delta("retrace_store_call_duration_seconds_count", store=store.name, method="responsibility_facts") == 4
    assert ("process_cpu_seconds_total", ()) in after


def test_metrics_time_propagation(client):
    before = _samples(client)
    assert client.post("/api/v1/propagation/recompute").status_code == 200
    after = _samples(client)
    name, labels = "retrace_operation_duration_seconds_count", {"operation": "propagation"}
    assert _value(after, name, **labels) - _value(before, name, **labels) == 1


@pytest.mark.neo4j
def test_metrics_report_the_neo4j_pool(neo4j_store_session):
    with authed_client(create_app(store=neo4j_store_session), neo4j_store_session) as c:
        assert c.get("/readyz").status_code == 200
        samples = _samples(c)
    max_size = [v for (n, _), v in samples.items() if n == "retrace_neo4j_pool_max_size"]
    assert max_size and max_size[0] >= 1
    idle = [v for (n, _), v in samples.items() if n == "retrace_neo4j_pool_connections_idle"]
    in_use = [v for (n, _), v in samples.items() if n == "retrace_neo4j_pool_connections_in_use"]
    assert idle and sum(idle) >= 1 and sum(in_use) == 0  # between requests every connection is back


def test_readyz_reports_store_and_schema_version(client, store):
    r = client.get("/readyz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ready" and body["store"] == store.name
    assert body["schema_version"] == observability.schema_version()
    assert len(body["schema_version"]) == 12 and int(body["schema_version"], 16) >= 0


def test_operational_routes_are_public(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/metrics", "/healthz", "/readyz"):
        assert paths[path]["get"]["x-required-role"] == "public"


def test_request_id_in_and_out(client):
    r = client.get("/healthz", headers={"X-Request-ID": "req-42.a"})
    assert r.headers["x-request-id"] == "req-42.a"
    made = client.get("/healthz").headers["x-request-id"]
    assert len(made) == 32 and made != client.get("/healthz").headers["x-request-id"]
    # a value that could forge a log line is replaced, not echoed
    r = client.get("/healthz", headers={"X-Request-ID": "x\" , \"level\": \"error"})
    assert r.headers["x-request-id"] != "x\" , \"level\": \"error" and len(r.headers["x-request-id"]) == 32
    # error answers carry it too
    r = client.get("/api/v1/entities/nope", headers={"X-Request-ID": "abc"})
    assert r.status_code == 404 and r.headers["x-request-id"] == "abc"


def test_access_log_is_json_with_request_id_and_no_query(client):
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger("retrace.access")
    access.addHandler(handler)
    old_level = access.level
    access.setLevel(logging.INFO)
    try:
        r = client.get("/api/v1/search", params={"q": "周婷"}, headers={"X-Request-ID": "find-1"})
        assert r.status_code == 200
    finally:
        access.removeHandler(handler)
        access.setLevel(old_level)
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "find-1" and line["level"] == "info" and line["logger"] == "retrace.access"
    assert line["method"] == "GET" and line["route"] == "/api/v1/search" and line["status"] == 200
    assert line["duration_ms"] >= 0 and line["ts"].endswith("+00:00")
    # the search text (a person's name) stays out of the log
    assert "周婷" not in buf.getvalue() and "%E5" not in buf.getvalue()


def test_an_unexpected_error_is_counted_and_keeps_its_request_id(memory_store):
    app = create_app(store=memory_store)

    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/boom-for-test", boom)
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(JsonFormatter())
    api_log = logging.getLogger("retrace.api")
    api_log.addHandler(handler)
    try:
        with TestClient(app, raise_server_exceptions=False) as c:
            before = _samples(c)
            r = c.get("/boom-for-test", headers={"X-Request-ID": "oops-1"})
            after = _samples(c)
    finally:
        api_log.removeHandler(handler)
    assert r.status_code == 500 and r.headers["x-request-id"] == "oops-1"
    assert r.headers["content-type"] == "application/problem+json"
    labels = {"method": "GET", "route": "/boom-for-test", "status": "500"}
    assert _value(after, "retrace_http_requests_total", **labels) - _value(before, "retrace_http_requests_total",
                                                                           **labels) == 1
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [ln["request_id"] for ln in lines if ln["level"] == "error"] == ["oops-1"]
    assert r.json()["reference"] in lines[0]["msg"]
