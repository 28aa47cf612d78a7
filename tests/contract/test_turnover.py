"""Turnover breaches on the hand-built city of tests/cities.py. Both stores.

Worked out by hand (breach B, reference S, change X = successor's start or vacancy start):
  c1  S=2016-11-20 B=2017-03-01  p-cz: 周婷 signed → 李明 from 2017-01-01: 59 days (as signatory
      post and as responsible post); p-zj: 冯军 → 蒋华 from 2016-11-21: 100 days (吴敏's acting
      spell ended before B, so she is no successor); p-mayor: no change before B.
  cm1 S=2016-10-01 B=2017-02-15  p-cz: 周婷 → 李明 from 2017-01-01: 45 days.
  c-lj S=2017-01-10 B=2017-06-01 p-lj (signatory and county principal): 刘洋 → 何平 from
      2017-05-01: 31 days.
"""

from __future__ import annotations

import pytest
from cities import city
from scenario import D

from graph.errors import InvalidRequest, NotFoundError
from graph.responsibility.turnover import turnover_breaches


@pytest.fixture
def city_store(store):
    return city().write(store)


def brief(res):
    return [
        (i["id"], [(f["post"]["id"], f["role"], f["days_between"],
                    [p["name"] for p in f["predecessors"]], [p["name"] for p in f["successors"]])
                   for f in i["changes"]])
        for i in res["items"]
    ]


def test_all_within_a_year(city_store):
    res = turnover_breaches(city_store, days=365)
    assert brief(res) == [
        ("cm1", [("p-cz", "responsible", 45, ["周婷"], ["李明"])]),
        ("c1", [("p-cz", "responsible", 59, ["周婷"], ["李明"]),
                ("p-cz", "signatory", 59, ["周婷"], ["李明"]),
                ("p-zj", "responsible", 100, ["冯军"], ["蒋华"])]),
        ("c-lj", [("p-lj", "principal", 31, ["刘洋"], ["何平"]),
                  ("p-lj", "signatory", 31, ["刘洋"], ["何平"])]),
    ]
    c1 = res["items"][1]
    assert c1["changes"][0]["change_date"] == D("2017-01-01")
    assert c1["promiser"] == {"id": "o-zhou", "name": "周婷"}
    assert c1["government"]["id"] == "g"
    assert c1["summary"].startswith("合同“污水处理PPP项目合同”2016-11-20签约，2017-03-01毁约：")
    assert "责任岗位青山市财政局局长于2017-01-01由周婷更替为李明，59天后毁约" in c1["summary"]
    assert {t["id"] for t in c1["changes"][0]["tenures"]} == {"t-zhou", "t-qian", "t-li"}
    assert res["total"] == 3


def test_window_is_inclusive_in_days(city_store):
    assert [i["id"] for i in turnover_breaches(city_store, days=59)["items"]] == ["cm1", "c1", "c-lj"]
    res = turnover_breaches(city_store, days=58)
    assert [i["id"] for i in res["items"]] == ["cm1", "c-lj"]
    assert [i["id"] for i in turnover_breaches(city_store, days=30)["items"]] == []


def test_filters(city_store):
    county = turnover_breaches(city_store, days=365, government="g-lj")
    assert [i["id"] for i in county["items"]] == ["c-lj"]
    city_and_below = turnover_breaches(city_store, days=365, government="g")
    assert [i["id"] for i in city_and_below["items"]] == ["cm1", "c1", "c-lj"]
    assert [i["id"] for i in turnover_breaches(city_store, days=365, kind="investment_promotion")["items"]] == ["c-lj"]
    period = turnover_breaches(city_store, days=365, date_from=D("2017-02-16"), date_to=D("2017-05-31"))
    assert [i["id"] for i in period["items"]] == ["c1"]


def test_pages(city_store):
    first = turnover_breaches(city_store, days=365, limit=2)
    assert [i["id"] for i in first["items"]] == ["cm1", "c1"] and first["next_cursor"]
    rest = turnover_breaches(city_store, days=365, limit=2, cursor=first["next_cursor"])
    assert [i["id"] for i in rest["items"]] == ["c-lj"] and rest["next_cursor"] is None


def test_refusals(city_store):
    with pytest.raises(NotFoundError):
        turnover_breaches(city_store, days=30, government="nope")
    with pytest.raises(NotFoundError):
        turnover_breaches(city_store, days=30, government="d-cz")  # a department, not a government
    with pytest.raises(InvalidRequest):
        turnover_breaches(city_store, days=30, date_from=D("2018-01-01"), date_to=D("2017-01-01"))
    with pytest.raises(InvalidRequest):
        turnover_breaches(city_store, days=30, cursor="garbage")


def test_tenures_outside_the_period_are_no_evidence(store):
    """p-cz had a holder long before the signing and gets one after the breach: neither counts
    (whichever store lists them, the rule keeps the tenures overlapping signing..breach)."""
    s = city()
    s.node("Official", "o-old", "郑国")
    s.node("Official", "o-new", "钱进")
    s.rel("HOLDS", "t-old", "o-old", "p-cz", valid_from=D("2010-01-01"), valid_to=D("2014-12-31"))
    s.rel("HOLDS", "t-new", "o-new", "p-cz", valid_from=D("2018-01-01"))
    s.write(store)
    res = turnover_breaches(store, days=365)
    c1 = next(i for i in res["items"] if i["id"] == "c1")
    for f in c1["changes"]:
        if f["post"]["id"] == "p-cz":
            assert {t["id"] for t in f["tenures"]} == {"t-zhou", "t-qian", "t-li"}
            assert [p["name"] for p in f["successors"]] == ["李明"]
    assert res["total"] == 3
