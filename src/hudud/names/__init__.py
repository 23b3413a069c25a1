"""Personal names across Arabic script and Latin/French spellings (pure: no I/O)."""
