// The relationships going out of a batch of network nodes (issue 12); the caller keeps those whose
// other end is in the network too (network_nodes.cypher). Properties: NETWORK_REL_KEYS.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
RETURN r.id AS id, type(r) AS type, id AS src, b.id AS dst,
       r {.valid_from, .valid_to, .end_unknown, .acting} AS props
