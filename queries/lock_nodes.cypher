// Compare-and-set, step 1: take the write lock on each expected node (a write to a throwaway
// property) so a concurrent writer waits here until this transaction ends.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
SET n._lock = coalesce(n._lock, 0) + 1
RETURN count(n) AS locked
