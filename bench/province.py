"""A Neo4j server holding the generated province, kept between benchmark runs.

The server home lives in the benchmark cache; the province bundle is loaded once (the load is
timed and reported) and a marker records which bundle the database holds.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import Any

from bench.common import CACHE, bundle, neo4j_module
from graph.stores.neo4j.store import Neo4jStore
from loaders.bundle import load_bundle


def province_store(scale: str = "province", seed: int = 1, heap: str = "4g",
                   pagecache: str = "6g") -> tuple[Neo4jStore, Any, Any, dict]:
    """(store, server module, server info, load facts). Stop the server with ``srv.stop(info)``."""
    root = bundle(scale, seed)
    srv = neo4j_module()
    home = CACHE / f"neo4j-{scale}-{seed}"
    marker = home / "loaded"
    home.mkdir(parents=True, exist_ok=True)
    info = srv.start(home=home, heap=heap, pagecache=pagecache, timeout=600)
    store = Neo4jStore(info.uri, info.user, info.password, info.database)
    store.init_schema()
    facts: dict = {}
    if not marker.exists():
        with store.driver.session(database=store.database) as s:
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        t = time.perf_counter()
        rep = load_bundle(store, root, progress=sys.stderr.isatty())
        secs = time.perf_counter() - t
        tot = rep.totals()
        if not rep.ok:
            raise SystemExit(f"province load rejected rows: {rep.rejects[:5]}")
        facts = {"load_s": round(secs, 1), "rows": tot["read"], "rows_per_s": round(tot["read"] / secs)}
        marker.write_text(str(facts))
    else:
        facts = {"loaded_before": marker.read_text()}
    return store, srv, info, facts


def drop(scale: str = "province", seed: int = 1) -> None:
    shutil.rmtree(CACHE / f"neo4j-{scale}-{seed}", ignore_errors=True)
