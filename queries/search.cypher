// Nodes whose name contains $text (text index on :Entity(name)), optionally of one kind,
// ordered by id and paged by the last id seen.
MATCH (n:Entity)
WHERE n.name CONTAINS $text
  AND ($kind IS NULL OR $kind IN labels(n))
  AND ($after IS NULL OR n.id > $after)
RETURN properties(n) AS props, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind
ORDER BY n.id
LIMIT $limit
