"""Objections and credit repair: every transition, every refused one, and the 409 race.
Both stores; the race uses real threads against the real store."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from cities import city
from scenario import D

from graph.errors import InvalidRequest, NotFoundError
from graph.integrity.workflow import (
    ObjectionDecision,
    ObjectionIn,
    RepairDecision,
    RepairIn,
    ReviewIn,
    TransitionRefused,
    apply_repair,
    decide_objection,
    decide_repair,
    file_objection,
    get_objection,
    get_repair,
    start_review,
)
from graph.model.policy import load_policies
from graph.records.register import RecordCorrection, RecordIn, create_record, record_view
from graph.stores.base import ConflictError

T_CITY = datetime(2017, 12, 1, tzinfo=UTC)
T0 = datetime(2018, 1, 10, tzinfo=UTC)
NOW = datetime(2019, 6, 1, tzinfo=UTC)
P = load_policies()


def _world(store):
    city().write(store, now=T_CITY)
    create_record(store, RecordIn(
        id="r1", name="青山市住建局拖欠工程款", source_kind="arrears", severity="general", act_date=D("2017-02-10"),
        decided_on=D("2018-01-05"), subject="d-zj", source={"document": "青信用〔2018〕1号"},
    ), P, now=T0)
    return store


@pytest.fixture
def world(store):
    return _world(store)


@pytest.fixture
def neo4j_world(neo4j_store_session):
    """The same world on Neo4j only, for a test of Neo4j's lock behaviour."""
    from neo4j_fixture import wipe

    wipe(neo4j_store_session.driver, neo4j_store_session.database)
    return _world(neo4j_store_session)


def objection(store, when=NOW):
    return file_objection(store, "r1", ObjectionIn(filed_by="青山市住建局", filed_on=D("2018-02-01"),
                                                  reasons="欠款已于2017年结清"), now=when)


def reviewed(store):
    o = objection(store)
    start_review(store, o["id"], ReviewIn(reviewer="信用办张三", started_on=D("2018-02-03")), now=NOW)
    return o["id"]


def decision(**kw):
    base = dict(decision="rejected", reviewer="信用办张三", reasons="经核实欠款属实", decided_on=D("2018-03-01"))
    base.update(kw)
    return ObjectionDecision(**base)


# --- objections -----------------------------------------------------------------------------------


def test_objection_filed_reviewed_rejected(world):
    o = objection(world)
    assert o["status"] == "filed" and o["record_id"] == "r1"
    assert world.get_node("r1").props["objection_status"] == "filed"
    r = start_review(world, o["id"], ReviewIn(reviewer="信用办张三", started_on=D("2018-02-03")), now=NOW)
    assert (r["status"], r["reviewer"]) == ("under_review", "信用办张三")
    out = decide_objection(world, o["id"], decision(), P, now=NOW)
    assert out["objection"]["status"] == "rejected" and out["objection"]["decision_reasons"] == "经核实欠款属实"
    rec = world.get_node("r1").props
    assert (rec["status"], rec["objection_status"], rec["severity"]) == ("active", "rejected", "general")
    assert get_objection(world, o["id"])["allowed_steps"] == []


def test_objection_upheld_with_correction(world):
    oid = reviewed(world)
    out = decide_objection(world, oid, decision(decision="upheld", outcome="corrected",
                                                correction=RecordCorrection(severity="light"),
                                                reasons="情节轻微，更正为轻微"), P, now=NOW)
    assert out["objection"]["outcome"] == "corrected"
    assert out["objection"]["correction"] == {"severity": ["general", "light"]}
    rec = world.get_node("r1").props
    assert (rec["severity"], rec["status"], rec["corrected_on"]) == ("light", "active", D("2018-03-01"))
    assert rec["publicity_until"] == D("2018-04-04")  # light: 3 months from the decision
    view = record_view(world, "r1", policies=P)
    assert [o["status"] for o in view["objections"]] == ["upheld"]


