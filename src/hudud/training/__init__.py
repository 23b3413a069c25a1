"""Regional Training Centre rules that need no database: verification codes, eligibility, practical
exercise scenarios and their marking, report aggregation (pure: no I/O)."""
