"""The retrace commands of issue 12 on the embedded store: metrics, exports, exchange and verify."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import networkx as nx
import pytest
from cities import city
from scenario import D

from cli.main import main
from graph.model import entities as m
from graph.records.register import RecordIn, create_record
from graph.stores.memory.store import MemoryStore
from graph.stores.writes import node_write, rel_write

T1 = datetime(2018, 1, 20, 2, tzinfo=UTC)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    s = MemoryStore(d)
    city().write(s)
    s.upsert_nodes("Judgment", [node_write(m.Judgment(id="j1", name="判决", effective_on=D("2017-05-01")))])
    s.upsert_rels("AGAINST", [rel_write(m.Rel(id="ag-j1", src="j1", dst="d-cz"))])
    create_record(s, RecordIn(id="r-j", name="青山市财政局未履行生效判决", source_kind="unperformed_judgment",
                              severity="serious", act_date=D("2017-06-01"), decided_on=D("2018-01-15"),
                              subject="d-cz", evidence=["j1"], source={"document": "青信用〔2018〕3号"}), now=T1)
    s.close()
    monkeypatch.setenv("RETRACE_DATA_DIR", str(d))
    monkeypatch.delenv("RETRACE_NEO4J_URI", raising=False)  # the embedded store, also beside a test server
    return d


def test_metrics_command(data_dir, capsys):
    assert main(["metrics", "degree", "--government", "g", "--projection", "officials", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("degree on officials graph: 12 nodes, 29 edges")
    assert "1. 8" in out and "o-chen  陈静" in out
    assert main(["metrics", "pagerank", "--government", "g", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["nodes"] == 33
    assert main(["metrics", "degree", "--government", "nope"]) == 1


def test_export_commands(data_dir, tmp_path, capsys):
    out = tmp_path / "g.graphml"
    assert main(["export", "graph", "--government", "g", "--out", str(out), "--metrics", "pagerank"]) == 0
    G = nx.read_graphml(out)
    assert G.number_of_nodes() == 33 and G.nodes["r-j"]["label"] == "青山市财政局未履行生效判决"
    assert G.nodes["r-j"]["grade_zh"] == "严重"
    table = tmp_path / "pr.csv"
    assert main(["export", "metric", "kcore", "--government", "g", "--out", str(table)]) == 0
    assert table.read_text(encoding="utf-8").splitlines()[0] == "rank,id,kind,name,kcore"


def test_exchange_and_verify(data_dir, tmp_path, capsys):
    out = tmp_path / "inc1"
    assert main(["exchange", "records", "--out", str(out), "--until", "2018-02-01T00:00:00+00:00"]) == 0
    assert "1 records" in capsys.readouterr().out
    assert main(["exchange", "verify", str(out)]) == 0
    assert capsys.readouterr().out.startswith("verified: 1 records")
    doc = json.loads((out / "records.json").read_text(encoding="utf-8"))
    doc["records"][0]["severity"] = "light"
    (out / "records.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["exchange", "verify", str(out)]) == 1
    assert "content hash differs" in capsys.readouterr().err
