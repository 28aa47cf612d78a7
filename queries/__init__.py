"""Cypher queries, one ``.cypher`` file per question; see :mod:`queries.catalog`."""
