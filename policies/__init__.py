"""Propagation policies (YAML), loaded by graph.policy."""
