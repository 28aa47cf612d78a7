"""Responsibility backtracking on the hand-built city of tests/cities.py, every hard case
worked out here. Both stores."""

from __future__ import annotations

import pytest
from cities import city
from scenario import D

from graph.errors import InvalidRequest, NotFoundError
from graph.responsibility.backtrack import backtrack


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


def test_before_signing_no_contract_existed(city_store):
    """c1 was signed on 2016-11-20 within project prj (from 2016-01-01): the day before, nobody held
    the signatory's post for a contract that did not exist; the project answers for its stages."""
    with pytest.raises(InvalidRequest) as refused:
        backtrack(city_store, "c1", "2016-11-19")
    assert str(refused.value) == (
        "2016-11-19 is before contract 'c1' was signed (signed_on 2016-11-20): no contract existed then; "
        "ask about project 'prj' for the stages before signing; "
        "该日合同尚未签订（签订日期2016-11-20），合同不存在，签约前各阶段的责任人请查询项目 prj")
    (a,) = backtrack(city_store, "c1", "2016-11-20")["answers"]  # the signing day itself is answered
    assert holders(a["signatory"]["post"]) == [("周婷", False, True)]
    (p,) = backtrack(city_store, "prj", "2016-11-19")["answers"]
    assert holders(stage(p, "procurement")["responsibilities"][0]) == [("周婷", False, True)]


def undated_project(store):
    """prj-u: no start_date; its stages start 2016-03-01 (procurement) and 2016-09-01 (execution);
    contract c-u signed 2016-10-10 by 周婷 as 财政局局长 (p-cz, held by her 2015-03-01..2016-11-20)."""
    s = city()
    s.node("Project", "prj-u", "青山市垃圾焚烧发电项目", kind="ppp")
    s.node("ProjectStage", "su-proc", "垃圾焚烧项目采购", stage="procurement", valid_from=D("2016-03-01"),
           valid_to=D("2016-08-31"))
    s.node("ProjectStage", "su-exec", "垃圾焚烧项目执行", stage="execution", valid_from=D("2016-09-01"))
    s.rel("HAS_STAGE", "hs-su-proc", "prj-u", "su-proc")
    s.rel("HAS_STAGE", "hs-su-exec", "prj-u", "su-exec")
    s.rel("RESPONSIBLE_FOR", "rf-su-proc", "p-cz", "su-proc", valid_from=D("2016-03-01"))
    s.node("Contract", "c-u", "垃圾焚烧发电特许经营协议", status="performing", signed_on=D("2016-10-10"))
    s.rel("FOR_PROJECT", "fp-c-u", "c-u", "prj-u")
    s.rel("HAS_PARTY", "hp-g-c-u", "c-u", "g", role="government")
    s.rel("SIGNED_BY", "sb-c-u", "c-u", "o-zhou")
    s.rel("SIGNED_AS", "sa-c-u", "c-u", "p-cz")
    return s.write(store)


def test_before_the_first_stage_of_a_project_without_start_date(store):
    """The case found: a date before the first recorded stage (and before signing) named 周婷, the holder
    of the signatory's post, as if the contract existed. The stages' own dates tell when the project began."""
    undated_project(store)
    before = ("2016-02-29 is before project 'prj-u' existed (its first recorded stage 'su-proc' begins "
              "2016-03-01); 该日项目尚未存在（最早登记的阶段始于2016-03-01）")
    for root in ("c-u", "prj-u"):
        with pytest.raises(InvalidRequest) as refused:
            backtrack(store, root, "2016-02-29")
        assert str(refused.value) == before
    (a,) = backtrack(store, "prj-u", "2016-03-01")["answers"]  # the first stage's first day is answered
    assert holders(stage(a, "procurement")["responsibilities"][0]) == [("周婷", False, True)]
    with pytest.raises(InvalidRequest, match=r"before contract 'c-u' was signed \(signed_on 2016-10-10\)"):
        backtrack(store, "c-u", "2016-10-09")
    (signing,) = backtrack(store, "c-u", "signing")["answers"]
    assert signing["date"] == D("2016-10-10") and holders(signing["signatory"]["post"]) == [("周婷", False, True)]


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
