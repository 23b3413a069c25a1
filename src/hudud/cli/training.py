"""``hudud training reminders|verify|demo``: the centre's routine jobs from a terminal or cron.

``reminders`` is meant for a daily timer: it marks due expiry/renewal reminders as sent (each one
audit-logged) and prints them, one line each, for the mail or messaging step of the deployment."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hudud.services.unit_of_work import UnitOfWork

training_app = typer.Typer(help="Regional Training Centre.", no_args_is_help=True)


def _node() -> UnitOfWork:
    from hudud.services.runtime import open_node
    from hudud.settings import get_settings

    return open_node(get_settings())


@training_app.command("reminders")
def reminders(
    dry_run: bool = typer.Option(False, "--dry-run", help="List due reminders without marking them."),
) -> None:
    """Certificates within 90 days of expiry (or expired) whose holders were not yet reminded."""
    from hudud.policy import Caller
    from hudud.services import certificates

    caller = Caller(None, via="cli")
    job = certificates.due_reminders if dry_run else certificates.send_reminders

    def use_case(session: Session) -> list[dict[str, Any]]:
        return [
            {"code": c.code, "name": c.nomination.name, "country": c.nomination.country,
             "course": c.nomination.session.course.code, "expires_on": c.expires_on.isoformat() if c.expires_on else None}
            for c in job(session, caller)
        ]  # fmt: skip

    for row in _node().run(use_case):
        typer.echo(json.dumps(row, ensure_ascii=False))


@training_app.command("verify")
def verify(code: str = typer.Argument(..., help="Verification code, e.g. RTC-XXXX-XXXX-X.")) -> None:
    """What the public page shows for a certificate code; exit 1 when the code is refused."""
    from hudud.errors import HududError
    from hudud.services import certificates

    try:
        found = _node().run(lambda s: certificates.verify(s, code))
    except HududError as error:
        typer.echo(json.dumps(error.to_dict(), ensure_ascii=False))
        raise typer.Exit(1) from None
    course = getattr(found.course, "name_en", "")
    shown = {"code": found.code, "name": found.name, "name_ar": found.name_ar, "course": course,
             "issued_on": found.issued_on.isoformat(), "status": found.status}  # fmt: skip
    typer.echo(json.dumps(shown, ensure_ascii=False))


@training_app.command("demo")
def demo() -> None:
    """Load the training demo data (catalogue, sessions, results, certificates) once."""
    from hudud.services.training_demo import load_training_demo

    loaded = _node().run(load_training_demo)
    typer.echo("training demo loaded" if loaded else "training demo already present")


def register(app: typer.Typer) -> None:
    """Attach the ``training`` commands to the root app."""
    app.add_typer(training_app, name="training")
