"""Issue 11 on both stores, on the hand-built province of tests/eval_scenario.py: derived
proposals, evaluation (scores, grades, ranks, roll-ups, change), the red list, every warning kind,
the feed, rectification tracking and the as-of rule. Values are worked out in the comments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from eval_scenario import T0, build, policies_per_official
from scenario import D

from graph.errors import InvalidRequest, NotFoundError
from graph.evaluation.redlist import red_list
from graph.evaluation.scoring import evaluate, unit_evaluation
from graph.integrity.rectification import record_rectification
from graph.records import derivation
from graph.stores.base import ConflictError
from graph.warnings.rules import feed, warnings_on

DAY = D("2026-06-30")
J2 = "prop/unperformed_judgment/j2/d-zj"


@pytest.fixture
def pol():
    return policies_per_official()


@pytest.fixture
def prov(store, pol):
    return build(store, pol)


@pytest.fixture
def confirmed(prov, pol):
    """The state the evaluation tests read: derived on 2026-06-30, j2's proposal confirmed that day."""
    derivation.derive(prov, DAY, pol, now=T0)
    derivation.confirm(prov, J2, inspector="检查员甲", document="湘信〔2026〕88号", decided_on=DAY,
                       policies=pol, now=T0)
    return prov


def _props(items):
    return {p["id"]: (p["rule"], p["severity"], p["act_date"], p["subject_id"], p["status"]) for p in items}


def test_population_read_returns_kinds_and_types(prov):
    nodes, rels = prov.population(["Judgment", "Official"], ["AGAINST"])
    assert [n.id for n in nodes] == ["j1", "j2", "j3", "j4", "o1", "o2", "o3", "o4", "o5"]
    assert {n.id: n.props["identity_linked"] for n in nodes if n.kind == "Official"} == {
        "o1": False, "o2": False, "o3": True, "o4": True, "o5": False}
    assert all("id_hash" not in n.props for n in nodes)  # never the hash itself
    assert [(r.id, r.src, r.dst) for r in rels] == [("ag1", "j1", "g-ca"), ("ag2", "j2", "d-zj"),
                                                   ("ag3", "j3", "g-cb"), ("ag4", "j4", "g-cb")]
    assert nodes[1].props["debtor_listed_on"] == D("2026-05-20")


def test_derivation_proposes_each_rule_once(prov, pol):
    res = derivation.derive(prov, DAY, pol, now=T0)
    assert (res["proposed"], res["updated"], res["withdrawn"]) == (8, 0, 0)
    got = _props(derivation.proposals(prov)["items"])
    assert got == {
        # debtor listing wins over the 90-day rule on j2 (serious, listing day)
        J2: ("debtor_listing", "serious", D("2026-05-20"), "d-zj", "proposed"),
        # j1 effective 2026-01-10 + 90 days = 2026-04-10 <= 2026-06-30
        "prop/unperformed_judgment/j1/g-ca": ("unperformed_judgment", "general", D("2026-04-10"), "g-ca", "proposed"),
        "prop/contract_breach/c1/g-ca": ("contract_breach", "general", D("2026-05-10"), "g-ca", "proposed"),
        # c2 arrears since 2026-05-01 + 30 = 2026-05-31 <= day
        "prop/arrears/c2/g-ca": ("arrears", "general", D("2026-05-01"), "g-ca", "proposed"),
        # k1 due 2026-05-01 + 30 = 2026-05-31 <= day, still pending
        "prop/broken_commitment/k1/g-ca": ("overdue_commitment", "light", D("2026-05-01"), "g-ca", "proposed"),
        "prop/broken_commitment/k3/d-cz": ("broken_commitment", "general", D("2026-03-15"), "d-cz", "proposed"),
        # r-zj1 general, decided 2026-01-15 + 60 = 2026-03-16, + 30 grace = 2026-04-15 < day
        "prop/accountability/r-zj1/d-zj": ("rectification_overdue", "general", D("2026-03-16"), "d-zj", "proposed"),
        # r-cb1 light, decided 2026-02-01 + 30 = 2026-03-03 (+30 = 2026-04-02 < day); r-zj2 was rectified
        "prop/accountability/r-cb1/g-cb": ("rectification_overdue", "general", D("2026-03-03"), "g-cb", "proposed"),
    }
    # j3 (effective 2026-05-01, 90 days = 2026-07-30) and j4 (performed) propose nothing
    again = derivation.derive(prov, DAY, pol, now=T0 + timedelta(hours=1))
    assert (again["proposed"], again["updated"], again["withdrawn"], again["unchanged"]) == (0, 0, 0, 8)
    assert len(prov.history(J2)) == 1  # nothing derived twice


