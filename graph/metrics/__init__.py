"""Network metrics on the accountability network (issue 12): scope, projections, engines, cache.

Modules: ``scope`` (a government with its subordinates and a period, the period rule),
``network`` (the fetched network indexed as integer arrays, cached per graph version),
``projection`` (the typed graph and the derived officials graph), ``engines`` (networkx, the
reference, and igraph, the fast path), ``compute`` (one metric on one scope, cached and paged).
"""
