"""Neighbour pages around a hub with 100,000 links, on both stores, old read against new (issue 9).

    python -m bench.bench_neighbours [--links 100000] [--pages 8] [--repeat 2] [--limit 50]
                                     [--stores memory,neo4j] [--record]

The graph (generated, seeded): a department (the hub) with ``--links`` posts POST_IN it, belonging
to a government that has 20 other departments of 50 posts each; 20,000 officials each hold one hub
post, 5,000 of them a second hub post and another 5,000 a post of another department. So from the
hub, depth 1 is the 100,000 posts (and the government), depth 2 the officials and departments,
depth 3 the other departments' posts; from an official beside the hub (two hub posts), depth 3 is
the hub's 100,000 posts, reached by two routes each.

Timed per page (``limit`` rows) at depth 1, 2 and 3 from both starts: the first page and pages
after cursors drawn evenly from the whole answer (the same cursors for every variant), each
``--repeat`` times, old and new read alternating. "old" is the read before issue 9
(``bench/baseline/neighbours_paths.*``: every path enumerated, then paged; the embedded store's
whole neighbourhood sorted), "new" the store's ``neighbours``. Every timed page of the old read is
compared with the new one (``mismatches`` must be 0). Never run by the test suite.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.baseline.neighbours_paths import memory_neighbours, neo4j_neighbours
from bench.common import CACHE, dump, machine, neo4j_module, record, stats_ms
from graph.model import entities as m
from graph.model.schema import REL_KINDS
from graph.stores.base import GraphStore
from graph.stores.memory.store import MemoryStore
from graph.stores.writes import node_write, rel_write

HUB, BESIDE = "d-hub", "o-00000"
REL = {name: kind.model for name, kind in REL_KINDS.items()}
DEPARTMENTS, POSTS_PER_DEPARTMENT = 20, 50
OFFICIALS, SECOND_HUB_POST, OTHER_POST = 20_000, 5_000, 5_000


def hub_graph(links: int, seed: int = 1) -> tuple[dict[str, list], dict[str, list]]:
    """(nodes by kind, relationships by type) as store writes."""
    rng = random.Random(seed)
    nodes: dict[str, list] = {"Government": [], "Department": [], "Post": [], "Official": []}
    rels: dict[str, list] = {"BELONGS_TO": [], "POST_IN": [], "HOLDS": []}
    nodes["Government"].append(m.Government(id="g-hub", name="枢纽市人民政府", level="prefecture",
                                            division_code="439900"))
    nodes["Department"].append(m.Department(id=HUB, name="枢纽市政务服务中心"))
    rels["BELONGS_TO"].append(REL["BELONGS_TO"](id="r-hub", src=HUB, dst="g-hub"))
    hub_posts = [f"ph-{k:06d}" for k in range(links)]
    for p in hub_posts:
        nodes["Post"].append(m.Post(id=p, name=f"窗口岗位{p[3:]}"))
        rels["POST_IN"].append(REL["POST_IN"](id=f"r-{p}", src=p, dst=HUB))
    other_posts = []
    for i in range(DEPARTMENTS):
        d = f"d-x{i:02d}"
        nodes["Department"].append(m.Department(id=d, name=f"枢纽市第{i}局"))
        rels["BELONGS_TO"].append(REL["BELONGS_TO"](id=f"r-{d}", src=d, dst="g-hub"))
        for j in range(POSTS_PER_DEPARTMENT):
            p = f"px-{i:02d}-{j:02d}"
            other_posts.append(p)
            nodes["Post"].append(m.Post(id=p, name=f"枢纽市第{i}局岗位{j}"))
            rels["POST_IN"].append(REL["POST_IN"](id=f"r-{p}", src=p, dst=d))
    tenure = dict(valid_from=date(2015, 1, 1))
    for k in range(OFFICIALS):
        o = f"o-{k:05d}"
        nodes["Official"].append(m.Official(id=o, name=f"官员{k}"))
        rels["HOLDS"].append(REL["HOLDS"](id=f"t-{o}-1", src=o, dst=hub_posts[rng.randrange(links)], **tenure))
        if k < SECOND_HUB_POST:
            rels["HOLDS"].append(REL["HOLDS"](id=f"t-{o}-2", src=o, dst=hub_posts[rng.randrange(links)], **tenure))
        elif k < SECOND_HUB_POST + OTHER_POST:
            rels["HOLDS"].append(REL["HOLDS"](id=f"t-{o}-3", src=o, dst=rng.choice(other_posts), **tenure))
    return ({k: [node_write(x) for x in v] for k, v in nodes.items()},
            {k: [rel_write(x) for x in v] for k, v in rels.items()})


def load(store: GraphStore, nodes: dict[str, list], rels: dict[str, list], batch: int = 5000) -> float:
    t = time.perf_counter()
    for kind, rows in nodes.items():
        for i in range(0, len(rows), batch):
            store.upsert_nodes(kind, rows[i:i + batch])
    for type_, rows in rels.items():
        for i in range(0, len(rows), batch):
            store.upsert_rels(type_, rows[i:i + batch])
    return time.perf_counter() - t


def key(rows: list) -> list[tuple]:
    return [(n.depth, n.node.id, n.via.id, n.direction) for n in rows]


def measure(new: Callable[..., list], old: Callable[..., list], start: str, depth: int,
            cursors: list[tuple[int, str] | None], limit: int, repeat: int) -> dict[str, Any]:
    t_old, t_new, mismatches = [], [], 0
    new(start, depth=depth, limit=limit)  # warm: plans cached, pages in memory
    old(start, depth=depth, limit=limit)
    for after in cursors:
        for _ in range(repeat):
            t = time.perf_counter()
            a = old(start, depth=depth, limit=limit, after=after)
            t_old.append(time.perf_counter() - t)
            t = time.perf_counter()
            b = new(start, depth=depth, limit=limit, after=after)
            t_new.append(time.perf_counter() - t)
            mismatches += key(a) != key(b)
    so, sn = stats_ms(t_old), stats_ms(t_new)
    return {"old": so, "new": sn, "old_over_new_median": round(so["median_ms"] / sn["median_ms"], 1),
            "old_over_new_p99": round(so["p99_ms"] / sn["p99_ms"], 1), "mismatches": mismatches}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--links", type=int, default=100_000)
    ap.add_argument("--pages", type=int, default=8, help="pages per start and depth (the first + cursors)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument("--stores", default="memory,neo4j")
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="1g")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    stores = args.stores.split(",")

    t = time.perf_counter()
    nodes, rels = hub_graph(args.links)
    n_nodes, n_rels = sum(map(len, nodes.values())), sum(map(len, rels.values()))
    print(f"generated {n_nodes} nodes, {n_rels} relationships in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    mem = MemoryStore(None)
    load_s = {"memory": round(load(mem, nodes, rels), 1)}
    # the whole answer per start and depth (new read, no page limit), for the cursors and sizes
    rng = random.Random(7)
    plan: dict[tuple[str, int], dict[str, Any]] = {}
    for start in (HUB, BESIDE):
        for depth in (1, 2, 3):
            full = [(n.depth, n.node.id) for n in mem.neighbours(start, depth=depth, limit=10**9)]
            picks = sorted(rng.sample(range(len(full) - 1), min(args.pages - 1, len(full) - 1)))
            per_depth = {d: sum(1 for x in full if x[0] == d) for d in range(1, depth + 1)}
            plan[(start, depth)] = {"answer_rows": per_depth, "cursors": [None] + [full[i] for i in picks]}

    result: dict[str, Any] = {
        "machine": machine(), "limit": args.limit, "pages": args.pages, "repeat": args.repeat,
        "data": {"hub_links": args.links + 1, "nodes": n_nodes, "relationships": n_rels},
        "load_s": load_s, "runs": {},
    }
    srv = info = None
    try:
        for name in stores:
            if name == "memory":
                store: Any = mem
                old = lambda *a, **k: memory_neighbours(mem, *a, **k)  # noqa: E731
            else:
                from graph.stores.neo4j.store import Neo4jStore

                srv = neo4j_module()
                home = CACHE / f"neo4j-hub-{args.links}"
                info = srv.start(home=home, heap=args.heap, pagecache=args.pagecache, timeout=600)
                store = Neo4jStore(info.uri, info.user, info.password, info.database)
                store.init_schema()
                if store.counts().get("POST_IN") != len(rels["POST_IN"]):
                    with store.driver.session(database=store.database) as s:
                        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
                    load_s["neo4j"] = round(load(store, nodes, rels), 1)
                else:
                    load_s["neo4j"] = "loaded before"
                old = lambda *a, s=store, **k: neo4j_neighbours(s, *a, **k)  # noqa: E731
            runs = result["runs"][name] = {}
            for (start, depth), p in plan.items():
                label = f"{'hub' if start == HUB else 'beside the hub'}, depth {depth}"
                t = time.perf_counter()
                runs[label] = {"answer_rows_by_depth": p["answer_rows"],
                               **measure(store.neighbours, old, start, depth, p["cursors"], args.limit, args.repeat)}
                r = runs[label]
                print(f"{name:6} {label:22} old median {r['old']['median_ms']:9.2f} ms p99 {r['old']['p99_ms']:9.2f}"
                      f" | new median {r['new']['median_ms']:8.2f} ms p99 {r['new']['p99_ms']:8.2f}"
                      f" | x{r['old_over_new_median']} ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
    finally:
        if srv is not None and info is not None:
            srv.stop(info)
    out = dump(result)
    print(out)
    if args.record:
        record(f"Neighbour pages around a hub of {args.links + 1:,} links, old read vs new "
               f"(`python -m bench.bench_neighbours`)", f"```json\n{out}\n```")


if __name__ == "__main__":
    main()
