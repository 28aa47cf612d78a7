"""HTTP routes, one module per area; each route parses, calls the domain, returns."""
