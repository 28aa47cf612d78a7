"""The ``retrace`` commands of cli/records_cmd.py on the embedded store (wired into the parser here
when cli/main.py does not register them yet)."""

from __future__ import annotations

import argparse

import pytest
from cities import city

from cli import main as cli_main
from cli.records_cmd import register
from graph.stores.memory.store import MemoryStore


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RETRACE_DATA_DIR", str(tmp_path / "d"))
    for var in ("RETRACE_NEO4J_URI", "RETRACE_NEO4J_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    st = MemoryStore(tmp_path / "d")
    city().write(st)
    st.checkpoint()
    st.close()
    original = cli_main.build_parser

    def build() -> argparse.ArgumentParser:
        p = original()
        sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        if "records" not in sub.choices:
            register(sub, cli_main.COMMANDS)
        return p

    monkeypatch.setattr(cli_main, "build_parser", build)

    def go(*argv: str) -> tuple[int, str, str]:
        code = cli_main.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return go


ADD = ["records", "add", "--id", "r1", "--subject", "d-zj", "--kind", "arrears", "--severity", "general",
       "--act", "2017-02-10", "--decided", "2018-01-05", "--name", "住建局拖欠工程款", "--document", "青信用〔2018〕1号"]


def test_record_lifecycle_on_the_command_line(run):
    code, out, _ = run(*ADD)
    assert code == 0 and "reaches 3 officials" in out and "o-wu: unit_principal hop 0 weight 0.64" in out
    code, out, _ = run("records", "get", "r1")
    assert code == 0 and "惩戒到人: 蒋华 失信单位主要负责人 权重 0.8" in out
    code, out, _ = run("integrity", "o-jiang", "--on", "2018-06-01")
    assert code == 0 and "履职信用 88" in out and "2018年年度考核优秀: 受限（r1）" in out
    code, out, _ = run("integrity", "--unit", "d-zj", "--on", "2018-06-01")
    assert code == 0 and "追究责任: 蒋华" in out
    code, out, _ = run("records", "public", "--on", "2018-03-01")
    assert "- r1 住建局拖欠工程款 | 一般 | 青山市住建局" in out
    code, out, _ = run("propagate")
    assert code == 0 and out.startswith("1 records: 3 attributions (0 new, 0 changed, 0 superseded, 3 unchanged)")
    code, out, _ = run("coverage", "--on", "2017-03-01")
    assert "在任公务员 5，已建档 0" in out


def test_exit_codes(run):
    assert run(*ADD)[0] == 0
    assert run(*ADD)[0] == 4  # the id exists: a conflict
    code, _, err = run("records", "get", "nope")
    assert code == 1 and "no dishonesty record" in err
    code, out, _ = run("objection", "file", "r1", "--by", "住建局", "--on", "2018-02-01", "--reasons", "已结清", "--json")
    assert code == 0 and '"status": "filed"' in out
    oid = next(line.split('"')[3] for line in out.splitlines() if line.strip().startswith('"id"'))
    code, _, err = run("objection", "decide", oid, "--decision", "rejected", "--reviewer", "张三", "--reasons", "x",
                       "--on", "2018-03-01")
    assert code == 4 and "allowed steps: review" in err
    assert run("records", "revoke", "r1", "--reason", "x")[0] == 0
    assert run("records", "revoke", "r1", "--reason", "x")[0] == 4
    assert run("records", "add", "--subject", "d-zj")[0] == 2  # incomplete flags
