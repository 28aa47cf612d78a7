// Dishonesty records whose current version was recorded in ($since, $until], for the exchange with
// credit platforms (issue 12), ordered by (recorded_at, id) after the cursor ($after_at, $after_id);
// with the subject (id, kind, name) and the ids of the evidence. The caller decides what is sent.
MATCH (rec:DishonestyRecord)
WHERE ($since IS NULL OR rec.recorded_at > $since) AND rec.recorded_at <= $until
  AND ($after_at IS NULL OR rec.recorded_at > $after_at
       OR (rec.recorded_at = $after_at AND rec.id > $after_id))
WITH rec ORDER BY rec.recorded_at, rec.id
LIMIT $limit
OPTIONAL MATCH (rec)-[:RECORD_SUBJECT]->(s)
OPTIONAL MATCH (rec)-[:EVIDENCED_BY]->(e)
WITH rec, s, e ORDER BY e.id
WITH rec, s, collect(e.id) AS evidence
RETURN properties(rec) AS record,
       CASE WHEN s IS NULL THEN null
            ELSE {id: s.id, kind: [l IN labels(s) WHERE l <> 'Entity'][0], name: s.name} END AS subject,
       evidence
ORDER BY rec.recorded_at, rec.id
