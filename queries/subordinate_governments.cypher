// A government and every government below it (SUBORDINATE_TO points from child to parent).
MATCH (g:Government {id: $id})
OPTIONAL MATCH (sub:Government)-[:SUBORDINATE_TO*1..6]->(g)
RETURN g.id AS id, collect(DISTINCT sub.id) AS subordinates
