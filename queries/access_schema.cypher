// Accounts, API keys, object owners and the audit chain: nodes WITHOUT the :Entity label, so no
// generic read (search, neighbours, entity by id, counts) can return them.
CREATE CONSTRAINT access_row_key IF NOT EXISTS FOR (a:AccessRow) REQUIRE (a.kind, a.id) IS UNIQUE;
CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.seq IS UNIQUE;
CREATE INDEX audit_actor IF NOT EXISTS FOR (e:AuditEntry) ON (e.actor);
CREATE INDEX audit_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.at);
CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (h:AuditHead) REQUIRE h.id IS UNIQUE;
