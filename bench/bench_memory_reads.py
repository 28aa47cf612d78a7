"""The embedded store's fact reads on a generated bundle: the declared reads answered by the generic
traversal (graph/stores/memory/traverse.py), timed through the capabilities that use them.

    python -m bench.bench_memory_reads [--scale city] [--sample 200] [--repeat 3]

Loads the generated bundle (``loaders/generate``, seed 1; cached like the other benchmarks) into
an in-memory embedded store, then times: the turnover listing (``turnover_breaches``, 365 days),
a full propagation (``recompute_all``, cold: every attribution created), the responsibility facts
of ``--sample`` contracts, the integrity facts of as many officials, the coverage report and a
public-list page. Times are CPU seconds of this process (``time.process_time``), which a busy
shared machine disturbs much less than wall-clock time. Prints JSON. Never run by the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import bundle, stats_ms
from graph.integrity.files import coverage
from graph.records.propagation import recompute_all
from graph.records.publicity import public_list
from graph.responsibility.turnover import turnover_breaches
from graph.stores.memory.store import MemoryStore
from loaders.bundle import load_bundle


def timed(fn, repeat: int) -> list[float]:
    """CPU seconds of ``fn``, ``repeat`` times."""
    out = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        out.append(time.process_time() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="city")
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    root = bundle(args.scale)
    store = MemoryStore()
    t = time.perf_counter()
    load_bundle(store, root, progress=False)
    out: dict = {"scale": args.scale, "load_s": round(time.perf_counter() - t, 2), "counts": store.counts()}
    rng = random.Random(1)
    with store._lock:  # the benchmark's own sampling of ids, not a read under test
        view = store.graph_view()
        contracts = rng.sample(view.ids_of("Contract"), min(args.sample, len(view.ids_of("Contract"))))
        officials = rng.sample(view.ids_of("Official"), min(args.sample, len(view.ids_of("Official"))))
    res = {}
    res["turnover_365"] = stats_ms(timed(lambda: turnover_breaches(store, days=365, limit=50), args.repeat))
    res["turnover_total"] = turnover_breaches(store, days=365, limit=1)["total"]
    t = time.process_time()
    prop = recompute_all(store)
    res["propagation_full_s"] = round(time.process_time() - t, 2)
    res["propagation"] = {k: prop.summary()[k] for k in ("records", "reached", "created")}
    res["responsibility_facts"] = stats_ms([timed(lambda c=c: store.responsibility_facts(c), 1)[0] for c in contracts])
    res["integrity_facts"] = stats_ms([timed(lambda o=o: store.integrity_facts(o), 1)[0] for o in officials])
    day = date(2020, 6, 30)
    res["coverage"] = stats_ms(timed(lambda: coverage(store, day=day), args.repeat))
    res["public_list_page"] = stats_ms(timed(lambda: public_list(store, day=day, limit=50), args.repeat))
    out["results"] = res
    print(json.dumps(out, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
