// Superseded versions of a node ($rel = false) or relationship ($rel = true), any order.
MATCH (rv:Revision {of: $id})
WHERE coalesce(rv.of_rel, false) = $rel
RETURN properties(rv) AS props
