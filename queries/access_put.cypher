// Create or replace one access row (user, key or owner); the row travels as JSON.
MERGE (a:AccessRow {kind: $kind, id: $id})
SET a.body = $body
