"""The network reads of issue 12 (graph_version, network_facts, record_changes) on both stores."""

from __future__ import annotations

from datetime import UTC, datetime

from cities import city
from scenario import D

from graph.model import entities as m
from graph.records.register import RecordCorrection, RecordIn, correct_record, create_record, revoke_record
from graph.stores.writes import node_write, rel_write

UTC = UTC
T_CITY = datetime(2017, 12, 1, tzinfo=UTC)
T1 = datetime(2018, 1, 20, 2, tzinfo=UTC)
T2 = datetime(2018, 2, 1, 2, tzinfo=UTC)
T3 = datetime(2018, 3, 1, 2, tzinfo=UTC)
SRC = {"document": "青信用〔2018〕3号", "authority": "青山市社会信用体系建设领导小组办公室"}


def world(store):
    city().write(store, now=T_CITY)
    store.upsert_nodes("Judgment", [node_write(m.Judgment(id="j1", name="判决", effective_on=D("2017-05-01")))],
                       now=T_CITY)
    store.upsert_rels("AGAINST", [rel_write(m.Rel(id="ag-j1", src="j1", dst="d-cz"))], now=T_CITY)
    return store


def rin(**kw) -> RecordIn:
    base = dict(id="r-j", name="青山市财政局未履行生效判决", source_kind="unperformed_judgment", severity="serious",
                act_date=D("2017-06-01"), decided_on=D("2018-01-15"), subject="d-cz", evidence=["j1"], source=SRC)
    base.update(kw)
    return RecordIn(**base)


CITY_NODES = {
    "g", "g-lj", "d-cz", "d-zj", "p-mayor", "p-vm", "p-cz", "p-czd", "p-zj", "p-lj",
    "o-wang", "o-zhao", "o-chen", "o-zhou", "o-qian", "o-li", "o-sun", "o-feng", "o-jiang", "o-wu", "o-liu", "o-he",
    "prj", "prj-lj", "s-ident", "s-proc", "s-exec", "c1", "c2", "c-lj", "cm1", "j1",
}


def test_network_facts_of_the_city_and_of_its_county(store):
    world(store)
    create_record(store, rin(), now=T1)
    f = store.network_facts("g")
    ids = {n[0] for n in f.nodes}
    assert ids == CITY_NODES | {"r-j"}  # no company: it is outside the accountability network
    kinds = {n[0]: n[1] for n in f.nodes}
    assert kinds["o-li"] == "Official" and kinds["s-exec"] == "ProjectStage" and kinds["r-j"] == "DishonestyRecord"
    props = {n[0]: n[2] for n in f.nodes}
    assert props["g"]["level"] == "prefecture" and props["g"]["name"] == "青山市人民政府"
    assert props["c1"]["signed_on"] == D("2016-11-20") and props["p-cz"]["is_principal"] is True
    assert set(props["o-li"]) == {"name"}  # officials: the name only
    rels = {r[0]: r for r in f.rels}
    assert all(r[2] in ids and r[3] in ids for r in f.rels)
    assert "hp-g-c1" in rels and "hp-co-c1" not in rels and "pt-cm1" not in rels  # the company is outside
    assert rels["t-zhou"][1:4] == ("HOLDS", "o-zhou", "p-cz")
    assert rels["t-zhou"][4] == {"valid_from": D("2015-03-01"), "valid_to": D("2016-11-20"), "acting": False,
                                 "end_unknown": False}
    assert rels["t-chen"][4]["end_unknown"] is True and rels["t-qian"][4]["acting"] is True
    assert "sub-lj" in rels and "ag-j1" in rels and "rf-cm1" in rels
    county = store.network_facts("g-lj")
    assert {n[0] for n in county.nodes} == {"g-lj", "p-lj", "o-liu", "o-he", "prj-lj", "c-lj"}
    assert {r[0] for r in county.rels} == {"pi-lj", "t-liu", "t-he", "own-lj", "fp-c-lj", "hp-lj", "sb-lj", "sa-lj"}
    assert store.network_facts("d-cz") is None and store.network_facts("nope") is None


def test_graph_version_changes_with_every_change_only(store):
    world(store)
    v1 = store.graph_version()
    assert store.graph_version() == v1
    store.upsert_nodes("Judgment", [node_write(m.Judgment(id="j1", name="判决", effective_on=D("2017-05-01")))])
    if store.name == "neo4j":  # an unchanged row writes nothing; the embedded journal counts the call
        assert store.graph_version() == v1
    store.upsert_nodes("Judgment", [node_write(m.Judgment(id="j1", name="判决（更正）", effective_on=D("2017-05-01")))])
    v2 = store.graph_version()
    assert v2 != v1
    create_record(store, rin(), now=T1)
    assert store.graph_version() not in (v1, v2)


def test_record_changes_by_record_time(store):
    world(store)
    create_record(store, rin(), now=T1)
    create_record(store, rin(id="r-2", name="青山市财政局拖欠工程款", source_kind="arrears", evidence=[]), now=T1)
    rows = store.record_changes(since=None, until=T1, limit=10)
    assert [r["record"]["id"] for r in rows] == ["r-2", "r-j"]
    r = rows[1]
    assert r["subject"] == {"id": "d-cz", "kind": "Department", "name": "青山市财政局"}
    assert r["evidence"] == ["j1"] and r["record"]["recorded_at"] == T1
    assert [x["record"]["id"] for x in store.record_changes(since=None, until=T1, limit=1)] == ["r-2"]
    assert [x["record"]["id"] for x in store.record_changes(since=None, until=T1, limit=5, after=(T1, "r-2"))] == ["r-j"]
    assert store.record_changes(since=T1, until=T3, limit=10) == []
    correct_record(store, "r-j", RecordCorrection(severity="general"), "复核更正", now=T2)
    revoke_record(store, "r-2", "撤销", now=T3)
    later = store.record_changes(since=T1, until=T3, limit=10)
    assert [(x["record"]["id"], x["record"]["recorded_at"]) for x in later] == [("r-j", T2), ("r-2", T3)]
    assert later[0]["record"]["severity"] == "general" and later[1]["record"]["status"] == "revoked"
    assert [x["record"]["id"] for x in store.record_changes(since=T1, until=T2, limit=10)] == ["r-j"]
