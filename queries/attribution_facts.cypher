// Every fact the propagation (惩戒到人) of a batch of records needs, across all dates; the caller
// (graph/records/propagation.py) decides with the rules of graph/model/temporal.py what held on each act date.
//   A. the records, their subject (RECORD_SUBJECT) and evidence (EVIDENCED_BY); what an evidence
//      judgment concerns (CONCERNS);
//   B. the act objects: a contract's project, non-company parties and signatory (FOR_PROJECT,
//      HAS_PARTY, SIGNED_BY); a project's stages and owner (HAS_STAGE, OWNED_BY); who made a
//      commitment (COMMITTED_BY); who answers for the stages and commitments (RESPONSIBLE_FOR);
//   C. the units met (subject, parties, owners, committing units), their governments
//      (BELONGS_TO), and the principal posts (主要负责人, POST_IN) of subject units and governments;
//   D. seed posts (responsible posts, posts ever held by responsible officials, principal posts)
//      and every reporting line above them (any date, at most 8 hops);
//   E. for every post met: its units (POST_IN) and all its tenures (HOLDS).
// Every node and relationship comes back as a compact row of the few properties the propagation
// reads (graph.stores.base.compact_facts).
UNWIND $ids AS rid
MATCH (rec:Entity {id: rid})
WHERE rec:DishonestyRecord
OPTIONAL MATCH (rec)-[r:RECORD_SUBJECT|EVIDENCED_BY]->(x)
WITH collect(DISTINCT rec) AS recs, collect(r) AS recRels, collect(DISTINCT x) AS xs
// A. what evidence judgments concern
CALL (xs) {
  UNWIND xs AS j
  MATCH (j:Judgment)-[r:CONCERNS]->(y)
  RETURN collect(r) AS jRels, collect(DISTINCT y) AS ys
}
WITH recs, recRels + jRels AS relsA, xs + ys AS objs,
     [x IN xs WHERE x:Government OR x:Department] AS subjectUnits
// B. contracts, then projects and commitments
CALL (objs) {
  UNWIND objs AS c
  MATCH (c:Contract)-[r:FOR_PROJECT|HAS_PARTY|SIGNED_BY]->(y)
  WHERE NOT y:Company
  RETURN collect(DISTINCT r) AS cRels
}
WITH recs, subjectUnits, relsA + cRels AS relsB, objs + [r IN cRels | endNode(r)] AS objs1
CALL (objs1) {
  UNWIND objs1 AS p
  MATCH (p:Project)-[r:HAS_STAGE|OWNED_BY]->()
  RETURN collect(DISTINCT r) AS pRels
}
CALL (objs1) {
  UNWIND objs1 AS c
  MATCH (c:Commitment)-[r:COMMITTED_BY]->()
  RETURN collect(DISTINCT r) AS cbRels
}
WITH recs, subjectUnits, relsB + pRels + cbRels AS relsC,
     [r IN pRels WHERE type(r) = 'HAS_STAGE' | endNode(r)] + [o IN objs1 WHERE o:Commitment] AS duties,
     [o IN objs1 WHERE o:Government OR o:Department]
       + [r IN pRels + cbRels WHERE type(r) IN ['OWNED_BY', 'COMMITTED_BY'] AND NOT endNode(r):Official
          | endNode(r)] AS units
CALL (duties) {
  UNWIND duties AS d
  MATCH (d)<-[r:RESPONSIBLE_FOR]-()
  RETURN collect(DISTINCT r) AS respRels
}
// C. governments of the units, principal posts of subject units and governments
CALL (units) {
  UNWIND units AS u
  OPTIONAL MATCH (u)-[b:BELONGS_TO]->(g0:Government)
  WITH b, CASE WHEN u:Government THEN u ELSE g0 END AS g
  RETURN collect(DISTINCT b) AS belongs, collect(DISTINCT g) AS govs
}
CALL (subjectUnits, govs) {
  UNWIND subjectUnits + govs AS u
  MATCH (u)<-[pi:POST_IN]-(p:Post {is_principal: true})
  RETURN collect(DISTINCT pi) AS principalIns, collect(DISTINCT p) AS principals
}
// D. seed posts and the reporting lines above them
CALL (respRels) {
  UNWIND [r IN respRels WHERE startNode(r):Official | startNode(r)] AS o
  MATCH (o)-[h:HOLDS]->(:Post)
  RETURN collect(DISTINCT h) AS own
}
WITH recs, relsC + respRels + belongs + principalIns + own AS relsD,
     [r IN respRels WHERE startNode(r):Post | startNode(r)] + [h IN own | endNode(h)] + principals AS seeds
CALL (seeds) {
  UNWIND seeds AS s
  MATCH (s)-[:REPORTS_TO*0..7]->(q:Post)
  WITH DISTINCT q
  OPTIONAL MATCH (q)-[line:REPORTS_TO]->(:Post)
  RETURN collect(DISTINCT q) + collect(DISTINCT endNode(line)) AS posts, collect(DISTINCT line) AS reports
}
// E. tenures and units of every post met
CALL (posts) {
  UNWIND posts AS q
  WITH DISTINCT q
  OPTIONAL MATCH (q)<-[h:HOLDS]-(:Official)
  RETURN collect(DISTINCT h) AS holds
}
CALL (posts) {
  UNWIND posts AS q
  WITH DISTINCT q
  OPTIONAL MATCH (q)-[pi:POST_IN]->()
  RETURN collect(DISTINCT pi) AS postIns
}
WITH recs, relsD + reports + holds + postIns AS all
CALL (all) {
  UNWIND all AS r
  RETURN collect(DISTINCT r) AS rels
}
CALL (recs, rels) {
  UNWIND rels AS r
  UNWIND [startNode(r), endNode(r)] AS n
  RETURN collect(DISTINCT n) AS ends
}
CALL (recs, ends) {
  UNWIND recs + ends AS n
  RETURN collect(DISTINCT n) AS nodes
}
// Compact rows (lists of plain values, dates as ISO strings): only what the propagation reads.
RETURN [n IN nodes | [n.id, [l IN labels(n) WHERE l <> 'Entity'][0], n.name, n.is_principal, n.division_code,
                      n.status, toString(n.act_date), toString(n.decided_on), n.sanction_effect]] AS nodes,
       [r IN rels | [r.id, type(r), startNode(r).id, endNode(r).id, toString(r.valid_from), toString(r.valid_to),
                     r.acting, r.end_unknown, r.role]] AS rels
