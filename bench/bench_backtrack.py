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
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, dump, machine, record, stats_ms
from bench.province import province_store
from graph.responsibility.backtrack import backtrack
from graph.responsibility.turnover import turnover_breaches
from queries import catalog


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


def _cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds of running processes (from /proc)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(x) for x in out]


def _wrk(base: str, ids: list[str], clients: int, seconds: int) -> dict:
    """Closed-loop load from wrk (C, two threads): random contracts of the sample, --latency."""
    import re
    import tempfile

    paths = ",".join(f'"/api/v1/contracts/{cid}/responsibility"' for cid in ids)
    script = (f"paths = {{{paths}}}\nmath.randomseed(42)\n"
              "request = function() return wrk.format(\"GET\", paths[math.random(#paths)]) end\n"
              "done = function(summary, latency, requests)\n"
              "  io.write(string.format(\"non2xx=%d errors=%d\\n\", summary.errors.status,"
              " summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))\n"
              "end\n")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        cmd = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s", "--latency", "-s", f.name, base]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)

    def ms(v: str, unit: str) -> float:
        return round(float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 3)

    pct = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    n = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"non2xx=(\d+) errors=(\d+)", out)
    return {"generator": f"wrk -t{min(2, clients)} (closed loop)", "n": n, "median_ms": pct["50"], "p75_ms": pct["75"],
            "p90_ms": pct["90"], "p99_ms": pct["99"], "throughput_rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "errors": int(bad.group(1)) + int(bad.group(2)) if bad else None}


def _httpx(base: str, ids: list[str], clients: int, per_client: int) -> dict:
    """Closed-loop load from Python threads (httpx), when wrk is not installed."""
    import httpx

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
    out.update(generator="httpx threads (closed loop)", errors=len(errors), throughput_rps=round(len(lat) / wall, 1))
    return out


def api_load(info, ids: list[str], clients: int, per_client: int, seconds: int = 30) -> dict:
    """uvicorn (2 workers) on loopback against the province server; wrk when installed (a load
    generator in C takes little of the 2 cores), else Python threads. Reports the CPU each side
    used per request: with every core busy, Little's law bounds the mean latency from below by
    clients / throughput."""
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
        api_pids = [proc.pid, *_children(proc.pid)]
        wrk = shutil.which("wrk") is not None
        if wrk:
            _wrk(base, ids, clients, 5)  # warm-up: connections, worker caches
        db0, api0, t0 = _cpu_s([info.pid]), _cpu_s(api_pids), time.perf_counter()
        out = _wrk(base, ids, clients, seconds) if wrk else _httpx(base, ids, clients, per_client)
        reqs = out["n"] if wrk else out["throughput_rps"] * (time.perf_counter() - t0)
        db, api = _cpu_s([info.pid]) - db0, _cpu_s(api_pids) - api0
        out.update(clients=clients, cores=os.cpu_count(),
                   cpu_ms_per_request={"neo4j": round(db * 1000 / reqs, 2), "api": round(api * 1000 / reqs, 2)},
                   littles_law_mean_ms=round(clients / out["throughput_rps"] * 1000, 1))
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
        result["api_e2e_one_client"] = api_load(info, sample, 1, args.per_client * 4)
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