def test_changed_fact_withdraws_or_updates_the_proposal(prov, pol):
    from scenario import Scenario

    derivation.derive(prov, DAY, pol, now=T0)
    later = T0 + timedelta(days=1)
    s = Scenario()
    s.node("Judgment", "j1", "东县政府工程款纠纷案", case_number="(2025)湘01民初1号", effective_on=D("2026-01-10"),
           performed=True, performed_on=D("2026-06-20"))
    s.node("Judgment", "j3", "西县政府借款纠纷案", case_number="(2026)湘01民初3号", effective_on=D("2026-05-01"),
           debtor_listed_on=D("2026-06-25"))
    s.write(prov, now=later)
    res = derivation.derive(prov, DAY, pol, now=later)
    assert (res["proposed"], res["withdrawn"]) == (1, 1)
    p1 = prov.get_node("prop/unperformed_judgment/j1/g-ca").props
    assert p1["status"] == "withdrawn" and "事实已变化" in p1["decision_reasons"]
    p3 = prov.get_node("prop/unperformed_judgment/j3/g-cb").props
    assert (p3["rule"], p3["severity"], p3["act_date"]) == ("debtor_listing", "serious", D("2026-06-25"))


def test_confirm_creates_a_record_that_propagates_and_dismiss_needs_a_reason(prov, pol):
    derivation.derive(prov, DAY, pol, now=T0)
    res = derivation.confirm(prov, J2, inspector="检查员甲", document="湘信〔2026〕88号", decided_on=DAY,
                             policies=pol, now=T0)
    rid = "rec/" + J2
    assert res["record"] == rid
    rec = prov.get_node(rid).props
    assert (rec["source_kind"], rec["severity"], rec["act_date"], rec["decided_on"]) == (
        "unperformed_judgment", "serious", D("2026-05-20"), DAY)
    # 惩戒到人 on the act date 2026-05-20: 张三 unit principal of d-zj (0.8), 李二 principal of g-ca (0.5)
    atts = {(a.dst, a.props["role"], a.props["weight"]) for a in prov.attributions_of([rid])}
    assert atts == {("o3", "unit_principal", 0.8), ("o2", "principal_leader", 0.5)}
    assert prov.get_node(J2).props["status"] == "confirmed"
    with pytest.raises(ConflictError):
        derivation.confirm(prov, J2, inspector="乙", document="x", decided_on=DAY, policies=pol, now=T0)
    with pytest.raises(InvalidRequest):
        derivation.dismiss(prov, "prop/broken_commitment/k3/d-cz", inspector="乙", reason=" ", now=T0)
    derivation.dismiss(prov, "prop/broken_commitment/k3/d-cz", inspector="乙", reason="承诺已依法变更", now=T0)
    assert prov.get_node("prop/broken_commitment/k3/d-cz").props["status"] == "dismissed"
    # a rerun leaves the confirmed and the dismissed as they are, and proposes nothing for j2 again
    again = derivation.derive(prov, DAY, pol, now=T0 + timedelta(hours=1))
    assert (again["proposed"], again["withdrawn"]) == (0, 0)
    with pytest.raises(NotFoundError):
        derivation.dismiss(prov, "prop/none", inspector="乙", reason="x", now=T0)


