// Integrity-file coverage (003: 100%): per government, the officials in office on $day (a tenure
// certainly covering it, in a post whose unit on that day is known) and how many of them have an
// identity-linked file (id_hash set, so records from other systems can be matched to them).
MATCH (o:Official)-[h:HOLDS]->(p:Post)-[pi:POST_IN]->(u)
WHERE (h.valid_from IS NULL OR h.valid_from <= $day)
  AND (h.valid_to >= $day OR (h.valid_to IS NULL AND NOT coalesce(h.end_unknown, false)))
  AND (pi.valid_from IS NULL OR pi.valid_from <= $day) AND (pi.valid_to IS NULL OR pi.valid_to >= $day)
OPTIONAL MATCH (u)-[b:BELONGS_TO]->(g0:Government)
  WHERE (b.valid_from IS NULL OR b.valid_from <= $day) AND (b.valid_to IS NULL OR b.valid_to >= $day)
WITH o, CASE WHEN u:Government THEN u ELSE g0 END AS g
WITH g, collect(DISTINCT o) AS os
RETURN g.id AS government, g.name AS name, size(os) AS officials,
       size([x IN os WHERE x.id_hash IS NOT NULL]) AS with_file
ORDER BY government