def test_objection_upheld_with_revocation(world):
    oid = reviewed(world)
    out = decide_objection(world, oid, decision(decision="upheld", outcome="revoked", reasons="记录主体错误"), P, now=NOW)
    assert out["record"]["status"] == "revoked" and out["propagation"]["superseded"] == 3
    rec = world.get_node("r1").props
    assert (rec["status"], rec["revoked_on"], rec["objection_status"]) == ("revoked", D("2018-03-01"), "upheld")
    with pytest.raises(ConflictError, match="revoked"):
        objection(world)  # nothing left to object to


@pytest.mark.parametrize("body,message", [
    (dict(decision="upheld"), "needs an outcome"),
    (dict(decision="upheld", outcome="corrected"), "needs the corrected fields"),
    (dict(decision="upheld", outcome="revoked", correction=RecordCorrection(severity="light")), "takes no correction"),
    (dict(decision="rejected", outcome="revoked"), "no outcome"),
    (dict(decided_on=D("2018-02-01")), "before the review started"),
    (dict(decided_on=D("2030-01-01")), "in the future"),
    (dict(decision="upheld", outcome="corrected", correction=RecordCorrection(publicity_months=30)), "outside 3..12"),
])
def test_invalid_decisions_are_422(world, body, message):
    oid = reviewed(world)
    with pytest.raises(InvalidRequest, match=message):
        decide_objection(world, oid, decision(**body), P, now=NOW)
    assert get_objection(world, oid)["status"] == "under_review"  # nothing written


def test_refused_transitions_are_409(world):
    o = objection(world)
    with pytest.raises(TransitionRefused, match="is filed: 'reject' is not allowed; allowed steps: review"):
        decide_objection(world, o["id"], decision(), P, now=NOW)
    with pytest.raises(ConflictError, match="already has an objection filed"):
        objection(world)
    start_review(world, o["id"], ReviewIn(reviewer="张三", started_on=D("2018-02-03")), now=NOW)
    with pytest.raises(TransitionRefused, match="is under_review: 'review' is not allowed"):
        start_review(world, o["id"], ReviewIn(reviewer="李四", started_on=D("2018-02-04")), now=NOW)
    decide_objection(world, o["id"], decision(), P, now=NOW)
    with pytest.raises(TransitionRefused, match="final state"):
        decide_objection(world, o["id"], decision(decision="upheld", outcome="revoked"), P, now=NOW)
    # once decided, a new objection may be filed
    assert objection(world)["status"] == "filed"


def test_objection_dates_and_ids(world):
    with pytest.raises(InvalidRequest, match="before the record was decided"):
        file_objection(world, "r1", ObjectionIn(filed_by="x", filed_on=D("2017-12-31"), reasons="y"), now=NOW)
    with pytest.raises(NotFoundError):
        file_objection(world, "nope", ObjectionIn(filed_by="x", filed_on=D("2018-02-01"), reasons="y"), now=NOW)
    with pytest.raises(NotFoundError):
        decide_objection(world, "obj-nope", decision(), P, now=NOW)
    with pytest.raises(NotFoundError):
        decide_objection(world, "r1", decision(), P, now=NOW)  # a record is not an objection


def test_objection_state_as_of_a_date(world):
    o = objection(world, when=datetime(2018, 2, 1, 3, tzinfo=UTC))
    start_review(world, o["id"], ReviewIn(reviewer="张三", started_on=D("2018-02-03")),
                 now=datetime(2018, 2, 3, 3, tzinfo=UTC))
    decide_objection(world, o["id"], decision(), P, now=datetime(2018, 3, 1, 3, tzinfo=UTC))
    assert get_objection(world, o["id"], as_of=D("2018-02-01"))["status"] == "filed"
    assert get_objection(world, o["id"], as_of=D("2018-02-10"))["status"] == "under_review"
    assert get_objection(world, o["id"], as_of=D("2018-03-01"))["status"] == "rejected"
    with pytest.raises(NotFoundError, match="not known on"):
        get_objection(world, o["id"], as_of=D("2018-01-20"))
    assert record_view(world, "r1", as_of=D("2018-02-10"), policies=P)["objection_status"] == "under_review"


# --- credit repair --------------------------------------------------------------------------------


def repair_in(**kw):
    base = dict(applicant="青山市住建局", applied_on=D("2018-04-10"), measures=["recovered_losses"],
                statement="已全额支付拖欠工程款并公开致歉")
    base.update(kw)
    return RepairIn(**base)


