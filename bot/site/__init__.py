"""The public site: the social map and the agenda as server-rendered pages (issue 18)."""
