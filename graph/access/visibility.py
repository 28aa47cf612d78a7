"""Object level: which objects a role may know exist.

Objections, credit repairs and attributions (惩戒到人), and records that are not published, are
for inspectors (and the roles that include inspector). Anyone else is answered as if they did
not exist (404), and generic lists (search, neighbours) leave them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.model.enums import Role

__all__ = ["HIDDEN_NODE_KINDS", "HIDDEN_REL_TYPES", "hidden_object", "node_hidden", "rel_hidden", "sees_all"]

HIDDEN_NODE_KINDS = frozenset({"Objection", "CreditRepair"})
HIDDEN_REL_TYPES = frozenset({"OBJECTS_TO", "REPAIRS", "ATTRIBUTED_TO"})


def sees_all(effective: Iterable[Role]) -> bool:
    return Role.inspector in set(effective)


def node_hidden(kind: str, props: dict[str, Any]) -> bool:
    if kind in HIDDEN_NODE_KINDS:
        return True
    return kind == "DishonestyRecord" and props.get("published") is False


def rel_hidden(type_: str) -> bool:
    return type_ in HIDDEN_REL_TYPES


def hidden_object(store: Any, id_: str, effective: Iterable[Role]) -> bool:
    if sees_all(effective):
        return False
    node = store.get_node(id_)
    if node is not None:
        return node_hidden(node.kind, node.props)
    rel = store.get_rel(id_)
    return rel is not None and rel_hidden(rel.type)
