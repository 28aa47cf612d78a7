"""``retrace`` commands for network metrics, graph exports and the exchange with credit platforms.

    retrace metrics METRIC --government G [--projection typed|officials] [--from D] [--to D]
                    [--kinds K,K] [--engine igraph|networkx] [--k N] [--seed N] [--limit N] [--json]
    retrace export graph --government G --out FILE [--format graphml|gexf|nodes.csv|edges.csv]
                    [--metrics pagerank,degree,...] [--projection ...] [--from D] [--to D] [--kinds K,K]
    retrace export metric METRIC --government G --out FILE [--format csv|json] [...]
    retrace exchange records --out DIR [--since T] [--until T]   (records.json, records.csv, manifest.json)
    retrace exchange verify DIR

Exit codes as the other commands: 0 done, 1 not found or invalid (also: verification failed),
2/3 store errors. Hook into ``cli/main.py`` (in ``build_parser`` before ``return p``)::

    from cli.metrics_cmd import register as register_metrics; register_metrics(sub, COMMANDS)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cli.common import run
from graph.config import Settings

__all__ = ["register"]

Command = Callable[[argparse.Namespace, Settings], int]


def _split(s: str | None) -> list[str] | None:
    return [x.strip() for x in s.split(",") if x.strip()] if s else None


def _scope(args: argparse.Namespace) -> Any:
    from graph.metrics.scope import Scope

    return Scope(args.government, args.date_from, args.date_to)


def _write(path: str, chunks: Any) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for c in chunks:
            fh.write(c)
            n += len(c)
    return n


def cmd_metrics(args: argparse.Namespace, settings: Settings) -> int:
    from graph.metrics.compute import metric_page, metric_table

    def work(store: Any) -> dict[str, Any]:
        t = metric_table(store, _scope(args), args.metric, projection=args.projection, kinds=_split(args.kinds),
                         engine=args.engine, k=args.k, seed=args.seed)
        return metric_page(t, args.limit)

    def show(page: dict[str, Any]) -> None:
        s = page["summary"]
        print(f"{page['metric']} on {s['projection']} graph: {s['nodes']} nodes, {s['edges']} edges "
              f"({page['engine']}, {s['seconds']} s)")
        for k in ("mode", "k", "seed", "error_bound", "count", "modularity"):
            if k in s:
                print(f"  {k}: {s[k]}")
        for it in page["items"]:
            if "group" in it:
                print(f"  #{it['group']:<4} size {it['size']:<6} {', '.join(it['members'][:5])}")
            else:
                print(f"  {it['rank']:>4}. {it['value']!s:<22} {it['kind']:<16} {it['id']}  {it.get('name') or ''}")

    return run(args, settings, work, show)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from graph.exchange.exports import graph_export
    from graph.exchange.tables import metric_rows, table_csv, table_json
    from graph.metrics.compute import metric_table

    def work(store: Any) -> dict[str, Any]:
        if args.what == "graph":
            ex = graph_export(store, _scope(args), args.format, projection=args.projection,
                              kinds=_split(args.kinds), metrics=_split(args.metrics), engine=args.engine)
            size = _write(args.out, ex.chunks)
            return {"out": args.out, "nodes": ex.nodes, "edges": ex.edges, "characters": size}
        t = metric_table(store, _scope(args), args.metric, projection=args.projection, kinds=_split(args.kinds),
                         engine=args.engine, k=args.k, seed=args.seed)
        cols, rows = metric_rows(t)
        chunks = table_csv(cols, rows) if args.format == "csv" else table_json(cols, rows, meta=t.summary)
        return {"out": args.out, "rows": len(t.order), "characters": _write(args.out, chunks)}

    return run(args, settings, work, lambda r: print(", ".join(f"{k}: {v}" for k, v in r.items())))


def cmd_exchange(args: argparse.Namespace, settings: Settings) -> int:
    from graph.exchange import credit

    if args.action == "verify":
        root = Path(args.dir)
        doc = json.loads((root / "records.json").read_text(encoding="utf-8"))
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        problems = credit.verify(doc["records"], manifest)
        import hashlib

        if hashlib.sha256((root / "records.csv").read_bytes()).hexdigest() != manifest["sha256_records_csv"]:
            problems.append("records.csv: content hash differs")
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
        if not problems:
            print(f"verified: {manifest['count']} records {manifest['counts']}, next since {manifest['next_since']}")
        return 1 if problems else 0

    def work(store: Any) -> dict[str, Any]:
        inc = credit.increment(store, args.since, args.until)
        root = Path(args.out)
        root.mkdir(parents=True, exist_ok=True)
        with open(root / "records.json", "w", encoding="utf-8") as js, \
                open(root / "records.csv", "w", encoding="utf-8", newline="") as cs:
            js.write(json.dumps({"catalogue": credit.CATALOGUE}, ensure_ascii=False)[:-1] + ', "records": [\n')
            cs.write(credit.csv_header())
            for j, rec in enumerate(inc.records()):
                js.write(("," if j else "") + json.dumps(rec, ensure_ascii=False) + "\n")
                cs.write(credit.csv_line(rec))
            js.write("]}\n")
        manifest = inc.manifest()
        (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        return manifest

    return run(args, settings, work,
               lambda m: print(f"{m['count']} records {m['counts']} to {args.out}; next since {m['next_since']}"))


def register(sub: argparse._SubParsersAction, commands: dict[str, Command]) -> None:
    """Add the commands of this module to the ``retrace`` parser and the command table."""
    from graph.metrics.engines import ENGINES, METRICS
    from graph.metrics.projection import PROJECTIONS

    def scope(s: argparse.ArgumentParser) -> argparse.ArgumentParser:
        s.add_argument("--government", required=True, help="a government id (its subordinates are included)")
        s.add_argument("--from", dest="date_from", type=date.fromisoformat,
                       help="period start YYYY-MM-DD (facts valid from then on)")
        s.add_argument("--to", dest="date_to", type=date.fromisoformat,
                       help="period end YYYY-MM-DD, inclusive")
        s.add_argument("--projection", choices=PROJECTIONS, default="typed",
                       help="typed graph, or a derived graph (e.g. officials linked by shared chains)")
        s.add_argument("--kinds", help="typed graph: comma-separated node kinds")
        s.add_argument("--engine", choices=ENGINES, default="igraph",
                       help="igraph (fast path) or networkx (the reference)")
        s.add_argument("--k", type=int, help="betweenness: sampled sources")
        s.add_argument("--seed", type=int, default=0, help="random seed of sampled betweenness and communities")
        s.add_argument("--json", action="store_true", help="print JSON")
        return s

    s = scope(sub.add_parser("metrics", help="a network metric on a government's scope, top first"))
    s.add_argument("metric", choices=METRICS, help="the metric to compute")
    s.add_argument("--limit", type=int, default=20, help="how many nodes to print, top first")
    commands["metrics"] = cmd_metrics

    ex = sub.add_parser("export", help="the scoped graph (GraphML, GEXF, CSV) or a metric table (CSV, JSON)")
    es = ex.add_subparsers(dest="what", required=True)
    s = scope(es.add_parser("graph", help="the scoped graph as a file"))
    s.add_argument("--format", choices=["graphml", "gexf", "nodes.csv", "edges.csv"], default="graphml",
                   help="file format")
    s.add_argument("--metrics", help=f"comma-separated: {', '.join(METRICS)}")
    s.add_argument("--out", required=True, help="file to write")
    s = scope(es.add_parser("metric", help="a whole metric table"))
    s.add_argument("metric", choices=METRICS, help="the metric to export")
    s.add_argument("--format", choices=["csv", "json"], default="csv", help="file format")
    s.add_argument("--out", required=True, help="file to write")
    commands["export"] = cmd_export

    xc = sub.add_parser("exchange", help="published records for credit platforms, by record time")
    xs = xc.add_subparsers(dest="action", required=True)
    s = xs.add_parser("records", help="write records.json, records.csv and manifest.json of an increment")
    s.add_argument("--since", type=datetime.fromisoformat, help="exclusive start (the last manifest's next_since)")
    s.add_argument("--until", type=datetime.fromisoformat, help="inclusive end (default: now minus 5 s)")
    s.add_argument("--out", required=True, help="folder to write the increment into")
    s.add_argument("--json", action="store_true", help="print the manifest as JSON")
    s = xs.add_parser("verify", help="check an increment folder against its manifest")
    s.add_argument("dir", help="the increment folder (records.json, records.csv, manifest.json)")
    commands["exchange"] = cmd_exchange
