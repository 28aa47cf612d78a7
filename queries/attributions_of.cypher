// The attributions (ATTRIBUTED_TO, active or superseded) going out of a batch of records.
UNWIND $ids AS rid
MATCH (rec:Entity {id: rid})-[a:ATTRIBUTED_TO]->(o:Official)
RETURN properties(a) AS props, rid AS src, o.id AS dst
