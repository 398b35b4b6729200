"""Owners keep their entries current: /mijninitiatief with edits, pauses and co-owners, and
the "klopt dit nog?" freshness checks (asked, reminded, flagged, hidden)."""
