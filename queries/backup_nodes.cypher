// Every node of the store for the content digest of a backup: facts (:Entity), revisions,
// access rows and audit entries, all labels and all properties (ordered in Python).
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
