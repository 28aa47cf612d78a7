// Nodes within {{depth}} hops of $id in either direction, each at its shortest distance.
// Only relationships of $rel_types (when given) and valid on $at (when given; inclusive dates,
// an open end holds, an unknown end does not) are followed. For each node, the relationship of
// the last hop is the one with the smallest id among its shortest paths. Paged by (depth, id).
MATCH (n:Entity {id: $id})
MATCH p = (n)-[rs*1..{{depth}}]-(m:Entity)
WHERE m <> n
  AND ($rel_types IS NULL OR all(r IN rs WHERE type(r) IN $rel_types))
  AND ($at IS NULL OR all(r IN rs WHERE (r.valid_from IS NULL OR r.valid_from <= $at)
        AND CASE WHEN r.valid_to IS NULL THEN NOT coalesce(r.end_unknown, false)
                 ELSE r.valid_to >= $at END))
WITH m, length(p) AS d, last(rs) AS r
ORDER BY d, r.id
WITH m, collect({d: d, r: r})[0] AS best
WHERE ($node_kinds IS NULL OR any(l IN labels(m) WHERE l IN $node_kinds))
  AND ($after_depth IS NULL OR best.d > $after_depth
       OR (best.d = $after_depth AND m.id > $after_id))
WITH m, best.d AS depth, best.r AS r
ORDER BY depth, m.id
LIMIT $limit
RETURN properties(m) AS props, [l IN labels(m) WHERE l <> 'Entity'][0] AS kind, depth,
       properties(r) AS rel_props, type(r) AS rel_type, startNode(r).id AS src, endNode(r).id AS dst
