"""The store contract: every assertion runs on the embedded store and on real Neo4j."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scenario import D, Scenario

from graph.model import entities as m
from graph.stores.base import StoreError
from graph.stores.writes import node_write, rel_write

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def small_world() -> Scenario:
    """A city with two departments, three posts, three officials and tenures around 2016."""
    s = Scenario()
    s.node("Government", "g-qs", "青山市人民政府", level="prefecture", division_code="431000")
    s.node("Department", "d-cz", "青山市财政局")
    s.node("Department", "d-zj", "青山市住建局")
    s.node("Post", "p-mayor", "青山市市长", is_principal=True)
    s.node("Post", "p-cz-head", "青山市财政局局长", is_principal=True)
    s.node("Post", "p-zj-head", "青山市住建局局长", is_principal=True)
    s.node("Official", "o-zhou", "周婷", gender="女")
    s.node("Official", "o-li", "李明", gender="男")
    s.node("Official", "o-wang", "王强")
    s.rel("BELONGS_TO", "r-cz-g", "d-cz", "g-qs")
    s.rel("BELONGS_TO", "r-zj-g", "d-zj", "g-qs")
    s.rel("POST_IN", "r-pm", "p-mayor", "g-qs")
    s.rel("POST_IN", "r-pc", "p-cz-head", "d-cz")
    s.rel("POST_IN", "r-pz", "p-zj-head", "d-zj")
    s.rel("REPORTS_TO", "r-c2m", "p-cz-head", "p-mayor")
    s.rel("HOLDS", "t-zhou", "o-zhou", "p-cz-head", valid_from=D("2015-03-01"), valid_to=D("2016-11-20"))
    s.rel("HOLDS", "t-li", "o-li", "p-cz-head", valid_from=D("2016-11-21"))
    s.rel("HOLDS", "t-wang", "o-wang", "p-mayor", valid_from=D("2012-01-01"), end_unknown=True)
    return s


def test_upsert_counts_and_idempotency(store):
    objs = [m.Official(id=f"o{i}", name=f"官员{i}") for i in range(5)]
    first = store.upsert_nodes("Official", [node_write(o) for o in objs], now=T0)
    assert (first.created, first.updated, first.unchanged) == (5, 0, 0)
    again = store.upsert_nodes("Official", [node_write(o) for o in objs], now=T0 + timedelta(days=1))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    # an unchanged rerun does not touch the record time either
    assert store.get_node("o1").props["recorded_at"] == T0


def test_update_keeps_previous_version(store):
    store.upsert_nodes("Official", [node_write(m.Official(id="o1", name="周婷"))], now=T0)
    t1 = T0 + timedelta(days=10)
    res = store.upsert_nodes("Official", [node_write(m.Official(id="o1", name="周婷婷", gender="女"))], now=t1)
    assert (res.created, res.updated) == (0, 1)
    assert store.get_node("o1").props["name"] == "周婷婷"
    assert store.get_node("o1", as_of=T0 + timedelta(days=1)).props["name"] == "周婷"
    assert "gender" not in store.get_node("o1", as_of=T0).props
    assert store.get_node("o1", as_of=T0 - timedelta(seconds=1)) is None
    hist = store.history("o1")
    assert [h["name"] for h in hist] == ["周婷", "周婷婷"]
    assert [h["recorded_at"] for h in hist] == [T0, t1]


def test_removed_field_is_removed(store):
    store.upsert_nodes("Post", [node_write(m.Post(id="p1", name="局长", rank="正处级"))], now=T0)
    store.upsert_nodes("Post", [node_write(m.Post(id="p1", name="局长"))], now=T0 + timedelta(1))
    assert "rank" not in store.get_node("p1").props
    assert store.get_node("p1", as_of=T0).props["rank"] == "正处级"


def test_chinese_and_source_round_trip(store):
    o = m.Official(id="o1", name="欧阳·娜娜", source=m.Source(document="青组〔2016〕12号", authority="中共青山市委组织部"))
    store.upsert_nodes("Official", [node_write(o)])
    props = store.get_node("o1").props
    assert props["name"] == "欧阳·娜娜"
    assert props["source_document"] == "青组〔2016〕12号"
    assert props["source_authority"] == "中共青山市委组织部"


def test_kind_conflict_is_refused_whole(store):
    store.upsert_nodes("Official", [node_write(m.Official(id="x1", name="甲"))])
    with pytest.raises(StoreError, match="already belongs to a Official"):
        store.upsert_nodes("Post", [node_write(m.Post(id="p9", name="乙")), node_write(m.Post(id="x1", name="丙"))])
    assert store.get_node("p9") is None  # nothing of the refused batch was written
    assert store.get_node("x1").kind == "Official"


def test_relationship_endpoint_checks(store):
    small_world().write(store)
    with pytest.raises(StoreError, match="does not exist"):
        store.upsert_rels("HOLDS", [
            rel_write(m.Tenure(id="t-ok", src="o-zhou", dst="p-mayor")),
            rel_write(m.Tenure(id="t-bad", src="o-nobody", dst="p-mayor")),
        ])
    assert store.get_rel("t-ok") is None
    with pytest.raises(StoreError, match="HOLDS needs Official"):
        store.upsert_rels("HOLDS", [rel_write(m.Tenure(id="t-x", src="p-mayor", dst="p-mayor"))])
    with pytest.raises(StoreError, match="already connects other nodes"):
        store.upsert_rels("HOLDS", [rel_write(m.Tenure(id="t-zhou", src="o-li", dst="p-cz-head"))])


def test_relationship_versions(store):
    small_world().write(store)
    t1 = T0 + timedelta(days=3)
    store.upsert_rels("HOLDS", [rel_write(m.Tenure(
        id="t-li", src="o-li", dst="p-cz-head", valid_from=D("2016-11-21"), valid_to=D("2020-01-31")))], now=t1)
    rel = store.get_rel("t-li")
    assert (rel.type, rel.src, rel.dst) == ("HOLDS", "o-li", "p-cz-head")
    assert rel.props["valid_to"] == D("2020-01-31")
    assert [h.get("valid_to") for h in store.history("t-li")] == [None, D("2020-01-31")]
    assert store.get_rel("nope") is None
    assert store.history("nope") == []


def test_kinds_of(store):
    small_world().write(store)
    assert store.kinds_of(["o-zhou", "p-mayor", "missing"]) == {"o-zhou": "Official", "p-mayor": "Post"}


def test_search_by_kind_and_pages(store):
    small_world().write(store)
    assert [n.id for n in store.search(None, "青山市", 10)] == [
        "d-cz", "d-zj", "g-qs", "p-cz-head", "p-mayor", "p-zj-head"]
    assert [n.id for n in store.search("Post", "局长", 10)] == ["p-cz-head", "p-zj-head"]
    assert [n.id for n in store.search("Post", "局长", 1, after="p-cz-head")] == ["p-zj-head"]
    assert store.search("Official", "不存在", 10) == []


def test_neighbours_depth_one(store):
    small_world().write(store)
    got = store.neighbours("p-cz-head")
    assert [(n.depth, n.node.id, n.via.id, n.direction) for n in got] == [
        (1, "d-cz", "r-pc", "out"),
        (1, "o-li", "t-li", "in"),
        (1, "o-zhou", "t-zhou", "in"),
        (1, "p-mayor", "r-c2m", "out"),
    ]


def test_neighbours_depth_filters_and_pages(store):
    small_world().write(store)
    two = store.neighbours("o-zhou", depth=2)
    assert [(n.depth, n.node.id) for n in two] == [
        (1, "p-cz-head"), (2, "d-cz"), (2, "o-li"), (2, "p-mayor")]
    assert [n.via.id for n in two] == ["t-zhou", "r-pc", "t-li", "r-c2m"]
    officials = store.neighbours("o-zhou", depth=3, node_kinds=["Official"])
    assert [(n.depth, n.node.id) for n in officials] == [(2, "o-li"), (3, "o-wang")]
    only_holds = store.neighbours("o-zhou", depth=3, rel_types=["HOLDS"])
    assert [n.node.id for n in only_holds] == ["p-cz-head", "o-li"]
    page2 = store.neighbours("o-zhou", depth=2, limit=2, after=(1, "p-cz-head"))
    assert [n.node.id for n in page2] == ["d-cz", "o-li"]


def test_neighbours_at_date_inclusive(store):
    small_world().write(store)

    def holders(day: str) -> list[str]:
        return [n.node.id for n in store.neighbours("p-cz-head", rel_types=["HOLDS"], at=D(day))]

    assert holders("2016-11-20") == ["o-zhou"]  # last day of Zhou's tenure
    assert holders("2016-11-21") == ["o-li"]  # first day of Li's
    assert holders("2015-02-28") == []
    # a tenure whose end is unknown is not followed after its start: we cannot know
    assert [n.node.id for n in store.neighbours("p-mayor", rel_types=["HOLDS"], at=D("2013-01-01"))] == []


def test_neighbours_of_unknown_node(store):
    assert store.neighbours("missing") == []


def test_counts(store):
    small_world().write(store)
    c = store.counts()
    assert c["Official"] == 3 and c["Post"] == 3 and c["HOLDS"] == 3 and c["REPORTS_TO"] == 1
    assert "Judgment" not in c
