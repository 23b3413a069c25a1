"""The Secretariat's pure core: due dates relative to events, overdue and reminders, progress rollups,
proposal workflow, capacity gaps, attachment checks and report charts. No I/O here."""
