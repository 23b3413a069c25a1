"""Administration commands: serve, migrate, demo, users, tokens, audit, version.

They run as the local operator ("system" in the audit log) and call the same services as the web app."""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from hudud import __version__

if TYPE_CHECKING:
    from hudud.policy import Caller
    from hudud.services.unit_of_work import UnitOfWork

console = Console()
err_console = Console(stderr=True)


def _node() -> UnitOfWork:
    from hudud.services.runtime import open_node
    from hudud.settings import get_settings

    return open_node(get_settings())


def _system() -> Caller:
    from hudud.policy import Caller

    return Caller(None, via="cli")


def _fail(error: Exception) -> None:
    err_console.print(f"[red]error:[/red] {error}")
    raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Attach the administration commands to the root app."""
    user_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)
    token_app = typer.Typer(help="Manage personal API tokens.", no_args_is_help=True)
    audit_app = typer.Typer(help="Audit log.", no_args_is_help=True)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    app.add_typer(audit_app, name="audit")

    @app.command()
    def version() -> None:
        """Print the Hudud version."""
        typer.echo(__version__)

    @app.command()
    def migrate() -> None:
        """Apply database migrations (creates the embedded SQLite database on first run)."""
        from hudud.services.runtime import migrate as run_migrate
        from hudud.settings import get_settings

        settings = get_settings()
        run_migrate(settings)
        console.print(f"database at head: [bold]{_redact(settings.effective_database_url)}[/bold]")

    @app.command()
    def demo() -> None:
        """Load demo data once (reference data, one account per role, travellers); print the logins."""
        from hudud.services.demo import load_demo, logins_path
        from hudud.settings import get_settings

        settings = get_settings()
        logins = _node().run(lambda s: load_demo(s, settings.var_dir))
        table = Table(title="Demo logins")
        table.add_column("username")
        table.add_column("password")
        for username, password in logins.items():
            table.add_row(username, password)
        console.print(table)
        typer.echo(f"stored in {logins_path(settings.var_dir).resolve()}")  # HUDUD_VAR_DIR, not always var/

    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8000, help="Port to listen on."),
    ) -> None:
        """Serve the web app and API (graceful shutdown on SIGTERM/SIGINT)."""
        import uvicorn

        from hudud.web.app import create_app

        web = create_app()
        country = web.state.settings.node_country
        with console.status("building the screening index from the lists in force…"):
            entries = web.state.uow.run(lambda s: web.state.screening.warm(s, country))
        console.print(f"screening index ready: {entries} entries")
        console.print(f"Hudud serving on [bold]http://{host}:{port}[/bold]  (API docs: /api/docs)")
        uvicorn.run(web, host=host, port=port, log_level="warning", timeout_graceful_shutdown=10)

    @user_app.command("add")
    def user_add(
        username: str,
        country: str = typer.Option(..., help="ICAO alpha-3 of the member state, or organisation code."),
        agency: str = typer.Option(
            ..., help="border_police, customs, intelligence, justice, secretariat, ..."
        ),
        role: list[str] = typer.Option(..., "--role", help="Role; repeat for several."),
        full_name: str = typer.Option("", help="Full name."),
        password_stdin: bool = typer.Option(False, help="Read the password from standard input."),
    ) -> None:
        """Create a user (the password is asked for, never passed as an argument)."""
        from hudud.errors import HududError
        from hudud.services import identity

        password = sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("Password: ")
        try:
            user = _node().run(
                lambda s: identity.create_user(
                    s,
                    _system(),
                    username=username,
                    full_name=full_name,
                    password=password,
                    country=country,
                    agency=agency,
                    roles=role,
                )
            )
        except HududError as error:
            _fail(error)
        console.print(
            f"created user [bold]{user.username}[/bold] ({user.country}, {user.agency}, {', '.join(user.roles)})"
        )

    @user_app.command("list")
    def user_list() -> None:
        """List users."""
        from hudud.services import identity

        users = _node().run(lambda s: identity.list_users(s, _system()))
        table = Table()
        for column in ("username", "name", "country", "agency", "roles", "status"):
            table.add_column(column)
        for u in users:
            table.add_row(
                u.username,
                u.full_name,
                u.country,
                u.agency,
                ", ".join(u.roles),
                "disabled" if u.disabled else "active",
            )
        console.print(table)

    @user_app.command("disable")
    def user_disable(username: str) -> None:
        """Disable a user: ends their sessions and revokes their tokens."""
        from hudud.errors import HududError
        from hudud.services import identity

        try:
            _node().run(lambda s: identity.disable_user(s, _system(), username))
        except HududError as error:
            _fail(error)
        console.print(f"disabled {username}")

    @token_app.command("create")
    def token_create(
        username: str,
        name: str = typer.Option("cli", help="What the token is for."),
        days: int = typer.Option(90, help="Lifetime in days."),
    ) -> None:
        """Issue a personal API token; it is printed once and cannot be shown again."""
        from hudud.errors import HududError
        from hudud.services import identity

        try:
            plain, token = _node().run(lambda s: identity.create_token(s, _system(), username, name, days))
        except HududError as error:
            _fail(error)
        err_console.print(
            f"token {token.id} for {username}, expires {token.expires_at:%Y-%m-%d}; copy it now:"
        )
        typer.echo(plain)

    @token_app.command("revoke")
    def token_revoke(token_id: int) -> None:
        """Revoke a token by its id."""
        from hudud.errors import HududError
        from hudud.services import identity

        try:
            _node().run(lambda s: identity.revoke_token(s, _system(), token_id))
        except HududError as error:
            _fail(error)
        console.print(f"revoked token {token_id}")

    @audit_app.command("verify")
    def audit_verify() -> None:
        """Check the hash chain of the audit log; name the first broken record."""
        from hudud.services import audit

        report = _node().run(audit.verify)
        if report.ok:
            console.print(f"[green]audit chain intact[/green]: {report.checked} records")
            return
        err_console.print(
            f"[red]audit chain broken at record {report.first_broken_id}[/red]: {report.reason} ({report.checked} records verified before it)"
        )
        raise typer.Exit(code=1)


def _redact(url: str) -> str:
    """Hide a password in a database URL before printing it."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':')[0]}:***@{host}" if ":" in creds else url
    return url
