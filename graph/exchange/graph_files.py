"""The scoped graph as files for Gephi and other tools: GraphML, GEXF 1.2, CSV node and edge lists.

Every writer is a generator of text chunks (a few hundred nodes or edges each), so an HTTP
response or a file receives the document as it is produced; the document is never built whole
in memory (the indexed network it is read from is, see :mod:`graph.metrics.network`).

Nodes carry ``label`` (the zh-CN name), ``kind`` and ``kind_zh``, their dates, their grade (the
government level, the post's rank, a record's severity, with zh-CN labels), status fields and the
metric values asked for. Edges of the typed graph are the relationships themselves (id, type,
zh-CN label, valid-time extent); edges of the officials graph are the derived links with their
weight.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.metrics.projection import Projection
from graph.model.enums import GovLevel, RecordStatus, Severity
from graph.model.schema import NODE_KINDS, REL_KINDS

__all__ = ["EDGE_FIELDS", "FORMATS", "NODE_FIELDS", "edges_csv", "gexf", "graphml", "nodes_csv"]

CHUNK = 500
FORMATS = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "nodes.csv": ("text/csv; charset=utf-8", "nodes.csv"),
    "edges.csv": ("text/csv; charset=utf-8", "edges.csv"),
}

#: node attributes: (name, type) — types as GraphML/GEXF name them
NODE_FIELDS: list[tuple[str, str]] = [
    ("label", "string"), ("kind", "string"), ("kind_zh", "string"),
    ("grade", "string"), ("grade_zh", "string"), ("status", "string"), ("status_zh", "string"),
    ("subtype", "string"), ("is_principal", "boolean"), ("division_code", "string"),
    ("valid_from", "string"), ("valid_to", "string"), ("signed_on", "string"), ("breached_on", "string"),
    ("made_on", "string"), ("broken_on", "string"), ("effective_on", "string"), ("decided_on", "string"),
]
EDGE_FIELDS: list[tuple[str, str]] = [
    ("type", "string"), ("type_zh", "string"), ("valid_from", "string"), ("valid_to", "string"),
    ("end_unknown", "boolean"), ("acting", "boolean"), ("weight", "double"),
]
_METRIC_TYPES = {"pagerank": "double", "betweenness": "double", "degree": "int", "kcore": "int",
                 "components": "int", "communities": "int"}
_DATES = ("valid_from", "valid_to", "signed_on", "breached_on", "made_on", "broken_on", "effective_on", "decided_on")


def _zh(enum: Any, value: Any) -> str | None:
    try:
        return enum(value).label if value is not None else None
    except ValueError:
        return None


def node_attrs(p: Projection, i: int, metrics: dict[str, list[Any]]) -> dict[str, Any]:
    g = int(p.nodes[i])
    kind = p.net.kind_of(g)
    props = p.net.props[g]
    out: dict[str, Any] = {"label": props.get("name") or p.net.ids[g], "kind": kind,
                           "kind_zh": NODE_KINDS[kind].label_zh}
    if kind == "Government":
        out["grade"], out["grade_zh"] = props.get("level"), _zh(GovLevel, props.get("level"))
    elif kind == "Post":
        out["grade"] = out["grade_zh"] = props.get("rank")
    elif kind == "DishonestyRecord":
        out["grade"], out["grade_zh"] = props.get("severity"), _zh(Severity, props.get("severity"))
        out["status_zh"] = _zh(RecordStatus, props.get("status"))
    if "status" in props:
        out["status"] = props["status"]
    sub = props.get("kind") or props.get("stage") or props.get("source_kind") or props.get("category")
    if sub is not None:
        out["subtype"] = sub
    for k in ("is_principal", "division_code", *_DATES):
        v = props.get(k)
        if v is not None:
            out[k] = v.isoformat() if isinstance(v, date) else v
    for name, values in metrics.items():
        out[name] = values[i]
    return {k: v for k, v in out.items() if v is not None}


def edge_rows(p: Projection) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(id, source id, target id, attributes) of every edge of the export."""
    ids = p.net.ids
    if p.rel_index is not None:  # typed: the relationships themselves
        types = list(REL_KINDS)
        for r in p.rel_index.tolist():
            t = types[p.net.rel_type[r]]
            attrs: dict[str, Any] = {"type": t, "type_zh": REL_KINDS[t].label_zh}
            for k, v in p.net.rel_props[r].items():
                if v is not None and v is not False:
                    attrs[k] = v.isoformat() if isinstance(v, date) else v
            yield p.net.rel_ids[r], ids[p.net.src[r]], ids[p.net.dst[r]], attrs
    else:  # derived: the links, with their weight
        w = p.weights.tolist() if p.weights is not None else None
        for j, (a, b) in enumerate(p.edges.tolist()):
            attrs = {"type": "LINKED", "type_zh": "责任关联"}
            if w is not None:
                attrs["weight"] = float(w[j])
            yield f"e{j}", p.node_id(a), p.node_id(b), attrs


def _metric_fields(metrics: dict[str, list[Any]]) -> list[tuple[str, str]]:
    return [(name, _METRIC_TYPES.get(name, "double")) for name in metrics]


