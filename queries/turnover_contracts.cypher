// Candidates for turnover breaches (换届/责任人更替后毁约) among contracts: every contract broken in
// the period whose watched posts had a change of holder within $days before the breach date.
// Watched posts: the signatory's post; the posts responsible for the project's stages at any
// time between signing and breach; the principal post of the contract's government (the
// government party, or the department party's government, else the project owner's).
// A change on day X is a tenure starting on X, or one ending on X-1, with signing < X <= breach.
// Returns, per (contract, post), the tenures of the post that overlap [signing, breach], each as a
// list row (graph.stores.fact_rows.tenure), with dates as ISO strings: decoding 100k+ maps and date
// structures in the driver cost seconds on province data. The caller (graph/responsibility/turnover.py)
// decides predecessor, successor and the days between.
MATCH (c:Contract)
WHERE c.breached_on IS NOT NULL AND c.signed_on IS NOT NULL
  AND ($date_from IS NULL OR c.breached_on >= $date_from)
  AND ($date_to IS NULL OR c.breached_on <= $date_to)
OPTIONAL MATCH (c)-[:FOR_PROJECT]->(prj:Project)
WITH c, prj
WHERE $kind IS NULL OR prj.kind = $kind
CALL (c, prj) {
  OPTIONAL MATCH (c)-[:HAS_PARTY {role: 'government'}]->(u)
  OPTIONAL MATCH (prj)-[:OWNED_BY]->(w)
  WITH u, w ORDER BY u.id, w.id LIMIT 1
  WITH coalesce(u, w) AS unit
  OPTIONAL MATCH (unit)-[:BELONGS_TO]->(ug:Government)
  WITH unit, ug ORDER BY ug.id LIMIT 1
  RETURN CASE WHEN unit:Government THEN unit ELSE ug END AS gov
}
WITH c, prj, gov
WHERE $governments IS NULL OR gov.id IN $governments
CALL (c) {
  OPTIONAL MATCH (c)-[:SIGNED_BY]->(o:Official)
  RETURN o AS signer ORDER BY o.id LIMIT 1
}
CALL (c, prj, gov) {
  MATCH (c)-[:SIGNED_AS]->(p:Post) RETURN p, 'signatory' AS role
  UNION
  MATCH (prj)-[:HAS_STAGE]->(:ProjectStage)<-[rf:RESPONSIBLE_FOR]-(p:Post)
  WHERE (rf.valid_from IS NULL OR rf.valid_from <= c.breached_on)
    AND (rf.valid_to IS NULL OR rf.valid_to >= c.signed_on)
  RETURN p, 'responsible' AS role
  UNION
  MATCH (gov)<-[:POST_IN]-(p:Post {is_principal: true}) RETURN p, 'principal' AS role
}
WITH c, prj, gov, signer, p, role, c.signed_on AS s, c.breached_on AS b,
     c.breached_on - duration({days: $days}) AS window_start
WHERE EXISTS {
  MATCH (p)<-[t:HOLDS]-()
  WHERE (t.valid_from > s AND t.valid_from <= b AND t.valid_from >= window_start)
     OR (t.valid_to >= s AND t.valid_to < b AND t.valid_to >= window_start - duration({days: 1}))
}
MATCH (p)<-[t:HOLDS]-(o:Official)
WHERE (t.valid_from IS NULL OR t.valid_from <= b) AND (t.valid_to IS NULL OR t.valid_to >= s)
WITH c, prj, gov, signer, p, role, collect([t.id, toString(t.valid_from), toString(t.valid_to), t.acting, t.end_unknown,
                                    t.source_document, t.source_authority, o.id, o.name]) AS tenures
RETURN c.id AS id, 'Contract' AS kind, c.name AS name, toString(c.signed_on) AS start, toString(c.breached_on) AS broken,
       prj.id AS project, prj.kind AS project_kind, gov.id AS government, gov.name AS government_name,
       signer.id AS promiser, signer.name AS promiser_name,
       p.id AS post, p.name AS post_name, role, tenures
