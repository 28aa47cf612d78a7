"""Load benchmark: rows per second of the bundle loader into the embedded store and into Neo4j.

    python -m bench.bench_load [--scale city] [--repeat 3] [--record]

Baseline (same run): reading and validating every row of the bundle without writing (the part of
the load that does not depend on the store), so the ratio shows what the store's writes cost.
Each measured load starts from an empty store (a fresh data folder; a wiped Neo4j database).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import bundle, dump, machine, neo4j_module, record
from graph.model.schema import NODE_KINDS, REL_KINDS
from graph.stores.memory.store import MemoryStore
from loaders.bundle import bundle_files, load_bundle
from loaders.reader import check_file, iter_rows, validate_row


def validate_only(root: Path) -> int:
    n = 0
    nodes, rels, _ = bundle_files(root)
    for kind, path in nodes + rels:
        model = NODE_KINDS[kind].model if kind in NODE_KINDS else REL_KINDS[kind].model
        if check_file(path, path.name, model) is not None:  # the loader's two passes, no writes
            continue
        for row in iter_rows(path, path.name, model):
            validate_row(row, model, {})
            n += 1
    return n


def summarize(rows: int, secs: list[float]) -> dict:
    med = statistics.median(secs)
    return {"rows": rows, "runs_s": [round(s, 2) for s in secs], "median_s": round(med, 2),
            "rows_per_s": round(rows / med), "spread_s": round(max(secs) - min(secs), 2)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="city")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-neo4j", action="store_true")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    root = bundle(args.scale)
    result: dict = {"machine": machine(), "scale": args.scale}

    secs, rows = [], 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        rows = validate_only(root)
        secs.append(time.perf_counter() - t)
    result["baseline_validate_only"] = summarize(rows, secs)

    secs = []
    for _ in range(args.repeat):
        tmp = Path(tempfile.mkdtemp(prefix="retrace-bench-mem-"))
        store = MemoryStore(tmp)
        t = time.perf_counter()
        rep = load_bundle(store, root, progress=False)
        secs.append(time.perf_counter() - t)
        assert rep.ok, rep.rejects[:3]
        store.close()
        shutil.rmtree(tmp)
    result["memory_store"] = summarize(rows, secs)

    if not args.skip_neo4j:
        srv = neo4j_module()
        home = Path(tempfile.mkdtemp(prefix="retrace-bench-neo4j-"))
        info = srv.start(home=home, heap="2g", pagecache="2g")
        try:
            from graph.stores.neo4j.store import Neo4jStore

            store = Neo4jStore(info.uri, info.user, info.password, info.database)
            store.init_schema()
            secs = []
            for _ in range(args.repeat):
                with store.driver.session(database=store.database) as s:
                    s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
                t = time.perf_counter()
                rep = load_bundle(store, root, progress=False)
                secs.append(time.perf_counter() - t)
                assert rep.ok, rep.rejects[:3]
            t = time.perf_counter()
            again = load_bundle(store, root, progress=False)
            result["neo4j_reload_unchanged_s"] = round(time.perf_counter() - t, 2)
            assert again.totals()["unchanged"] == rows
            store.close()
            result["neo4j"] = summarize(rows, secs)
        finally:
            srv.stop(info)
            shutil.rmtree(home, ignore_errors=True)

    base = result["baseline_validate_only"]["median_s"]
    for k in ("memory_store", "neo4j"):
        if k in result:
            result[k]["ratio_to_baseline"] = round(result[k]["median_s"] / base, 2)
    print(dump(result))
    if args.record:
        record(f"Load, {args.scale} scale ({time.strftime('%Y-%m-%d')})",
               "Command: `python -m bench.bench_load --scale " + args.scale + f" --repeat {args.repeat}`\n\n"
               "```json\n" + dump(result) + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
