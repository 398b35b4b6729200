"""The city's welfare facilities: the raw export in `source/` and the build that cleans it."""