def _row(ev, unit):
    return next(r for r in ev["items"] if r["unit"]["id"] == unit)


def test_evaluation_scores_grades_ranks_rollups_and_change(confirmed, pol):
    ev = evaluate(confirmed, "2026", policies=pol)
    vals = lambda r: {i["key"]: i["value"] for i in r["indicators"] if i["value"]}  # noqa: E731
    ca, cb = _row(ev, "g-ca"), _row(ev, "g-cb")
    # 东县 with its departments; officials on 2026-12-31: 李二, 张三, 钱五 (size 3 with size_unit 1)
    assert vals(ca) == {"unperformed_judgments": 1, "debtor_listings": 1, "broken_contracts": 1,
                        "broken_commitments": 2, "turnover_breaches": 1, "arrears": 1, "records_light": 1,
                        "records_general": 1, "records_serious": 1, "overdue_rectifications": 2, "missing_files": 2}
    # points: 10 + 20 + 10 + 8*2 + 15 + 10 + 2 + 5 + 12 + 8*2 + 1*2 = 118; / 3 = 39.33; 100 - 39.33
    assert (ca["officials"], ca["score"], ca["grade"]) == (3, 60.67, "C")
    # 西县: j3 (2026-05-01 + 90 <= 2026-12-31), k2 overdue at year end, r-cb1 (complaint, light, not rectified)
    assert vals(cb) == {"unperformed_judgments": 1, "broken_commitments": 1, "upheld_complaints": 1,
                        "records_light": 1, "overdue_rectifications": 1}
    assert (cb["score"], cb["grade"]) == (100 - 10 - 8 - 5 - 2 - 8, "C")  # 67
    assert (cb["rank"], cb["peers"], ca["rank"], ca["peers"]) == (1, 2, 2, 2)  # counties under 衡州市
    zj, cz = _row(ev, "d-zj"), _row(ev, "d-cz")
    assert (zj["score"], zj["grade"], zj["rank"]) == (100 - 20 - 2 - 5 - 12 - 16, "D", 2)  # 45
    assert (cz["score"], cz["grade"], cz["rank"]) == (100 - 8 - 1, "A", 1)  # k3 broken, 钱五 without file
    # change from 2025: 东县 then only missed 2 files of 3 officials (王一, 钱五): 100 - 2/3 = 99.33
    assert (ca["previous"]["score"], ca["change"]) == (99.33, round(60.67 - 99.33, 2))
    assert (cz["previous"]["score"], cz["change"]) == (99.0, -8.0)
    # roll-ups: 城关镇 nothing (100, A); 衡州市 = 东县 + 西县: points 118 + 33 = 151 over 4 officials
    assert (_row(ev, "g-t1")["rollup"]["score"], _row(ev, "g-t1")["rollup"]["grade"]) == (100.0, "A")
    city = _row(ev, "g-city")["rollup"]
    assert (city["officials"], city["score"], city["grade"], city["governments"]) == (4, 62.25, "C", 4)
    assert _row(ev, "g-prov")["rollup"]["score"] == 62.25 and _row(ev, "g-prov")["rollup"]["governments"] == 5
    assert city["values"]["broken_commitments"] == 3 and city["values"]["overdue_rectifications"] == 3


