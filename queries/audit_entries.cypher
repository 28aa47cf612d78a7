// Audit entries in chain order, filtered by actor, object and period (ISO UTC strings).
MATCH (e:AuditEntry)
WHERE e.seq > $after_seq
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($object_id IS NULL OR $object_id IN e.object_ids)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at <= $until)
RETURN e.body AS body
ORDER BY e.seq
LIMIT $limit
