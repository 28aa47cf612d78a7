// A government's or department's integrity facts: the unit and its government (BELONGS_TO), its
// principal posts (POST_IN, is_principal) with their tenures (HOLDS), the records about the unit
// (RECORD_SUBJECT) and their attributions (ATTRIBUTED_TO). Officials: id and name only.
MATCH (u:Entity {id: $id})
WHERE u:Government OR u:Department
OPTIONAL MATCH (u)-[b:BELONGS_TO]->(:Government)
WITH u, collect(b) AS belongs
OPTIONAL MATCH (u)<-[pi:POST_IN]-(p:Post {is_principal: true})
OPTIONAL MATCH (p)<-[h:HOLDS]-(:Official)
WITH u, belongs, collect(DISTINCT pi) + collect(DISTINCT h) AS principals
OPTIONAL MATCH (u)<-[s:RECORD_SUBJECT]-(rec:DishonestyRecord)
OPTIONAL MATCH (rec)-[a:ATTRIBUTED_TO]->(:Official)
WITH u, belongs, principals, collect(DISTINCT s) + collect(DISTINCT a) AS recRels
WITH u, belongs + principals + recRels AS rels
CALL (rels) {
  UNWIND rels AS r
  UNWIND [startNode(r), endNode(r)] AS n
  RETURN collect(DISTINCT n) AS ends
}
WITH rels, CASE WHEN u IN ends THEN ends ELSE [u] + ends END AS nodes
RETURN [n IN nodes | {props: CASE WHEN n:Official THEN n {.id, .name, .recorded_at} ELSE properties(n) END,
                      kind: [l IN labels(n) WHERE l <> 'Entity'][0]}] AS nodes,
       [r IN rels | {props: properties(r), type: type(r), src: startNode(r).id, dst: endNode(r).id}] AS rels
