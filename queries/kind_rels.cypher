// Every relationship of one type with its end ids (issue 11's whole-population reads).
MATCH (a)-[r:{{type}}]->(b)
RETURN properties(r) AS props, a.id AS src, b.id AS dst
