"""Issue 11 benchmarks on province-scale data in Neo4j: evaluation of every government and
department for one year, all warnings for the province, deriving proposals from all facts; each
with the time of its underlying fact read (``GraphStore.population``) measured in the same run.

    python -m bench.bench_evaluation [--scale province|city] [--home DIR] [--year 2020] [--out docs/benchmarks-evaluation.md]

Targets (issue 11): evaluation <= 10 s; all warnings <= 5 s; derivation <= 10 s. The province is
the generated bundle (scale province, seed 1) in the Neo4j home given by --home (default: the
benchmark cache of bench_records, loaded on first use). Never run by the test suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_records import baseline
from bench.common import CACHE, ROOT, bundle, dump, machine, neo4j_module
from graph.evaluation import population
from graph.evaluation.scoring import evaluate
from graph.model.policy import load_policies
from graph.records import derivation
from graph.stores.neo4j.store import Neo4jStore
from graph.warnings.rules import warnings_on


def open_scale(home: Path, scale: str, heap: str, pagecache: str):
    """A Neo4j home holding the generated bundle of ``scale`` (seed 1), loaded on first use."""
    srv = neo4j_module()
    info = srv.start(home=home, heap=heap, pagecache=pagecache, timeout=900)
    store = Neo4jStore(info.uri, info.user, info.password, info.database)
    store.init_schema()
    if not store.counts().get("DishonestyRecord"):
        from graph.records.propagation import recompute_all
        from loaders.bundle import load_bundle

        t = time.perf_counter()
        rep = load_bundle(store, bundle(scale, 1), progress=False)
        recompute_all(store)
        print(f"loaded {scale} in {time.perf_counter() - t:.0f} s: {rep.totals()}", file=sys.stderr)
    return store, srv, info


def _t(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def run(store, year: int, repeat: int) -> dict:
    pol = load_policies()
    day = date(year, 12, 31)
    res: dict = {}
    reads = [_t(lambda: store.population(population.LABELS, population.TYPES))[0] for _ in range(repeat)]
    nodes, rels = store.population(population.LABELS, population.TYPES)
    res["evaluation_read_s"] = [round(x, 3) for x in reads]
    res["evaluation_read_rows"] = {"nodes": len(nodes), "rels": len(rels)}
    del nodes, rels
    ev = [_t(lambda: evaluate(store, str(year), policies=pol)) for _ in range(repeat)]
    res["evaluation_s"] = [round(x, 3) for x, _ in ev]
    res["evaluation_units"] = ev[-1][1]["total"]
    res["evaluation_grades"] = {g: sum(1 for r in ev[-1][1]["items"] if r["grade"] == g) for g in "ABCD"}
    del ev
    w = [_t(lambda: warnings_on(store, day, policies=pol)) for _ in range(repeat)]
    res["warnings_s"] = [round(x, 3) for x, _ in w]
    kinds: dict = {}
    for x in w[-1][1]["items"]:
        kinds[x["kind"]] = kinds.get(x["kind"], 0) + 1
    res["warnings_by_kind"] = kinds
    del w
    dreads = [_t(lambda: store.population(derivation.DERIVATION_LABELS, derivation.DERIVATION_TYPES))[0]
              for _ in range(repeat)]
    res["derivation_read_s"] = [round(x, 3) for x in dreads]
    first = _t(lambda: derivation.derive(store, day, pol))
    res["derivation_first_s"] = round(first[0], 3)
    res["derivation_first"] = {k: v for k, v in first[1].items() if k not in ("day", "policy")}
    again = [_t(lambda: derivation.derive(store, day, pol)) for _ in range(repeat)]
    res["derivation_rerun_s"] = [round(x, 3) for x, _ in again]
    res["derivation_rerun"] = {k: v for k, v in again[-1][1].items() if k not in ("day", "policy")}
    return res


def markdown(res: dict) -> str:
    med = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    rows = [
        ("evaluation of every government and department, one year", "≤ 10 s", med(res["evaluation_s"]),
         med(res["evaluation_read_s"])),
        ("all warnings for the province on one day", "≤ 5 s", med(res["warnings_s"]), med(res["evaluation_read_s"])),
        ("deriving proposals from all facts (rerun, nothing new)", "≤ 10 s", med(res["derivation_rerun_s"]),
         med(res["derivation_read_s"])),
        ("deriving proposals, first run (every proposal written)", "—", res["derivation_first_s"],
         med(res["derivation_read_s"])),
    ]
    lines = ["# Benchmarks: evaluation, warnings, derivation (issue 11)", "",
             f"Run {res['when']} with `{res['command']}` (scale {res['scale']}) on {res['machine']['cores']} cores "
             f"({res['machine']['memory']}); Neo4j heap {res['heap']}, page cache {res['pagecache']}. Medians of "
             f"{res['repeat']} runs; the fact read is `GraphStore.population` of the same labels and types, timed alone "
             "in the same run.", "",
             "| what | target | median s | of which the fact read, s | verdict |", "|---|---|---|---|---|"]
    for what, target, t, read in rows:
        limit = {"≤ 10 s": 10, "≤ 5 s": 5}.get(target)
        verdict = "—" if limit is None else ("**met**" if t <= limit else "**not met**")
        lines.append(f"| {what} | {target} | {t:.2f} | {read:.2f} | {verdict} |")
    lines += ["", "```json", dump(res), "```", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="province", choices=["demo", "city", "province"])
    ap.add_argument("--home", help="Neo4j home (default: the cache, neo4j-records-province-1 or neo4j-eval-<scale>-1)")
    ap.add_argument("--heap", default="4g")
    ap.add_argument("--pagecache", default="4g")
    ap.add_argument("--year", type=int, default=2020)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks-evaluation.md"))
    args = ap.parse_args()
    home = args.home or str(CACHE / ("neo4j-records-province-1" if args.scale == "province"
                                     else f"neo4j-eval-{args.scale}-1"))
    store, srv, info = open_scale(Path(home), args.scale, args.heap, args.pagecache)
    try:
        res = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "command": "python -m bench.bench_evaluation " + " ".join(sys.argv[1:]),
               "scale": args.scale, "machine": machine(), "heap": args.heap, "pagecache": args.pagecache, "repeat": args.repeat,
               "counts": store.counts(), "baseline_return1": baseline(store)}
        res.update(run(store, args.year, args.repeat))
        print(dump(res))
        Path(args.out).write_text(markdown(res), encoding="utf-8")
        print(f"written {args.out}", file=sys.stderr)
    finally:
        store.close()
        srv.stop(info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
