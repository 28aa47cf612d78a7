"""What every ``retrace`` command uses: opening the configured store, printing JSON, and running
one piece of work on the store with domain errors turned into exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Callable

from graph.config import Settings
from graph.stores.base import GraphStore

__all__ = ["open_store", "print_json", "run"]


def open_store(settings: Settings) -> GraphStore:
    """The configured store, with its constraints and indexes applied."""
    from graph.stores.factory import open_store as open_configured

    store = open_configured(settings)
    store.init_schema()
    return store


def print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def run(args: argparse.Namespace, settings: Settings, work: Callable[[Any], Any],
        show: Callable[[Any], None] | None = None) -> int:
    """Open the store, run ``work(store)``, print the answer; domain errors become exit codes."""
    from graph.errors import InvalidRequest, NotFoundError
    from graph.stores.base import ConflictError

    store = open_store(settings)
    try:
        res = work(store)
        if hasattr(store, "checkpoint") and getattr(args, "_writes", False):
            store.checkpoint()
    except (InvalidRequest, NotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ConflictError as exc:
        print(f"conflict: {exc}", file=sys.stderr)
        return 4
    finally:
        store.close()
    if args.json or show is None:
        print_json(res)
    else:
        show(res)
    return 0
