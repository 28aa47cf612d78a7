// A dishonesty record with its subject and evidence, the objections and credit repairs filed on
// it, and its attributions with their officials (id and name only).
MATCH (rec:Entity {id: $id})
WHERE rec:DishonestyRecord
OPTIONAL MATCH (rec)-[o:RECORD_SUBJECT|EVIDENCED_BY|ATTRIBUTED_TO]->()
WITH rec, collect(o) AS outs
OPTIONAL MATCH (rec)<-[i:OBJECTS_TO|REPAIRS]-()
WITH rec, outs, collect(i) AS ins
WITH rec, outs + ins AS rels
CALL (rels) {
  UNWIND rels AS r
  UNWIND [startNode(r), endNode(r)] AS n
  RETURN collect(DISTINCT n) AS ends
}
WITH rels, CASE WHEN rec IN ends THEN ends ELSE [rec] + ends END AS nodes
RETURN [n IN nodes | {props: CASE WHEN n:Official THEN n {.id, .name, .recorded_at} ELSE properties(n) END,
                      kind: [l IN labels(n) WHERE l <> 'Entity'][0]}] AS nodes,
       [r IN rels | {props: properties(r), type: type(r), src: startNode(r).id, dst: endNode(r).id}] AS rels
