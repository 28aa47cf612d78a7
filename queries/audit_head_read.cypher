// The head of the audit chain, read after its write lock is held (queries/audit_head.cypher).
MATCH (h:AuditHead {id: 'audit'})
RETURN h.seq AS seq, h.hash AS hash
