// Every relationship with its endpoints, for the content digest of a backup (ordered in Python).
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a.id AS src, b.id AS dst, properties(r) AS props
