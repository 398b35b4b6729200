"""The social map as every room uses it: the offers' queries (`repository`), the matcher kept
up to date (`service`), how an offer looks in a chat (`cards`, `facilities`), and the map
files and their command line (`mapfile`, `cli`)."""
