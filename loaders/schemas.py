"""JSON Schema of each bundle file's rows, derived from the domain models.

``docs/schemas/nodes/<Kind>.schema.json`` and ``docs/schemas/rels/<TYPE>.schema.json`` are written
by ``retrace schemas docs/schemas``; a test keeps the committed files equal to the models.
A JSON Lines row is one object of this schema; a CSV row has the same fields as columns, with the
source flattened to ``source_document``/``source_authority``/``source_url``/``source_path`` and
``attributes`` as a JSON string. ``source.file`` and ``source.line`` are set by the loader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from graph.model.schema import NODE_KINDS, REL_KINDS

__all__ = ["row_schema", "write_schemas"]


def row_schema(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["properties"].pop("recorded_at", None)
    src = schema.get("$defs", {}).get("Source")
    if src:
        for key in ("file", "line"):
            src["properties"].pop(key, None)
    schema["title"] = title
    schema["description"] = description
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def all_schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for k in NODE_KINDS.values():
        out[f"nodes/{k.label}.schema.json"] = row_schema(k.model, k.label, f"{k.label_zh}: one row of nodes/{k.label}.csv|jsonl")
    for r in REL_KINDS.values():
        desc = (f"{r.label_zh}: one row of rels/{r.type}.csv|jsonl; src is a {' or '.join(r.sources)}, "
                f"dst a {' or '.join(r.targets)}")
        out[f"rels/{r.type}.schema.json"] = row_schema(r.model, r.type, desc)
    return out


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    written = []
    for rel, schema in all_schemas().items():
        p = out_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(render(schema), encoding="utf-8")
        written.append(p)
    return written
