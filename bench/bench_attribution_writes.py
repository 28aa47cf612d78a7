"""The write floor of a full propagation on province data in Neo4j: how long Neo4j takes just to
create the attributions a full recompute writes, with nothing read or computed.

    python -m bench.bench_attribution_writes [--home DIR] [--record]

Runs on the Neo4j home of ``bench.bench_records`` after a full run (it needs the stored
attributions). It reads every ``ATTRIBUTED_TO`` with its properties once, then, each time after
deleting them all, creates the same relationships again with one bare batched
``UNWIND … MATCH … MATCH … CREATE … SET r = row.props`` (5,000 rows a transaction):

* ``full``: every property the product stores (weight, role, routes JSON, policy, hash, …),
  one writer and two writers in parallel;
* ``ids_only``: only the id, two writers: the floor of the relationship and its index entry.

It ends with the attributions stored again exactly as they were read (same properties). The
issue-4 target is a full propagation in <= 10 s; if ``full`` alone takes longer on a machine, no
implementation that stores the attributions with their explanation can meet it there.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CACHE, ROOT, dump, machine, neo4j_module
from graph.stores.neo4j.store import Neo4jStore, native

CREATE = """UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
CREATE (a)-[r:ATTRIBUTED_TO]->(b)
SET r = row.props"""
BATCH = 5000


def _delete(store: Neo4jStore) -> None:
    with store.driver.session(database=store.database) as s:
        s.run("MATCH ()-[a:ATTRIBUTED_TO]->() CALL (a) { DELETE a } IN TRANSACTIONS OF 20000 ROWS").consume()


def _create(store: Neo4jStore, rows: list[dict[str, Any]], writers: int) -> float:
    _delete(store)
    chunks = [rows[i:i + BATCH] for i in range(0, len(rows), BATCH)]

    def write(chunk: list[dict[str, Any]]) -> None:
        store.driver.execute_query(CREATE, rows=chunk, database_=store.database)

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=writers) as pool:
        list(pool.map(write, chunks))
    return round(time.perf_counter() - t, 2)


def markdown(r: dict) -> str:
    sec = r["seconds"]
    return "\n".join([
        "# The write floor of a full propagation (Neo4j, province)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `{r['command']}` on the Neo4j home of "
        "`bench.bench_records` after its full runs. Machine: "
        f"{r['machine']['cores']} cores, {r['machine']['memory']}, {r['machine']['cpu']}.",
        "",
        "Bare batched `CREATE` of the stored attributions (5,000 a transaction), nothing read or computed: how",
        "long Neo4j needs just to write what a cold full propagation or a policy change writes. The issue-4",
        "target for a full propagation is 10 s.",
        "",
        "| rows | properties | writers | seconds |",
        "|---|---|---|---|",
        f"| {r['attributions']:,} | id only | 2 | {sec['ids_only_2_writers']} |",
        f"| {r['attributions']:,} | all {r['properties_per_attribution']:g} (routes JSON {r['routes_json_chars_mean']} "
        f"chars on average) | 1 | {sec['full_1_writer']} |",
        f"| {r['attributions']:,} | all | 2 | {sec['full_2_writers']} |",
        "",
        "```json",
        json.dumps(r, indent=2, ensure_ascii=False),
        "```",
        "",
    ])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", default=str(CACHE / "neo4j-records-province-1"))
    ap.add_argument("--record", action="store_true", help="write the result to docs/benchmarks-write-floor.md")
    ap.add_argument("--keep-running", action="store_true", help="leave the Neo4j server running")
    args = ap.parse_args()
    srv = neo4j_module()
    info = srv.start(home=Path(args.home), heap="4g", pagecache="4g", timeout=900)
    store = Neo4jStore(info.uri, info.user, info.password, info.database)
    try:
        rows = store.read(lambda tx: [
            {"src": r["src"], "dst": r["dst"], "props": {k: native(v) for k, v in r["props"].items()}}
            for r in tx.run("MATCH (a)-[r:ATTRIBUTED_TO]->(b) RETURN a.id AS src, b.id AS dst, properties(r) AS props")
        ], fetch_size=-1)
        if not rows:
            raise SystemExit("no attributions stored: run `python -m bench.bench_records` on this home first")
        ids_only = [{"src": r["src"], "dst": r["dst"], "props": {"id": r["props"]["id"]}} for r in rows]
        restored = False
        try:
            seconds = {"ids_only_2_writers": _create(store, ids_only, 2), "full_1_writer": _create(store, rows, 1)}
            seconds["full_2_writers"] = _create(store, rows, 2)  # last: the attributions are stored as read
            restored = True
        finally:
            if not restored:  # interrupted or failed: put the attributions back as they were read
                _create(store, rows, 2)
        result = {
            "machine": machine(),
            "attributions": len(rows),
            "properties_per_attribution": round(sum(len(r["props"]) for r in rows) / len(rows), 1),
            "routes_json_chars_mean": round(sum(len(r["props"].get("routes", "")) for r in rows) / len(rows)),
            "seconds": seconds,
            "command": "python -m bench.bench_attribution_writes",
        }
    finally:
        store.close()
        if not args.keep_running:
            srv.stop(info)
    print(dump(result))
    if args.record:
        (ROOT / "docs" / "benchmarks-write-floor.md").write_text(markdown(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
