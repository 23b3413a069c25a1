"""Administration commands: serve, migrate, demo, users, tokens, audit, version."""

from __future__ import annotations

import typer

from hudud import __version__


def register(app: typer.Typer) -> None:
    """Attach the administration commands to the root app."""

    @app.command()
    def version() -> None:
        """Print the Hudud version."""
        typer.echo(__version__)