def test_drill_down_names_the_facts_and_records(confirmed, pol):
    u = unit_evaluation(confirmed, "g-ca", "2026", policies=pol)
    ind = {i["key"]: [e["id"] for e in i["evidence"]] for i in u["indicators"]}
    assert ind["turnover_breaches"] == ["c1"]  # breached 2026-05-10, 39 days after 李二 took over (<= 180)
    assert ind["broken_commitments"] == ["k1", "k3"]
    assert ind["overdue_rectifications"] == ["r-zj1", "rec/" + J2]  # deadlines 03-16 and 09-28, none rectified
    assert ind["records_light"] == ["r-zj2"] and ind["missing_files"] == ["o2", "o5"]
    q = evaluate(confirmed, "2026-Q2", policies=pol)
    # Q2 (04-01..06-30) for 东县住建局: j2 listed, j2's record (serious), r-zj1's deadline was in Q1
    zj = _row(q, "d-zj")
    assert {i["key"]: i["value"] for i in zj["indicators"] if i["value"]} == {"debtor_listings": 1, "records_serious": 1}
    with pytest.raises(InvalidRequest):
        evaluate(confirmed, "2026-Q5", policies=pol)


def test_red_list(confirmed, pol):
    rl = red_list(confirmed, "2026", policies=pol)
    # 城关镇 (roll-up A, no record) and 财政局 (A, no record); officials without records: 钱五 only
    # (李二 is attributed j2's record with 0.5, 张三 with 0.8, 赵四 r-cb1 as unit principal)
    assert sorted(u["id"] for u in rl["units"]) == ["d-cz", "g-t1"]
    assert [o["id"] for o in rl["officials"]] == ["o5"]


def test_every_warning_kind(confirmed, pol):
    w = warnings_on(confirmed, DAY, policies=pol)
    got = [(x["id"], x["since"]) for x in w["items"]]
    assert got == [
        ("warn/rectification_overdue/r-cb1", D("2026-03-04")),
        ("warn/judgment_unperformed/j1", D("2026-03-11")),          # 2026-01-10 + 60
        ("warn/rectification_overdue/r-zj1", D("2026-03-17")),
        ("warn/turnover_watch/c2/p-ca", D("2026-04-01")),
        ("warn/turnover_watch/k1/p-ca", D("2026-04-01")),
        ("warn/turnover_watch/st1/p-ca", D("2026-04-01")),
        ("warn/judgment_unperformed/j2", D("2026-04-02")),          # 2026-02-01 + 60
        ("warn/commitment_overdue/k1", D("2026-05-02")),
        ("warn/commitment_due/k2", D("2026-06-15")),                # due 07-15, 15 days left (<= 30)
        ("warn/concentration/d-zj", D("2026-06-30")),               # third record decided 06-30
        ("warn/judgment_unperformed/j3", D("2026-06-30")),          # 2026-05-01 + 60
    ]
    c2 = next(x for x in w["items"] if x["id"] == "warn/turnover_watch/c2/p-ca")
    assert [p["id"] for p in c2["predecessors"]] == ["o1"] and [p["id"] for p in c2["successors"]] == ["o2"]
    assert c2["role"] == "signatory" and c2["start_date"] == D("2025-09-01") and "000 #13" in c2["rule"]
    assert "王一于2025-09-01签订" in c2["summary"] and "李二接任" in c2["summary"]
    r = {x["id"]: x for x in w["items"]}
    assert r["warn/rectification_overdue/r-zj1"]["proposes_record"] is True
    assert r["warn/concentration/d-zj"]["records"] == 3
    # 91 days after the change the watch is over (window 90 days), unless the post is asked for
    later = warnings_on(confirmed, DAY + timedelta(days=1), policies=pol, kind="turnover_watch")
    assert later["total"] == 0
    by_post = warnings_on(confirmed, DAY + timedelta(days=1), policies=pol, post="p-ca")
    assert [x["id"] for x in by_post["items"]] == ["warn/turnover_watch/c2/p-ca", "warn/turnover_watch/k1/p-ca",
                                                   "warn/turnover_watch/st1/p-ca"]
    only_cb = warnings_on(confirmed, DAY, policies=pol, government="g-cb")
    assert [x["id"] for x in only_cb["items"]] == ["warn/rectification_overdue/r-cb1", "warn/commitment_due/k2",
                                                   "warn/judgment_unperformed/j3"]


