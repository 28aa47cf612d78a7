"""Shared helpers for benchmarks: statistics, machine facts, bundles and a Neo4j server.

Benchmarks print a JSON result and (with --record) append a section to docs/benchmarks.md.
They are never run by the test suite: timings on shared machines are noisy.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("RETRACE_BENCH_CACHE", Path.home() / ".cache" / "retrace" / "bench"))


def stats_ms(samples_s: list[float]) -> dict[str, float]:
    """Median, p99, min, max and interquartile range of samples (seconds in, milliseconds out)."""
    xs = sorted(s * 1000 for s in samples_s)
    q = statistics.quantiles(xs, n=100, method="inclusive") if len(xs) > 1 else [xs[0]] * 99
    return {
        "n": len(xs), "median_ms": round(statistics.median(xs), 3), "p99_ms": round(q[98], 3),
        "p25_ms": round(q[24], 3), "p75_ms": round(q[74], 3),
        "min_ms": round(xs[0], 3), "max_ms": round(xs[-1], 3),
    }


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def machine() -> dict[str, Any]:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = fh.readline().split(":")[1].strip()
    except OSError:
        pass
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((line.split(":")[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[:1]
    return {"cores": os.cpu_count(), "memory": mem, "cpu": cpu, "python": platform.python_version(),
            "java": java[0] if java else None, "platform": platform.platform()}


def bundle(scale: str, seed: int = 1) -> Path:
    """A generated bundle, cached between runs (generation is deterministic)."""
    from loaders.generate import generate

    out = CACHE / f"bundle-{scale}-{seed}"
    marker = out / ".complete"
    if not marker.exists():
        t = time.perf_counter()
        generate(out, scale=scale, seed=seed)
        marker.write_text(f"{time.perf_counter() - t:.1f}s\n")
        print(f"generated {scale} bundle in {marker.read_text().strip()}", file=sys.stderr)
    return out


def neo4j_module():
    spec = importlib.util.spec_from_file_location("neo4j_server", ROOT / "scripts" / "neo4j_server.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_server"] = mod
    spec.loader.exec_module(mod)
    return mod


def record(title: str, body: str) -> None:
    """Append a result section to docs/benchmarks.md."""
    path = ROOT / "docs" / "benchmarks.md"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"\n### {title}\n\n{body}\n")


def dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)
