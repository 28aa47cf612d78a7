"""Impact propagation (惩戒到人) on the hand-built city of tests/cities.py, expected results worked
out by hand below with the default policy (policies/default.yaml):

    roles: responsible 1.0, signatory 0.8, unit_principal 0.8, leader 0.6 (x 0.5 per further hop),
    principal_leader 0.5; acting holder x 0.8; tenures of unknown end reach nobody.

Record on contract c1, act date 2016-11-25 (钱涛 acting head of finance, 周婷 gone since 11-20):
    s-ident  → 孙丽 directly                      responsible 1.0
    s-proc   → p-cz: 钱涛 (acting)                 responsible 1.0 x 0.8 = 0.8
               ↑ p-vm: 陈静, end unknown           gap (never guessed)
               ↑ p-mayor: 王强                     principal_leader 0.5
    s-exec   → p-zj: 蒋华                          responsible 1.0
               p-czd: 孙丽                         responsible 1.0; ↑ p-cz 钱涛 leader 0.6 x 0.8 = 0.48
    signatory 周婷                                 signatory 0.8
    owner d-cz / party g → 市长 王强               principal_leader 0.5
  => 孙丽 1.0, 蒋华 1.0, 钱涛 0.8 (best of 0.8 and 0.48), 周婷 0.8, 王强 0.5
Same contract, act date 2016-11-22: p-cz is vacant (a gap, nobody), the rest as above without 钱涛.
Both stores.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cities import city
from scenario import D

from graph.errors import InvalidRequest
from graph.facts.local import LocalGraph
from graph.model.policy import PolicySet, load_policies, policy_from_dict
from graph.records.propagation import attribute, recompute_all
from graph.records.register import RecordCorrection, RecordIn, correct_record, create_record, record_view, revoke_record

T_CITY = datetime(2017, 12, 1, tzinfo=UTC)  # the city is known from then (record time)
T0 = datetime(2018, 1, 1, tzinfo=UTC)
POLICIES = load_policies()


def default_dict() -> dict:
    import yaml

    from graph.model.policy import POLICY_DIR

    return yaml.safe_load((POLICY_DIR / "default.yaml").read_text(encoding="utf-8"))


def policies_with(**propagation) -> PolicySet:
    base = default_dict()
    over = {"propagation": propagation, "version": "test-2"}
    return PolicySet((policy_from_dict(over, base),))


@pytest.fixture
def city_store(store):
    return city().write(store, now=T_CITY)


def add(store, rid, subject, act, kind="contract_breach", evidence=(), severity="general", policies=POLICIES,
        now=T0):
    return create_record(store, RecordIn(
        id=rid, name=f"测试记录{rid}", source_kind=kind, severity=severity, act_date=D(act), decided_on=D("2017-12-01"),
        subject=subject, evidence=list(evidence), source={"document": "青信用〔2017〕9号", "authority": "青山市信用办"},
    ), policies, now=now)


def reached(store, rid):
    """{official: (weight, role, hop, acting)} of the active attributions of a record."""
    return {r.dst: (r.props["weight"], r.props["role"], r.props["hop"], bool(r.props.get("acting")))
            for r in store.attributions_of([rid]) if r.props["active"]}


def test_contract_record_with_acting_holder(city_store):
    out = add(city_store, "r-c1", "c1", "2016-11-25")
    assert reached(city_store, "r-c1") == {
        "o-sun": (1.0, "responsible", 0, False),
        "o-jiang": (1.0, "responsible", 0, False),
        "o-qian": (0.8, "responsible", 0, True),
        "o-zhou": (0.8, "signatory", 0, False),
        "o-wang": (0.5, "principal_leader", 0, False),
    }
    (detail,) = out["propagation"]["details"]
    assert {(g["post"], g["status"]) for g in detail["gaps"]} == {("p-vm", "unknown")}  # 陈静: end unknown
    att = {r.dst: r for r in city_store.attributions_of(["r-c1"])}
    routes = json.loads(att["o-qian"].props["routes"])
    assert routes["total"] == 3  # acting head via procurement; leader above 孙丽 (ident, exec)
    best = routes["routes"][0]
    assert [s[0] for s in best["steps"]] == ["RECORD_SUBJECT", "FOR_PROJECT", "HAS_STAGE", "RESPONSIBLE_FOR", "HOLDS"]
    assert [s[2] for s in best["steps"]] == ["c1", "prj", "s-proc", "p-cz", "o-qian"]
    assert (routes["routes"][1]["role"], routes["routes"][1]["hop"], routes["routes"][1]["weight"]) == ("leader", 1, 0.48)
    assert att["o-qian"].props["policy_version"] == POLICIES.default.version_id
    assert att["o-qian"].props["policy_jurisdiction"] == "*"


def test_vacancy_reaches_nobody_and_is_reported(city_store):
    out = add(city_store, "r-c1v", "c1", "2016-11-22")
    assert reached(city_store, "r-c1v") == {
        "o-sun": (1.0, "responsible", 0, False),
        "o-jiang": (1.0, "responsible", 0, False),
        "o-zhou": (0.8, "signatory", 0, False),
        "o-wang": (0.5, "principal_leader", 0, False),
    }
    gaps = {(g["post"], g["status"], g["role"], g["hop"]) for g in out["propagation"]["details"][0]["gaps"]}
    assert ("p-cz", "vacant", "responsible", 0) in gaps and ("p-cz", "vacant", "leader", 1) in gaps


def test_department_record_reaches_principal_and_overlapping_acting(city_store):
    add(city_store, "r-zj", "d-zj", "2017-02-10", kind="arrears")
    assert reached(city_store, "r-zj") == {
        "o-jiang": (0.8, "unit_principal", 0, False),
        "o-wu": (0.64, "unit_principal", 0, True),  # acting while 蒋华 holds the post: 0.8 x 0.8
        "o-wang": (0.5, "principal_leader", 0, False),
    }


def test_commitment_evidence_reaches_the_responsible_post(city_store):
    add(city_store, "r-cz", "d-cz", "2017-02-15", kind="broken_commitment", evidence=["cm1"])
    assert reached(city_store, "r-cz") == {
        "o-li": (1.0, "responsible", 0, False),  # also unit principal (0.8): the heavier route wins
        "o-wang": (0.5, "principal_leader", 0, False),
    }
    routes = json.loads(next(r for r in city_store.attributions_of(["r-cz"]) if r.dst == "o-li").props["routes"])
    assert [r["role"] for r in routes["routes"]] == ["responsible", "unit_principal"]


def test_record_about_an_official_stays_direct(city_store):
    add(city_store, "r-o", "o-zhou", "2016-11-20", kind="disciplinary_sanction")
    assert city_store.attributions_of(["r-o"]) == []
    assert "r-o" not in city_store.propagation_record_ids()


def test_leader_weight_decays_per_hop(city_store):
    facts = city_store.attribution_facts([])
    assert facts == ([], [])
    add(city_store, "r-x", "c1", "2016-11-25")
    g = LocalGraph(*city_store.attribution_facts(["r-x"]))
    deep = policies_with(roles={"leader": 0.8}, decay=0.5, max_hops=1)
    c = attribute(g, "r-x", deep)
    assert {r.weight for r in c.routes["o-qian"] if r.role == "leader"} == {0.64}  # 0.8 x 0.8 acting, hop 1
    from graph.records.propagation import _Walker

    w = _Walker(g, "r-x", D("2016-11-25"), deep.default)
    assert [w.weight("leader", h, False) for h in (1, 2, 3)] == [0.8, 0.4, 0.2]


def test_policy_change_recomputes_with_history(city_store):
    add(city_store, "r-c1", "c1", "2016-11-25")
    add(city_store, "r-zj", "d-zj", "2017-02-10", kind="arrears")
    again = recompute_all(city_store, POLICIES, now=T0 + timedelta(days=1))
    assert (again.created, again.updated, again.superseded) == (0, 0, 0) and again.unchanged == 8
    new = policies_with(roles={"principal_leader": 0.7}, acting_factor=0.5)
    t1 = T0 + timedelta(days=30)
    res = recompute_all(city_store, new, now=t1)
    assert res.records == 2 and res.updated == 8  # every attribution records the new policy version
    assert reached(city_store, "r-c1")["o-qian"] == (0.5, "responsible", 0, True)  # max(1.0 x 0.5, 0.6 x 0.5)
    assert reached(city_store, "r-c1")["o-wang"] == (0.7, "principal_leader", 0, False)
    assert reached(city_store, "r-zj")["o-wu"] == (0.4, "unit_principal", 0, True)
    aid = next(r.id for r in city_store.attributions_of(["r-zj"]) if r.dst == "o-wu")
    assert city_store.get_rel(aid).props["policy_version"] == new.default.version_id
    old = city_store.get_rel(aid, as_of=t1 - timedelta(seconds=1)).props
    assert (old["weight"], old["policy_version"]) == (0.64, POLICIES.default.version_id)
    assert [v["weight"] for v in city_store.history(aid)] == [0.64, 0.4]


def test_revocation_supersedes_attributions(city_store):
    add(city_store, "r-zj", "d-zj", "2017-02-10", kind="arrears")
    t1 = T0 + timedelta(days=3)
    res = revoke_record(city_store, "r-zj", "依异议核实有误", policies=POLICIES, now=t1)
    assert res["propagation"]["superseded"] == 3
    assert reached(city_store, "r-zj") == {}
    ended = {r.dst: r.props["ended_reason"] for r in city_store.attributions_of(["r-zj"])}
    assert ended == {"o-jiang": "record revoked", "o-wu": "record revoked", "o-wang": "record revoked"}
    before = record_view(city_store, "r-zj", as_of=t1 - timedelta(seconds=1), policies=POLICIES)
    assert before["status"] == "active" and len(before["attributions"]) == 3
    now = record_view(city_store, "r-zj", policies=POLICIES)
    assert now["status"] == "revoked" and now["attributions"] == [] and len(now["superseded_attributions"]) == 3
    again = recompute_all(city_store, POLICIES, now=t1 + timedelta(days=1))
    assert (again.created, again.updated, again.superseded) == (0, 0, 0)


def test_correction_of_the_act_date_moves_the_attributions(city_store):
    add(city_store, "r-c1", "c1", "2016-11-25")
    res = correct_record(city_store, "r-c1", RecordCorrection(act_date=D("2017-03-01")), "毁约日期更正",
                         policies=POLICIES, now=T0 + timedelta(days=2))
    after = reached(city_store, "r-c1")
    assert after["o-li"] == (1.0, "responsible", 0, False)  # head of finance on 2017-03-01
    assert "o-qian" not in after and res["propagation"]["superseded"] == 1
    (ended,) = [r for r in city_store.attributions_of(["r-c1"]) if not r.props["active"]]
    assert (ended.dst, ended.props["ended_reason"]) == ("o-qian", "no longer reached on the act date")


def test_jurisdiction_policy_is_chosen_by_division_code(city_store):
    base = default_dict()
    county = policy_from_dict({"extends": "default", "jurisdiction": "431021",
                               "propagation": {"roles": {"principal_leader": 0.9}}}, base)
    ps = PolicySet((policy_from_dict(base), county))
    add(city_store, "r-lj", "c-lj", "2017-06-01", policies=ps)
    assert reached(city_store, "r-lj") == {
        "o-liu": (0.8, "signatory", 0, False),
        "o-he": (0.9, "principal_leader", 0, False),  # 县长 on the breach date, county policy
    }
    (a,) = [r for r in city_store.attributions_of(["r-lj"]) if r.dst == "o-he"]
    assert (a.props["policy_jurisdiction"], a.props["policy_version"]) == ("431021", county.version_id)
    pol = city_store.get_node("policy:431021")
    assert pol.props["version"] == county.version_id and json.loads(pol.props["content"])["jurisdiction"] == "431021"


def test_attribution_facts_of_a_batch(city_store):
    add(city_store, "r-c1", "c1", "2016-11-25")
    add(city_store, "r-zj", "d-zj", "2017-02-10", kind="arrears")
    nodes, rels = city_store.attribution_facts(["r-c1", "r-zj", "nope"])
    ids = {n.id for n in nodes}
    assert {"r-c1", "r-zj", "c1", "prj", "s-proc", "p-cz", "p-vm", "p-mayor", "o-qian", "o-wu"} <= ids
    assert "c2" not in ids and "g-lj" not in ids
    assert {"t-qian", "t-li", "rt-cz", "rt-vm", "sb-c1", "rf-proc", "hp-g-c1", "pi-zj", "b-zj"} <= {r.id for r in rels}
    # compact rows: only what the propagation reads (graph/stores/fact_rows.py)
    assert next(n for n in nodes if n.id == "o-qian").props == {"id": "o-qian", "name": "钱涛"}
    assert next(n for n in nodes if n.id == "p-cz").props == {"id": "p-cz", "name": "青山市财政局局长", "is_principal": True}
    assert next(r for r in rels if r.id == "t-qian").props == {
        "id": "t-qian", "valid_from": D("2016-11-25"), "valid_to": D("2016-12-31"), "acting": True, "end_unknown": False}


def test_unknown_ids_are_refused(city_store):
    with pytest.raises(InvalidRequest, match="subject 'nope' does not exist"):
        add(city_store, "r-bad", "nope", "2016-11-25")
    with pytest.raises(InvalidRequest, match="a Post"):
        add(city_store, "r-bad", "p-cz", "2016-11-25")


def test_new_attributions_are_created_once_and_all_or_nothing(city_store):
    """write_changes(new_rels=...): the bulk path of a propagation's new attributions. A row that
    exists after all (another writer was first) or has a missing endpoint writes nothing at all."""
    from graph.model import entities as m
    from graph.stores.base import ConflictError, StoreError
    from graph.stores.writes import node_write, rel_write

    add(city_store, "r-c1", "c1", "2016-11-25")
    before = {r.id: r.props["_hash"] for r in city_store.attributions_of(["r-c1"])}

    def att(dst: str, weight: float = 0.3) -> m.Attribution:
        return m.Attribution(id=f"att/r-c1/{dst}", src="r-c1", dst=dst, weight=weight, effective_weight=weight,
                             role="leader", hop=1, routes="{}", policy_jurisdiction="*", policy_version="t")

    org = m.Government(id="g-new", name="新设政府", level="county", division_code="439999")
    fresh = rel_write(att("o-wu"))
    assert "att/r-c1/o-wu" not in before
    res = city_store.write_changes([], [], new_rels=[("ATTRIBUTED_TO", fresh)])
    assert res.created == 1
    got = city_store.get_rel("att/r-c1/o-wu")
    assert (got.src, got.dst, got.props["weight"], got.props["_hash"]) == ("r-c1", "o-wu", 0.3, fresh.hash)

    existing = next(iter(before))  # already stored by the propagation of r-c1
    dst = existing.rsplit("/", 1)[1]
    assert "att/r-c1/o-liu" not in before  # 刘 is not reached by r-c1: a genuinely new row
    with pytest.raises(ConflictError):
        city_store.write_changes([("Government", node_write(org))], [],
                                 new_rels=[("ATTRIBUTED_TO", rel_write(att("o-liu", 0.2))),
                                           ("ATTRIBUTED_TO", rel_write(att(dst, 0.1)))])
    with pytest.raises(StoreError, match=r"does not exist|missing endpoint") as refused:
        city_store.write_changes([("Government", node_write(org))], [],
                                 new_rels=[("ATTRIBUTED_TO", rel_write(att("o-zhao", 0.2))),
                                           ("ATTRIBUTED_TO", rel_write(att("o-nobody")))])
    assert not isinstance(refused.value, ConflictError)
    assert city_store.get_node("g-new") is None  # neither batch wrote anything
    assert city_store.get_rel("att/r-c1/o-liu") is None and city_store.get_rel("att/r-c1/o-zhao") is None
    after = {r.id: r.props["_hash"] for r in city_store.attributions_of(["r-c1"])}
    assert after == {**before, "att/r-c1/o-wu": fresh.hash}


def test_attributions_created_meanwhile_by_another_writer(city_store):
    """Two propagations of one record at once: both read 'no attribution yet'; the one that writes
    second is refused, reads the batch again and finds them there (same content: nothing written)."""
    from graph.records import propagation as prop
    from graph.records.register import create_record as create

    create(city_store, RecordIn(
        id="r-c1", name="测试记录r-c1", source_kind="contract_breach", severity="general", act_date=D("2016-11-25"),
        decided_on=D("2017-12-01"), subject="c1", source={"document": "青信用〔2017〕9号", "authority": "青山市信用办"},
    ), POLICIES, now=T0, propagate=False)
    stale = prop._read_batch(city_store, ["r-c1"])  # read before the other writer
    first = prop.propagate(city_store, ["r-c1"], POLICIES, now=T0)
    assert first.created == 5
    res = prop.PropagationResult()
    prop._run_batch(city_store, ["r-c1"], stale, POLICIES, T0 + timedelta(days=1), res, keep_details=False)
    # the create was refused; the batch was read again and found the first writer's attributions
    assert (res.records, res.created, res.unchanged) == (1, 0, 5)
    for r in city_store.attributions_of(["r-c1"]):
        assert len(city_store.history(r.id)) == 1, r.id  # no second version
    assert set(reached(city_store, "r-c1")) == {"o-sun", "o-jiang", "o-qian", "o-zhou", "o-wang"}


def test_recompute_in_worker_processes_gives_the_same_attributions(city_store, monkeypatch):
    """recompute_all(workers=2) shares the batches among two processes (Neo4j; the embedded store
    stays in this process): the same attributions as one process, and a rerun changes nothing."""
    from graph.records import propagation as prop

    monkeypatch.setattr(prop, "MIN_BATCHES_PER_WORKER", 1)  # 3 batches of one record: 2 workers
    pools = []

    class CountedPool(prop.ProcessPoolExecutor):
        def __init__(self, *a, **k):
            pools.append(k.get("max_workers"))
            super().__init__(*a, **k)

    monkeypatch.setattr(prop, "ProcessPoolExecutor", CountedPool)
    add(city_store, "r-c1", "c1", "2016-11-25")
    add(city_store, "r-zj", "d-zj", "2017-02-10", kind="arrears")
    add(city_store, "r-c1b", "c1", "2016-11-22")
    one = {r.id: r.props["_hash"] for r in city_store.attributions_of(["r-c1", "r-zj", "r-c1b"])}
    changed = policies_with(decay=0.25)
    par = recompute_all(city_store, changed, now=T0 + timedelta(days=2), batch=1, workers=2)
    assert (par.records, par.updated) == (3, sum(1 for r in ("r-c1", "r-zj", "r-c1b")
                                                 for a in city_store.attributions_of([r])
                                                 if a.props["policy_version"] == changed.default.version_id
                                                 and a.props["active"]))
    seq = recompute_all(city_store, changed, now=T0 + timedelta(days=3), batch=1)
    assert seq.unchanged == par.reached and seq.created == seq.updated == 0
    back = recompute_all(city_store, POLICIES, now=T0 + timedelta(days=4), batch=1, workers=2)
    assert back.records == 3 and back.created == 0
    assert pools == ([2, 2] if city_store.worker_config() else [])  # processes only where they can connect
    assert {r.id: r.props["_hash"] for r in city_store.attributions_of(["r-c1", "r-zj", "r-c1b"])} == one
