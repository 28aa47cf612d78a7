// The accountability network of a government (issue 12), across all dates: the government and
// every government below it (SUBORDINATE_TO*1..6, child -> parent), their departments, the posts
// in those units, the officials who ever held them, the projects the units own with their stages,
// contracts and commitments (of those projects, or made by those units or officials), judgments
// against the units, and the dishonesty records about any of these. Officials leave with their
// name only (the projection below lists every property returned; graph/stores/base.py NETWORK_NODE_KEYS).
MATCH (g:Government {id: $id})
OPTIONAL MATCH (s:Government)-[:SUBORDINATE_TO*1..6]->(g)
WITH g, collect(DISTINCT s) AS subs
WITH [g] + subs AS govs
CALL (govs) {
  UNWIND govs AS gv
  OPTIONAL MATCH (d:Department)-[:BELONGS_TO]->(gv)
  WITH collect(DISTINCT d) AS depts
  RETURN depts
}
WITH govs + depts AS units
CALL (units) {
  UNWIND units AS u
  OPTIONAL MATCH (p:Post)-[:POST_IN]->(u)
  RETURN collect(DISTINCT p) AS posts
}
CALL (posts) {
  UNWIND posts AS p
  OPTIONAL MATCH (o:Official)-[:HOLDS]->(p)
  RETURN collect(DISTINCT o) AS officials
}
CALL (units) {
  UNWIND units AS u
  OPTIONAL MATCH (pr:Project)-[:OWNED_BY]->(u)
  RETURN collect(DISTINCT pr) AS projects
}
CALL (projects) {
  UNWIND projects AS pr
  OPTIONAL MATCH (pr)-[:HAS_STAGE]->(st:ProjectStage)
  OPTIONAL MATCH (c:Contract)-[:FOR_PROJECT]->(pr)
  OPTIONAL MATCH (cm:Commitment)-[:FOR_PROJECT]->(pr)
  RETURN collect(DISTINCT st) AS stages, collect(DISTINCT c) AS contracts, collect(DISTINCT cm) AS pcommits
}
CALL (units, officials) {
  UNWIND units + officials AS x
  OPTIONAL MATCH (cm:Commitment)-[:COMMITTED_BY]->(x)
  RETURN collect(DISTINCT cm) AS ucommits
}
CALL (units) {
  UNWIND units AS u
  OPTIONAL MATCH (j:Judgment)-[:AGAINST]->(u)
  RETURN collect(DISTINCT j) AS judgments
}
WITH units + posts + officials + projects + stages + contracts + pcommits + ucommits + judgments AS scope
CALL (scope) {
  UNWIND scope AS x
  OPTIONAL MATCH (r:DishonestyRecord)-[:RECORD_SUBJECT]->(x)
  RETURN collect(DISTINCT r) AS records
}
UNWIND scope + records AS n
WITH DISTINCT n
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind,
       n {.name, .level, .division_code, .category, .is_principal, .rank, .kind, .stage, .status,
          .signed_on, .breached_on, .made_on, .due_on, .broken_on, .effective_on, .performed,
          .severity, .source_kind, .decided_on, .valid_from, .valid_to} AS props
