// A relationship of type {{type}} by id (unique index per type). The store joins one copy of
// this query per allowed type with UNION ALL, because an id alone does not name its type.
MATCH (a)-[r:{{type}} {id: $id}]->(b)
RETURN properties(r) AS props, type(r) AS type, a.id AS src, b.id AS dst
