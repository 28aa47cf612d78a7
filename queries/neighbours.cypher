// Nodes within $depth (1..3) hops of $id in either direction, each at its shortest distance,
// paged by (depth, id) after ($after_depth, $after_id), at most $limit rows.
// Only relationships of $rel_types (when given) and valid on $at (when given; inclusive dates,
// an open end holds, an unknown end does not) are followed; $node_kinds filters the answered
// nodes, not the nodes passed through. For each node, the relationship of the last hop is the
// one with the smallest id joining it to a node one hop nearer.
//
// Bounded: the expansion goes hop by hop over distinct nodes (hop k: the distinct neighbours of
// hop k-1 not seen before), so its work grows with the relationships within reach, never with the
// number of paths; and a hop is not expanded once the nearer hops already fill the page. The
// relationship of the last hop is looked up only for the rows of the page.
// (The path-enumerating version this replaced is kept as bench/baseline/neighbours_paths.cypher.)
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]-(m:Entity)
  WHERE m <> n
    AND ($rel_types IS NULL OR type(r) IN $rel_types)
    AND ($at IS NULL OR ((r.valid_from IS NULL OR r.valid_from <= $at)
         AND CASE WHEN r.valid_to IS NULL THEN NOT coalesce(r.end_unknown, false)
                  ELSE r.valid_to >= $at END))
  RETURN collect(DISTINCT m) AS hop1
}
WITH n, hop1, size([m IN hop1 WHERE
       ($node_kinds IS NULL OR any(l IN labels(m) WHERE l IN $node_kinds))
       AND ($after_depth IS NULL OR 1 > $after_depth OR (1 = $after_depth AND m.id > $after_id))]) AS on_page
CALL (n, hop1, on_page) {
  WITH n, hop1 WHERE $depth >= 2 AND on_page < $limit
  UNWIND hop1 AS u
  MATCH (u)-[r]-(m:Entity)
  WHERE m <> n AND NOT m IN hop1
    AND ($rel_types IS NULL OR type(r) IN $rel_types)
    AND ($at IS NULL OR ((r.valid_from IS NULL OR r.valid_from <= $at)
         AND CASE WHEN r.valid_to IS NULL THEN NOT coalesce(r.end_unknown, false)
                  ELSE r.valid_to >= $at END))
  RETURN collect(DISTINCT m) AS hop2
}
WITH n, hop1, hop2, on_page + size([m IN hop2 WHERE
       ($node_kinds IS NULL OR any(l IN labels(m) WHERE l IN $node_kinds))
       AND ($after_depth IS NULL OR 2 > $after_depth OR (2 = $after_depth AND m.id > $after_id))]) AS on_page
CALL (n, hop1, hop2, on_page) {
  WITH n, hop1, hop2 WHERE $depth >= 3 AND on_page < $limit
  UNWIND hop2 AS u
  MATCH (u)-[r]-(m:Entity)
  WHERE m <> n AND NOT m IN hop1 AND NOT m IN hop2
    AND ($rel_types IS NULL OR type(r) IN $rel_types)
    AND ($at IS NULL OR ((r.valid_from IS NULL OR r.valid_from <= $at)
         AND CASE WHEN r.valid_to IS NULL THEN NOT coalesce(r.end_unknown, false)
                  ELSE r.valid_to >= $at END))
  RETURN collect(DISTINCT m) AS hop3
}
CALL (hop1, hop2, hop3) {
  UNWIND hop1 AS m RETURN m, 1 AS depth
  UNION ALL
  UNWIND hop2 AS m RETURN m, 2 AS depth
  UNION ALL
  UNWIND hop3 AS m RETURN m, 3 AS depth
}
WITH n, hop1, hop2, m, depth
WHERE ($node_kinds IS NULL OR any(l IN labels(m) WHERE l IN $node_kinds))
  AND ($after_depth IS NULL OR depth > $after_depth OR (depth = $after_depth AND m.id > $after_id))
ORDER BY depth, m.id
LIMIT $limit
// The last hop of a row: from the row's node when it has fewer relationships than the hop before
// has nodes, else from each node of the hop before (a hub on the page is not expanded whole).
CALL (n, hop1, hop2, m, depth) {
  WITH m, CASE depth WHEN 1 THEN [n] WHEN 2 THEN hop1 ELSE hop2 END AS prev
  CALL (m, prev) {
    WITH m, prev WHERE COUNT { (m)--() } <= size(prev)
    MATCH (m)-[r]-(u:Entity)
    WHERE u IN prev
      AND ($rel_types IS NULL OR type(r) IN $rel_types)
      AND ($at IS NULL OR ((r.valid_from IS NULL OR r.valid_from <= $at)
           AND CASE WHEN r.valid_to IS NULL THEN NOT coalesce(r.end_unknown, false)
                    ELSE r.valid_to >= $at END))
    RETURN r
    UNION ALL
    WITH m, prev WHERE COUNT { (m)--() } > size(prev)
    UNWIND prev AS u
    MATCH (u)-[r]-(m)
    WHERE ($rel_types IS NULL OR type(r) IN $rel_types)
      AND ($at IS NULL OR ((r.valid_from IS NULL OR r.valid_from <= $at)
           AND CASE WHEN r.valid_to IS NULL THEN NOT coalesce(r.end_unknown, false)
                    ELSE r.valid_to >= $at END))
    RETURN r
  }
  RETURN r
  ORDER BY r.id
  LIMIT 1
}
RETURN properties(m) AS props, [l IN labels(m) WHERE l <> 'Entity'][0] AS kind, depth,
       properties(r) AS rel_props, type(r) AS rel_type, startNode(r).id AS src, endNode(r).id AS dst
ORDER BY depth, props.id
