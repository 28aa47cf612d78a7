// Idempotent batch upsert of nodes of one kind ({{label}} comes from the schema allow-list).
// 1. For each row, find the current node by id (one unique index on :Entity(id)).
// 2. Same content hash: nothing changes (a rerun load is a no-op, record time included).
// 3. Different hash: the current properties are copied to a :Revision node (history is never
//    lost), then the row's properties are set (a null value removes the property) and the
//    record time becomes $now.
UNWIND $rows AS row
OPTIONAL MATCH (old:Entity {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created'
               WHEN old._hash = row.hash THEN 'unchanged'
               ELSE 'updated' END AS status
MERGE (n:Entity {id: row.id})
FOREACH (_ IN CASE WHEN status = 'updated' THEN [1] ELSE [] END |
  CREATE (rv:Revision) SET rv = properties(n), rv.of = row.id)
FOREACH (_ IN CASE WHEN status <> 'unchanged' THEN [1] ELSE [] END |
  SET n += row.props, n:{{label}}, n.id = row.id, n._hash = row.hash, n.recorded_at = $now)
RETURN status, count(*) AS n
