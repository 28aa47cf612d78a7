"""Exports of the scoped graph re-read by networkx: same nodes, edges, labels and metric values."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import networkx as nx
import pytest
from cities import city

from graph.exchange.exports import graph_export
from graph.exchange.tables import metric_rows, table_csv, table_json
from graph.metrics import cache
from graph.metrics.compute import metric_table
from graph.metrics.scope import Scope

T_CITY = datetime(2017, 12, 1, tzinfo=UTC)


@pytest.fixture
def world(store):
    cache.clear()
    city().write(store, now=T_CITY)
    return store


def text(export) -> str:
    return "".join(export.chunks)


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_reread_by_networkx(world, tmp_path, fmt, reader):
    ex = graph_export(world, Scope("g"), fmt, metrics=["pagerank", "degree", "communities"])
    path = tmp_path / f"g.{fmt}"
    path.write_text(text(ex), encoding="utf-8")
    G = reader(path)
    facts = world.network_facts("g")
    assert G.number_of_nodes() == ex.nodes == len(facts.nodes) == 31
    assert G.number_of_edges() == ex.edges == len(facts.rels)
    assert G.is_directed()
    assert G.nodes["o-zhou"]["label"] == "周婷" and G.nodes["g"]["label"] == "青山市人民政府"
    assert G.nodes["g"]["kind_zh"] == "人民政府" and G.nodes["g"]["grade_zh"] == "市/州"
    assert G.nodes["c1"]["signed_on"] == "2016-11-20" and G.nodes["p-cz"]["is_principal"] is True
    pr = metric_table(world, Scope("g"), "pagerank")
    top = pr.projection.node_id(pr.order[0])
    assert abs(G.nodes[top]["pagerank"] - pr.values[pr.order[0]]) < 1e-12
    assert G.nodes["o-li"]["degree"] == 1
    edge = next(d for _u, _v, d in G.edges(data=True) if d.get("id") == "t-zhou" or (d.get("type") == "HOLDS"
                and d.get("valid_from") == "2015-03-01"))
    assert edge["type_zh"] == "任职" and edge["valid_to"] == "2016-11-20"


def test_officials_graph_file_and_csv_lists(world, tmp_path):
    ex = graph_export(world, Scope("g"), "graphml", projection="officials", metrics=["betweenness"])
    path = tmp_path / "o.graphml"
    path.write_text(text(ex), encoding="utf-8")
    G = nx.read_graphml(path)
    assert not G.is_directed() and (G.number_of_nodes(), G.number_of_edges()) == (12, 29)
    assert G.edges["o-zhou", "o-qian"]["weight"] == 2.0 and G.nodes["o-chen"]["label"] == "陈静"
    nodes = list(csv.DictReader(io.StringIO(text(graph_export(world, Scope("g"), "nodes.csv")))))
    edges = list(csv.DictReader(io.StringIO(text(graph_export(world, Scope("g"), "edges.csv")))))
    assert len(nodes) == 31 and len(edges) == len(world.network_facts("g").rels)
    assert {"id": "o-zhou", "label": "周婷", "kind": "Official"}.items() <= next(
        r for r in nodes if r["id"] == "o-zhou").items()
    assert next(r for r in edges if r["id"] == "t-qian")["acting"] == "true"


def test_metric_tables_as_csv_and_json(world):
    t = metric_table(world, Scope("g"), "degree", projection="officials")
    rows = list(csv.reader(io.StringIO("".join(table_csv(*metric_rows(t))))))
    assert rows[0] == ["rank", "id", "kind", "name", "degree"] and rows[1] == ["1", "o-chen", "Official", "陈静", "8"]
    assert len(rows) == 13
    doc = json.loads("".join(table_json(*metric_rows(t), meta=t.summary)))
    assert doc["meta"]["projection"] == "officials" and len(doc["items"]) == 12
    assert doc["items"][0] == {"rank": 1, "id": "o-chen", "kind": "Official", "name": "陈静", "degree": 8}
    groups = list(csv.reader(io.StringIO("".join(table_csv(*metric_rows(
        metric_table(world, Scope("g"), "components", projection="officials")))))))
    assert groups[0][-1] == "component" and len(groups) == 13
    assert {r[1] for r in groups[1:] if r[-1] == "0"} >= {"o-chen", "o-sun"}
