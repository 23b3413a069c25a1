"""Web entry point: JSON API under /api and server-rendered pages (Jinja2 + HTMX)."""
