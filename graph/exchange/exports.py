"""One export of the scoped graph: which file, its media type and name, and its chunks.

The metric values asked for (``metrics=["pagerank", "degree", ...]``) are computed (or taken from
the cache) on the same projection and written as node attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.errors import InvalidRequest
from graph.exchange import graph_files
from graph.metrics.compute import metric_table, projection_of
from graph.metrics.engines import METRICS
from graph.metrics.scope import Scope
from graph.stores.base import GraphStore

__all__ = ["Export", "graph_export"]

_WRITERS: dict[str, Callable[..., Iterator[str]]] = {
    "graphml": graph_files.graphml, "gexf": graph_files.gexf,
    "nodes.csv": graph_files.nodes_csv, "edges.csv": graph_files.edges_csv,
}


@dataclass
class Export:
    media_type: str
    filename: str
    chunks: Iterator[str]
    nodes: int
    edges: int


def graph_export(
    store: GraphStore, scope: Scope, fmt: str, *, projection: str = "typed", kinds: list[str] | None = None,
    metrics: list[str] | None = None, engine: str = "igraph", **metric_params: Any,
) -> Export:
    if fmt not in _WRITERS:
        raise InvalidRequest(f"unknown format {fmt!r}; known: {', '.join(_WRITERS)}")
    bad = [m for m in metrics or () if m not in METRICS]
    if bad:
        raise InvalidRequest(f"unknown metrics {bad}; known: {', '.join(METRICS)}")
    p = projection_of(store, scope, projection, kinds)
    values = {m: metric_table(store, scope, m, projection=projection, kinds=kinds, engine=engine,
                              **metric_params).values for m in metrics or ()}
    media, suffix = graph_files.FORMATS[fmt]
    edges = p.m if p.rel_index is None else int(p.rel_index.shape[0])
    name = f"retrace-{projection}-{scope.government.replace('/', '_')}.{suffix}"
    return Export(media, name, _WRITERS[fmt](p, values), p.n, edges)
