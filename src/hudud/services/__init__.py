"""Use cases, one module per area; entry points call these and nothing deeper."""
