"""Risk and stay rules (pure: no I/O)."""
