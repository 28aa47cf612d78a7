"""Tables for the evaluation team as CSV and JSON, streamed: metric tables today; ratings and
warnings plug in through :data:`TABLE_SOURCES` when their capabilities exist.

Extension point: a capability registers ``TABLE_SOURCES["ratings"] = fn`` where ``fn(store,
**params)`` returns ``(columns, rows)`` (rows an iterator of lists); :func:`table_csv` and
:func:`table_json` then stream it like a metric table, and the export routes offer it by name.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from graph.errors import InvalidRequest
from graph.metrics.compute import GROUP_METRICS, MetricTable
from graph.stores.base import GraphStore

__all__ = ["TABLE_SOURCES", "metric_rows", "source_table", "table_csv", "table_json"]

CHUNK = 1000

#: name -> fn(store, **params) -> (columns, rows); ratings and warnings register here later
TABLE_SOURCES: dict[str, Callable[..., tuple[list[str], Iterator[list[Any]]]]] = {}


def metric_rows(table: MetricTable) -> tuple[list[str], Iterator[list[Any]]]:
    """Every row of a metric table, top first: rank, id, kind, name and value (or the group)."""
    p = table.projection
    net = p.net
    if table.metric in GROUP_METRICS:
        cols = ["rank", "id", "kind", "name", table.metric[:-1] if table.metric.endswith("s") else table.metric]

        def groups() -> Iterator[list[Any]]:
            rank = 0
            for group, nodes in table.order:
                for i in sorted(nodes, key=lambda i: net.ids[int(p.nodes[i])]):
                    rank += 1
                    g = int(p.nodes[i])
                    yield [rank, net.ids[g], net.kind_of(g), net.props[g].get("name"), group]
        return cols, groups()

    def scalars() -> Iterator[list[Any]]:
        for rank, i in enumerate(table.order, 1):
            g = int(p.nodes[i])
            yield [rank, net.ids[g], net.kind_of(g), net.props[g].get("name"), table.values[i]]
    return ["rank", "id", "kind", "name", table.metric], scalars()


def source_table(store: GraphStore, name: str, **params: Any) -> tuple[list[str], Iterator[list[Any]]]:
    if name not in TABLE_SOURCES:
        raise InvalidRequest(f"no table {name!r}; available: {', '.join(sorted(TABLE_SOURCES)) or 'none yet'}")
    return TABLE_SOURCES[name](store, **params)


def table_csv(columns: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(columns)
    for j, row in enumerate(rows):
        w.writerow(["" if v is None else v for v in row])
        if j % CHUNK == CHUNK - 1:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def table_json(columns: list[str], rows: Iterator[list[Any]], meta: dict[str, Any] | None = None) -> Iterator[str]:
    """``{"meta": ..., "columns": [...], "items": [{column: value}, ...]}``, streamed."""
    head = {"meta": meta or {}, "columns": columns}
    yield json.dumps(head, ensure_ascii=False, default=str)[:-1] + ', "items": ['
    buf: list[str] = []
    for j, row in enumerate(rows):
        buf.append(("," if j else "") + json.dumps(dict(zip(columns, row, strict=False)), ensure_ascii=False, default=str))
        if j % CHUNK == CHUNK - 1:
            yield "".join(buf)
            buf = []
    buf.append("]}")
    yield "".join(buf)
