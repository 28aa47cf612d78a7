"""Field and object level filtering of answers for audiences that may not see personal data
(the public, api_client, analyst, evaluator).

* Keys ``id_hash``, ``birth_year``, ``gender`` are removed wherever they appear.
* ``attributes`` keep only the keys of :data:`ATTRIBUTE_ALLOW`.
* Every string has ID and mobile numbers masked (:func:`graph.access.personal.mask`).
* For callers who do not see everything (below inspector), list items that are hidden objects
  (:mod:`graph.access.visibility`) are dropped.
"""

from __future__ import annotations

from typing import Any

from graph.access.personal import mask
from graph.access.visibility import node_hidden, rel_hidden

__all__ = ["ATTRIBUTE_ALLOW", "PERSONAL_KEYS", "redact"]

PERSONAL_KEYS = frozenset({"id_hash", "birth_year", "gender", "birth_date", "id_number", "phone", "mobile"})
ATTRIBUTE_ALLOW = frozenset({"level", "region_code", "website", "category", "industry", "amount_unit"})


def _hidden_item(d: dict[str, Any]) -> bool:
    el = d.get("element")
    if el == "node" and isinstance(d.get("kind"), str):
        return node_hidden(d["kind"], d.get("properties") or {})
    if el == "relationship" and isinstance(d.get("kind"), str):
        return rel_hidden(d["kind"])
    return any(isinstance(d.get(k), dict) and _hidden_item(d[k]) for k in ("node", "via", "relationship"))


def redact(obj: Any, *, personal: bool, sees_all: bool) -> Any:
    if personal and sees_all:
        return obj
    if isinstance(obj, str):
        return obj if personal else mask(obj)
    if isinstance(obj, list):
        return [redact(x, personal=personal, sees_all=sees_all) for x in obj
                if sees_all or not (isinstance(x, dict) and _hidden_item(x))]
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if not personal:
                if k in PERSONAL_KEYS:
                    continue
                if k == "attributes" and isinstance(v, dict):
                    v = {a: b for a, b in v.items() if a in ATTRIBUTE_ALLOW}
            out[k] = redact(v, personal=personal, sees_all=sees_all)
        return out
    return obj
