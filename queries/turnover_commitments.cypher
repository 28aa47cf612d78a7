// Candidates for turnover breaches among commitments (承诺): broken in the period, with watched
// posts that had a change of holder within $days before the breach. Watched posts: the posts
// responsible for the commitment between its making and its breach; the posts held on the day
// of the promise by an official who made it; the principal post of the committing unit's
// government. Same change rule and return shape as turnover_contracts.cypher.
MATCH (c:Commitment)
WHERE c.broken_on IS NOT NULL AND c.made_on IS NOT NULL
  AND ($date_from IS NULL OR c.broken_on >= $date_from)
  AND ($date_to IS NULL OR c.broken_on <= $date_to)
OPTIONAL MATCH (c)-[:FOR_PROJECT]->(prj:Project)
WITH c, prj
WHERE $kind IS NULL OR prj.kind = $kind
CALL (c) {
  OPTIONAL MATCH (c)-[:COMMITTED_BY]->(u) WHERE u:Government OR u:Department
  WITH u ORDER BY u.id LIMIT 1
  OPTIONAL MATCH (u)-[:BELONGS_TO]->(ug:Government)
  WITH u, ug ORDER BY ug.id LIMIT 1
  RETURN CASE WHEN u:Government THEN u ELSE ug END AS gov
}
WITH c, prj, gov
WHERE $governments IS NULL OR gov.id IN $governments
CALL (c) {
  OPTIONAL MATCH (c)-[:COMMITTED_BY]->(o:Official)
  RETURN o AS promiser ORDER BY o.id LIMIT 1
}
CALL (c, gov, promiser) {
  MATCH (c)<-[rf:RESPONSIBLE_FOR]-(p:Post)
  WHERE (rf.valid_from IS NULL OR rf.valid_from <= c.broken_on)
    AND (rf.valid_to IS NULL OR rf.valid_to >= c.made_on)
  RETURN p, 'responsible' AS role
  UNION
  MATCH (promiser)-[h:HOLDS]->(p:Post)
  WHERE (h.valid_from IS NULL OR h.valid_from <= c.made_on) AND (h.valid_to IS NULL OR h.valid_to >= c.made_on)
  RETURN p, 'promiser' AS role
  UNION
  MATCH (gov)<-[:POST_IN]-(p:Post {is_principal: true}) RETURN p, 'principal' AS role
}
WITH c, prj, gov, promiser, p, role, c.made_on AS s, c.broken_on AS b,
     c.broken_on - duration({days: $days}) AS window_start
WHERE EXISTS {
  MATCH (p)<-[t:HOLDS]-()
  WHERE (t.valid_from > s AND t.valid_from <= b AND t.valid_from >= window_start)
     OR (t.valid_to >= s AND t.valid_to < b AND t.valid_to >= window_start - duration({days: 1}))
}
MATCH (p)<-[t:HOLDS]-(o:Official)
WHERE (t.valid_from IS NULL OR t.valid_from <= b) AND (t.valid_to IS NULL OR t.valid_to >= s)
WITH c, prj, gov, promiser, p, role, collect([t.id, toString(t.valid_from), toString(t.valid_to), t.acting, t.end_unknown,
                                    t.source_document, t.source_authority, o.id, o.name]) AS tenures
RETURN c.id AS id, 'Commitment' AS kind, c.name AS name, toString(c.made_on) AS start, toString(c.broken_on) AS broken,
       prj.id AS project, prj.kind AS project_kind, gov.id AS government, gov.name AS government_name,
       promiser.id AS promiser, promiser.name AS promiser_name,
       p.id AS post, p.name AS post_name, role, tenures
