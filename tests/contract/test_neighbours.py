"""Neighbours around a hub, and paging across depth boundaries: same answers on both stores."""

from __future__ import annotations

import pytest
from scenario import D, Scenario

POSTS = [f"p-{i:02d}" for i in range(30)]


def hub_world() -> Scenario:
    """A department with 30 posts (the hub), its government, a second department one hop further.

    o-a holds two of the hub's posts (two shortest routes: the smaller relationship id is the via),
    o-b holds a hub post and the other department's post, o-c only the other department's post
    (four hops from the hub: never within depth 3).
    """
    s = Scenario()
    s.node("Government", "g-hub", "枢纽市人民政府", level="prefecture", division_code="431100")
    s.node("Department", "d-hub", "枢纽市财政局")
    s.node("Department", "d-oth", "枢纽市住建局")
    s.rel("BELONGS_TO", "r-dh", "d-hub", "g-hub")
    s.rel("BELONGS_TO", "r-do", "d-oth", "g-hub")
    for p in POSTS:
        s.node("Post", p, f"枢纽市财政局岗位{p[-2:]}")
        s.rel("POST_IN", f"r-{p}", p, "d-hub")
    s.node("Post", "p-oth", "枢纽市住建局局长")
    s.rel("POST_IN", "r-po", "p-oth", "d-oth")
    s.rel("REPORTS_TO", "r-rep", "p-01", "p-00")
    s.node("Official", "o-a", "甲")
    s.node("Official", "o-b", "乙")
    s.node("Official", "o-c", "丙")
    s.rel("HOLDS", "t-a1", "o-a", "p-03", valid_from=D("2010-01-01"), valid_to=D("2012-12-31"))
    s.rel("HOLDS", "t-a2", "o-a", "p-07", valid_from=D("2013-01-01"))
    s.rel("HOLDS", "t-b", "o-b", "p-oth", valid_from=D("2010-01-01"))
    s.rel("HOLDS", "t-b2", "o-b", "p-05", valid_from=D("2015-01-01"))
    s.rel("HOLDS", "t-c", "o-c", "p-oth", valid_from=D("2010-01-01"))
    return s


HUB_DEPTH_3 = (
    [(1, "g-hub", "r-dh", "out")]
    + [(1, p, f"r-{p}", "in") for p in POSTS]
    + [(2, "d-oth", "r-do", "in"), (2, "o-a", "t-a1", "in"), (2, "o-b", "t-b2", "in")]
    + [(3, "p-oth", "r-po", "in")]
)


def rows(got) -> list[tuple]:
    return [(n.depth, n.node.id, n.via.id, n.direction) for n in got]


def test_hub_all_depths(store):
    hub_world().write(store)
    assert rows(store.neighbours("d-hub", depth=1, limit=500)) == HUB_DEPTH_3[:31]
    assert rows(store.neighbours("d-hub", depth=2, limit=500)) == HUB_DEPTH_3[:34]
    assert rows(store.neighbours("d-hub", depth=3, limit=500)) == HUB_DEPTH_3
    # the answered node carries its properties and kind, the via relationship its own
    first = store.neighbours("d-hub", depth=3, limit=1)[0]
    assert (first.node.kind, first.node.props["name"], first.via.type) == ("Government", "枢纽市人民政府", "BELONGS_TO")


def test_paths_through_the_hub(store):
    hub_world().write(store)
    got = store.neighbours("p-01", depth=3, limit=500)
    others = [p for p in POSTS if p not in ("p-00", "p-01")]
    assert rows(got) == (
        [(1, "d-hub", "r-p-01", "out"), (1, "p-00", "r-rep", "out")]
        + [(2, "g-hub", "r-dh", "out")] + [(2, p, f"r-{p}", "in") for p in others]
        + [(3, "d-oth", "r-do", "in"), (3, "o-a", "t-a1", "in"), (3, "o-b", "t-b2", "in")]
    )
    assert rows(store.neighbours("o-c", depth=3, limit=500)) == [
        (1, "p-oth", "t-c", "out"),
        (2, "d-oth", "r-po", "out"), (2, "o-b", "t-b", "in"),
        (3, "g-hub", "r-do", "out"), (3, "p-05", "t-b2", "out"),
    ]


@pytest.mark.parametrize("limit", [1, 4, 7, 31, 34])
def test_pages_cover_the_answer_once_across_depths(store, limit):
    hub_world().write(store)
    seen, after = [], None
    while True:
        page = store.neighbours("d-hub", depth=3, limit=limit, after=after)
        assert len(page) <= limit
        seen += rows(page)
        if len(page) < limit:
            break
        after = (page[-1].depth, page[-1].node.id)
    assert seen == HUB_DEPTH_3


def test_page_straddling_a_depth_boundary(store):
    hub_world().write(store)
    assert rows(store.neighbours("d-hub", depth=3, limit=3, after=(1, "p-28"))) == [
        (1, "p-29", "r-p-29", "in"), (2, "d-oth", "r-do", "in"), (2, "o-a", "t-a1", "in")]
    assert rows(store.neighbours("d-hub", depth=3, limit=3, after=(1, "p-29"))) == HUB_DEPTH_3[31:34]
    assert rows(store.neighbours("d-hub", depth=3, limit=3, after=(2, "o-b"))) == [(3, "p-oth", "r-po", "in")]
    assert store.neighbours("d-hub", depth=3, limit=3, after=(3, "p-oth")) == []
    # a cursor at depth 2 on a depth-1 read: nothing further
    assert store.neighbours("d-hub", depth=1, limit=3, after=(1, "p-29")) == []


def test_kind_filter_pages_count_only_shown_nodes(store):
    hub_world().write(store)
    officials = [(2, "o-a", "t-a1", "in"), (2, "o-b", "t-b2", "in")]
    assert rows(store.neighbours("d-hub", depth=3, node_kinds=["Official"], limit=1)) == officials[:1]
    assert rows(store.neighbours("d-hub", depth=3, node_kinds=["Official"], limit=1, after=(2, "o-a"))) == officials[1:]
    # 30 posts at depth 1 do not fill a page of 31: the expansion goes on to p-oth at depth 3
    posts = store.neighbours("d-hub", depth=3, node_kinds=["Post"], limit=31)
    assert [(n.depth, n.node.id) for n in posts] == [(1, p) for p in POSTS] + [(3, "p-oth")]
    assert rows(store.neighbours("d-hub", depth=3, node_kinds=["Government", "Official"], limit=500)) == [(1, "g-hub", "r-dh", "out"), *officials]


def test_dates_choose_the_route_and_the_via(store):
    hub_world().write(store)

    def officials(day: str) -> list[tuple]:
        return rows(store.neighbours("d-hub", depth=3, node_kinds=["Official"], at=D(day), limit=50))

    assert officials("2011-06-01") == [(2, "o-a", "t-a1", "in")]
    assert officials("2014-06-01") == [(2, "o-a", "t-a2", "in")]  # the other tenure is the route now
    assert officials("2015-01-01") == [(2, "o-a", "t-a2", "in"), (2, "o-b", "t-b2", "in")]
    # before 2015 o-b is four hops away (through p-oth), after it two
    assert [n.node.id for n in store.neighbours("d-hub", depth=3, at=D("2014-06-01"), limit=500)][-2:] == [
        "o-a", "p-oth"]


def test_depth_outside_the_range_is_refused(store):
    hub_world().write(store)
    for depth in (0, 4):
        with pytest.raises(ValueError):
            store.neighbours("d-hub", depth=depth)
