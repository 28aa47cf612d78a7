// Every fact a responsibility backtrack of a contract or project needs, in one read, across all
// dates (the caller picks what held on the asked dates, so one read serves signing and breach):
//   A. the contract's project, parties, signatory and the signatory's post;
//      the project's stages, owner unit and the stage responsibilities (post or official);
//   B. the posts those responsible/signing officials ever held;
//   C. from every such post, the reporting lines upwards (any date), max 8 hops;
//   D. the governments of all units met (a department's through BELONGS_TO) and the principal
//      posts (主要负责人) of those governments;
//   E. for every post met: its tenures (with officials) and its units (POST_IN, any date),
//      and each department's government (BELONGS_TO).
MATCH (root:Entity {id: $id})
WHERE root:Contract OR root:Project
OPTIONAL MATCH (root)-[:FOR_PROJECT]->(p0:Project)
WITH root, CASE WHEN root:Project THEN root ELSE p0 END AS project
CALL (root, project) {
  MATCH (root)-[r:FOR_PROJECT|HAS_PARTY|SIGNED_BY|SIGNED_AS]->() RETURN r
  UNION
  MATCH (project)-[r:HAS_STAGE|OWNED_BY]->() RETURN r
  UNION
  MATCH (project)-[:HAS_STAGE]->()<-[r:RESPONSIBLE_FOR]-() RETURN r
}
WITH root, collect(r) AS near
WITH root, near,
     [r IN near WHERE type(r) = 'RESPONSIBLE_FOR' AND startNode(r):Official | startNode(r)]
   + [r IN near WHERE type(r) = 'SIGNED_BY' | endNode(r)] AS officials,
     [r IN near WHERE type(r) = 'RESPONSIBLE_FOR' AND startNode(r):Post | startNode(r)]
   + [r IN near WHERE type(r) = 'SIGNED_AS' | endNode(r)] AS posts0,
     [r IN near WHERE type(r) IN ['HAS_PARTY', 'OWNED_BY'] AND NOT endNode(r):Company | endNode(r)] AS units0
// B. posts held (at any time) by responsible or signing officials
CALL (officials) {
  UNWIND officials AS o
  MATCH (o)-[h:HOLDS]->(:Post)
  RETURN collect(DISTINCT h) AS own
}
// C. reporting lines upwards
WITH root, near, own, units0, posts0 + [h IN own | endNode(h)] AS seeds
CALL (seeds) {
  UNWIND seeds AS s
  OPTIONAL MATCH (s)-[lines:REPORTS_TO*1..8]->(:Post)
  UNWIND coalesce(lines, []) + [null] AS line
  WITH s, line
  RETURN collect(DISTINCT s) + collect(DISTINCT endNode(line)) AS chainPosts,
         collect(DISTINCT line) AS reports
}
// D. units of the chain posts and of the parties, their governments, the principal posts
CALL (chainPosts, units0) {
  UNWIND chainPosts AS q
  MATCH (q)-[pi:POST_IN]->(u)
  RETURN collect(DISTINCT u) AS postUnits, collect(DISTINCT pi) AS postIns
}
WITH root, near, own, reports, chainPosts, postIns, units0 + postUnits AS units
CALL (units) {
  UNWIND units AS u
  OPTIONAL MATCH (u)-[b:BELONGS_TO]->(g0:Government)
  WITH b, CASE WHEN u:Government THEN u ELSE g0 END AS g
  RETURN collect(DISTINCT b) AS belongs, collect(DISTINCT g) AS govs
}
CALL (govs) {
  UNWIND govs AS g
  MATCH (g)<-[ppi:POST_IN]-(pp:Post {is_principal: true})
  RETURN collect(DISTINCT ppi) AS principalIns, collect(DISTINCT pp) AS principalPosts
}
// E. tenures and units of every post met
WITH root, near + own + reports + postIns + belongs + principalIns AS rels0,
     chainPosts + principalPosts AS allPosts
CALL (allPosts) {
  UNWIND allPosts AS q
  OPTIONAL MATCH (q)<-[h:HOLDS]-(:Official)
  OPTIONAL MATCH (q)-[pi:POST_IN]->()
  RETURN collect(DISTINCT h) + collect(DISTINCT pi) AS postFacts
}
WITH root, rels0 + postFacts AS all
UNWIND all AS r
WITH root, collect(DISTINCT r) AS rels
UNWIND [root] + [r IN rels | startNode(r)] + [r IN rels | endNode(r)] AS n
WITH rels, collect(DISTINCT n) AS nodes
// Only the properties the answer uses travel back (the rest stays in the database); dates as ISO
// strings, which the driver decodes several times faster than date structures.
RETURN [n IN nodes | {kind: [l IN labels(n) WHERE l <> 'Entity'][0],
                      props: n {.id, .name, .is_principal, .stage, valid_from: toString(n.valid_from),
                                valid_to: toString(n.valid_to), start_date: toString(n.start_date),
                                signed_on: toString(n.signed_on), breached_on: toString(n.breached_on),
                                .status, .value, .kind, .source_document,
                                .source_authority, .source_url, .source_file, .source_line}}] AS nodes,
       [r IN rels | {type: type(r), src: startNode(r).id, dst: endNode(r).id,
                     props: r {.id, valid_from: toString(r.valid_from), valid_to: toString(r.valid_to), .acting,
                               .end_unknown, .role, .signatory,
                               .public_authority, .source_document, .source_authority, .source_url,
                               .source_file, .source_line, .source_path}}] AS rels
