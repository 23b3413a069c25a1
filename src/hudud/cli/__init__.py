"""The ``hudud`` command. Each area registers its commands from its own module; they call the same
services as the web app, and import heavy dependencies inside the command so start-up stays fast."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="hudud",
    help="Hudud (حدود): regional border-security information system.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _root() -> None:
    """Hudud (حدود): regional border-security information system."""


def _register() -> None:
    from hudud.cli import admin, alerts, bulk, lists, manifests, mrz, node, paxlst, screen, training

    for module in (admin, lists, mrz, screen, paxlst, training, manifests, node, alerts, bulk):
        module.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
