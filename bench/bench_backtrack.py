"""Backtracking latency on province-scale data in Neo4j (issue 3 targets).

    python -m bench.bench_backtrack [--scale province] [--contracts 1000] [--record]

Measures, warm, over N random contracts (seeded):
* in the database: the server-reported time (result available + consumed) of the one read
  `queries/responsibility_facts.cypher`: target p99 <= 15 ms;
* the client round trip of that read, against the `RETURN 1` round trip measured in the same
  run: target median <= 5x;
* the full answer (read + Python date logic) in-process;
* API end to end: `GET /api/v1/contracts/{id}/responsibility` with 16 concurrent clients
  against uvicorn on loopback: target p99 <= 30 ms;
* the turnover-breach listing of the whole province (days=365): target <= 2 s.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, dump, machine, record, stats_ms  # noqa: E402
from bench.province import province_store  # noqa: E402
from graph.responsibility import backtrack  # noqa: E402
from graph.turnover import turnover_breaches  # noqa: E402
from queries import catalog  # noqa: E402


def server_time(store, text: str, params: dict) -> float:
    def work(tx):
        res = tx.run(text, params)
        res.data()
        s = res.consume()
        return (s.result_available_after + s.result_consumed_after) / 1000.0

    return store.read(work)


def client_time(store, fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def api_load(info, ids: list[str], clients: int, per_client: int) -> dict:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, RETRACE_NEO4J_URI=info.uri, RETRACE_NEO4J_USER=info.user,
               RETRACE_NEO4J_PASSWORD=info.password, RETRACE_NEO4J_DATABASE=info.database)
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--workers", "2"],
        cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        lat: list[float] = []
        errors = []
        lock = threading.Lock()

        def worker(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(base_url=base, timeout=30) as c:
                for i in range(per_client + 5):
                    cid = rng.choice(ids)
                    t = time.perf_counter()
                    r = c.get(f"/api/v1/contracts/{cid}/responsibility")
                    dt = time.perf_counter() - t
                    if r.status_code != 200:
                        errors.append(r.status_code)
                    elif i >= 5:  # first requests of each client warm its connection
                        with lock:
                            lat.append(dt)

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
        t0 = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
        out = stats_ms(lat)
        out.update(clients=clients, errors=len(errors), throughput_rps=round(len(lat) / wall, 1))
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="province")
    ap.add_argument("--contracts", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--per-client", type=int, default=100)
    ap.add_argument("--keep-running", action="store_true")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    store, srv, info, load = province_store(args.scale)
    result: dict = {"machine": machine(), "scale": args.scale, "load": load}
    try:
        counts = store.counts()
        result["data"] = {k: counts.get(k, 0) for k in ("Official", "Post", "HOLDS", "Project", "Contract",
                                                       "Commitment", "DishonestyRecord")}
        result["data"]["nodes_total"] = sum(v for k, v in counts.items() if k[0].isupper() and not k.isupper())
        ids = sorted(r["id"] for r in store.read(lambda tx: tx.run("MATCH (c:Contract) RETURN c.id AS id").data()))
        sample = random.Random(42).sample(ids, min(args.contracts, len(ids)))
        text = catalog.load("responsibility_facts")
        ping = catalog.load("ping")
        for cid in sample:  # warm caches and the query plan
            store.responsibility_facts(cid)
        for _ in range(200):
            store.run_read("ping")
        result["return1_roundtrip"] = stats_ms([client_time(store, lambda: store.run_read("ping")) for _ in range(2000)])
        result["return1_in_db"] = stats_ms([server_time(store, ping, {}) for _ in range(500)])
        result["facts_in_db"] = stats_ms([server_time(store, text, {"id": c}) for c in sample])
        result["facts_roundtrip"] = stats_ms([client_time(store, lambda c=c: store.responsibility_facts(c)) for c in sample])
        result["backtrack_full"] = stats_ms([client_time(store, lambda c=c: backtrack(store, c)) for c in sample])
        result["ratio_median_facts_to_return1"] = round(
            result["facts_roundtrip"]["median_ms"] / result["return1_roundtrip"]["median_ms"], 2)
        sizes = [len(store.responsibility_facts(c)[1]) for c in sample[:200]]
        result["facts_rels_per_contract"] = {"median": sorted(sizes)[len(sizes) // 2], "max": max(sizes)}
        turn = [client_time(store, lambda: turnover_breaches(store, days=365, limit=1000)) for _ in range(5)]
        result["turnover_province_days365"] = stats_ms(turn)
        result["turnover_found"] = turnover_breaches(store, days=365, limit=1)["total"]
        result["api_e2e"] = api_load(info, sample, args.clients, args.per_client)
    finally:
        store.close()
        if not args.keep_running:
            srv.stop(info)
    print(dump(result))
    if args.record:
        record(f"Backtracking, {args.scale} scale, Neo4j ({time.strftime('%Y-%m-%d')})",
               f"Command: `python -m bench.bench_backtrack --scale {args.scale} --contracts {args.contracts}`\n\n"
               "```json\n" + dump(result) + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