def _val(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def graphml(p: Projection, metrics: dict[str, list[Any]] | None = None) -> Iterator[str]:
    metrics = metrics or {}
    nfields = NODE_FIELDS + _metric_fields(metrics)
    nkey = {name: f"n{j}" for j, (name, _t) in enumerate(nfields)}
    ekey = {name: f"e{j}" for j, (name, _t) in enumerate(EDGE_FIELDS)}
    head = ['<?xml version="1.0" encoding="UTF-8"?>\n',
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n']
    for name, t in nfields:
        head.append(f'  <key id="{nkey[name]}" for="node" attr.name="{name}" attr.type="{t}"/>\n')
    for name, t in EDGE_FIELDS:
        head.append(f'  <key id="{ekey[name]}" for="edge" attr.name="{name}" attr.type="{t}"/>\n')
    head.append(f'  <graph id={quoteattr(p.net.root)} edgedefault="{"directed" if p.directed else "undirected"}">\n')
    yield "".join(head)
    buf: list[str] = []
    for i in range(p.n):
        attrs = node_attrs(p, i, metrics)
        buf.append(f"    <node id={quoteattr(p.node_id(i))}>")
        buf.extend(f'<data key="{nkey[k]}">{escape(_val(v))}</data>' for k, v in attrs.items())
        buf.append("</node>\n")
        if i % CHUNK == CHUNK - 1:
            yield "".join(buf)
            buf = []
    for j, (eid, s, t, attrs) in enumerate(edge_rows(p)):
        buf.append(f"    <edge id={quoteattr(eid)} source={quoteattr(s)} target={quoteattr(t)}>")
        buf.extend(f'<data key="{ekey[k]}">{escape(_val(v))}</data>' for k, v in attrs.items() if k in ekey)
        buf.append("</edge>\n")
        if j % CHUNK == CHUNK - 1:
            yield "".join(buf)
            buf = []
    buf.append("  </graph>\n</graphml>\n")
    yield "".join(buf)


_GEXF_TYPES = {"string": "string", "boolean": "boolean", "double": "double", "int": "integer"}


def gexf(p: Projection, metrics: dict[str, list[Any]] | None = None) -> Iterator[str]:
    metrics = metrics or {}
    nfields = [f for f in NODE_FIELDS if f[0] != "label"] + _metric_fields(metrics)
    nkey = {name: str(j) for j, (name, _t) in enumerate(nfields)}
    efields = [f for f in EDGE_FIELDS if f[0] != "weight"]
    ekey = {name: str(j) for j, (name, _t) in enumerate(efields)}
    head = ['<?xml version="1.0" encoding="UTF-8"?>\n',
            '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n',
            '  <meta><creator>Retrace 政务诚信责任回溯</creator>'
            f'<description>{escape(p.name)} graph of {escape(p.net.root)}</description></meta>\n',
            f'  <graph mode="static" defaultedgetype="{"directed" if p.directed else "undirected"}">\n',
            '    <attributes class="node">\n']
    head += [f'      <attribute id="{nkey[n]}" title="{n}" type="{_GEXF_TYPES[t]}"/>\n' for n, t in nfields]
    head.append('    </attributes>\n    <attributes class="edge">\n')
    head += [f'      <attribute id="{ekey[n]}" title="{n}" type="{_GEXF_TYPES[t]}"/>\n' for n, t in efields]
    head.append("    </attributes>\n    <nodes>\n")
    yield "".join(head)
    buf: list[str] = []
    for i in range(p.n):
        attrs = node_attrs(p, i, metrics)
        label = attrs.pop("label")
        buf.append(f"      <node id={quoteattr(p.node_id(i))} label={quoteattr(str(label))}><attvalues>")
        buf.extend(f'<attvalue for="{nkey[k]}" value={quoteattr(_val(v))}/>' for k, v in attrs.items())
        buf.append("</attvalues></node>\n")
        if i % CHUNK == CHUNK - 1:
            yield "".join(buf)
            buf = []
    buf.append("    </nodes>\n    <edges>\n")
    for j, (eid, s, t, attrs) in enumerate(edge_rows(p)):
        weight = attrs.pop("weight", None)
        w = f" weight=\"{weight}\"" if weight is not None else ""
        buf.append(f"      <edge id={quoteattr(eid)} source={quoteattr(s)} target={quoteattr(t)}"
                   f" label={quoteattr(attrs['type_zh'])}{w}><attvalues>")
        buf.extend(f'<attvalue for="{ekey[k]}" value={quoteattr(_val(v))}/>' for k, v in attrs.items() if k in ekey)
        buf.append("</attvalues></edge>\n")
        if j % CHUNK == CHUNK - 1:
            yield "".join(buf)
            buf = []
    buf.append("    </edges>\n  </graph>\n</gexf>\n")
    yield "".join(buf)


def _csv(header: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for j, row in enumerate(rows):
        w.writerow(["" if v is None else _val(v) for v in row])
        if j % CHUNK == CHUNK - 1:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def nodes_csv(p: Projection, metrics: dict[str, list[Any]] | None = None) -> Iterator[str]:
    metrics = metrics or {}
    names = [n for n, _t in NODE_FIELDS] + list(metrics)

    def rows() -> Iterator[list[Any]]:
        for i in range(p.n):
            a = node_attrs(p, i, metrics)
            yield [p.node_id(i)] + [a.get(n) for n in names]

    return _csv(["id", *names], rows())


def edges_csv(p: Projection, metrics: dict[str, list[Any]] | None = None) -> Iterator[str]:
    names = [n for n, _t in EDGE_FIELDS]

    def rows() -> Iterator[list[Any]]:
        for eid, s, t, a in edge_rows(p):
            yield [eid, s, t] + [a.get(n) for n in names]

    return _csv(["id", "source", "target", *names], rows())
