"""Responsibility backtracking on a hand-built city, every hard case worked out here. Both stores.

The city (青山市):
    市长 p-mayor (principal, in g)        王强 2012-01-01..2017-06-30; 赵刚 2017-07-01..
      ↑ 副市长 p-vm (in g)                陈静 2014-01-01.. (end unknown)
        ↑ 财政局局长 p-cz (principal of d-cz)   周婷 2015-03-01..2016-11-20; vacancy;
                                           钱涛 acting 2016-11-25..2016-12-31; 李明 2017-01-01..
          ↑ 财政局副局长 p-czd (d-cz until 2016-12-31, then d-zj)  孙丽 2015-01-01..
        ↑ 住建局局长 p-zj (principal of d-zj)   冯军 2016-01-01..2016-11-20; 蒋华 2016-11-21..;
                                           吴敏 acting 2017-02-01..2017-02-28 (overlaps 蒋华)
Project prj (PPP, from 2016-01-01, owned by d-cz). Stages:
    s-ident   identification  → official 孙丽 directly
    s-proc    procurement     → p-cz
    s-exec    execution       → p-zj and p-czd (several posts)
Contract c1: signed 2016-11-20 by 周婷 as p-cz; breached 2017-03-01. Contract c2: performing.
"""

from __future__ import annotations

import pytest

from graph.errors import InvalidRequest, NotFoundError
from graph.responsibility import backtrack
from scenario import D, Scenario


def city() -> Scenario:
    s = Scenario()
    s.node("Government", "g", "青山市人民政府", level="prefecture", division_code="431000")
    s.node("Department", "d-cz", "青山市财政局")
    s.node("Department", "d-zj", "青山市住建局")
    s.node("Company", "co", "青山建设投资有限公司")
    for pid, name, principal in [("p-mayor", "青山市市长", True), ("p-vm", "青山市副市长", False),
                                 ("p-cz", "青山市财政局局长", True), ("p-czd", "青山市财政局副局长", False),
                                 ("p-zj", "青山市住建局局长", True)]:
        s.node("Post", pid, name, is_principal=principal)
    for oid, name in [("o-wang", "王强"), ("o-zhao", "赵刚"), ("o-chen", "陈静"), ("o-zhou", "周婷"),
                      ("o-qian", "钱涛"), ("o-li", "李明"), ("o-sun", "孙丽"), ("o-feng", "冯军"),
                      ("o-jiang", "蒋华"), ("o-wu", "吴敏")]:
        s.node("Official", oid, name)
    s.rel("BELONGS_TO", "b-cz", "d-cz", "g")
    s.rel("BELONGS_TO", "b-zj", "d-zj", "g")
    s.rel("POST_IN", "pi-mayor", "p-mayor", "g")
    s.rel("POST_IN", "pi-vm", "p-vm", "g")
    s.rel("POST_IN", "pi-cz", "p-cz", "d-cz", source={"document": "青编〔2010〕3号"})
    s.rel("POST_IN", "pi-czd-1", "p-czd", "d-cz", valid_to=D("2016-12-31"))
    s.rel("POST_IN", "pi-czd-2", "p-czd", "d-zj", valid_from=D("2017-01-01"))
    s.rel("POST_IN", "pi-zj", "p-zj", "d-zj")
    s.rel("REPORTS_TO", "rt-vm", "p-vm", "p-mayor")
    s.rel("REPORTS_TO", "rt-cz", "p-cz", "p-vm", source={"document": "青政发〔2014〕9号"})
    s.rel("REPORTS_TO", "rt-czd", "p-czd", "p-cz")
    s.rel("REPORTS_TO", "rt-zj", "p-zj", "p-vm")
    T = lambda tid, o, p, f, t=None, **kw: s.rel("HOLDS", tid, o, p, valid_from=D(f),  # noqa: E731
                                                 valid_to=D(t) if t else None, **kw)
    T("t-wang", "o-wang", "p-mayor", "2012-01-01", "2017-06-30")
    T("t-zhao", "o-zhao", "p-mayor", "2017-07-01")
    T("t-chen", "o-chen", "p-vm", "2014-01-01", end_unknown=True)
    T("t-zhou", "o-zhou", "p-cz", "2015-03-01", "2016-11-20", source={"document": "青组〔2015〕7号"})
    T("t-qian", "o-qian", "p-cz", "2016-11-25", "2016-12-31", acting=True)
    T("t-li", "o-li", "p-cz", "2017-01-01")
    T("t-sun", "o-sun", "p-czd", "2015-01-01")
    T("t-feng", "o-feng", "p-zj", "2016-01-01", "2016-11-20")
    T("t-jiang", "o-jiang", "p-zj", "2016-11-21")
    T("t-wu", "o-wu", "p-zj", "2017-02-01", "2017-02-28", acting=True)
    s.node("Project", "prj", "青山市污水处理PPP项目", kind="ppp", start_date=D("2016-01-01"))
    s.rel("OWNED_BY", "own", "prj", "d-cz")
    for sid, stage in [("s-ident", "identification"), ("s-proc", "procurement"), ("s-exec", "execution")]:
        s.node("ProjectStage", sid, f"污水处理项目{stage}", stage=stage)
        s.rel("HAS_STAGE", f"hs-{sid}", "prj", sid)
    s.rel("RESPONSIBLE_FOR", "rf-ident", "o-sun", "s-ident", valid_from=D("2016-01-01"))
    s.rel("RESPONSIBLE_FOR", "rf-proc", "p-cz", "s-proc", valid_from=D("2016-01-01"),
          source={"document": "青财〔2016〕12号", "authority": "青山市财政局"})
    s.rel("RESPONSIBLE_FOR", "rf-exec-zj", "p-zj", "s-exec", valid_from=D("2016-06-01"))
    s.rel("RESPONSIBLE_FOR", "rf-exec-czd", "p-czd", "s-exec", valid_from=D("2016-06-01"))
    s.node("Contract", "c1", "污水处理PPP项目合同", status="breached", signed_on=D("2016-11-20"),
           breached_on=D("2017-03-01"))
    s.node("Contract", "c2", "污水处理设备采购合同", status="performing", signed_on=D("2017-05-01"))
    for cid in ("c1", "c2"):
        s.rel("FOR_PROJECT", f"fp-{cid}", cid, "prj")
        s.rel("HAS_PARTY", f"hp-g-{cid}", cid, "g", role="government")
        s.rel("HAS_PARTY", f"hp-co-{cid}", cid, "co", role="social_capital")
    s.rel("SIGNED_BY", "sb-c1", "c1", "o-zhou")
    s.rel("SIGNED_AS", "sa-c1", "c1", "p-cz")
    return s


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
    assert "青山市人民政府主要负责人青山市市长王强" in a["summary"]


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
