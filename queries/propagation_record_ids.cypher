// Records that propagate: those whose subject is not an official (a government, department,
// project or contract), and records without a subject; sorted by id.
MATCH (rec:DishonestyRecord)
WHERE NOT EXISTS { (rec)-[:RECORD_SUBJECT]->(:Official) }
RETURN rec.id AS id
ORDER BY id
