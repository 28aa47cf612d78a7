"""Responsibility backtracking on the hand-built city of tests/cities.py, every hard case
worked out here. Both stores."""

from __future__ import annotations

import pytest

from graph.errors import InvalidRequest, NotFoundError
from graph.responsibility.backtrack import backtrack
from cities import city
from scenario import D


@pytest.fixture
def city_store(store):
    return city().write(store)


def stage(answer, code):
    return next(s for s in answer["stages"] if s["stage"]["stage"] == code)


def holders(view):
    return [(h["official"]["name"], h["acting"], h["certain"]) for h in view["holders"]]


def test_signing_date_boundary_and_chain(city_store):
    res = backtrack(city_store, "c1", "signing")
    (a,) = res["answers"]
    assert (a["event"], a["date"]) == ("signing", D("2016-11-20"))
    (proc,) = stage(a, "procurement")["responsibilities"]
    assert proc["post"]["id"] == "p-cz" and proc["unit"]["id"] == "d-cz" and proc["government"]["id"] == "g"
    # Zhou's tenure ends on the signing date itself: inclusive, she is the holder
    assert (proc["status"], holders(proc)) == ("held", [("周婷", False, True)])
    # chain: 副市长 (tenure with unknown end: not guessed) → 市长 (principal leader)
    assert [c["post"]["id"] for c in proc["chain"]] == ["p-vm", "p-mayor"]
    assert proc["chain"][0]["status"] == "unknown" and holders(proc["chain"][0]) == [("陈静", False, False)]
    assert proc["chain"][1]["status"] == "held" and holders(proc["chain"][1]) == [("王强", False, True)]
    assert proc["chain_end"] == "principal_leader"
    assert proc["chain"][0]["via"]["id"] == "rt-cz"
    assert proc["chain"][0]["via"]["source"] == {"document": "青政发〔2014〕9号"}
    assert a["signatory"]["officials"][0]["name"] == "周婷"
    assert a["signatory"]["signatory_held_post_when_signing"] is True
    # evidence: every relationship used, with dates and sources
    ev = {e["id"]: e for e in a["evidence"]}
    assert ev["rf-proc"]["source"] == {"document": "青财〔2016〕12号", "authority": "青山市财政局"}
    assert ev["t-zhou"]["valid_to"] == D("2016-11-20") and ev["t-zhou"]["source"] == {"document": "青组〔2015〕7号"}
    assert {"rt-cz", "rt-vm", "t-chen", "t-wang", "pi-cz", "b-cz", "hs-s-proc"} <= set(ev)
    assert a["summary"].startswith("签约时（2016-11-20）")
    assert "采购阶段责任人为青山市财政局局长周婷（任期2015-03-01至2016-11-20）" in a["summary"]
    assert "青山市人民政府主要负责人为青山市市长王强" in a["summary"]


def test_breach_date_answer(city_store):
    (a,) = backtrack(city_store, "c1", "breach")["answers"]
    assert a["date"] == D("2017-03-01")
    (proc,) = stage(a, "procurement")["responsibilities"]
    assert holders(proc) == [("李明", False, True)]
    assert holders(proc["chain"][1]) == [("王强", False, True)]  # mayor changes only in July
    assert holders(a["signatory"]["post"]) == [("李明", False, True)]  # successor in the signatory's post


def test_broken_contract_gets_both_answers_by_default(city_store):
    res = backtrack(city_store, "c1")
    assert [(a["event"], a["date"]) for a in res["answers"]] == [
        ("signing", D("2016-11-20")), ("breach", D("2017-03-01"))]
    assert res["summary"].splitlines()[1].startswith("毁约时（2017-03-01）")
    assert {(p["id"], p["role"]) for p in res["parties"]} == {("g", "government"), ("co", "social_capital")}


def test_vacancy_is_an_answer(city_store):
    (a,) = backtrack(city_store, "c1", "2016-11-21")["answers"]
    (proc,) = stage(a, "procurement")["responsibilities"]
    assert proc["status"] == "vacant" and proc["holders"] == []
    assert proc["previous_tenure"]["id"] == "t-zhou" and proc["next_tenure"]["id"] == "t-qian"
    assert "青山市财政局局长（空缺，无任职记录）" in a["summary"]


