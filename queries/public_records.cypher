// The public list (公示): active, published records whose publicity period covers $day, ordered
// by id after $after. The period runs from published_on (else decided_on) to publicity_until (else
// $months[severity] months later, the day before). For an official subject, the posts held on the
// decision date (tenures certainly covering it) are the only personal detail given besides the name.
MATCH (rec:DishonestyRecord)
WHERE rec.status = 'active' AND coalesce(rec.published, true)
  AND ($after IS NULL OR rec.id > $after)
WITH rec, coalesce(rec.published_on, rec.decided_on) AS start
WHERE start IS NOT NULL AND start <= $day
  AND $day <= coalesce(rec.publicity_until,
                       start + duration({months: $months[rec.severity]}) - duration({days: 1}))
WITH rec
ORDER BY rec.id
LIMIT $limit
OPTIONAL MATCH (rec)-[:RECORD_SUBJECT]->(s)
OPTIONAL MATCH (s:Official)-[h:HOLDS]->(p:Post)
  WHERE rec.decided_on IS NOT NULL
    AND (h.valid_from IS NULL OR h.valid_from <= rec.decided_on)
    AND (h.valid_to >= rec.decided_on OR (h.valid_to IS NULL AND NOT coalesce(h.end_unknown, false)))
WITH rec, s, p ORDER BY p.name
WITH rec, s, collect(DISTINCT p.name) AS posts
RETURN properties(rec) AS record,
       CASE WHEN s IS NULL THEN null
            ELSE {id: s.id, kind: [l IN labels(s) WHERE l <> 'Entity'][0], name: s.name} END AS subject,
       posts
ORDER BY rec.id
