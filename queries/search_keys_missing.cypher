// Up to $batch nodes stored before search keys were written (no _search): what the key is made of.
MATCH (n:Entity)
WHERE n._search IS NULL
RETURN n.id AS id, n.name AS name, n.attributes_json AS attributes_json
LIMIT $batch
