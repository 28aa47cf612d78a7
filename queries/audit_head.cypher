// Take the write lock on the head of the audit chain (created on first use; the uniqueness
// constraint on :AuditHead(id) makes concurrent first appends create one head).
MERGE (h:AuditHead {id: 'audit'})
ON CREATE SET h.seq = 0, h.hash = $genesis
SET h.locked = coalesce(h.locked, 0) + 1
