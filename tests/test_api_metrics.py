"""HTTP: network metrics, graph exports, metric tables and the exchange with credit platforms (both
stores). Unknown government 404, invalid parameters 422, every route declares its role."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import UTC, datetime, timedelta

import networkx as nx
import pytest
from auth_helpers import authed_client
from cities import city

from api.app import create_app
from graph.exchange import credit
from graph.exchange.credit import verify
from graph.metrics import cache
from graph.model.policy import load_policies

PROBLEM = "application/problem+json"
RECORD = {
    "id": "r1", "name": "青山市住建局拖欠农民工工资", "source_kind": "arrears", "severity": "general",
    "act_date": "2017-02-10", "decided_on": "2018-01-05", "subject": "d-zj",
    "source": {"document": "青信用〔2018〕1号", "authority": "青山市信用办"},
}


@pytest.fixture
def client(store):
    cache.clear()
    city().write(store)
    app = create_app(store=store)
    app.state.policies = load_policies()
    with authed_client(app, store) as c:
        yield c


def test_metric_pages(client):
    r = client.get("/api/v1/metrics/degree", params={"government": "g", "projection": "officials", "limit": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(i["rank"], i["id"], i["value"]) for i in body["items"]] == [(1, "o-chen", 8), (2, "o-feng", 7),
                                                                         (3, "o-jiang", 7)]
    assert body["summary"]["nodes"] == 12 and body["next"]
    more = client.get("/api/v1/metrics/degree", params={"government": "g", "projection": "officials",
                                                        "limit": 50, "cursor": body["next"]}).json()
    assert len(more["items"]) == 9 and more["next"] is None
    bt = client.get("/api/v1/metrics/betweenness", params={"government": "g", "k": 8, "seed": 2}).json()
    assert bt["summary"]["mode"] == "sampled" and bt["summary"]["k"] == 8 and bt["summary"]["seed"] == 2
    cm = client.get("/api/v1/metrics/communities", params={"government": "g", "from": "2018-01-01"}).json()
    assert cm["summary"]["modularity"] > 0 and cm["items"][0]["group"] == 0


@pytest.mark.parametrize("params,status", [
    ({"government": "nope"}, 404),
    ({"government": "d-cz"}, 404),
    ({"government": "g", "projection": "friends"}, 422),
    ({"government": "g", "engine": "gephi"}, 422),
    ({"government": "g", "from": "2018-01-01", "to": "2017-01-01"}, 422),
    ({"government": "g", "kinds": "Official,Alien"}, 422),
    ({"government": "g", "cursor": "!!"}, 422),
])
def test_metric_errors(client, params, status):
    r = client.get("/api/v1/metrics/pagerank", params=params)
    assert r.status_code == status and r.headers["content-type"] == PROBLEM, r.text
    assert client.get("/api/v1/metrics/fame", params={"government": "g"}).status_code == 422


def test_graph_exports(client, tmp_path):
    r = client.get("/api/v1/exports/graph", params={"government": "g", "format": "gexf", "metrics": "pagerank,kcore"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/gexf+xml")
    assert 'filename="retrace-typed-g.gexf"' in r.headers["content-disposition"]
    (tmp_path / "g.gexf").write_bytes(r.content)
    G = nx.read_gexf(tmp_path / "g.gexf")
    assert G.number_of_nodes() == 31 and G.nodes["o-he"]["label"] == "何平" and "pagerank" in G.nodes["o-he"]
    r = client.get("/api/v1/exports/graph", params={"government": "g", "format": "edges.csv",
                                                    "kinds": "Official,Post", "from": "2018-01-01"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {x["type"] for x in rows} == {"HOLDS", "REPORTS_TO"} and "t-zhou" not in {x["id"] for x in rows}
    assert client.get("/api/v1/exports/graph", params={"government": "g", "format": "png"}).status_code == 422
    assert client.get("/api/v1/exports/graph", params={"government": "zz"}).status_code == 404
    r = client.get("/api/v1/exports/metrics/pagerank", params={"government": "g", "format": "json"})
    doc = r.json()
    assert len(doc["items"]) == 31 and doc["items"][0]["rank"] == 1 and doc["meta"]["metric"] == "pagerank"
    r = client.get("/api/v1/exports/metrics/kcore", params={"government": "g"})
    assert r.text.splitlines()[0] == "rank,id,kind,name,kcore" and len(r.text.splitlines()) == 32
    assert client.get("/api/v1/exports/tables/ratings").status_code == 422  # not registered yet


def test_exchange_increments(client, monkeypatch):
    monkeypatch.setattr(credit, "SETTLE", timedelta(0))  # no waiting for writes to settle in a test
    assert client.post("/api/v1/records", json=RECORD).status_code == 201
    future = (datetime.now(UTC) + timedelta(seconds=60)).isoformat()
    assert client.get("/api/v1/exchange/records", params={"until": future}).status_code == 422
    until = datetime.now(UTC).isoformat()
    r = client.get("/api/v1/exchange/records", params={"until": until})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert [x["record_id"] for x in doc["records"]] == ["r1"] and verify(doc["records"], doc["manifest"]) == []
    man = client.get("/api/v1/exchange/manifest", params={"until": until}).json()
    assert man == doc["manifest"]
    body = client.get("/api/v1/exchange/records", params={"until": until, "format": "csv"}).content
    assert hashlib.sha256(body).hexdigest() == man["sha256_records_csv"]
    fix = {"correction": {"severity": "serious"}, "reason": "复核"}
    assert client.post("/api/v1/records/r1/correction", json=fix).status_code == 200
    nxt = client.get("/api/v1/exchange/records", params={"since": man["next_since"]}).json()
    assert [(x["record_id"], x["operation"], x["severity"]) for x in nxt["records"]] == [("r1", "corrected", "serious")]
    cat = client.get("/api/v1/exchange/catalogue").json()
    assert cat["code_lists"]["operation"]["revoked"] == "撤销" and "record_id" in cat["fields"]
    assert client.get("/api/v1/exchange/manifest").status_code == 422
    assert client.get("/api/v1/exchange/records", params={"since": "2018-01-01T00:00:00"}).status_code == 422


def test_roles_are_declared(client):
    spec = client.get("/openapi.json").json()
    roles = {(p, m): op.get("x-required-role") for p, ops in spec["paths"].items() for m, op in ops.items()
             if "/metrics" in p or "/exports" in p or "/exchange" in p}
    assert roles[("/api/v1/metrics/{metric}", "get")] == "evaluator"
    assert roles[("/api/v1/exports/graph", "get")] == "analyst"
    assert roles[("/api/v1/exchange/records", "get")] == "api_client"
    assert None not in roles.values()
