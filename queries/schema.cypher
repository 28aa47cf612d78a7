// Constraints and indexes, applied idempotently at start (`retrace init-db`).
// Every node carries the :Entity label besides its kind, so any id resolves through one index.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
// Search by name (CONTAINS) uses a text index.
CREATE TEXT INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
// Search (search.cypher) matches the folded name and other names, kept in _search
// (graph/stores/search_keys.py), with CONTAINS through this text index.
CREATE TEXT INDEX entity_search IF NOT EXISTS FOR (n:Entity) ON (n._search);
// Superseded versions of nodes and relationships (record-time history).
CREATE INDEX revision_of IF NOT EXISTS FOR (r:Revision) ON (r.of);
// One uniqueness constraint per relationship type: relationship ids are stable and unique.
// tests/unit/test_schema.py checks this list covers every type of graph/model/schema.py.
CREATE CONSTRAINT rel_subordinate_to_id IF NOT EXISTS FOR ()-[r:SUBORDINATE_TO]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_belongs_to_id IF NOT EXISTS FOR ()-[r:BELONGS_TO]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_post_in_id IF NOT EXISTS FOR ()-[r:POST_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_reports_to_id IF NOT EXISTS FOR ()-[r:REPORTS_TO]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_holds_id IF NOT EXISTS FOR ()-[r:HOLDS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_owned_by_id IF NOT EXISTS FOR ()-[r:OWNED_BY]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_has_stage_id IF NOT EXISTS FOR ()-[r:HAS_STAGE]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_responsible_for_id IF NOT EXISTS FOR ()-[r:RESPONSIBLE_FOR]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_for_project_id IF NOT EXISTS FOR ()-[r:FOR_PROJECT]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_has_party_id IF NOT EXISTS FOR ()-[r:HAS_PARTY]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_signed_by_id IF NOT EXISTS FOR ()-[r:SIGNED_BY]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_signed_as_id IF NOT EXISTS FOR ()-[r:SIGNED_AS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_committed_by_id IF NOT EXISTS FOR ()-[r:COMMITTED_BY]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_promised_to_id IF NOT EXISTS FOR ()-[r:PROMISED_TO]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_against_id IF NOT EXISTS FOR ()-[r:AGAINST]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_concerns_id IF NOT EXISTS FOR ()-[r:CONCERNS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_record_subject_id IF NOT EXISTS FOR ()-[r:RECORD_SUBJECT]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_evidenced_by_id IF NOT EXISTS FOR ()-[r:EVIDENCED_BY]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_invests_in_id IF NOT EXISTS FOR ()-[r:INVESTS_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_objects_to_id IF NOT EXISTS FOR ()-[r:OBJECTS_TO]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_repairs_id IF NOT EXISTS FOR ()-[r:REPAIRS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_attributed_to_id IF NOT EXISTS FOR ()-[r:ATTRIBUTED_TO]-() REQUIRE r.id IS UNIQUE;
// Records: the public list filters published records by status.
CREATE INDEX record_status IF NOT EXISTS FOR (n:DishonestyRecord) ON (n.status);
