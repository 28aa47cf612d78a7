"""Exports and data exchange (issue 12).

``graph_files``: the scoped graph as GraphML, GEXF and CSV node/edge lists (streaming, zh-CN
labels, the attributes Gephi users need, metric values); ``tables``: metric tables (and, later,
ratings and warnings) as CSV and JSON; ``credit``: published records for credit platforms,
incrementally by record time, with a verifiable manifest (docs/exchange.md).
"""
