MATCH (a:AccessRow {kind: $kind})
RETURN a.body AS body
ORDER BY a.id
