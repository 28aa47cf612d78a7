"""What every ``retrace`` command uses: opening the configured store, printing JSON, and running
one piece of work on the store with the errors of graph.errors turned into exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from graph.config import Settings
from graph.errors import ConflictError, RetraceError
from graph.stores.base import GraphStore

__all__ = ["open_store", "print_json", "report", "run"]


def open_store(settings: Settings) -> GraphStore:
    """The configured store, with its constraints and indexes applied."""
    from graph.stores.factory import open_store as open_configured

    store = open_configured(settings)
    store.init_schema()
    return store


def print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def report(exc: RetraceError) -> int:
    """Print an error of the hierarchy on stderr; its class's exit code (see graph.errors)."""
    print(f"{'conflict' if isinstance(exc, ConflictError) else 'error'}: {exc}", file=sys.stderr)
    return exc.exit_code


def run(args: argparse.Namespace, settings: Settings, work: Callable[[Any], Any],
        show: Callable[[Any], None] | None = None) -> int:
    """Open the store, run ``work(store)``, print the answer; errors of the hierarchy become the
    exit code their class carries (1 refused or not found, 3 store fault, 4 conflict, …)."""
    store = open_store(settings)
    try:
        res = work(store)
        if hasattr(store, "checkpoint") and getattr(args, "_writes", False):
            store.checkpoint()
    except RetraceError as exc:
        return report(exc)
    finally:
        store.close()
    if args.json or show is None:
        print_json(res)
    else:
        show(res)
    return 0
