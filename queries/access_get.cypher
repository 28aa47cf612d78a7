MATCH (a:AccessRow {kind: $kind, id: $id})
RETURN a.body AS body
