"""Declarations kept in step: JSON Schemas in docs/, relationship constraints in schema.cypher."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model.schema import NODE_KINDS, REL_KINDS
from loaders.schemas import all_schemas, render
from queries import catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("rel", sorted(all_schemas()))
def test_committed_json_schema_matches_models(rel):
    committed = (ROOT / "docs" / "schemas" / rel).read_text(encoding="utf-8")
    assert committed == render(all_schemas()[rel]), f"run: retrace schemas docs/schemas ({rel} is stale)"


def test_every_relationship_type_has_its_id_constraint():
    text = "\n".join(catalog.statements("schema"))
    for t in REL_KINDS:
        assert f"()-[r:{t}]-() REQUIRE r.id IS UNIQUE" in text


def test_relationship_kinds_name_known_node_kinds():
    for r in REL_KINDS.values():
        assert set(r.sources) <= set(NODE_KINDS) and set(r.targets) <= set(NODE_KINDS)


def test_catalog_refuses_names_outside_the_allow_list():
    with pytest.raises(ValueError):
        catalog.render("count_label", frozenset(NODE_KINDS), label="Official) DETACH DELETE (n")
    with pytest.raises(ValueError):
        catalog.render("count_label", frozenset(NODE_KINDS), label="Minister")
    with pytest.raises(ValueError):
        catalog.render("neighbours", depth=42)
    assert "MATCH (n:Official)" in catalog.render("count_label", frozenset(NODE_KINDS), label="Official")


def _projected(text: str, var: str) -> tuple[str, ...]:
    import re

    m = re.search(var + r" \{([^}]*)\}", text)
    return tuple(k.split(":")[0].strip().lstrip(".") for k in re.split(r",(?![^(]*\))", m.group(1)))


def test_memory_store_returns_the_keys_the_cypher_projects():
    from graph.stores.fact_rows import TENURE_KEYS
    from graph.stores.reads import FACT_NODE_KEYS, FACT_REL_KEYS

    facts = catalog.load("responsibility_facts")
    assert _projected(facts, "props: n") == FACT_NODE_KEYS
    assert _projected(facts, "props: r") == FACT_REL_KEYS
    for name in ("turnover_contracts", "turnover_commitments"):
        assert _tenure_columns(catalog.load(name)) == TENURE_KEYS


def _tenure_columns(text: str) -> tuple[str, ...]:
    """The tenure properties a turnover query collects as a list row (graph.stores.fact_rows.tenure)."""
    import re

    m = re.search(r"collect\(\[(t\.id,[^\]]*)\]\)", text)
    cols = [c.strip() for c in m.group(1).split(",")]
    assert cols[-2:] == ["o.id", "o.name"]
    return tuple(re.sub(r"^toString\((.*)\)$", r"\1", c)[2:] for c in cols[:-2])


def test_dates_read_as_iso_strings_are_turned_back_into_dates():
    """Keys a read projects with toString(...) come back as strings; graph.stores.neo4j.rows turns the
    ones in graph.stores.fact_rows.ISO_DATES back into dates, so every such key of the backtracking read must be there."""
    import re

    from graph.stores.fact_rows import ISO_DATES
    from graph.stores.neo4j.rows import props as _props

    keys = set(re.findall(r"(\w+): toString\(", catalog.load("responsibility_facts")))
    assert keys and keys <= ISO_DATES
    assert _props({"id": "t", "valid_from": "2016-11-20", "name": "2016-11-20", "x": None}) == {
        "id": "t", "valid_from": __import__("datetime").date(2016, 11, 20), "name": "2016-11-20"}
