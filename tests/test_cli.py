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


def test_backup_and_restore_of_the_embedded_store(tmp_path, monkeypatch):
    """A backup holds the graph, the accounts and the audit chain; a restore into an empty store
    gives the same counts and content hash, and refuses a store that is not empty."""
    import json as _json

    from cities import city

    from cli.main import main as retrace
    from graph.access import accounts, audit
    from graph.stores.memory.store import MemoryStore

    data = tmp_path / "data"
    s = MemoryStore(data)
    city().write(s)
    accounts.create_user(s, "admin1", "a-long-password-1", ["admin"])
    audit.record(s, actor="cli", role="admin", method="CLI", route="x", object_ids=[], params={}, outcome=0)
    before = s.content_digest()
    s.close()
    monkeypatch.setenv("RETRACE_DATA_DIR", str(data))
    assert retrace(["backup", str(tmp_path / "bk")]) == 0
    manifest = _json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert {k: manifest[k] for k in before} == before and before["nodes"] > 20
    assert (tmp_path / "bk").stat().st_mode & 0o777 == 0o700
    assert retrace(["restore", str(tmp_path / "bk")]) == 2  # not an empty store
    monkeypatch.setenv("RETRACE_DATA_DIR", str(tmp_path / "fresh"))
    assert retrace(["restore", str(tmp_path / "bk")]) == 0
    again = MemoryStore(tmp_path / "fresh")
    assert again.content_digest() == before
    assert accounts.authenticate(again, "admin1", "a-long-password-1") is not None
    assert audit.verify(again)["ok"]
    again.close()
    # a backup whose content was changed does not verify
    snap = tmp_path / "bk" / "snapshot.json"
    snap.write_text(snap.read_text().replace("王强", "王刚"))
    monkeypatch.setenv("RETRACE_DATA_DIR", str(tmp_path / "fresh2"))
    assert retrace(["restore", str(tmp_path / "bk")]) == 5


def test_the_demo_creates_a_login_once_and_only_in_development(capsys):
    """`retrace demo` prints a development login for the web page; a second run keeps it; outside
    development no account is made."""
    import re

    from cli.main import DEMO_ROLES, _demo_account
    from graph.access import accounts
    from graph.config import Settings
    from graph.stores.memory.store import MemoryStore

    s = MemoryStore()
    _demo_account(s, Settings(environment="development"))
    password = re.search(r"password '([^']+)'", capsys.readouterr().out).group(1)
    who = accounts.authenticate(s, "demo", password)
    assert who is not None and sorted(r.value for r in who.roles) == sorted(DEMO_ROLES)
    _demo_account(s, Settings(environment="development"))
    assert "existing account 'demo'" in capsys.readouterr().out
    assert accounts.authenticate(s, "demo", password) is not None  # unchanged
    other = MemoryStore()
    _demo_account(other, Settings(environment="test", jwt_secret="x" * 40, identity_key="y" * 40))
    assert accounts.list_users(other) == []