def test_feed_pages_by_cursor(confirmed, pol):
    first = feed(confirmed, DAY, limit=4, policies=pol)
    assert [x["id"] for x in first["items"]][-1] == "warn/turnover_watch/c2/p-ca" and first["more"]
    rest = feed(confirmed, DAY, cursor=first["next_cursor"], limit=100, policies=pol)
    assert len(rest["items"]) == 7 and not rest["more"]
    none = feed(confirmed, DAY, cursor=rest["next_cursor"], policies=pol)
    assert none["items"] == [] and none["next_cursor"] == rest["next_cursor"]
    with pytest.raises(InvalidRequest):
        feed(confirmed, DAY, cursor="nonsense!", policies=pol)


def test_rectification_clears_warning_and_indicator(confirmed, pol):
    later = T0 + timedelta(days=1)
    record_rectification(confirmed, "r-zj1", explained_on=D("2026-02-01"), explanation_document="东住建〔2026〕2号",
                         completed_on=D("2026-03-10"), completion_document="东住建〔2026〕3号", now=later)
    w = warnings_on(confirmed, DAY, policies=pol, kind="rectification_overdue")
    assert [x["id"] for x in w["items"]] == ["warn/rectification_overdue/r-cb1"]
    zj = unit_evaluation(confirmed, "d-zj", "2026", policies=pol)
    assert {i["key"]: i["value"] for i in zj["indicators"]}["overdue_rectifications"] == 1  # j2's record only
    # the evaluation as known before the rectification was recorded is unchanged
    before = unit_evaluation(confirmed, "d-zj", "2026", policies=pol, as_of=T0)
    assert {i["key"]: i["value"] for i in before["indicators"]}["overdue_rectifications"] == 2
    with pytest.raises(InvalidRequest):
        record_rectification(confirmed, "r-zj1", completed_on=D("2026-03-11"), now=later)  # no document
    with pytest.raises(NotFoundError):
        record_rectification(confirmed, "nope", completed_on=D("2026-03-11"), completion_document="x", now=later)


def test_evaluation_as_of_ignores_later_decisions(confirmed, pol):
    """A record revoked later does not change the answer as known before the revocation."""
    from graph.records.register import revoke_record

    before = evaluate(confirmed, "2026", policies=pol, as_of=T0)
    revoke_record(confirmed, "r-cb1", "异议成立", on=D("2026-07-10"), policies=pol,
                  now=datetime(2026, 7, 10, 2, tzinfo=UTC))
    now_ = evaluate(confirmed, "2026", policies=pol)
    assert _row(now_, "g-cb")["score"] == 100 - 10 - 8  # the complaint, its severity and its rectification gone
    again = evaluate(confirmed, "2026", policies=pol, as_of=T0)
    assert _row(again, "g-cb")["score"] == _row(before, "g-cb")["score"] == 67.0


def test_unit_file_shows_rectification(prov, pol):
    from graph.integrity.files import unit_file

    f = unit_file(prov, "d-zj", on=DAY, policies=pol)
    rect = {e["record"]["id"]: e["rectification"] for e in f["records"]}
    assert rect["r-zj2"]["completed"] and rect["r-zj2"]["completed_on"] == D("2026-03-20")
    assert rect["r-zj1"] == {"explained_on": None, "explanation_document": None, "completed_on": None,
                             "completion_document": None, "completed": False, "overdue": True}  # deadline 03-16
    # on 2026-03-15 r-zj2's rectification (completed 03-20) was not done yet, and r-zj1 not overdue
    early = {e["record"]["id"]: e["rectification"] for e in unit_file(prov, "d-zj", on=D("2026-03-15"), policies=pol)["records"]}
    assert early["r-zj2"]["explained_on"] == D("2026-03-10") and not early["r-zj2"]["completed"]
    assert early["r-zj1"]["overdue"] is False