def test_vacancy_with_acting_holder(city_store):
    (a,) = backtrack(city_store, "prj", "2016-11-25")["answers"]
    (proc,) = stage(a, "procurement")["responsibilities"]
    assert proc["status"] == "acting" and holders(proc) == [("钱涛", True, True)]
    assert "空缺，钱涛（代理）" in a["summary"]


def test_overlapping_acting_and_substantive(city_store):
    (a,) = backtrack(city_store, "prj", "2017-02-10")["answers"]
    zj = next(r for r in stage(a, "execution")["responsibilities"] if r["post"]["id"] == "p-zj")
    assert zj["status"] == "held"
    assert holders(zj) == [("蒋华", False, True), ("吴敏", True, True)]


def test_several_posts_and_a_post_that_moved(city_store):
    (before,) = backtrack(city_store, "prj", "2016-12-01")["answers"]
    (after,) = backtrack(city_store, "prj", "2017-03-01")["answers"]
    units = lambda a: {r["post"]["id"]: r["unit"]["id"] for r in stage(a, "execution")["responsibilities"]}  # noqa: E731
    assert units(before) == {"p-zj": "d-zj", "p-czd": "d-cz"}
    assert units(after) == {"p-zj": "d-zj", "p-czd": "d-zj"}
    czd = next(r for r in stage(before, "execution")["responsibilities"] if r["post"]["id"] == "p-czd")
    assert [c["post"]["id"] for c in czd["chain"]] == ["p-cz", "p-vm", "p-mayor"]


def test_responsibility_assigned_to_an_official(city_store):
    (a,) = backtrack(city_store, "prj", "2016-03-01")["answers"]
    (ident,) = stage(a, "identification")["responsibilities"]
    assert ident["assigned_to"] == "official" and ident["official"]["name"] == "孙丽"
    (held,) = ident["posts_held"]
    assert held["post"]["id"] == "p-czd" and held["tenure"]["id"] == "t-sun"
    assert [c["post"]["id"] for c in held["chain"]] == ["p-cz", "p-vm", "p-mayor"]
    # on that date the execution stage had nobody assigned yet (from 2016-06-01)
    assert stage(a, "execution")["responsibilities"] == []
    assert "执行阶段在该日无登记的政府方责任人" in a["summary"]


def test_tenure_starting_the_day_after(city_store):
    (a,) = backtrack(city_store, "prj", "2016-11-21")["answers"]
    zj = next(r for r in stage(a, "execution")["responsibilities"] if r["post"]["id"] == "p-zj")
    assert holders(zj) == [("蒋华", False, True)]
    (b,) = backtrack(city_store, "prj", "2016-11-20")["answers"]
    zj = next(r for r in stage(b, "execution")["responsibilities"] if r["post"]["id"] == "p-zj")
    assert holders(zj) == [("冯军", False, True)]


def test_principal_leader_changes(city_store):
    (a,) = backtrack(city_store, "prj", "2017-07-01")["answers"]
    (gp,) = a["government_principals"]
    assert gp["government"]["id"] == "g"
    assert holders(gp["principal_posts"][0]) == [("赵刚", False, True)]


@pytest.mark.parametrize("root,at,message", [
    ("c1", "2015-12-31", "before project 'prj' existed"),
    ("c2", "breach", "has no breach date"),
    ("prj", "signing", "applies to contracts"),
    ("c1", "yesterday", "signing, breach or a date"),
])
def test_refused_questions(city_store, root, at, message):
    with pytest.raises(InvalidRequest, match=message):
        backtrack(city_store, root, at)


def test_unknown_ids(city_store):
    with pytest.raises(NotFoundError):
        backtrack(city_store, "nope", "signing")
    with pytest.raises(NotFoundError):
        backtrack(city_store, "o-zhou", "signing")  # an official is not a contract
    with pytest.raises(NotFoundError):
        backtrack(city_store, "prj", "2017-01-01", kind="Contract")


def test_both_stores_fetch_the_same_facts(city_store):
    nodes, rels = city_store.responsibility_facts("c1")
    assert "o-zhao" in {n.id for n in nodes}  # the later mayor is a fact too (all dates)
    assert {r.id for r in rels} >= {"t-zhou", "t-qian", "t-li", "rt-czd", "pi-czd-2", "sb-c1", "sa-c1"}
    assert "c2" not in {n.id for n in nodes}
