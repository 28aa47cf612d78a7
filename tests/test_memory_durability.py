"""The embedded store survives ``kill -9`` after an acknowledged write, and restarts cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from graph.model import entities as m
from graph.stores.memory.store import JOURNAL, MemoryStore
from graph.stores.writes import node_write

ROOT = Path(__file__).resolve().parents[1]

WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from graph.model import entities as m
    from graph.stores.memory.store import MemoryStore
    from graph.stores.writes import node_write
    store = MemoryStore({data!r})
    for i in range(3):
        store.upsert_nodes("Official", [node_write(m.Official(id=f"o{{i}}", name=f"官员{{i}}"))])
        print(f"acked o{{i}}", flush=True)   # acknowledged: the call returned
    time.sleep(60)                           # killed here, without close() or checkpoint()
    """
)


def test_kill_9_after_acknowledged_write_loses_nothing(tmp_path):
    data = tmp_path / "store"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(root=str(ROOT), data=str(data))],
        stdout=subprocess.PIPE, text=True,
    )
    acked = [proc.stdout.readline().strip() for _ in range(3)]
    assert acked == ["acked o0", "acked o1", "acked o2"]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    store = MemoryStore(data)
    assert [store.get_node(f"o{i}").props["name"] for i in range(3)] == ["官员0", "官员1", "官员2"]


def test_torn_last_line_is_ignored(tmp_path):
    data = tmp_path / "store"
    s = MemoryStore(data)
    s.upsert_nodes("Official", [node_write(m.Official(id="o1", name="周婷"))])
    s.close()
    with open(data / JOURNAL, "a", encoding="utf-8") as fh:
        fh.write('{"op":"nodes","kind":"Official","rows":[["o2"')  # a write that never finished
    s = MemoryStore(data)
    assert s.get_node("o1") is not None and s.get_node("o2") is None


def test_checkpoint_then_more_writes(tmp_path):
    data = tmp_path / "store"
    s = MemoryStore(data)
    s.upsert_nodes("Official", [node_write(m.Official(id="o1", name="周婷"))])
    s.checkpoint()
    assert (data / JOURNAL).stat().st_size == 0
    s.upsert_nodes("Official", [node_write(m.Official(id="o1", name="周婷婷"))])
    s.upsert_nodes("Official", [node_write(m.Official(id="o2", name="李明"))])
    s.close()
    s = MemoryStore(data)
    assert s.get_node("o1").props["name"] == "周婷婷"
    assert [v["name"] for v in s.history("o1")] == ["周婷", "周婷婷"]
    assert s.get_node("o2") is not None