def test_repair_approved_lightens_and_ends_publicity(world):
    rep = apply_repair(world, "r1", repair_in(), P, now=NOW)
    assert rep["status"] == "applied" and world.get_node("r1").props["repair_status"] == "applied"
    out = decide_repair(world, rep["id"], RepairDecision(decision="approved", reviewer="信用办", reasons="整改到位",
                                                         decided_on=D("2018-04-20")), P, now=NOW)
    assert out["repair"]["effect"] == "lighten"  # a general record: lightened per policy
    rec = world.get_node("r1").props
    assert (rec["status"], rec["repaired_on"], rec["sanction_effect"]) == ("repaired", D("2018-04-20"), "lighten")
    effective = {r.dst: r.props["effective_weight"] for r in world.attributions_of(["r1"]) if r.props["active"]}
    assert effective == {"o-jiang": 0.4, "o-wu": 0.32, "o-wang": 0.25}  # weights x lighten_factor 0.5
    view = record_view(world, "r1", policies=P)
    assert view["publicity"]["public"] is False and view["publicity"]["not_public_because"] == "repaired"
    assert view["status"] == "repaired"  # still there for inspectors, with its history
    with pytest.raises(ConflictError, match="is repaired"):
        apply_repair(world, "r1", repair_in(applied_on=D("2018-05-01")), P, now=NOW)


def test_repair_waive_and_reject(world):
    rep = apply_repair(world, "r1", repair_in(), P, now=NOW)
    with pytest.raises(ConflictError, match="pending"):
        apply_repair(world, "r1", repair_in(), P, now=NOW)
    out = decide_repair(world, rep["id"], RepairDecision(decision="rejected", reviewer="信用办", reasons="证明不足",
                                                         decided_on=D("2018-04-20")), P, now=NOW)
    assert out["record"]["status"] == "active" and world.get_node("r1").props["repair_status"] == "rejected"
    with pytest.raises(TransitionRefused, match="is rejected: 'approve' is not allowed"):
        decide_repair(world, rep["id"], RepairDecision(decision="approved", reviewer="x", reasons="y",
                                                       decided_on=D("2018-04-21")), P, now=NOW)
    again = apply_repair(world, "r1", repair_in(applied_on=D("2018-05-01")), P, now=NOW)
    decide_repair(world, again["id"], RepairDecision(decision="approved", effect="waive", reviewer="信用办",
                                                     reasons="主动挽回全部损失", decided_on=D("2018-05-02")), P, now=NOW)
    assert {r.props["effective_weight"] for r in world.attributions_of(["r1"])} == {0.0}
    assert get_repair(world, again["id"])["effect_label"] == "免于实施失信惩戒"


def test_repair_refusals(world):
    with pytest.raises(InvalidRequest, match="from 2018-04-05"):  # general: 3 months after 2018-01-05
        apply_repair(world, "r1", repair_in(applied_on=D("2018-03-01")), P, now=NOW)
    with pytest.raises(InvalidRequest, match="in the future"):
        apply_repair(world, "r1", repair_in(applied_on=D("2030-01-01")), P, now=NOW)
    with pytest.raises(Exception, match="at least 1"):
        repair_in(measures=[])
    rep = apply_repair(world, "r1", repair_in(), P, now=NOW)
    with pytest.raises(InvalidRequest, match="before the application"):
        decide_repair(world, rep["id"], RepairDecision(decision="approved", reviewer="x", reasons="y",
                                                       decided_on=D("2018-04-01")), P, now=NOW)
    with pytest.raises(InvalidRequest, match="no effect"):
        decide_repair(world, rep["id"], RepairDecision(decision="rejected", effect="waive", reviewer="x", reasons="y",
                                                       decided_on=D("2018-04-21")), P, now=NOW)


# --- the race -------------------------------------------------------------------------------------


