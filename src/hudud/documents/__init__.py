"""Travel documents: ICAO Doc 9303 machine-readable zones (pure: no I/O)."""
