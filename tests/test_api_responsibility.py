"""HTTP: responsibility and turnover endpoints on the hand-built city (both stores)."""

from __future__ import annotations

import pytest
from auth_helpers import authed_client
from cities import city

from api.app import create_app

PROBLEM = "application/problem+json"


@pytest.fixture
def client(store):
    city().write(store)
    with authed_client(create_app(store=store), store) as c:
        yield c


def test_contract_both_answers(client):
    r = client.get("/api/v1/contracts/c1/responsibility")
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(a["event"], a["date"]) for a in body["answers"]] == [("signing", "2016-11-20"), ("breach", "2017-03-01")]
    assert body["summary"].startswith("签约时（2016-11-20）识别阶段责任人为孙丽（直接指定；时任青山市财政局副局长）；"
                                   "采购阶段责任人为青山市财政局局长周婷")


def test_contract_at_date_and_project(client):
    r = client.get("/api/v1/contracts/c1/responsibility", params={"at": "2016-11-21"}).json()
    proc = next(s for s in r["answers"][0]["stages"] if s["stage"]["stage"] == "procurement")
    assert proc["responsibilities"][0]["status"] == "vacant"
    p = client.get("/api/v1/projects/prj/responsibility", params={"at": "2017-02-10"})
    assert p.status_code == 200 and p.json()["subject"]["kind"] == "Project"


@pytest.mark.parametrize("path,status,detail", [
    ("/api/v1/contracts/nope/responsibility", 404, "no contract"),
    ("/api/v1/contracts/prj/responsibility", 404, "no contract"),
    ("/api/v1/projects/c1/responsibility", 404, "no project"),
    ("/api/v1/contracts/c1/responsibility?at=2015-12-31", 422, "before project"),
    ("/api/v1/contracts/c1/responsibility?at=2016-11-19", 422, "before contract 'c1' was signed"),
    ("/api/v1/contracts/c2/responsibility?at=breach", 422, "no breach date"),
    ("/api/v1/contracts/c1/responsibility?at=tomorrow", 422, "at"),
    ("/api/v1/projects/prj/responsibility?at=signing", 422, "at"),
    ("/api/v1/inspections/turnover-breaches?days=0", 422, "days"),
    ("/api/v1/inspections/turnover-breaches?kind=lottery", 422, "kind"),
    ("/api/v1/inspections/turnover-breaches?government=nope", 404, "no government"),
])
def test_errors(client, path, status, detail):
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM and detail in r.json()["detail"]


def test_turnover_endpoint(client):
    r = client.get("/api/v1/inspections/turnover-breaches",
                   params={"days": 60, "government": "g", "from": "2017-01-01", "to": "2017-12-31"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [i["id"] for i in body["items"]] == ["cm1", "c1", "c-lj"]
    assert body["items"][1]["min_days"] == 59
