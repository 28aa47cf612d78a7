// An official's integrity file (一人一档) facts: the official, the posts held (HOLDS) and their
// units (POST_IN), the records about the official directly (RECORD_SUBJECT) or by attribution
// (ATTRIBUTED_TO), and the judgments those records rest on (EVIDENCED_BY, for "performed").
MATCH (o:Entity {id: $id})
WHERE o:Official
OPTIONAL MATCH (o)-[h:HOLDS]->(p:Post)
OPTIONAL MATCH (p)-[pi:POST_IN]->()
WITH o, collect(DISTINCT h) + collect(DISTINCT pi) AS posts
OPTIONAL MATCH (o)<-[s:RECORD_SUBJECT|ATTRIBUTED_TO]-(rec:DishonestyRecord)
WITH o, posts, collect(s) AS recRels, collect(DISTINCT rec) AS recs
CALL (recs) {
  UNWIND recs AS rec
  MATCH (rec)-[e:EVIDENCED_BY]->(:Judgment)
  RETURN collect(e) AS evidence
}
WITH o, posts + recRels + evidence AS rels
CALL (rels) {
  UNWIND rels AS r
  UNWIND [startNode(r), endNode(r)] AS n
  RETURN collect(DISTINCT n) AS ends
}
WITH rels, CASE WHEN o IN ends THEN ends ELSE [o] + ends END AS nodes
RETURN [n IN nodes | {props: properties(n), kind: [l IN labels(n) WHERE l <> 'Entity'][0]}] AS nodes,
       [r IN rels | {props: properties(r), type: type(r), src: startNode(r).id, dst: endNode(r).id}] AS rels
