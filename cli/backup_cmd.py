"""``retrace backup`` / ``retrace restore`` (docs/security.md).

Embedded store (one step each; the store must not be served meanwhile for a restore):

    retrace backup DEST          consistent snapshot + access rows + audit chain + manifest
    retrace restore SRC          into an empty store; verifies counts and content hash

Neo4j (Neo4j's own offline dump/load; the server is stopped for the middle step):

    retrace backup DEST --manifest                 server running: counts and content hash
    retrace backup DEST --dump --neo4j-home H      server stopped: neo4j-admin database dump
    retrace restore SRC --load --neo4j-home H      server stopped: neo4j-admin database load
    retrace restore SRC --verify                   server running: counts and hash as in the manifest

Exit code 5 when a verification does not match.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from cli.common import open_store, print_json
from graph.config import Settings

__all__ = ["register"]

MANIFEST = "manifest.json"


def _neo4j_admin(args: argparse.Namespace, settings: Settings, action: str) -> int:
    from graph.stores.neo4j.admin import dump, load

    if not args.neo4j_home:
        print("error: --neo4j-home is required (the stopped server's home folder)", file=sys.stderr)
        return 2
    fn = dump if action == "dump" else load
    out = fn(Path(args.neo4j_home), settings.neo4j_database, Path(args.path), lib=args.neo4j_lib)
    print_json(out)
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    dest = Path(args.path)
    if settings.store_kind == "neo4j":
        if args.dump:
            return _neo4j_admin(args, settings, "dump")
        store = open_store(settings)
        try:
            manifest = {"store": "neo4j", "database": settings.neo4j_database, **cast(Any, store).content_digest()}
        finally:
            store.close()
        dest.mkdir(mode=0o700, parents=True, exist_ok=True)
        (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        (dest / MANIFEST).chmod(0o600)
        print_json(manifest)
        return 0
    store = open_store(settings)
    try:
        print_json(store.backup(dest))  # type: ignore[attr-defined]
    finally:
        store.close()
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    src = Path(args.path)
    if settings.store_kind == "neo4j" and args.load:
        return _neo4j_admin(args, settings, "load")
    store = open_store(settings)
    try:
        if settings.store_kind == "neo4j":
            want = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
            got = cast(Any, store).content_digest()
            res = {"ok": all(want[k] == v for k, v in got.items()), "expected": {k: want[k] for k in got},
                   "restored": got}
        else:
            res = store.restore(src)  # type: ignore[attr-defined]
    finally:
        store.close()
    print_json(res)
    return 0 if res["ok"] else 5


def register(sub: argparse._SubParsersAction, commands: dict[str, Callable[[argparse.Namespace, Settings], int]]) -> None:
    s = sub.add_parser("backup", help="back up the store (with a verifiable manifest)")
    s.add_argument("path", help="the backup folder to write")
    s.add_argument("--manifest", action="store_true", help="Neo4j: write the manifest (server running)")
    s.add_argument("--dump", action="store_true", help="Neo4j: neo4j-admin dump (server stopped)")
    s.add_argument("--neo4j-home", help="Neo4j: the server's home folder")
    s.add_argument("--neo4j-lib", help="folder of the Neo4j jars (default: NEO4J_HOME/lib)")
    commands["backup"] = _backup
    s = sub.add_parser("restore", help="restore a backup and verify counts and content hash")
    s.add_argument("path", help="the backup folder to restore")
    s.add_argument("--load", action="store_true", help="Neo4j: neo4j-admin load (server stopped)")
    s.add_argument("--verify", action="store_true", help="Neo4j: compare with the manifest (server running)")
    s.add_argument("--neo4j-home", help="Neo4j: the server's home folder")
    s.add_argument("--neo4j-lib", help="folder of the Neo4j jars (default: NEO4J_HOME/lib)")
    commands["restore"] = _restore
