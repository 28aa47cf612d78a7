// A node by id with its kind (the one label besides :Entity).
MATCH (n:Entity {id: $id})
RETURN properties(n) AS props, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind
