// Nodes whose name or one of their other names contains $text, case-insensitive: $text is
// folded by the caller and matched against the folded names kept in the node's _search key
// (graph/stores/search_keys.py), through the text index entity_search. Optionally of one kind,
// ordered by id and paged by the last id seen.
MATCH (n:Entity)
WHERE n._search CONTAINS $text
  AND ($kind IS NULL OR $kind IN labels(n))
  AND ($after IS NULL OR n.id > $after)
RETURN properties(n) AS props, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind
ORDER BY n.id
LIMIT $limit
