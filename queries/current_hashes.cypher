// Compare-and-set, step 2 (after lock_nodes.cypher, same transaction): the current content
// hash of each expected id; ids that do not exist are absent.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n._hash AS hash
