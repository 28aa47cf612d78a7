// Rows of a relationship batch that cannot be written: a missing endpoint, an endpoint of a kind
// the relationship type does not allow, or an id already used between other nodes.
UNWIND $rows AS row
OPTIONAL MATCH (a:Entity {id: row.src})
OPTIONAL MATCH (b:Entity {id: row.dst})
OPTIONAL MATCH (x)-[old:{{type}} {id: row.id}]->(y)
WITH row, a, b, x, y
WHERE a IS NULL OR b IS NULL
   OR NOT any(l IN labels(a) WHERE l IN $sources)
   OR NOT any(l IN labels(b) WHERE l IN $targets)
   OR (x IS NOT NULL AND (x.id <> row.src OR y.id <> row.dst))
RETURN row.id AS id, row.src AS src, row.dst AS dst,
       [l IN labels(a) WHERE l <> 'Entity'][0] AS src_kind,
       [l IN labels(b) WHERE l <> 'Entity'][0] AS dst_kind,
       x.id AS old_src, y.id AS old_dst
