// Append one entry (its JSON in body, filter fields beside it) and move the head.
MATCH (h:AuditHead {id: 'audit'})
CREATE (e:AuditEntry {seq: $seq, at: $at, actor: $actor, object_ids: $object_ids, hash: $hash, body: $body})
SET h.seq = $seq, h.hash = $hash
