"""``generate(out_dir, scale, seed)``: the bundle's rows, then its manifest; and the command line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from graph.model.schema import NODE_KINDS, REL_KINDS
from loaders.generate.blocks import _Gen
from loaders.generate.dates import AS_OF
from loaders.generate.scales import SCALES
from loaders.generate.writer import _Out

GENERATOR = "retrace-synthetic"
GENERATOR_VERSION = 1


def generate(out_dir: str | Path, scale: str = "demo", seed: int = 0) -> dict[str, int]:
    """Write a synthetic bundle into ``out_dir``; return the number of rows per kind and type."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; known: {', '.join(SCALES)}")
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    manifest = root / "manifest.json"
    if manifest.exists():
        manifest.unlink()  # written last: its presence means the bundle is complete
    out = _Out(root)
    gen = _Gen(out, scale, seed)
    try:
        gen.run()
    finally:
        out.close()
    counts = dict(out.counts)
    data = {
        "generator": GENERATOR,
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "scale": scale,
        "as_of": AS_OF.isoformat(),
        "description": "合成数据（虚构的省、市、县、乡镇、公务员、企业、案号和文号），用于演示与测试",
        "source": {"authority": "Retrace 合成数据生成器", "document": f"synthetic/{scale}/seed-{seed}"},
        "counts": counts,
        "totals": {"nodes": sum(counts[k] for k in NODE_KINDS), "rels": sum(counts[t] for t in REL_KINDS)},
        "record_kinds": gen.kinds_seen,
        "demo": gen.demo,
    }
    tmp = root / "manifest.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(manifest)
    return counts


def _main(argv: Iterable[str] | None = None) -> int:  # pragma: no cover - thin CLI
    import argparse
    import time

    ap = argparse.ArgumentParser(description="write a synthetic Retrace bundle")
    ap.add_argument("out")
    ap.add_argument("--scale", choices=list(SCALES), default="demo")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(list(argv) if argv is not None else None)
    t = time.perf_counter()
    counts = generate(args.out, args.scale, args.seed)
    print(json.dumps(counts, ensure_ascii=False, indent=1))
    print(f"{sum(counts.values())} rows in {time.perf_counter() - t:.1f}s")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
