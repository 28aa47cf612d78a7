"""Search keys on Neo4j nodes stored before they were written (graph/stores/search_keys.py).

New and changed nodes get their key with the write (:func:`graph.stores.writes.node_write`); a
database loaded earlier gets the keys of its other nodes here, once, from ``init_schema``. The
check for nodes without a key walks the :Entity id index once per start (bench_search
measures it).
"""

from __future__ import annotations

from typing import Any

from graph.stores.search_keys import search_key
from queries import catalog

__all__ = ["backfill_search_keys"]


def backfill_search_keys(store: Any, batch: int = 10_000) -> int:
    """Write the missing search keys in batches; the number of nodes given one."""
    done, after = 0, ""
    while True:
        rows = store.run_read("search_keys_missing", after=after, batch=batch)
        if not rows:
            return done
        keys = [{"id": r["id"], "key": search_key(r)} for r in rows]
        store.write(lambda tx, keys=keys: tx.run(catalog.load("set_search_keys"), rows=keys).consume())
        done += len(keys)
        after = rows[-1]["id"]
