"""Propagation policies (YAML), loaded by graph.model.policy."""