def _race(fns):
    barrier = threading.Barrier(len(fns))
    results: list = [None] * len(fns)

    def run(i, fn):
        barrier.wait()
        try:
            results[i] = ("ok", fn())
        except ConflictError as exc:
            results[i] = ("conflict", exc)

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_compare_and_set_lets_exactly_one_writer_win(world):
    """Both writers read the same version; both try to write it; one wins, one gets 409."""
    from graph.model import entities as m
    from graph.stores.writes import node_write

    oid = reviewed(world)
    h = world.get_node(oid).props["_hash"]
    base = world.get_node(oid).props

    def writer(status):
        def go():
            obj = m.Objection(**{k: base[k] for k in ("id", "name", "record_id", "filed_by", "filed_on", "reasons")},
                              status=status)
            return world.write_changes([("Objection", node_write(obj))], [], expect={oid: h})
        return go

    results = _race([writer("upheld"), writer("rejected")])
    assert sorted(r[0] for r in results) == ["conflict", "ok"]
    winner = "upheld" if results[0][0] == "ok" else "rejected"
    assert world.get_node(oid).props["status"] == winner
    assert len(world.history(oid)) == 3  # filed, under review, the winner; nothing from the loser


def test_two_concurrent_decisions_one_wins_the_other_409(world):
    for _ in range(3):  # several rounds: the interleaving differs from run to run
        oid = reviewed(world)
        results = _race([
            lambda oid=oid: decide_objection(world, oid, decision(), P, now=NOW),
            lambda oid=oid: decide_objection(world, oid, decision(decision="upheld", outcome="corrected",
                                                          correction=RecordCorrection(name="更正后的名称")), P, now=NOW),
        ])
        assert sorted(r[0] for r in results) == ["conflict", "ok"], results
        final = get_objection(world, oid)["status"]
        assert final == ("rejected" if results[0][0] == "ok" else "upheld")
        assert world.get_node("r1").props["objection_status"] == final


@pytest.mark.neo4j
def test_neo4j_compare_and_set_waits_for_the_lock(neo4j_world):
    """Deterministic interleaving on Neo4j: a writer holding the lock (uncommitted) makes the second
    writer wait; once the first commits, the second compares against the new hash and gets 409.
    (The embedded store serializes writes under one lock, so there is nothing to interleave.)"""
    world = neo4j_world
    from graph.model import entities as m
    from graph.stores.writes import node_write
    from queries import catalog

    oid = reviewed(world)
    h = world.get_node(oid).props["_hash"]
    session = world.driver.session(database=world.database)
    tx = session.begin_transaction()
    tx.run(catalog.load("lock_nodes"), ids=[oid]).consume()
    tx.run("MATCH (n:Entity {id: $id}) SET n._hash = 'first-writer', n.status = 'rejected'", id=oid).consume()
    base = world.get_node(oid).props
    obj = m.Objection(**{k: base[k] for k in ("id", "name", "record_id", "filed_by", "filed_on", "reasons")},
                      status="upheld")
    outcome: list = []

    def second():
        try:
            outcome.append(world.write_changes([("Objection", node_write(obj))], [], expect={oid: h}))
        except ConflictError as exc:
            outcome.append(exc)

    t = threading.Thread(target=second)
    t.start()
    t.join(1.0)
    assert t.is_alive() and outcome == []  # waiting for the lock, not reading the old hash
    tx.commit()
    session.close()
    t.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError)
    assert world.get_node(oid).props["status"] == "rejected"


def test_embedded_store_replays_a_multi_kind_write_after_a_restart(tmp_path):
    """write_changes is one journal entry: after a restart the objection and the record agree."""
    from graph.stores.memory.store import MemoryStore

    st = MemoryStore(tmp_path / "s")
    city().write(st, now=T_CITY)
    create_record(st, RecordIn(
        id="r1", name="青山市住建局拖欠工程款", source_kind="arrears", severity="general", act_date=D("2017-02-10"),
        decided_on=D("2018-01-05"), subject="d-zj", source={"document": "青信用〔2018〕1号"},
    ), P, now=T0)
    o = objection(st)
    st.close()  # no checkpoint: everything comes back from the journal
    again = MemoryStore(tmp_path / "s")
    assert again.get_node(o["id"]).props["status"] == "filed"
    assert again.get_node("r1").props["objection_status"] == "filed"
    assert {r.dst for r in again.attributions_of(["r1"])} == {"o-jiang", "o-wu", "o-wang"}
    again.close()