def test_a_later_repair_does_not_change_the_score_for_an_earlier_day(store):
    """The reported bug: a repair decided on 2026-09-15 changed the score shown for 2026-03-01."""
    from eval_scenario import province

    from graph.integrity.files import official_file, unit_file
    from graph.integrity.workflow import RepairDecision, RepairIn, apply_repair, decide_repair
    from graph.model.policy import load_policies
    from graph.records.register import RecordIn, create_record

    P = load_policies()
    t = lambda s: datetime.fromisoformat(s + "T02:00:00+00:00")  # noqa: E731
    province().write(store, now=t("2025-01-01"))
    create_record(store, RecordIn(id="r9", name="东县住建局违规审批", source_kind="administrative_penalty",
                                  severity="general", act_date="2025-11-20", decided_on="2025-12-01", subject="d-zj",
                                  source={"document": "东信〔2025〕9号"}), P, now=t("2025-12-01"))

    def score(**kw):
        f = official_file(store, "o3", policies=P, **kw)
        return f["overall_score"], f["dimensions"]["law"]["score"], f["eligibility"]["honours"]["allowed"]

    # 张三 unit principal 0.8: law 100 - 15 x 0.8 = 88; overall (88 + 4 x 100) / 5 = 97.6
    shown = score(on=D("2026-03-01"))
    assert shown == (97.6, 88.0, False)
    rep = apply_repair(store, "r9", RepairIn(applicant="东县住建局", applied_on=D("2026-03-05"),
                                             measures=["removed_effects"], statement="已整改"), P, now=t("2026-03-05"))
    decide_repair(store, rep["id"], RepairDecision(decision="approved", reviewer="信用办", reasons="整改到位",
                                                  decided_on=D("2026-09-15")), P, now=t("2026-09-15"))
    assert score(on=D("2026-03-01")) == shown                       # the day before the repair: unchanged
    assert score(as_of=D("2026-03-01")) == shown                    # as known then: unchanged
    # from the repair day on: lightened (x 0.5): law 100 - 15 x 0.4 = 94; honours lifted (lighten_lifts)
    assert score(on=D("2026-09-15")) == (98.8, 94.0, True)
    assert unit_file(store, "d-zj", on=D("2026-03-01"), policies=P)["consequences"]["honours_eligible"] is False


def test_statistics_list_count_page_and_csv(confirmed):
    from graph.evaluation.statistics import list_records, records_csv

    all_ = list_records(confirmed, government="g-city")
    # 东县 (and its departments) and 西县 are below 衡州市: r-cb1, r-zj1, r-zj2 and j2's confirmed record
    assert [r["id"] for r in all_["items"]] == ["r-cb1", "r-zj1", "r-zj2", "rec/" + J2]
    assert all_["counts"]["by_severity"] == {"general": 1, "light": 2, "serious": 1}
    assert all_["counts"]["by_government"] == {"g-ca": 3, "g-cb": 1}
    ca = list_records(confirmed, government="g-ca", severity="light")
    assert [r["id"] for r in ca["items"]] == ["r-zj2"] and ca["items"][0]["unit_name"] == "东县住建局"
    q1 = list_records(confirmed, date_from=D("2026-01-01"), date_to=D("2026-03-31"), department="d-zj")
    assert [r["id"] for r in q1["items"]] == ["r-zj1", "r-zj2"]
    p1 = list_records(confirmed, limit=2)
    p2 = list_records(confirmed, limit=2, cursor=p1["next_cursor"])
    assert [r["id"] for r in p1["items"] + p2["items"]] == ["r-cb1", "r-zj1", "r-zj2", "rec/" + J2]
    assert p2["next_cursor"] is None and p1["counts"]["total"] == 4
    text = records_csv(confirmed, government="g-cb")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("id,name,source_kind") and lines[1].startswith("r-cb1,西县政府投诉查实,upheld_complaint")
    assert len(lines) == 2
    with pytest.raises(InvalidRequest):
        list_records(confirmed, kind="nonsense")
    with pytest.raises(NotFoundError):
        list_records(confirmed, government="d-zj")
