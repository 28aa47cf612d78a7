"""The retrace command maps the one hierarchy of graph.errors to exit codes, as the API maps it to
statuses: each class carries its code."""

from __future__ import annotations

import argparse
import socket

import pytest

from cli.common import run
from cli.main import main
from graph import errors as E
from graph.config import Settings

CODES = {
    E.RetraceError: 70, E.InvalidRequest: 1, E.InvalidInput: 2, E.PayloadTooLarge: 1, E.InvalidWrite: 1,
    E.NotFoundError: 1, E.ConflictError: 4, E.Unauthorized: 5, E.Forbidden: 5, E.RateLimited: 6,
    E.ConfigError: 2, E.StoreError: 3, E.StoreFault: 3, E.StoreUnavailable: 3,
}


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("RETRACE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RETRACE_NEO4J_URI", raising=False)
    return Settings()


def test_the_table_covers_the_hierarchy():
    assert set(CODES) == {c for c in E.error_classes() if c.__module__ == "graph.errors"}


@pytest.mark.parametrize("cls", list(CODES), ids=lambda c: c.__name__)
def test_run_exits_with_the_code_of_the_class(cls, settings, capsys):
    def work(store):
        raise cls("what went wrong")

    assert run(argparse.Namespace(json=True), settings, work) == CODES[cls] == cls.exit_code
    err = capsys.readouterr().err
    assert err == f"{'conflict' if issubclass(cls, E.ConflictError) else 'error'}: what went wrong\n"


def test_an_unreachable_neo4j_exits_3(monkeypatch, capsys):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("RETRACE_NEO4J_URI", f"bolt://127.0.0.1:{port}")
    monkeypatch.setenv("RETRACE_NEO4J_PASSWORD", "x")
    assert main(["backtrack", "c1"]) == 3
    assert "Neo4j is unavailable" in capsys.readouterr().err


def test_an_unknown_kind_exits_1(settings, capsys):
    assert main(["search", "周", "--kind", "Minister"]) == 1
    assert "unknown node kind 'Minister'" in capsys.readouterr().err
