"""The normalised search key of a node: its name and its other names, folded for matching.

``search(kind, text)`` finds a node when the folded ``text`` occurs in one of its names: the
``name`` property, and the other names an importer kept in ``attributes.other_names`` (Popolo:
every name of a person or organisation, Chinese and Latin; Hong Kong and Taiwan legislators often
have their Chinese name only there) and ``attributes.name_zh``. Folding is Unicode NFKC (full-width
Latin letters and digits become ASCII, compatibility forms their usual ones) followed by case
folding, so ``JAMES``, ``james`` and ``ｊａｍｅｓ`` match ``James``.

The key is written with the node, as the property ``_search`` (see :func:`graph.stores.writes.node_write`;
derived data, so not part of the content hash and, like ``_hash``, not a public property). The
names are joined by a separator that a folded search text never contains, so a match never spans
two names. Neo4j indexes the key with a text index (``queries/schema.cypher``) and
:func:`graph.stores.neo4j.search.backfill_search_keys` writes it on nodes stored before it existed;
the embedded store computes it for such nodes when it reads them.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from typing import Any

__all__ = ["SEARCH_KEY", "fold", "names_of", "search_key", "search_text"]

SEARCH_KEY = "_search"
_SEP = "\n"


def fold(text: str) -> str:
    """``text`` as compared by search: NFKC, then case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _other_names(attributes: Any) -> Iterable[str]:
    if not isinstance(attributes, dict):
        return
    zh = attributes.get("name_zh")
    if isinstance(zh, str):
        yield zh
    others = attributes.get("other_names")
    if isinstance(others, list):
        for n in others:
            name = n.get("name") if isinstance(n, dict) else n
            if isinstance(name, str):
                yield name


def names_of(props: dict[str, Any]) -> list[str]:
    """The name and the other names of stored node properties, in order, without repeats."""
    names: list[str] = []
    if isinstance(props.get("name"), str):
        names.append(props["name"])
    raw = props.get("attributes_json")
    if isinstance(raw, str) and raw:
        try:
            attributes = json.loads(raw)
        except ValueError:
            attributes = None
        names.extend(_other_names(attributes))
    # distinct non-blank names, first occurrence first
    return [n for n in dict.fromkeys(names) if n.strip()]


def search_key(props: dict[str, Any]) -> str:
    """The folded names of a node joined by a line break ("" when it has none)."""
    keys: list[str] = []
    for name in names_of(props):
        k = " ".join(fold(name).split())  # line breaks and runs of spaces inside a name: one space
        if k not in keys:
            keys.append(k)
    return _SEP.join(keys)


def search_text(text: str) -> str:
    """A search text as matched against keys: folded, spaces collapsed like the names'."""
    return " ".join(fold(text).split())
