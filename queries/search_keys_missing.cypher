// Up to $batch nodes with an id after $after that were stored before search keys were written (no
// _search): what the key is made of. Walks the id index in order, so a backfill reads each node once.
MATCH (n:Entity)
WHERE n.id > $after AND n._search IS NULL
RETURN n.id AS id, n.name AS name, n.attributes_json AS attributes_json
ORDER BY n.id
LIMIT $batch
