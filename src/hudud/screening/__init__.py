"""Screening of travellers against lists: entries, candidate index, scoring, explanations (pure: no I/O)."""
