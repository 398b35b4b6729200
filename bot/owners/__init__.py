"""Owners keep their entries current: edits, pauses, co-owners and freshness checks."""
