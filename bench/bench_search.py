"""Search on the hub graph of bench_neighbours (121,022 nodes), both stores (issue 9).

    python -m bench.bench_search [--links 100000] [--repeat 30] [--record]

Timed per page of 20, warm, for a few texts (a selective one, a broad one, one without hits, one
after a cursor deep in a broad answer):

* new: the store's ``search`` (folded name and other names; Neo4j: ``_search CONTAINS`` through
  the text index ``entity_search``);
* old: the search before issue 9, case-sensitive over the name only (Neo4j: ``name CONTAINS``
  through the text index ``entity_name``; embedded: ``text in name`` over every node);
* Neo4j only, what a case-insensitive search without a stored key costs:
  ``toLower(n.name) CONTAINS`` (no index can serve it: every :Entity node is read).

The Neo4j database is the one bench_neighbours loads (kept in the benchmark cache); loaded here
when missing. Never run by the test suite.
"""

from __future__ import annotations

import argparse
import heapq
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_neighbours import hub_graph, load
from bench.common import CACHE, dump, machine, neo4j_module, record, stats_ms
from graph.stores.memory.store import MemoryStore
from graph.stores.search_keys import search_text

OLD_CYPHER = """MATCH (n:Entity)
WHERE n.name CONTAINS $text AND ($kind IS NULL OR $kind IN labels(n)) AND ($after IS NULL OR n.id > $after)
RETURN properties(n) AS props ORDER BY n.id LIMIT $limit"""
SCAN_CYPHER = """MATCH (n:Entity)
WHERE toLower(n.name) CONTAINS $text AND ($kind IS NULL OR $kind IN labels(n)) AND ($after IS NULL OR n.id > $after)
RETURN properties(n) AS props ORDER BY n.id LIMIT $limit"""

# (label, text, kind, after)
CASES = [
    ("selective: 官员1234 (11 hits)", "官员1234", None, None),
    ("broad: 岗位 (101,000 hits), first page", "岗位", None, None),
    ("broad: 岗位, page after ph-090000", "岗位", None, "ph-090000"),
    ("no hit: 不存在", "不存在", None, None),
    ("kind filter: Official 官员99", "官员99", "Official", None),
]


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--links", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="1g")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    nodes, rels = hub_graph(args.links)
    result: dict[str, Any] = {"machine": machine(), "limit": args.limit, "repeat": args.repeat,
                              "data": {"nodes": sum(map(len, nodes.values()))}, "memory": {}, "neo4j": {}}
    mem = MemoryStore(None)
    load(mem, nodes, rels)

    def mem_old(text: str, kind: str | None, after: str | None) -> list[str]:
        pool = mem._by_kind.get(kind, ()) if kind else mem.g.nodes
        return heapq.nsmallest(args.limit, (i for i in pool if (after is None or i > after)
                                            and text in mem.g.nodes[i]["props"].get("name", "")))

    for label, text, kind, after in CASES:
        new = stats_ms(timed(lambda kind=kind, text=text, after=after: mem.search(kind, text, args.limit, after),
                             args.repeat))
        old = stats_ms(timed(lambda kind=kind, text=text, after=after: mem_old(text, kind, after), args.repeat))
        result["memory"][label] = {"hits_on_page": len(mem.search(kind, text, args.limit, after)),
                                   "new": new, "old": old,
                                   "new_over_old_median": round(new["median_ms"] / old["median_ms"], 2)}
        print(f"memory {label:40} new {new['median_ms']:8.2f} ms | old {old['median_ms']:8.2f} ms", file=sys.stderr)

    from graph.stores.neo4j.store import Neo4jStore

    srv = neo4j_module()
    info = srv.start(home=CACHE / f"neo4j-hub-{args.links}", heap=args.heap, pagecache=args.pagecache, timeout=600)
    try:
        store = Neo4jStore(info.uri, info.user, info.password, info.database)
        store.init_schema()
        if store.counts().get("POST_IN") != len(rels["POST_IN"]):
            with store.driver.session(database=store.database) as s:
                s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
            load(store, nodes, rels)

        def cypher(q: str, text: str, kind: str | None, after: str | None) -> list:
            return store.read(lambda tx: tx.run(q, text=text, kind=kind, after=after, limit=args.limit).data())

        for label, text, kind, after in CASES:
            new = stats_ms(timed(lambda kind=kind, text=text, after=after: store.search(kind, text, args.limit, after),
                                 args.repeat))
            old = stats_ms(timed(lambda kind=kind, text=text, after=after: cypher(OLD_CYPHER, text, kind, after),
                                 args.repeat))
            scan = stats_ms(timed(lambda kind=kind, text=text, after=after:
                                  cypher(SCAN_CYPHER, search_text(text), kind, after), max(3, args.repeat // 5)))
            result["neo4j"][label] = {"hits_on_page": len(store.search(kind, text, args.limit, after)),
                                      "new": new, "old": old, "lower_scan": scan,
                                      "new_over_old_median": round(new["median_ms"] / old["median_ms"], 2),
                                      "lower_scan_over_new_median": round(scan["median_ms"] / new["median_ms"], 1)}
            print(f"neo4j  {label:40} new {new['median_ms']:8.2f} ms | old {old['median_ms']:8.2f} ms"
                  f" | toLower scan {scan['median_ms']:8.2f} ms", file=sys.stderr)
        t = time.perf_counter()
        store.init_schema()  # with every key present: the cost the backfill check adds to a start
        result["neo4j"]["init_schema_with_keys_present_s"] = round(time.perf_counter() - t, 2)
    finally:
        srv.stop(info)
    out = dump(result)
    print(out)
    if args.record:
        record("Search on the hub graph, new (folded names and other names) vs old (name, case-sensitive) "
               "(`python -m bench.bench_search`)", f"```json\n{out}\n```")


if __name__ == "__main__":
    main()
