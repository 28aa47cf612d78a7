"""Dishonesty records: creation rules, the state of a record and of an official's integrity file as
known on a date, unit consequences, the public list and the coverage report. Both stores.

Timeline (valid dates in the records; record time = when the system learned it):
    2017-12-01  the city of tests/cities.py is recorded, plus judgment j1 against 财政局 about c1
    2018-01-20  record r-j: 财政局 did not perform j1 (serious, act 2017-06-01, decided 2018-01-15)
                → reaches 李明 (head of finance on 2017-06-01: responsible for procurement 1.0,
                  also unit principal), 王强 0.5, …
    2018-09-05  j1 performed on 2018-09-01 (a new version of the judgment)
    2019-03-01  credit repair approved (lightened): weights x 0.5, honours no longer blocked
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cities import city
from scenario import D

from graph.errors import InvalidRequest, NotFoundError
from graph.integrity.files import coverage, official_file, unit_file
from graph.integrity.workflow import RepairDecision, RepairIn, apply_repair, decide_repair
from graph.model import entities as m
from graph.model.policy import load_policies
from graph.records.publicity import public_list
from graph.records.register import RecordCorrection, RecordIn, correct_record, create_record, record_view, revoke_record
from graph.stores.base import ConflictError
from graph.stores.writes import node_write, rel_write

P = load_policies()
UTC = UTC
T_CITY = datetime(2017, 12, 1, tzinfo=UTC)
T_REC = datetime(2018, 1, 20, 2, tzinfo=UTC)
T_PERF = datetime(2018, 9, 5, 2, tzinfo=UTC)
T_REPAIR = datetime(2019, 3, 1, 2, tzinfo=UTC)
SRC = {"document": "青信用〔2018〕3号", "authority": "青山市社会信用体系建设领导小组办公室"}


def judgment(performed=False) -> m.Judgment:
    return m.Judgment(id="j1", name="青山建设投资有限公司诉青山市财政局合同纠纷案", case_number="（2017）湘06民初12号",
                      effective_on=D("2017-05-01"), performed=performed,
                      performed_on=D("2018-09-01") if performed else None)


@pytest.fixture
def world(store):
    s = city()
    s.write(store, now=T_CITY)
    store.upsert_nodes("Judgment", [node_write(judgment())], now=T_CITY)
    store.upsert_rels("AGAINST", [rel_write(m.Rel(id="ag-j1", src="j1", dst="d-cz"))], now=T_CITY)
    store.upsert_rels("CONCERNS", [rel_write(m.Rel(id="cn-j1", src="j1", dst="c1"))], now=T_CITY)
    return store


def rin(**kw) -> RecordIn:
    base = dict(id="r-j", name="青山市财政局未履行生效判决", source_kind="unperformed_judgment", severity="serious",
                act_date=D("2017-06-01"), decided_on=D("2018-01-15"), subject="d-cz", evidence=["j1"], source=SRC)
    base.update(kw)
    return RecordIn(**base)


# --- creation rules -------------------------------------------------------------------------------


@pytest.mark.parametrize("fields,message", [
    (dict(subject="nope"), "subject 'nope' does not exist"),
    (dict(subject="p-cz"), "is a Post"),
    (dict(evidence=["o-li"]), "evidence 'o-li' is a Official"),
    (dict(evidence=["zz"]), "evidence 'zz' does not exist"),
    (dict(evidence=[]), "needs a Judgment as evidence"),
    (dict(source={"authority": "某局"}), "source.document"),
    (dict(publicity_months=6), "outside 12..36 months"),
    (dict(decided_on=D("2030-01-01")), "in the future"),
    (dict(act_date=D("2018-02-01")), "before act_date"),
    (dict(name="李明（430102198001011234）未履行判决"), "national ID number"),
])
def test_invalid_records_are_refused(world, fields, message):
    with pytest.raises(InvalidRequest, match=message):
        create_record(world, rin(**fields), P, now=T_REC)
    assert world.get_node("r-j") is None


def test_contract_breach_with_the_contract_as_subject_needs_no_other_evidence(world):
    out = create_record(world, rin(id="r-c", source_kind="contract_breach", subject="c1", evidence=[]), P, now=T_REC)
    assert out["propagation"]["reached"] == 5
    with pytest.raises(ConflictError, match="already exists"):
        create_record(world, rin(id="r-c", source_kind="contract_breach", subject="c1", evidence=[]), P, now=T_REC)


def test_an_assigned_id_and_the_record_view(world):
    out = create_record(world, rin(id=None), P, now=T_REC)
    rid = out["id"]
    assert rid.startswith("rec-")
    v = record_view(world, rid, policies=P)
    assert (v["source_kind_label"], v["severity_label"], v["status"]) == ("未履行生效判决/失信被执行人", "严重", "active")
    assert v["subject"]["id"] == "d-cz" and [e["id"] for e in v["evidence"]] == ["j1"]
    assert v["publicity"]["from"] == D("2018-01-15") and v["publicity"]["until"] == D("2021-01-14")
    li = next(a for a in v["attributions"] if a["official"]["id"] == "o-li")
    assert (li["weight"], li["role"]) == (1.0, "responsible")
    text = li["routes"][0]["text"]
    assert text.startswith("失信依据青山建设投资有限公司诉青山市财政局合同纠纷案 → 判决涉及污水处理PPP项目合同 → ")
    assert text.endswith("责任岗位/责任人青山市财政局局长 → 任职人员李明：政府方责任人，权重1")
    assert any("→ 时任青山市财政局副局长 →" in r.get("text", "") for a in v["attributions"] for r in a["routes"])


# --- as known on a date ---------------------------------------------------------------------------


def test_record_as_known_on_a_date(world):
    create_record(world, rin(), P, now=T_REC)
    correct_record(world, "r-j", RecordCorrection(name="青山市财政局拒不履行生效判决"), "名称更正", policies=P,
                   now=datetime(2018, 2, 1, 2, tzinfo=UTC))
    revoke_record(world, "r-j", "判决已撤销", policies=P, now=datetime(2018, 3, 1, 2, tzinfo=UTC))
    with pytest.raises(NotFoundError, match="not known on 2018-01-19"):
        record_view(world, "r-j", as_of=D("2018-01-19"), policies=P)
    v1 = record_view(world, "r-j", as_of=D("2018-01-20"), policies=P)
    v2 = record_view(world, "r-j", as_of=D("2018-02-01"), policies=P)
    v3 = record_view(world, "r-j", as_of=D("2018-03-01"), policies=P)
    assert (v1["name"], v1["status"]) == ("青山市财政局未履行生效判决", "active")
    assert (v2["name"], v2["status"], v2["change"]) == ("青山市财政局拒不履行生效判决", "active", "corrected: 名称更正")
    assert (v3["status"], v3["revoked_on"]) == ("revoked", D("2018-03-01"))
    assert len(v1["attributions"]) == 5 and v3["attributions"] == [] and len(v3["superseded_attributions"]) == 5
    assert [h["status"] for h in world.history("r-j")] == ["active", "active", "revoked"]
    with pytest.raises(ConflictError, match="revoked"):
        correct_record(world, "r-j", RecordCorrection(severity="light"), "x", policies=P)


def test_integrity_file_as_known_on_dates(world):
    before = official_file(world, "o-li", as_of=D("2018-01-10"), policies=P)
    assert before["records"] == [] and before["overall_score"] == 100
    assert all(before["eligibility"][k]["allowed"] for k in ("excellent_rating", "honours", "promotion"))
    create_record(world, rin(), P, now=T_REC)

    f = official_file(world, "o-li", as_of=D("2018-02-01"), policies=P)
    (e,) = f["records"]
    assert (e["arrival"], e["role"], e["weight"], e["dimension"]) == ("attributed", "responsible", 1.0, "law")
    assert e["policy"] == {"jurisdiction": "*", "version": P.default.version_id}
    assert e["routes"][0]["steps"][0][:3] == ["EVIDENCED_BY", "evd/r-j/0", "j1"]
    assert f["dimensions"]["law"]["score"] == 60 and f["overall_score"] == 92  # 100 - 40 x 1.0
    el = f["eligibility"]
    assert el["year"] == 2018
    assert not el["excellent_rating"]["allowed"] and not el["honours"]["allowed"]
    assert not el["promotion"]["allowed"] and el["promotion"]["blocked_by"][0]["record"] == "r-j"
    assert [p["name"] for p in f["posts"]] == ["青山市财政局局长"]
    assert f["official"] == {"id": "o-li", "name": "李明", "identity_linked": False}

    world.upsert_nodes("Judgment", [node_write(judgment(performed=True))], now=T_PERF)
    f2 = official_file(world, "o-li", as_of=D("2018-09-10"), policies=P)
    assert f2["eligibility"]["promotion"]["allowed"]  # the ruling was performed
    assert not f2["eligibility"]["excellent_rating"]["allowed"]
    again = official_file(world, "o-li", as_of=D("2018-09-04"), policies=P)  # as known before: unperformed
    assert not again["eligibility"]["promotion"]["allowed"]

    rep = apply_repair(world, "r-j", RepairIn(applicant="青山市财政局", applied_on=D("2019-02-01"),
                                             measures=["performed_obligation"], statement="已履行判决并赔偿"),
                       P, now=T_REPAIR)
    decide_repair(world, rep["id"], RepairDecision(decision="approved", reviewer="信用办", reasons="已纠正",
                                                   decided_on=D("2019-03-01")), P, now=T_REPAIR)
    f3 = official_file(world, "o-li", as_of=D("2019-03-05"), policies=P)
    assert f3["records"][0]["record"]["status"] == "repaired" and f3["records"][0]["effective_weight"] == 0.5
    assert f3["dimensions"]["law"]["score"] == 80  # lightened: 100 - 40 x 0.5
    assert f3["eligibility"]["honours"]["allowed"]  # a lightened sanction lifts the honours restriction
    assert not f3["eligibility"]["excellent_rating"]["allowed"]
    # the file as known on 2018-02-01 has not changed
    assert official_file(world, "o-li", as_of=D("2018-02-01"), policies=P)["dimensions"] == f["dimensions"]


def test_direct_record_and_dimensions(world):
    create_record(world, rin(id="r-q", name="钱涛受到警告处分", source_kind="disciplinary_sanction", subject="o-qian",
                             evidence=[], act_date=D("2016-12-10"), decided_on=D("2017-11-20")), P, now=T_REC)
    create_record(world, rin(id="r-c", source_kind="contract_breach", subject="c1", evidence=[], severity="general",
                             act_date=D("2016-11-25"), decided_on=D("2017-11-20")), P, now=T_REC)
    f = official_file(world, "o-qian", on=D("2018-02-01"), policies=P)
    arrivals = {e["record"]["id"]: (e["arrival"], e["dimension"], e["weight"]) for e in f["records"]}
    assert arrivals == {"r-q": ("direct", "clean", 1.0), "r-c": ("attributed", "duty", 0.8)}
    assert f["dimensions"]["clean"]["score"] == 60 and f["dimensions"]["duty"]["score"] == 88  # 100 - 15 x 0.8
    assert f["summary"] == "钱涛：直接失信记录1条，经责任追溯关联记录1条；2018年受限：评优秀等次、评优评先。"
    with pytest.raises(NotFoundError):
        official_file(world, "p-cz", policies=P)


def test_attributed_records_sanction_from_the_policy_weight(world):
    create_record(world, rin(id="r-zj", source_kind="arrears", subject="d-zj", evidence=[], severity="general",
                             act_date=D("2017-02-10"), decided_on=D("2018-01-15")), P, now=T_REC)
    blocked = lambda o, ps: not official_file(world, o, on=D("2018-06-01"), policies=ps)["eligibility"]["honours"]["allowed"]  # noqa: E731
    # default threshold 0.5: 蒋华 0.8, 吴敏 (acting) 0.64 and 王强 (principal leader) 0.5 are all sanctioned
    assert [blocked(o, P) for o in ("o-jiang", "o-wu", "o-wang")] == [True, True, True]
    import yaml

    from graph.model.policy import POLICY_DIR, PolicySet, policy_from_dict

    base = yaml.safe_load((POLICY_DIR / "default.yaml").read_text(encoding="utf-8"))
    strict = PolicySet((policy_from_dict({"sanctions": {"attributed_min_weight": 0.7}}, base),))
    assert [blocked(o, strict) for o in ("o-jiang", "o-wu", "o-wang")] == [True, False, False]


# --- governments and departments ------------------------------------------------------------------


def test_unit_consequences(world):
    create_record(world, rin(), P, now=T_REC)
    u = unit_file(world, "d-cz", on=D("2018-06-01"), policies=P)
    c = u["consequences"]
    assert c["written_explanation_required"] and not c["honours_eligible"] and c["public_criticism"]
    assert c["rectification_deadlines"] == [D("2018-04-15")]  # serious: 90 days after 2018-01-15
    assert [a["official"]["name"] for a in c["accountable_principal_leaders"]] == ["李明", "王强"]
    assert c["accountable_principal_leaders"][0]["role"] == "unit_principal"
    assert not c["honours_priority"]
    assert [h["name"] for p in u["principal_posts"] for h in p["holders"]] == ["李明"]
    assert u["unit"]["government"]["id"] == "g"
    clean = unit_file(world, "d-zj", on=D("2018-06-01"), policies=P)["consequences"]
    assert clean["honours_eligible"] and clean["honours_priority"] and not clean["public_criticism"]
    later = unit_file(world, "d-cz", on=D("2022-06-01"), policies=P)["consequences"]  # impact ended 2021-01-14
    assert later["honours_eligible"] and not later["written_explanation_required"]
    with pytest.raises(NotFoundError):
        unit_file(world, "o-li", policies=P)


# --- the public list ------------------------------------------------------------------------------


def test_public_list_is_redacted_and_paged(world):
    create_record(world, rin(), P, now=T_REC)
    create_record(world, rin(id="r-q", name="钱涛受到警告处分", source_kind="disciplinary_sanction", subject="o-qian",
                             evidence=[], act_date=D("2016-12-10"), decided_on=D("2016-12-20"),
                             publicity_months=36), P, now=T_REC)
    create_record(world, rin(id="r-hidden", published=False), P, now=T_REC)
    create_record(world, rin(id="r-zj", source_kind="arrears", subject="d-zj", evidence=[], severity="light",
                             act_date=D("2017-02-10"), decided_on=D("2018-01-15")), P, now=T_REC)
    # a loader may bring a title with personal numbers: the public list masks them
    leaky = m.DishonestyRecord(id="r-leak", name="联系人13812345678（身份证430102198001011234）", source_kind="arrears",
                               severity="general", act_date=D("2017-01-01"), decided_on=D("2018-01-10"), source=SRC)
    world.upsert_nodes("DishonestyRecord", [node_write(leaky)], now=T_REC)

    page = public_list(world, day=D("2018-03-01"), limit=2, policies=P)
    assert [i["id"] for i in page["items"]] == ["r-j", "r-leak"]
    nxt = public_list(world, day=D("2018-03-01"), limit=2, cursor=page["next_cursor"], policies=P)
    assert [i["id"] for i in nxt["items"]] == ["r-q", "r-zj"] and nxt["next_cursor"] is None
    q = nxt["items"][0]
    assert q["subject"] == {"kind": "Official", "kind_label": "公务员", "name": "钱涛", "posts": ["青山市财政局局长"]}
    assert "id" not in q["subject"] and q["decision"]["document"] == "青信用〔2018〕3号"
    assert page["items"][1]["title"] == "联系人138****5678（身份证430102********1234）"
    assert page["items"][0]["subject"]["id"] == "d-cz"
    # light: public for 3 months only; revoked and repaired records leave the list
    later = public_list(world, day=D("2018-05-01"), limit=10, policies=P)
    assert [i["id"] for i in later["items"]] == ["r-j", "r-leak", "r-q"]
    revoke_record(world, "r-j", "核实有误", policies=P, now=T_PERF)
    assert [i["id"] for i in public_list(world, day=D("2018-05-01"), limit=10, policies=P)["items"]] == ["r-leak", "r-q"]
    assert public_list(world, day=D("2020-01-01"), limit=10, policies=P)["items"] == []  # all expired
    with pytest.raises(InvalidRequest):
        public_list(world, cursor="garbage", policies=P)


# --- coverage -------------------------------------------------------------------------------------


def test_coverage_report(world):
    linked = [m.Official(id=o, name=n, id_hash=("a" * 63) + str(i)) for i, (o, n) in enumerate([("o-wang", "王强"), ("o-li", "李明")])]
    world.upsert_nodes("Official", [node_write(o) for o in linked], now=T_PERF)
    rep = coverage(world, day=D("2017-03-01"))
    # in office that day: 王强, 李明, 孙丽, 蒋华 (city), 刘洋 (county); 陈静's end is unknown: not counted
    assert (rep["officials"], rep["with_file"], rep["share"], rep["meets_target"]) == (5, 2, 0.4, False)
    by = {r["government"]: (r["officials"], r["with_file"], r["missing"]) for r in rep["by_government"]}
    assert by == {"g": (4, 2, 2), "g-lj": (1, 0, 1)}
    assert coverage(world, day=D("2017-03-01"), government="g-lj")["officials"] == 1
    assert coverage(world, day=D("2017-03-01"), government="g")["officials"] == 5  # with its subordinates
    with pytest.raises(NotFoundError):
        coverage(world, government="d-cz")
