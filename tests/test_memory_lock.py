"""One writer per data folder (issue 9, item 5).

The sequence that lost an acknowledged record, with real processes: the API serving from a data
folder, `retrace load` on the same folder, a new `POST /api/v1/records` (201), `kill -9` of the server,
restart. The load is now refused at once (exit code 5, one line naming the server's PID); nothing
acknowledged is lost; and a journal written by two processes before the lock existed replays without
a node lacking its kind (those entries are set aside, never half-applied).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from auth_helpers import api_key, authed_client
from cities import city

from api.app import create_app
from graph.stores.memory.lock import EXIT_LOCKED, LOCK_FILE, DataFolderLocked
from graph.stores.memory.store import JOURNAL, REJECTED, MemoryStore

ROOT = Path(__file__).resolve().parents[1]
RECORD = {
    "id": "r1", "name": "青山市住建局拖欠农民工工资", "source_kind": "arrears", "severity": "general",
    "act_date": "2017-02-10", "decided_on": "2018-01-05", "subject": "d-zj",
    "source": {"document": "青信用〔2018〕1号", "authority": "青山市信用办"},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RETRACE_NEO4J")}
    return {**env, "RETRACE_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}


def _retrace(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=_env(data),
                          capture_output=True, text=True, timeout=120)


#: the admin API key written into the folder by ``city_folder`` (the server enforces credentials)
KEY_FILE = "test-admin.key"


class Server:
    """`retrace serve` in its own process, on a free port, called with an admin API key."""

    def __init__(self, data: Path) -> None:
        self.key = (data.parent / KEY_FILE).read_text(encoding="utf-8")
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--port", str(self.port)],
            cwd=ROOT, env=_env(data), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while True:  # wait for readiness (a start-up wait, not a timed assertion)
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.proc.stderr.read()}")
            try:
                if self.get("/readyz")[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError("server did not start within 60 s")
            time.sleep(0.1)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method,
            data=None if body is None else json.dumps(body).encode("utf-8"),
            headers={"content-type": "application/json", "X-API-Key": self.key})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read().decode("utf-8") or "{}")

    def get(self, path: str) -> tuple[int, dict]:
        return self.request("GET", path)

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc.stderr.close()


@pytest.fixture
def city_folder(tmp_path) -> Path:
    data = tmp_path / "data"
    s = MemoryStore(data)
    city().write(s)
    (tmp_path / KEY_FILE).write_text(api_key(s, "admin"), encoding="utf-8")
    s.close()
    return data


@pytest.fixture
def bundle(tmp_path) -> Path:
    b = tmp_path / "bundle"
    (b / "nodes").mkdir(parents=True)
    (b / "nodes" / "Official.csv").write_text("id,name\no-new,新官员\n", encoding="utf-8")
    return b


def test_load_beside_a_running_server_is_refused_and_nothing_acknowledged_is_lost(city_folder, bundle):
    server = Server(city_folder)
    try:
        assert server.request("POST", "/api/v1/records", RECORD)[0] == 201
        load = _retrace(city_folder, "load", str(bundle), "--no-progress")
        assert load.returncode == EXIT_LOCKED == 5
        assert load.stdout == ""
        lines = load.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in load.stderr
        assert lines[0].startswith(f"error: the data folder {city_folder} is open for writing by process "
                                   f"{server.proc.pid} (")
        assert "serve --port" in lines[0] and "Stop that process first" in lines[0]
        # the server still writes: a new record is acknowledged, then the server dies without close()
        status, created = server.request("POST", "/api/v1/records", {**RECORD, "id": "r2", "name": "第二条"})
        assert status == 201 and created["id"] == "r2"
    finally:
        server.kill()

    server = Server(city_folder)  # restart: the kill -9 left no stale lock
    try:
        for rid, name in (("r1", RECORD["name"]), ("r2", "第二条")):
            status, body = server.get(f"/api/v1/entities/{rid}")
            assert status == 200 and body["kind"] == "DishonestyRecord" and body["name"] == name
        status, found = server.get("/api/v1/search?q=%E7%AC%AC%E4%BA%8C%E6%9D%A1")
        assert status == 200 and [i["id"] for i in found["items"]] == ["r2"]
        assert server.get("/api/v1/entities/o-new")[0] == 404  # the refused load wrote nothing
    finally:
        server.kill()
    # with the server gone, the same load goes through
    assert _retrace(city_folder, "load", str(bundle), "--no-progress").returncode == 0
    s = MemoryStore(city_folder)
    assert s.get_node("o-new").props["name"] == "新官员" and s.get_node("r2").kind == "DishonestyRecord"
    s.close()


def test_serve_beside_a_writer_is_refused_in_one_line(city_folder):
    holder = MemoryStore(city_folder)
    try:
        res = _retrace(city_folder, "serve", "--port", str(_free_port()))
    finally:
        holder.close()
    assert res.returncode == EXIT_LOCKED
    assert res.stderr.count("\n") == 1 and f"by process {os.getpid()} (" in res.stderr


def test_a_second_open_is_refused_until_the_first_is_closed(tmp_path):
    first = MemoryStore(tmp_path / "d")
    holder = json.loads((tmp_path / "d" / LOCK_FILE).read_text("utf-8"))
    assert holder["pid"] == os.getpid() and holder["command"]
    with pytest.raises(DataFolderLocked) as refused:
        MemoryStore(tmp_path / "d")
    assert refused.value.holder["pid"] == os.getpid() and refused.value.exit_code == 5
    assert f"by process {os.getpid()} (" in str(refused.value)
    first.close()
    second = MemoryStore(tmp_path / "d")  # the lock went with close()
    second.close()
    assert MemoryStore(None) is not None  # a store without a folder takes no lock


def test_a_journal_written_by_two_processes_replays_without_a_kindless_node(city_folder):
    """The journal the old two-writer sequence left: the server's record entry numbered at or below the
    loader's snapshot (skipped on replay), its attribution entry above it (replayed). Replaying the
    second created the record as a node without a kind, and /entities and /search answered 500."""
    s = MemoryStore(city_folder)
    s.checkpoint()
    seq = s._seq
    s.close()
    orphan = {"op": "rels", "type": "RECORD_SUBJECT", "now": {"$t": "2026-01-01T00:00:00+00:00"}, "seq": seq + 1,
              "rows": [["rsj/r9", "r9", "d-zj", {}, "h"]]}
    with open(city_folder / JOURNAL, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(orphan, ensure_ascii=False) + "\n")
    for _ in range(2):  # set aside once, however often the store is opened
        s = MemoryStore(city_folder)
        assert "r9" not in s.g and s.get_rel("rsj/r9") is None
        assert all("kind" in d for _, d in s.g.nodes(data=True))
        s.close()
    aside = [json.loads(line) for line in (city_folder / REJECTED).read_text("utf-8").splitlines()]
    assert len(aside) == 1 and "node 'r9' does not exist" in aside[0]["reason"]
    assert json.loads(aside[0]["entry"])["rows"][0][0] == "rsj/r9"

    s = MemoryStore(city_folder)
    with authed_client(create_app(store=s), s) as c:
        assert c.get("/api/v1/entities/d-zj").status_code == 200
        assert c.get("/api/v1/entities/r9").status_code == 404
        found = c.get("/api/v1/search", params={"q": "住建"})
        assert found.status_code == 200 and "d-zj" in [i["id"] for i in found.json()["items"]]
    s.close()
