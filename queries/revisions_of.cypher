// Superseded versions of several nodes or relationships at once.
UNWIND $ids AS id
MATCH (rv:Revision {of: id})
RETURN id, properties(rv) AS props
