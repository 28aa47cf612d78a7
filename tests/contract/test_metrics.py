"""Metrics on a scope read from the store (both stores): the derived officials graph worked out by
hand on the city of tests/cities.py, paging top first, and the cache keyed by the graph version."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cities import city
from scenario import D

from graph.errors import InvalidRequest, NotFoundError
from graph.metrics import cache
from graph.metrics.compute import metric_page, metric_table, projection_of
from graph.metrics.scope import Scope
from graph.model import entities as m
from graph.stores.writes import node_write

T_CITY = datetime(2017, 12, 1, tzinfo=UTC)


@pytest.fixture
def world(store):
    cache.clear()  # a wiped Neo4j database starts its graph version again
    city().write(store, now=T_CITY)
    return store


def edges(p):
    return {frozenset((p.node_id(a), p.node_id(b))) for a, b in p.edges.tolist()}


def pairs(*names):
    return {frozenset(("o-" + a, "o-" + b)) for a, b in (n.split("-") for n in names)}


CHAIN = pairs("chen-wang", "chen-zhao", "chen-zhou", "chen-qian", "chen-li", "sun-zhou", "sun-qian", "sun-li",
              "chen-feng", "chen-jiang", "chen-wu")
PROJECT = {frozenset((a, b)) for a in ("o-sun", "o-zhou", "o-qian", "o-li", "o-feng", "o-jiang", "o-wu")
           for b in ("o-sun", "o-zhou", "o-qian", "o-li", "o-feng", "o-jiang", "o-wu") if a < b}


def test_officials_graph_of_the_city(world):
    p = projection_of(world, Scope("g"), "officials")
    assert p.n == 12  # every official who held a post of the city or its county
    assert edges(p) == CHAIN | PROJECT and p.m == 29
    w = {frozenset((p.node_id(a), p.node_id(b))): int(x) for (a, b), x in zip(p.edges.tolist(), p.weights, strict=True)}
    assert w[frozenset(("o-zhou", "o-qian"))] == 2  # the project and the commitment cm1
    assert w[frozenset(("o-sun", "o-zhou"))] == 2  # the chain p-czd -> p-cz and the project
    in_2018 = projection_of(world, Scope("g", D("2018-01-01"), D("2018-12-31")), "officials")
    assert {in_2018.node_id(i) for i in range(in_2018.n)} == {"o-zhao", "o-chen", "o-li", "o-sun", "o-jiang", "o-he"}
    assert edges(in_2018) == pairs("chen-zhao", "chen-li", "sun-li", "chen-jiang", "sun-jiang", "li-jiang")


def test_degree_top_first_paged_and_cached(world):
    t = metric_table(world, Scope("g"), "degree", projection="officials")
    first = metric_page(t, limit=2)
    assert [(r["rank"], r["id"], r["value"]) for r in first["items"]] == [(1, "o-chen", 8), (2, "o-feng", 7)]  # ties by id
    assert first["items"][0]["name"] == "陈静" and first["items"][0]["kind"] == "Official"
    seen = first["items"]
    cursor = first["next"]
    while cursor:
        page = metric_page(t, limit=5, cursor=cursor)
        seen += page["items"]
        cursor = page["next"]
    assert [r["rank"] for r in seen] == list(range(1, 13)) and {r["id"] for r in seen} >= {"o-he", "o-liu"}
    assert metric_table(world, Scope("g"), "degree", projection="officials") is t  # cached
    world.upsert_nodes("Official", [node_write(m.Official(id="o-new", name="新人"))])
    assert metric_table(world, Scope("g"), "degree", projection="officials") is not t  # a new graph version


def test_typed_graph_metrics_and_errors(world):
    pr = metric_table(world, Scope("g"), "pagerank")
    assert pr.summary["nodes"] == 31 and pr.summary["directed"] is True
    assert abs(sum(pr.values) - 1) < 1e-9
    comp = metric_page(metric_table(world, Scope("g"), "components"))
    assert [(g["group"], g["size"]) for g in comp["items"]] == [(0, 31)]
    bt = metric_table(world, Scope("g"), "betweenness", k=8, seed=1)
    assert bt.summary["mode"] == "sampled" and bt.summary["k"] == 8 and bt.summary["error_bound"] > 0
    assert metric_table(world, Scope("g"), "betweenness").summary["mode"] == "exact"
    with pytest.raises(NotFoundError):
        metric_table(world, Scope("d-cz"), "degree")
    with pytest.raises(InvalidRequest):
        metric_table(world, Scope("g"), "fame")
    with pytest.raises(InvalidRequest):
        Scope("g", D("2018-01-01"), D("2017-01-01"))
