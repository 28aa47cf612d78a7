// The attributions going out of a batch of records, as compact rows [id, src, dst, hash, active]:
// what a recompute compares with before writing (the full properties only when superseding).
UNWIND $ids AS rid
MATCH (rec:Entity {id: rid})-[a:ATTRIBUTED_TO]->(o:Official)
RETURN collect([a.id, rid, o.id, a._hash, a.active]) AS rows
