"""The generated province in the embedded store, kept between benchmark runs as a snapshot.

The first use loads the province bundle (timed and reported) into a durable embedded store in the
benchmark cache and writes its snapshot; later uses open the snapshot (also timed).
"""

from __future__ import annotations

import sys
import time

from bench.common import CACHE, bundle
from graph.stores.memory.store import MemoryStore
from loaders.bundle import load_bundle


def memory_province(scale: str = "province", seed: int = 1) -> tuple[MemoryStore, dict]:
    """(store, facts about how it was obtained). Close the store when done."""
    root = bundle(scale, seed)
    home = CACHE / f"memory-{scale}-{seed}"
    marker = home / "loaded"
    t = time.perf_counter()
    if marker.exists():
        store = MemoryStore(home)
        return store, {"opened_snapshot_s": round(time.perf_counter() - t, 1), "loaded_before": marker.read_text()}
    store = MemoryStore(None)  # load without a journal, then write one snapshot
    rep = load_bundle(store, root, progress=sys.stderr.isatty())
    secs = time.perf_counter() - t
    if not rep.ok:
        raise SystemExit(f"province load rejected rows: {rep.rejects[:5]}")
    store.data_dir = home
    home.mkdir(parents=True, exist_ok=True)
    store.checkpoint()
    facts = {"load_s": round(secs, 1), "rows": rep.totals()["read"]}
    marker.write_text(str(facts))
    return store, facts
