// The graph version (issue 12): the number of nodes and of relationships, both answered from the
// count store in constant time. Nothing is hard-deleted and every effective write adds a node, a
// relationship or a :Revision node, so the pair grows with every change (a wipe resets it: caches
// must then be cleared, see graph/metrics/cache.py).
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
RETURN nodes, rels
