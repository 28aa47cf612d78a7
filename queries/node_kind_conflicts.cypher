// Ids of a node batch that already belong to a node of another kind ({{label}} from the schema).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE NOT n:{{label}}
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind
