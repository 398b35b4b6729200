"""The gaps room: demand kept without people, supply from the map, and /wittevlekken."""
