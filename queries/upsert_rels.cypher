// Idempotent batch upsert of relationships of one type ({{type}} from the schema allow-list).
// Endpoints were checked in the same transaction (rel_write_problems.cypher). Same versioning as
// upsert_nodes.cypher: a changed relationship keeps its former properties in a :Revision node.
UNWIND $rows AS row
MATCH (a:Entity {id: row.src})
MATCH (b:Entity {id: row.dst})
OPTIONAL MATCH ()-[old:{{type}} {id: row.id}]->()
WITH row, a, b, CASE WHEN old IS NULL THEN 'created'
                     WHEN old._hash = row.hash THEN 'unchanged'
                     ELSE 'updated' END AS status
MERGE (a)-[r:{{type}} {id: row.id}]->(b)
FOREACH (_ IN CASE WHEN status = 'updated' THEN [1] ELSE [] END |
  CREATE (rv:Revision) SET rv = properties(r), rv.of = row.id, rv.of_rel = true)
FOREACH (_ IN CASE WHEN status <> 'unchanged' THEN [1] ELSE [] END |
  SET r += row.props, r.id = row.id, r._hash = row.hash, r.recorded_at = $now)
RETURN status, count(*) AS n
