// The head of the audit chain, write-locked (the SET) so appends are serialised.
MERGE (h:AuditHead {id: 'audit'})
ON CREATE SET h.seq = 0, h.hash = $genesis
SET h.locked = true
RETURN h.seq AS seq, h.hash AS hash
