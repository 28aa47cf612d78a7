"""Issue 4 benchmarks on province-scale data in Neo4j: propagation, incremental update, integrity file.

    python -m bench.bench_records [--home DIR] [--incremental 200] [--files 1000] [--out docs/benchmarks-records.md]

Targets (issue 4): full propagation on province-scale data <= 10 s; incremental update for one new
record <= 50 ms median; integrity-file fetch p99 <= 20 ms. Measured in one run, against the
``RETURN 1`` round trip of the same run:

* full propagation, three ways: cold (no attribution stored: every attribution created), warm
  (nothing changed: read, compare, write nothing) and after a policy change (every attribution
  gets a new version with the new policy version);
* incremental: N new records on random departments, contracts and projects of the province
  (seeded); timed is the propagation of the one record (facts read, compare, write), and apart
  the whole create (validation, the record's write, propagation);
* integrity file: ``official_file`` for random officials reached by attributions or records, warm,
  current and "as known on" a date.

The province is the generated bundle (``loaders/generate/``, scale province, seed 1) loaded into
a Neo4j home given by --home (default: the benchmark cache, loaded on first use; a copy of an
already loaded home works). Never run by the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CACHE, ROOT, bundle, dump, machine, neo4j_module, stats_ms
from graph.integrity.files import official_file
from graph.model.policy import PolicySet, load_policies, policy_from_dict
from graph.records.propagation import propagate, recompute_all
from graph.records.register import RecordIn, create_record
from graph.stores.neo4j.store import Neo4jStore


def open_province(home: Path, heap: str, pagecache: str):
    srv = neo4j_module()
    info = srv.start(home=home, heap=heap, pagecache=pagecache, timeout=900)
    store = Neo4jStore(info.uri, info.user, info.password, info.database)
    store.init_schema()
    if not store.counts().get("DishonestyRecord"):
        from loaders.bundle import load_bundle

        t = time.perf_counter()
        rep = load_bundle(store, bundle("province", 1), progress=False)
        print(f"loaded the province in {time.perf_counter() - t:.0f} s: {rep.totals()}", file=sys.stderr)
    return store, srv, info


def baseline(store: Neo4jStore, n: int = 300) -> dict:
    xs = []
    for _ in range(n):
        t = time.perf_counter()
        store.read(lambda tx: tx.run("RETURN 1").single())
        xs.append(time.perf_counter() - t)
    return stats_ms(xs)


def clear_attributions(store: Neo4jStore) -> None:
    with store.driver.session(database=store.database) as s:
        s.run("MATCH ()-[a:ATTRIBUTED_TO]->() CALL (a) { DELETE a } IN TRANSACTIONS OF 20000 ROWS").consume()
        s.run("MATCH (r:Revision) WHERE r.of STARTS WITH 'att/' "
              "CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        s.run("MATCH (p:Policy) CALL (p) { DETACH DELETE p } IN TRANSACTIONS OF 1000 ROWS").consume()
        s.run("MATCH (r:Revision) WHERE r.of STARTS WITH 'policy:' DELETE r").consume()


def changed_policies() -> PolicySet:
    import yaml

    from graph.model.policy import POLICY_DIR

    base = yaml.safe_load((POLICY_DIR / "default.yaml").read_text(encoding="utf-8"))
    return PolicySet((policy_from_dict({"propagation": {"decay": 0.6, "acting_factor": 0.7},
                                        "version": "bench-changed"}, base),))


def full_runs(store: Neo4jStore, policies: PolicySet, workers: int = 1) -> dict:
    out: dict = {"workers": workers}
    clear_attributions(store)
    t = time.perf_counter()
    cold = recompute_all(store, policies, workers=workers)
    out["cold"] = {"seconds": round(time.perf_counter() - t, 2), **_counts(cold)}
    warm = []
    for _ in range(3):
        t = time.perf_counter()
        res = recompute_all(store, policies, workers=workers)
        warm.append(time.perf_counter() - t)
    out["warm"] = {"runs_s": [round(x, 2) for x in warm], "median_s": round(sorted(warm)[1], 2), **_counts(res)}
    t = time.perf_counter()
    changed = recompute_all(store, changed_policies(), workers=workers)
    out["policy_change"] = {"seconds": round(time.perf_counter() - t, 2), **_counts(changed)}
    t = time.perf_counter()
    back = recompute_all(store, policies, workers=workers)
    out["policy_back"] = {"seconds": round(time.perf_counter() - t, 2), **_counts(back)}
    return out


def _counts(res) -> dict:
    out = {k: getattr(res, k) for k in ("records", "reached", "created", "updated", "superseded", "unchanged", "gaps")}
    out["phases_s"] = {k: round(v, 2) for k, v in res.timings.items()}
    print(f"  {out}", file=sys.stderr, flush=True)
    return out


def subjects(store: Neo4jStore, rng: random.Random, n: int) -> list[tuple[str, str, date]]:
    """(subject id, source kind, act date): departments, contracts with a signing date, projects."""
    rows = store.read(lambda tx: tx.run(
        "MATCH (d:Department) WITH d ORDER BY d.id LIMIT 20000 RETURN d.id AS id, 'arrears' AS kind, null AS day "
        "UNION ALL MATCH (c:Contract) WHERE c.signed_on IS NOT NULL WITH c ORDER BY c.id LIMIT 20000 "
        "RETURN c.id AS id, 'contract_breach' AS kind, c.signed_on AS day "
        "UNION ALL MATCH (p:Project) WHERE p.start_date IS NOT NULL WITH p ORDER BY p.id LIMIT 20000 "
        "RETURN p.id AS id, 'arrears' AS kind, p.start_date AS day").data())
    picks = rng.sample(rows, n)
    out = []
    for r in picks:
        day = r["day"].to_native() if r["day"] is not None else date(2016, 1, 1)
        act = min(day + timedelta(days=rng.randint(30, 900)), date(2024, 6, 30))
        out.append((r["id"], r["kind"], act))
    return out


def incremental(store: Neo4jStore, policies: PolicySet, n: int, rng: random.Random) -> dict:
    prop, whole, reached = [], [], []
    for i, (subject, kind, act) in enumerate(subjects(store, rng, n)):
        rid = f"bench-rec-{int(time.time())}-{i}"
        body = RecordIn(id=rid, name=f"基准测试记录{i}", source_kind=kind, severity=rng.choice(["light", "general", "serious"]),
                        act_date=act, decided_on=act + timedelta(days=30), subject=subject,
                        source={"document": f"基准〔2024〕{i}号"})
        t = time.perf_counter()
        create_record(store, body, policies, propagate=False)
        t1 = time.perf_counter()
        res = propagate(store, [rid], policies)
        t2 = time.perf_counter()
        prop.append(t2 - t1)
        whole.append(t2 - t)
        reached.append(res.reached)
    return {"propagate_one": stats_ms(prop), "create_and_propagate": stats_ms(whole),
            "reached_per_record": round(sum(reached) / len(reached), 2), "records": n}


def files(store: Neo4jStore, policies: PolicySet, n: int, rng: random.Random) -> dict:
    ids = store.read(lambda tx: [r["id"] for r in tx.run(
        "MATCH (:DishonestyRecord)-[:ATTRIBUTED_TO|RECORD_SUBJECT]->(o:Official) "
        "WITH DISTINCT o ORDER BY o.id LIMIT 50000 RETURN o.id AS id")])
    sample = rng.sample(ids, min(n, len(ids)))
    as_of = datetime.now(UTC)  # the versions known now: reads and picks the superseded versions too
    for o in sample[:50]:  # warm up
        official_file(store, o, policies=policies)
    cur, asof, sizes = [], [], []
    for o in sample:
        t = time.perf_counter()
        f = official_file(store, o, policies=policies)
        cur.append(time.perf_counter() - t)
        sizes.append(len(f["records"]))
        t = time.perf_counter()
        official_file(store, o, as_of=as_of, policies=policies)
        asof.append(time.perf_counter() - t)
    return {"current": stats_ms(cur), "as_of": stats_ms(asof), "officials": len(sample),
            "records_per_file_mean": round(sum(sizes) / len(sizes), 2), "records_per_file_max": max(sizes)}


def markdown(res: dict) -> str:
    m, b, f, inc, fl = res["machine"], res["baseline_return1"], res["full"], res["incremental"], res["files"]
    lines = [
        "# Issue 4 benchmarks: propagation, incremental update, integrity file (Neo4j)",
        "",
        f"Run {res['when']} with `{res['command']}` (the home: a copy of the province loaded by",
        "`bench/province.py`; without `--home` the script loads the province itself on first use).",
        "Reproduce: `python -m bench.bench_records` (about 20 minutes on this machine, plus the first load).",
        f"Machine: {m['cores']} cores, {m['memory']}, {m['cpu']}; Python {m['python']}; {m['java']}; "
        f"Neo4j 5.26 Community, heap {res['heap']}, page cache {res['pagecache']}; "
        f"Bolt codec: {res['codec']}.",
        f"Data: generated province (seed 1): {res['counts'].get('DishonestyRecord')} records "
        f"({res['propagating_records']} propagate: subject not an official), "
        f"{res['counts'].get('Official')} officials, {res['counts'].get('HOLDS')} tenures, "
        f"{res['counts'].get('Post')} posts; {f['cold']['reached']} attributions.",
        f"Baseline `RETURN 1` round trip in the same run: median {b['median_ms']} ms, p99 {b['p99_ms']} ms.",
        f"Full recomputes: {f.get('workers', 1)} worker process(es) (`--workers`, default: the cores).",
        "",
        "| measure | target | result | spread | × RETURN 1 (median) | verdict |",
        "|---|---|---|---|---|---|",
    ]

    def row(name, target, value_s, spread, ratio, ok):
        lines.append(f"| {name} | {target} | {value_s} | {spread} | {ratio} | {'met' if ok else '**not met**'} |")

    cold, warm, chg = f["cold"], f["warm"], f["policy_change"]
    row("full propagation, cold (all created)", "≤ 10 s", f"{cold['seconds']} s", "1 run",
        f"{cold['seconds'] * 1000 / b['median_ms']:.0f}", cold["seconds"] <= 10)
    row("full propagation, warm (nothing changed)", "≤ 10 s", f"{warm['median_s']} s",
        f"runs {', '.join(map(str, warm['runs_s']))} s", f"{warm['median_s'] * 1000 / b['median_ms']:.0f}",
        warm["median_s"] <= 10)
    row("full propagation after a policy change (all new versions)", "≤ 10 s", f"{chg['seconds']} s", "1 run",
        f"{chg['seconds'] * 1000 / b['median_ms']:.0f}", chg["seconds"] <= 10)
    p1 = inc["propagate_one"]
    row(f"incremental update, one new record (n={inc['records']})", "median ≤ 50 ms", f"median {p1['median_ms']} ms",
        f"p25 {p1['p25_ms']}, p75 {p1['p75_ms']}, p99 {p1['p99_ms']} ms", f"{p1['median_ms'] / b['median_ms']:.1f}",
        p1["median_ms"] <= 50)
    c = fl["current"]
    row(f"integrity file fetch (n={fl['officials']})", "p99 ≤ 20 ms", f"p99 {c['p99_ms']} ms",
        f"median {c['median_ms']}, p25 {c['p25_ms']}, p75 {c['p75_ms']} ms", f"{c['median_ms'] / b['median_ms']:.1f}",
        c["p99_ms"] <= 20)
    a = fl["as_of"]
    row("integrity file as known on a date", "(p99 ≤ 20 ms)", f"p99 {a['p99_ms']} ms",
        f"median {a['median_ms']} ms", f"{a['median_ms'] / b['median_ms']:.1f}", a["p99_ms"] <= 20)
    w = inc["create_and_propagate"]
    lines += [
        "",
        f"Whole create (validate, write the record, propagate) per record: median {w['median_ms']} ms, "
        f"p99 {w['p99_ms']} ms; a new record reaches {inc['reached_per_record']} officials on average.",
        f"Full runs: cold {cold}; warm {warm}; policy change {chg}; back to the default policy {f['policy_back']}.",
        f"Files: {fl['records_per_file_mean']} records per file on average, at most {fl['records_per_file_max']}.",
        "",
        "## Reading the results",
        "",
        "* **Incremental update and integrity file: met.** A new record costs one facts read, one read of its",
        "  stored attributions and one write (about 9 × a `RETURN 1` round trip); a file is one read (two with",
        "  `as_of`: the superseded versions come in one more read).",
        "* **Full propagation: not met, and not reachable on this machine (blocked).** `phases_s` splits the",
        "  time (summed over batches and worker processes; `read_facts` runs in a reader thread, overlapped",
        "  with the rest): the facts read (one Cypher read per 2,000 records, returning compact rows), the",
        "  date logic in Python (the backtracking's `holders_on` and reporting-line rules for every route of",
        "  every record), and the writes. Since the second session new attributions are created in bulk",
        "  without the upsert's per-row version check (`write_changes(new_rels=...)`), and the batches are",
        "  shared among worker processes (`--workers`, one connection each). The first session's run (one",
        "  process, upserts only) measured cold 73.1 s, warm 31.6 s, policy change 65.0 s.",
        "* **Why 10 s is out of reach here:** `python -m bench.bench_attribution_writes`",
        "  ([benchmarks-write-floor.md](benchmarks-write-floor.md)) times Neo4j *only creating* the ~243k",
        "  attributions of a full run, with the properties the product stores (14 per attribution, routes",
        "  JSON ~0.5 kB) and nothing read or computed: 15.6 s with two parallel writers, 25.8 s with one",
        "  (ids only: 4.2 s). A cold run or a policy change must write all of them, so on 2 cores it cannot",
        "  finish in 10 s whatever the rest costs. A warm run writes nothing, but its facts read and its",
        "  Python date logic and hashing (the `read_facts` and `compute` phases) share the same 2 cores",
        "  with Neo4j.",
        "* What would move it on a bigger machine: more cores for the worker processes (already in place;",
        "  two workers took the warm run from 30.7 s to 20.7 s here), the date logic as one server-side Cypher",
        "  pass so that fact rows never leave the database, and a warm run that skips records whose facts",
        "  have not changed. In daily operation a full recompute is only needed after a bulk load or a",
        "  policy change; new, corrected, revoked and repaired records use the incremental path (median",
        "  about 10 ms).",
        "* The driver's Rust codec (`neo4j-rust-ext`, a dependency of the project) was used for this run; it",
        "  decodes the compact fact rows about 1.7× faster than the pure-Python codec (measured on city-scale",
        "  batches).",
        "",
        "Raw result:",
        "",
        "```json",
        dump(res),
        "```",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", default=str(CACHE / "neo4j-records-province-1"))
    ap.add_argument("--heap", default="4g")
    ap.add_argument("--pagecache", default="4g")
    ap.add_argument("--incremental", type=int, default=200)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--skip-full", action="store_true")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="worker processes of the full recomputes (default: the cores)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks-records.md"))
    ap.add_argument("--keep-running", action="store_true")
    ap.add_argument("--render", help="only write the Markdown of a saved JSON result")
    args = ap.parse_args()
    if args.render:
        import json

        Path(args.out).write_text(markdown(json.loads(Path(args.render).read_text(encoding="utf-8"))), encoding="utf-8")
        return 0
    rng = random.Random(args.seed)
    store, srv, info = open_province(Path(args.home), args.heap, args.pagecache)
    try:
        policies = load_policies()
        try:
            import neo4j._rust  # noqa: F401 - the optional Rust codec of the driver

            codec = "neo4j-rust-ext (Rust)"
        except ImportError:
            codec = "pure Python (neo4j-rust-ext not installed)"
        res = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "command": "python -m bench.bench_records " + " ".join(sys.argv[1:]),
               "machine": machine(), "heap": args.heap, "pagecache": args.pagecache, "codec": codec,
               "counts": store.counts(), "propagating_records": len(store.propagation_record_ids())}
        partial = CACHE / "bench_records.partial.json"
        partial.parent.mkdir(parents=True, exist_ok=True)
        res["baseline_return1"] = baseline(store)
        for name, fn in (("full", None if args.skip_full else lambda: full_runs(store, policies, args.workers)),
                         ("incremental", lambda: incremental(store, policies, args.incremental, rng)),
                         ("files", lambda: files(store, policies, args.files, rng))):
            if fn is None:
                continue
            print(f"{name} …", file=sys.stderr, flush=True)
            res[name] = fn()
            partial.write_text(dump(res), encoding="utf-8")
        res["baseline_return1_end"] = baseline(store)
        print(dump(res))
        if not args.skip_full:
            Path(args.out).write_text(markdown(res), encoding="utf-8")
            print(f"written {args.out}", file=sys.stderr)
    finally:
        store.close()
        if not args.keep_running:
            srv.stop(info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
