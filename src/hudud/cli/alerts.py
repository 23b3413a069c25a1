"""``hudud alerts``: share, update, revoke and list regional alerts as the local operator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from hudud.sharing.alerts import Scope

console = Console()


def register(app: typer.Typer) -> None:
    """Attach ``hudud alerts`` to the root app."""
    alerts_app = typer.Typer(help="Regional alerts shared with other member states.", no_args_is_help=True)
    app.add_typer(alerts_app, name="alerts")

    @alerts_app.command("issue")
    def issue(
        kind: str = typer.Option(..., help="wanted_person, lost_stolen_document or person_of_interest."),
        scope: str = typer.Option(..., help="national, all, or comma-separated states (e.g. TUN,DZA)."),
        handling: str = typer.Option(
            ..., help="detain, seize_document, discreet_report, contact_originator."
        ),
        reference: str = typer.Option(..., help="Your own file reference."),
        name: list[str] = typer.Option([], help="Name of the person (repeat for other spellings)."),
        birth_date: str | None = typer.Option(None, help="YYYY-MM-DD."),
        nationality: list[str] = typer.Option([], help="ICAO code (repeatable)."),
        document: str | None = typer.Option(None, help="Document number (lost/stolen-document alerts)."),
        issuer: str | None = typer.Option(None, help="Issuing state of the document."),
    ) -> None:
        """Sign an alert of this state and queue it for every state in its scope."""
        from hudud.services import sharing
        from hudud.sharing.alerts import AlertKind, Document, Handling, Person

        person = (
            Person(tuple(name), date.fromisoformat(birth_date) if birth_date else None, tuple(nationality))
            if name
            else None
        )
        doc = Document(document, issuer or "") if document else None
        new = sharing.NewAlert(AlertKind(kind), _scope(scope), Handling(handling), reference, person, doc)
        row = _run(lambda s, c, ctx: sharing.issue_alert(s, c, ctx, new))
        console.print(f"alert [bold]{row.alert_id}[/bold] v{row.version} queued ({scope})")

    @alerts_app.command("revoke")
    def revoke(alert_id: str) -> None:
        """Revoke an alert of this state everywhere it was shared."""
        from hudud.services import sharing

        row = _run(lambda s, c, ctx: sharing.revise_alert(s, c, ctx, alert_id, revoke=True))
        console.print(f"alert {row.alert_id} revoked (v{row.version})")

    @alerts_app.command("list")
    def list_cmd(offset: int = typer.Option(0, help="Skip this many (pages of 50).")) -> None:
        """Alerts in force on this node (a page of at most 50)."""
        from hudud.services import sharing

        alerts = _run(lambda s, c, _ctx: sharing.list_alerts(s, c, offset=offset))
        table = Table("alert", "origin", "v", "kind", "scope", "handling", "reference")
        for a in alerts:
            table.add_row(
                a.alert_id,
                a.origin,
                str(a.version),
                a.kind.value,
                a.scope.describe(),
                a.handling.value,
                a.reference,
            )
        console.print(table)

    @alerts_app.command("notices")
    def notices() -> None:
        """Hits on this state's alerts reported by other states."""
        from hudud.services import sharing

        rows = _run(lambda s, c, _ctx: sharing.list_notices(s, c))
        table = Table("alert", "country", "place", "at", "decision")
        for n in rows:
            table.add_row(n.alert_id, n.country, n.place, f"{n.at:%Y-%m-%d %H:%M}", n.decision)
        console.print(table)


def _scope(text: str) -> Scope:
    from hudud.sharing.alerts import Scope, ScopeKind

    value = text.strip()
    if value.lower() in ("national", "all"):
        return Scope(ScopeKind(value.lower()))
    return Scope(ScopeKind.STATES, tuple(s.strip().upper() for s in value.split(",") if s.strip()))


def _run(work: Callable[[Any, Any, Any], Any]) -> Any:
    from hudud.errors import HududError
    from hudud.policy import Caller
    from hudud.services.runtime import open_node
    from hudud.services.sharing import node_context
    from hudud.settings import get_settings

    settings = get_settings()
    try:
        ctx = node_context(settings)
        return open_node(settings).run(lambda s: work(s, Caller(None, via="cli"), ctx))
    except (HududError, ValueError) as error:
        Console(stderr=True).print(f"[red]error:[/red] {error}")
        raise typer.Exit(code=1) from None
