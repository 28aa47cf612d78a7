// Relationships of one type ({{type}} from the schema allow-list) that the caller has just read as
// absent, e.g. a propagation's new attributions: created without upsert_rels.cypher's per-row
// version check. The uniqueness constraint on the id refuses one that another writer created
// meanwhile; a row whose endpoint is missing or of a kind the type does not allow creates
// nothing, and the caller compares the count with its rows (the whole transaction then fails).
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
WHERE any(l IN labels(a) WHERE l IN $sources)
MATCH (b:Entity {id: row.dst})
WHERE any(l IN labels(b) WHERE l IN $targets)
CREATE (a)-[r:{{type}}]->(b)
SET r = row.props, r.id = row.id, r._hash = row.hash, r.recorded_at = $now
RETURN count(r) AS n
