// Writes the search key of nodes ($rows: {id, key}); derived data, so neither the content hash
// nor the record time changes.
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n._search = row.key
