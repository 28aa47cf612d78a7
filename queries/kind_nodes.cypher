// Every node of one kind, all properties (issue 11: derivation, evaluation, warnings and statistics
// read whole populations). Officials leave with id, name, record time and whether their file is
// identity-linked (never the hash itself).
MATCH (n:{{label}})
RETURN CASE WHEN n:Official
            THEN n {.id, .name, .recorded_at, identity_linked: n.id_hash IS NOT NULL}
            ELSE properties(n) END AS props
