"""Implementations replaced by newer ones, kept to measure the new ones against (never imported by
the application)."""
