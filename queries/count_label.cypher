// Number of nodes of one kind (answered from the count store).
MATCH (n:{{label}}) RETURN count(n) AS n
