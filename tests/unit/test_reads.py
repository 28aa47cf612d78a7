"""The declared reads (graph/stores/reads.py) against their Cypher files, and the generic traversal
that answers them on the embedded store (graph/stores/memory/traverse.py)."""

from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx
import pytest

from graph.model.schema import NODE_KINDS, REL_KINDS
from graph.stores.memory.traverse import GraphView, run
from graph.stores.reads import READS, Read, Step
from queries import catalog

_BY_FILE: dict[str, list[Read]] = defaultdict(list)
for _read in READS.values():
    for _name in _read.cypher:
        _BY_FILE[_name].append(_read)


def _code(name: str) -> str:
    """The Cypher of a file without its comment lines (they name types in prose)."""
    return "\n".join(line for line in catalog.load(name).splitlines() if not line.strip().startswith("//"))


def _cypher_types(text: str) -> set[str]:
    types = set()
    for group in re.findall(r"\[\w*:([A-Z_|]+)", text):
        types.update(group.split("|"))
    return types


def _cypher_hops(text: str) -> list[tuple[int, int]]:
    return sorted((int(a), int(b)) for a, b in re.findall(r"\*(\d+)\.\.(\d+)", text))


def _steps(reads: list[Read]) -> list[Step]:
    return [s for r in reads for s in r.steps if isinstance(s, Step)]


@pytest.mark.parametrize("name", sorted(_BY_FILE))
def test_declaration_follows_the_relationship_types_of_its_cypher(name):
    declared = {t for r in _BY_FILE[name] for t in r.step_types()}
    assert declared == _cypher_types(_code(name))
    assert declared <= set(REL_KINDS)


@pytest.mark.parametrize("name", sorted(_BY_FILE))
def test_declaration_has_the_hop_limits_of_its_cypher(name):
    declared = sorted(s.hops for s in _steps(_BY_FILE[name]) if s.hops != (1, 1))
    assert declared == _cypher_hops(_code(name))


@pytest.mark.parametrize("name", sorted(_BY_FILE))
def test_declared_property_conditions_are_in_the_cypher(name):
    text = _code(name)
    for s in _steps(_BY_FILE[name]):
        for key, value in s.where + s.rel_where:
            literal = f"'{value}'" if isinstance(value, str) else str(value).lower()
            assert f"{key}: {literal}" in text, f"{s.name}: {key} = {value!r} is not in {name}.cypher"


def test_declarations_name_known_kinds_and_earlier_sets():
    for name, read in READS.items():
        assert set(read.root_kinds) <= set(NODE_KINDS), name
        known = {"root"}
        for s in read.steps:
            assert set(s.start) <= known, f"{name}: {s.name} starts from an unknown set"
            for kinds in (getattr(s, "kinds", None) or (), getattr(s, "not_kinds", ()), getattr(s, "from_kinds", None) or ()):
                assert set(kinds) <= set(NODE_KINDS), f"{name}: {s.name}"
            known.add(s.name)


# --- the traversal -----------------------------------------------------------------------------------


def _chain(n: int, cycle: bool = False) -> GraphView:
    """Posts q0 -> q1 -> ... -> q{n-1} by REPORTS_TO (and back to q0 when ``cycle``)."""
    g = nx.MultiDiGraph()
    by_kind: dict[str, set[str]] = defaultdict(set)
    for i in range(n):
        g.add_node(f"q{i}", kind="Post", props={"id": f"q{i}"})
        by_kind["Post"].add(f"q{i}")
    for i in range(n - 1 + cycle):
        g.add_edge(f"q{i}", f"q{(i + 1) % n}", key=f"l{i}", type="REPORTS_TO", props={"id": f"l{i}"})
    return GraphView(g, by_kind)


def _lines(hops: tuple[int, int]) -> Read:
    return Read(cypher=(), root_kinds=("Post",),
                steps=(Step("up", ("root",), ("REPORTS_TO",), hops=hops, kinds=("Post",)),))


def test_a_multi_hop_step_stops_at_its_limit():
    found = run(_lines((1, 8)), _chain(12), ["q0"])
    assert found.sets["up"] == {f"q{i}" for i in range(1, 9)}
    assert sorted(found.rels) == sorted(f"l{i}" for i in range(8))  # every line on a path of at most 8 hops


def test_a_zero_hop_step_includes_its_start_and_a_cycle_ends():
    found = run(_lines((0, 7)), _chain(4, cycle=True), ["q0"])
    assert found.sets["up"] == {"q0", "q1", "q2", "q3"}
    assert sorted(found.rels) == ["l0", "l1", "l2", "l3"]


def test_roots_of_other_kinds_or_unknown_are_left_out():
    found = run(_lines((1, 1)), _chain(2), ["q0", "nope"])
    assert found.sets["root"] == {"q0"} and found.sets["up"] == {"q1"}
