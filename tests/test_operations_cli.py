"""The CLI as an operator meets it: help on every option, the same validation (and message) as
the API for the same bad value, and what to run next after a load."""

from __future__ import annotations

import argparse

import pytest
from auth_helpers import authed_client
from cities import city

from api.app import create_app
from cli.main import build_parser, main
from graph.stores.memory.store import MemoryStore


def _undocumented(parser: argparse.ArgumentParser, path: str) -> list[str]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helped = {a.dest for a in action._choices_actions if a.help}
            for name, sub in action.choices.items():
                if name not in helped:
                    out.append(f"{path} {name} (command)")
                out += _undocumented(sub, f"{path} {name}")
        elif not isinstance(action, argparse._HelpAction) and not action.help:
            out.append(f"{path} {'/'.join(action.option_strings) or action.dest}")
    return out


def test_every_command_and_option_has_help():
    assert _undocumented(build_parser(), "retrace") == []


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    s = MemoryStore(d)
    city().write(s)
    s.close()
    monkeypatch.setenv("RETRACE_DATA_DIR", str(d))
    return d


@pytest.fixture
def api(tmp_path):
    s = MemoryStore(tmp_path / "api-store")
    city().write(s)
    with authed_client(create_app(store=s), s) as c:
        yield c
    s.close()


BAD_TURNOVER = [
    # (CLI arguments, API query, expected message)
    (["--kind", "contract"], {"kind": "contract"},
     "kind (the project kind): 'contract' is not one of ppp, investment_promotion, procurement, bidding, "
     "government_debt"),
    (["--kind", "bogus"], {"kind": "bogus"},
     "kind (the project kind): 'bogus' is not one of ppp, investment_promotion, procurement, bidding, "
     "government_debt"),
    (["--days", "0"], {"days": 0}, "days: must be between 1 and 3650, got 0"),
    (["--days", "4000"], {"days": 4000}, "days: must be between 1 and 3650, got 4000"),
    (["--limit", "0"], {"limit": 0}, "limit: must be between 1 and 1000, got 0"),
    (["--from", "2020-01-01", "--to", "2019-12-31"], {"from": "2020-01-01", "to": "2019-12-31"},
     "'to' is before 'from'"),
]


@pytest.mark.parametrize("cli_args, query, message", BAD_TURNOVER)
def test_turnover_cli_and_api_refuse_the_same_values_alike(data_dir, api, capsys, cli_args, query, message):
    assert main(["turnover", *cli_args]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == f"error: {message}" and "found" not in captured.out
    r = api.get("/api/v1/inspections/turnover-breaches", params=query)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == message


BAD_NEIGHBOURS = [
    (["--depth", "0"], {"depth": 0}, "depth must be between 1 and 3"),
    (["--depth", "4"], {"depth": 4}, "depth must be between 1 and 3"),
    (["--limit", "0"], {"limit": 0}, "limit must be between 1 and 500"),
]


@pytest.mark.parametrize("cli_args, query, message", BAD_NEIGHBOURS)
def test_neighbours_cli_and_api_refuse_the_same_values_alike(data_dir, api, capsys, cli_args, query, message):
    assert main(["neighbours", "g", *cli_args]) == 1
    assert capsys.readouterr().err.strip() == f"error: {message}"
    r = api.get("/api/v1/entities/g/neighbours", params=query)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == message


def test_turnover_kind_filters_by_project_kind(data_dir, api, capsys):
    # a good kind is accepted by both and gives the same count
    assert main(["turnover", "--days", "60", "--government", "g", "--kind", "ppp", "--json"]) == 0
    import json

    cli_total = json.loads(capsys.readouterr().out)["total"]
    r = api.get("/api/v1/inspections/turnover-breaches", params={"days": 60, "government": "g", "kind": "ppp"})
    assert r.status_code == 200 and r.json()["total"] == cli_total


def test_openapi_still_documents_the_turnover_limits(api):
    params = {p["name"]: p for p in
              api.get("/openapi.json").json()["paths"]["/api/v1/inspections/turnover-breaches"]["get"]["parameters"]}
    assert params["days"]["schema"]["minimum"] == 1 and params["days"]["schema"]["maximum"] == 3650
    assert params["kind"]["schema"]["enum"] == ["ppp", "investment_promotion", "procurement", "bidding",
                                                "government_debt"]


def _bundle(tmp_path):
    from loaders.generate import generate

    out = tmp_path / "bundle"
    generate(out, scale="demo", seed=3)
    return out


def test_load_says_to_propagate_when_records_are_unattributed(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RETRACE_DATA_DIR", str(tmp_path / "data"))
    bundle = _bundle(tmp_path)
    assert main(["load", str(bundle), "--no-progress"]) == 0
    out = capsys.readouterr()
    # the demo bundle's records that propagate: count them in the store the CLI wrote
    s = MemoryStore(tmp_path / "data")
    n = len(s.propagation_record_ids())
    s.close()
    assert n > 0
    assert (f"next: {n} dishonesty records are not attributed to officials yet; run `retrace propagate` "
            "(or load with --propagate)") in out.out
    assert "load " in out.err  # the load's duration
    assert main(["propagate"]) == 0
    capsys.readouterr()
    # once attributed, a reload that changes nothing prints no such line
    assert main(["load", str(bundle), "--no-progress"]) == 0
    assert "next:" not in capsys.readouterr().out


def test_load_with_propagate_needs_no_next_step(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RETRACE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RETRACE_METRICS_FILE", str(tmp_path / "load.prom"))
    assert main(["load", str(_bundle(tmp_path)), "--no-progress", "--propagate"]) == 0
    out = capsys.readouterr()
    assert "next:" not in out.out and "propagation:" in out.err
    prom = (tmp_path / "load.prom").read_text(encoding="utf-8")
    assert 'retrace_operation_duration_seconds_count{operation="load"}' in prom
    assert 'retrace_operation_duration_seconds_count{operation="propagation"}' in prom
