"""The retrace command line on the embedded store: load (exit codes), backtrack, turnover."""

from __future__ import annotations

import pytest
from cities import city

from cli.main import main
from graph.stores.memory.store import MemoryStore


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    s = MemoryStore(d)
    city().write(s)
    s.close()
    monkeypatch.setenv("RETRACE_DATA_DIR", str(d))
    return d


def test_backtrack_prints_chain(data_dir, capsys):
    assert main(["backtrack", "c1", "--at", "signing"]) == 0
    out = capsys.readouterr().out
    assert "== 签约时 2016-11-20 ==" in out
    assert "周婷 任期 2015-03-01 至 2016-11-20  [t-zhou] 青组〔2015〕7号" in out
    assert "⇒ 至政府主要负责人" in out


def test_backtrack_refusal_exit_code(data_dir, capsys):
    assert main(["backtrack", "c2", "--at", "breach"]) == 1
    assert "no breach date" in capsys.readouterr().err


def test_turnover(data_dir, capsys):
    assert main(["turnover", "--days", "60", "--government", "g"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 found")
    assert "- c-lj: 合同“电子产业园投资协议”" in out


def test_load_exit_codes(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RETRACE_DATA_DIR", str(tmp_path / "d"))
    good = tmp_path / "b"
    (good / "nodes").mkdir(parents=True)
    (good / "nodes" / "Official.csv").write_text("id,name\no1,周婷\n", encoding="utf-8")
    assert main(["load", str(good), "--no-progress"]) == 0
    (good / "nodes" / "Post.csv").write_text("id,name,is_principal\np1,局长,maybe\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    assert main(["load", str(good), "--no-progress", "--rejects", str(rejects)]) == 1
    assert "nodes/Post.csv:2: is_principal:" in capsys.readouterr().err
    assert rejects.read_text(encoding="utf-8").splitlines()[0] == "file,line,field,reason"
    assert main(["load", str(tmp_path / "nowhere")]) == 2
    assert MemoryStore(tmp_path / "d").get_node("o1").props["name"] == "周婷"
