"""The ``retrace`` command line.

    retrace demo                  generate demo data (first run), load it, serve API + page
    retrace serve                 serve the API on the configured store
    retrace init-db               apply constraints and indexes (idempotent)
    retrace load PATH             load a bundle folder; exit 1 if any row was rejected
    retrace generate --scale S --seed N OUT
    retrace get ID | search TEXT | neighbours ID
    retrace backtrack ID [--at signing|breach|YYYY-MM-DD]
    retrace import ocds|popolo FILE...
    retrace turnover --days N [--government ID] [--kind K] [--from D] [--to D]
    retrace checkpoint            write a snapshot of the embedded store, empty its journal

Exit code 5: the embedded store's data folder is open for writing by another process (one writer
per folder; the message names its PID): stop it first, or write through its API.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from cli.common import open_store, print_json, report, run
from graph.config import Settings
from graph.errors import RetraceError
from graph.model.enums import ProjectKind
from graph.stores.base import GraphStore
from graph.stores.memory.lock import DataFolderLock

__all__ = ["main"]

COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {}


def command(name: str) -> Callable[[Callable[..., int]], Callable[..., int]]:
    def wrap(fn: Callable[..., int]) -> Callable[..., int]:
        COMMANDS[name] = fn
        return fn

    return wrap


def _using(settings: Settings, fn: Callable[[GraphStore], Any]) -> Any:
    """Open the configured store, run ``fn`` on it, close it."""
    store = open_store(settings)
    try:
        return fn(store)
    finally:
        store.close()


@command("serve")
def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app
    from api.logs import configure

    if settings.store_kind == "memory":  # refuse here, in one line, rather than in the app's start-up
        probe = DataFolderLock(settings.data_dir)
        probe.acquire()
        probe.release()
    print(f"Retrace API on http://{args.host}:{args.port}/  (OpenAPI: /docs, metrics: /metrics; "
          f"store: {settings.store_kind})")
    # JSON lines with the request id; the demo, read by a person, writes plain lines unless told
    fmt = os.environ.get("RETRACE_LOG_FORMAT") or ("text" if args.command == "demo" else "json")
    configure(logging.DEBUG if args.verbose else logging.INFO, fmt)
    # uvicorn's access log is off: api.observability writes one line a request without query strings
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_config=None, access_log=False)
    return 0


@command("demo")
def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.bundle import load_bundle
    from loaders.generate import generate

    bundle = settings.data_dir / "demo-bundle"
    took: list[str] = []
    t0 = time.perf_counter()
    if not (bundle / "manifest.json").exists():
        print(f"generating demo data in {bundle} …")
        generate(bundle, scale="demo", seed=args.seed)
        took.append(f"generate {time.perf_counter() - t0:.1f} s")
    store = open_store(settings)
    try:
        t0 = time.perf_counter()
        report = load_bundle(store, bundle)
        took.append(f"load {time.perf_counter() - t0:.1f} s")
        from graph.records.propagation import recompute_all

        t0 = time.perf_counter()
        recompute_all(store)  # attribute the demo's dishonesty records to officials (惩戒到人)
        took.append(f"propagate {time.perf_counter() - t0:.1f} s")
        t = report.totals()
        print(f"demo data: {t['created']} created, {t['updated']} updated, {t['unchanged']} unchanged, "
              f"{t['rejected']} rejected ({', '.join(took)})")
        _demo_account(store, settings)
        if hasattr(store, "checkpoint"):
            store.checkpoint()
    finally:
        store.close()
    return cmd_serve(args, settings)


#: the demo's account: every role but admin, so a new user can try every page and route
DEMO_ROLES = ["inspector", "analyst", "evaluator", "reviewer"]


def _demo_account(store: GraphStore, settings: Settings) -> None:
    """In development only, a ``demo`` account with a fresh password, printed once; an existing
    account is left as it is (``retrace users password demo`` sets a new one)."""
    from graph.access import accounts

    if settings.environment != "development":
        return
    if any(u.get("id") == "demo" for u in accounts.list_users(store)):
        print("web page login: the existing account 'demo' (retrace users password demo sets a new password)")
        return
    password = secrets.token_urlsafe(12)
    accounts.create_user(store, "demo", password, DEMO_ROLES, by="demo")
    print(f"web page login (development only): user 'demo', password {password!r} "
          f"(roles {', '.join(DEMO_ROLES)})")


@command("init-db")
def cmd_init_db(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings)
    store.close()
    print(f"schema applied to the {settings.store_kind} store")
    return 0


def _unattributed(store: GraphStore) -> int:
    """How many records that propagate (subject not an official) have no active attribution."""
    ids = store.propagation_record_ids()
    attributed: set[str] = set()
    for i in range(0, len(ids), 5000):  # a province has ~86,000 such records: a few seconds in all
        attributed.update(r.src for r in store.attributions_of(ids[i:i + 5000], full=False)
                          if r.props.get("active", True))
    return len(set(ids) - attributed)


@command("load")
def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    from api import observability
    from loaders.bundle import BundleError, load_bundle

    unattributed = 0
    store = open_store(settings)
    try:
        t0 = time.perf_counter()
        with observability.timed("load"):
            report = load_bundle(store, args.path, progress=None if not args.no_progress else False,
                                 batch_size=args.batch_size)
        timings = [f"load {time.perf_counter() - t0:.1f} s"]
        if args.propagate:
            from graph.records.propagation import recompute_all

            t0 = time.perf_counter()
            with observability.timed("propagation"):
                res = recompute_all(store)
            timings.append(f"propagation {time.perf_counter() - t0:.1f} s")
            print(f"propagation: {res.summary()}", file=sys.stderr)
        else:
            unattributed = _unattributed(store)
        if hasattr(store, "checkpoint") and args.checkpoint:
            store.checkpoint()
    except BundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    written = observability.write_textfile()  # RETRACE_METRICS_FILE: for node_exporter's textfile collector
    print(", ".join(timings) + (f"; metrics written to {written}" if written else ""), file=sys.stderr)
    for f in report.files:
        w = f.written
        print(f"{f.file:<40} read {f.read:>8}  created {w.created:>8}  updated {w.updated:>6}  "
              f"unchanged {w.unchanged:>8}  rejected {f.rejected:>6}")
    t = report.totals()
    print(f"{'total':<40} read {t['read']:>8}  created {t['created']:>8}  updated {t['updated']:>6}  "
          f"unchanged {t['unchanged']:>8}  rejected {t['rejected']:>6}")
    if report.rejects:
        if args.rejects:
            report.write_rejects_csv(Path(args.rejects))
            print(f"reject report: {args.rejects}", file=sys.stderr)
        shown = report.rejects[:50]
        print(f"\n{len(report.rejects)} rejected (file:line: field: reason):", file=sys.stderr)
        for r in shown:
            print(f"  {r}", file=sys.stderr)
        if len(report.rejects) > len(shown):
            print(f"  … {len(report.rejects) - len(shown)} more (use --rejects FILE)", file=sys.stderr)
    if unattributed:
        print(f"\nnext: {unattributed} dishonesty records are not attributed to officials yet; "
              f"run `retrace propagate` (or load with --propagate)")
    return 1 if report.rejects else 0


@command("generate")
def cmd_generate(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.generate import generate

    counts = generate(Path(args.out), scale=args.scale, seed=args.seed)
    print_json(counts)
    return 0


@command("get")
def cmd_get(args: argparse.Namespace, settings: Settings) -> int:
    from graph.linked import browse as linked

    found = _using(settings, lambda store: linked.entity(store, args.id))
    if found is None:
        print(f"no entity with id {args.id!r}", file=sys.stderr)
        return 1
    print_json(found)
    return 0


@command("search")
def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from graph.linked import browse as linked

    page = _using(settings, lambda store: linked.search(store, args.kind, args.text, args.limit, None))
    for item in page["items"]:
        print(f"{item['id']:<32} {item['kind_label']:<10} {item['name']}")
    return 0


@command("neighbours")
def cmd_neighbours(args: argparse.Namespace, settings: Settings) -> int:
    from graph.linked import browse as linked

    page = _using(settings, lambda store: linked.neighbours(store, args.id, depth=args.depth, limit=args.limit))
    if page is None:
        print(f"no node with id {args.id!r}", file=sys.stderr)
        return 1
    for it in page["items"]:
        arrow = "→" if it["direction"] == "out" else "←"
        r, n = it["relationship"], it["node"]
        print(f"{it['depth']} {arrow} {r['kind_label']:<8} {n['id']:<32} {n['kind_label']:<8} {n['name']}")
    return 0


def _print_holding(indent: str, view: dict) -> None:
    post = view["post"]["name"]
    unit = f" @ {view['unit']['name']}" if view.get("unit") else ""
    print(f"{indent}{post}{unit} — {view['status_label']}")
    indent = " " * len(indent)
    for h in view["holders"]:
        t = h["tenure"]
        end = t["valid_to"] or ("结束日期不详" if t.get("end_unknown") else "今")
        flags = ("（代理）" if h["acting"] else "") + ("（不确定）" if not h["certain"] else "")
        src = t["source"].get("document") or t["source"].get("file") or ""
        print(f"{indent}  {h['official']['name']}{flags} 任期 {t['valid_from']} 至 {end}  [{t['id']}] {src}")
    for key, label in (("previous_tenure", "前任"), ("next_tenure", "继任")):
        t = view.get(key)
        if t:
            print(f"{indent}  {label}: {t['src']} {t['valid_from']} 至 {t['valid_to'] or '今'}  [{t['id']}]")


def _print_answer(a: dict) -> None:
    print(f"\n== {a['event_label']} {a['date']} ==")
    for st in a["stages"]:
        print(f"  [{st['stage']['stage_label'] or st['stage']['name']}] {st['stage']['name']}")
        if not st["responsibilities"]:
            print("    （该日无登记的政府方责任人）")
        for r in st["responsibilities"]:
            if r["assigned_to"] == "post":
                _print_holding("    ", r)
                for c in r["chain"]:
                    _print_holding("      ↑ ", c)
                print(f"      ⇒ {r['chain_end_label']}")
            else:
                print(f"    直接指定: {r['official']['name']}")
                for p in r["posts_held"]:
                    _print_holding("      ", p)
    for gp in a["government_principals"]:
        for pv in gp["principal_posts"]:
            _print_holding(f"  {gp['government']['name']} 主要负责人: ", pv)
    print(f"  证据: {len(a['evidence'])} 条关系（--json 查看全部）")


@command("backtrack")
def cmd_backtrack(args: argparse.Namespace, settings: Settings) -> int:
    from graph.responsibility.backtrack import backtrack

    def show(res: dict[str, Any]) -> None:
        subj = res["subject"]
        print(f"{subj['kind_label']} {subj['id']} {subj['name']}")
        for p in res["parties"]:
            print(f"  当事方: {p['name']}（{p['role_label']}）")
        for a in res["answers"]:
            _print_answer(a)
        print(f"\n{res['summary']}")

    return run(args, settings, lambda store: backtrack(store, args.id, args.at), show)


@command("turnover")
def cmd_turnover(args: argparse.Namespace, settings: Settings) -> int:
    from graph.responsibility.turnover import turnover_breaches

    def show(res: dict[str, Any]) -> None:
        print(f"{res['total']} found (showing {len(res['items'])}), window {args.days} days")
        for item in res["items"]:
            print(f"- {item['id']}: {item['summary']}")

    return run(args, settings, lambda store: turnover_breaches(
        store, days=args.days, government=args.government, kind=args.kind,
        date_from=args.date_from, date_to=args.date_to, limit=args.limit), show)


@command("import")
def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.ocds import import_ocds
    from loaders.popolo import import_popolo

    fn = import_ocds if args.format == "ocds" else import_popolo
    store = open_store(settings)
    try:
        report = fn(store, [Path(f) for f in args.files], encoding=args.encoding)
        if hasattr(store, "checkpoint"):
            store.checkpoint()
    finally:
        store.close()
    for line in report.summary_lines():
        print(line)
    return 0 if report.ok else 1


@command("schemas")
def cmd_schemas(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.schemas import write_schemas

    for p in write_schemas(Path(args.out)):
        print(p)
    return 0


@command("checkpoint")
def cmd_checkpoint(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings)
    try:
        if hasattr(store, "checkpoint"):
            store.checkpoint()
            print(f"snapshot written to {settings.data_dir}")
    finally:
        store.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="retrace", description="政务诚信责任回溯 — responsibility tracing")
    p.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    sub = p.add_subparsers(dest="command", required=True)
    iso = date.fromisoformat

    for name in ("serve", "demo"):
        s = sub.add_parser(name, help="serve the API" if name == "serve" else "load demo data and serve")
        s.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default %(default)s; 0.0.0.0 for every interface)")
        s.add_argument("--port", type=int, default=8000, help="TCP port (default %(default)s)")
        if name == "demo":
            s.add_argument("--seed", type=int, default=7,
                           help="seed of the synthetic demo data, used on the first run (default %(default)s)")
    sub.add_parser("init-db", help="apply constraints and indexes")
    s = sub.add_parser("load", help="load a bundle folder")
    s.add_argument("path", help="the bundle folder (docs/data-format.md)")
    s.add_argument("--rejects", help="write the reject report (CSV) here")
    s.add_argument("--batch-size", type=int, default=2000, help="rows per write transaction (default %(default)s)")
    s.add_argument("--no-progress", action="store_true", help="no progress bars")
    s.add_argument("--no-checkpoint", dest="checkpoint", action="store_false",
                   help="embedded store: leave the journal as it is")
    s.add_argument("--propagate", action="store_true",
                   help="then attribute every dishonesty record to officials (full recompute)")
    s = sub.add_parser("generate", help="write a synthetic bundle")
    s.add_argument("--scale", choices=["demo", "city", "province"], default="demo",
                   help="size: demo (a small city), city, province (1.35 million nodes); default %(default)s")
    s.add_argument("--seed", type=int, default=0, help="random seed; the same seed writes the same bundle "
                                                        "(default %(default)s)")
    s.add_argument("out", help="folder to write the bundle to")
    s = sub.add_parser("get", help="print an entity")
    s.add_argument("id", help="the entity's id")
    s = sub.add_parser("search", help="search nodes by name")
    s.add_argument("text", help="part of a (Chinese) name")
    s.add_argument("--kind", help="only nodes of this kind, e.g. Official (GET /api/v1/schema lists them)")
    s.add_argument("--limit", type=int, default=20, help="at most this many results (default %(default)s)")
    s = sub.add_parser("neighbours", help="list neighbours")
    s.add_argument("id", help="the node's id")
    s.add_argument("--depth", type=int, default=1, help="hops, 1 to 3 (default %(default)s)")
    s.add_argument("--limit", type=int, default=50, help="at most this many neighbours (default %(default)s)")
    sub.add_parser("checkpoint", help="snapshot the embedded store")
    s = sub.add_parser("import", help="import OCDS or Popolo files")
    s.add_argument("format", choices=["ocds", "popolo"], help="the files' format (docs/importers.md)")
    s.add_argument("files", nargs="+", help="JSON files to import")
    s.add_argument("--encoding", help="the files' encoding when it is not UTF-8 (e.g. gb18030)")
    s = sub.add_parser("schemas", help="write the JSON Schema of every bundle file")
    s.add_argument("out", nargs="?", default="docs/schemas", help="folder to write to (default %(default)s)")
    s = sub.add_parser("backtrack", help="who was responsible for a contract or project")
    s.add_argument("id", help="contract or project id")
    s.add_argument("--at", help="signing | breach | YYYY-MM-DD (default: signing and breach)")
    s.add_argument("--json", action="store_true", help="print JSON (the API's answer)")
    s = sub.add_parser("turnover", help="contracts/commitments broken soon after a change of holder")
    s.add_argument("--days", type=int, default=180, metavar="N",
                   help="N: at most this many days between the change of holder and the breach, "
                        "1 to 3650 (default %(default)s)")
    s.add_argument("--government", help="only this government (id) and its subordinate governments")
    s.add_argument("--kind", help="only projects of this kind: "
                                  + ", ".join(k.value for k in ProjectKind)
                                  + " (contracts and commitments both come back)")
    s.add_argument("--from", dest="date_from", type=iso, metavar="DATE", help="only breaches on or after YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", type=iso, metavar="DATE", help="only breaches on or before YYYY-MM-DD")
    s.add_argument("--limit", type=int, default=50, help="show at most this many, 1 to 1000 (default %(default)s)")
    s.add_argument("--json", action="store_true", help="print JSON (the API's answer)")
    from cli import access_cmd, backup_cmd, evaluation_cmd, metrics_cmd, records_cmd

    for module in (records_cmd, metrics_cmd, evaluation_cmd, access_cmd, backup_cmd):
        module.register(sub, COMMANDS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings()
        from graph.stores.writes import ACTOR

        ACTOR.set("cli")  # versions written from the command line name it as their actor
        return COMMANDS[args.command](args, settings)
    except RetraceError as exc:  # the exit code its class carries (graph.errors)
        return report(exc)
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return 0
    except ValueError as exc:  # an option that does not parse
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
