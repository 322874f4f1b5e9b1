"""`yjinspect serve` and `yjinspect manage`: the web application from the command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click


def _setup(data_dir: str) -> Path:
    path = Path(data_dir).resolve()
    path.mkdir(parents=True, exist_ok=True)
    os.environ["YJINSPECT_DATA_DIR"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjinspect.web.settings")
    import django

    django.setup()
    return path


@click.command()
@click.option("--demo", is_flag=True, help="Load the demo inspection and accounts (once) and print the sign-in details.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--data-dir", default="var", show_default=True, help="Folder for the SQLite database and secret key.")
@click.option("--threads", type=click.IntRange(1, 64), help="Threads per process  [default: 8; with --production 1 per worker]")
@click.option("--production", is_flag=True, help="Serve with gunicorn, several worker processes (docs/deploying.md).")
@click.option(
    "--workers", type=click.IntRange(1, 64), help="Worker processes with --production  [default: 2 × cores + 1, at most 8]"
)
def serve(*, demo: bool, port: int, host: str, data_dir: str, threads: int | None, production: bool, workers: int | None) -> None:
    """Set up the database and run the web application (waitress; gunicorn with --production)."""
    if workers is not None and not production:
        raise click.UsageError("--workers applies only with --production (waitress runs one process).")
    if production:
        from yjinspect.web.production import cores, gunicorn_options

        try:  # before anything else, so that a wrong variable stops the server at once, naming it
            options = gunicorn_options(host=host, port=port, workers=workers, threads=threads, environ=os.environ,
                                       core_count=cores())  # fmt: skip
        except RuntimeError as error:
            raise click.ClickException(str(error)) from None
    if demo:
        # The demo's lead inspector and administrator sign in with the printed passwords alone.
        os.environ["YJINSPECT_REQUIRE_TWO_FACTOR"] = "false"
    # Migrating and loading the demo take a while on a fresh folder: say so, not the accounts yet,
    # which would invite signing in to a server that does not listen.
    click.echo("yjinspect is starting: setting up the database" + (" and the demo" if demo else "") + "...")
    path = _setup(data_dir)
    from django.core.management import call_command
    from waitress.server import create_server

    from yjinspect.web.wsgi import application

    call_command("migrate", verbosity=0, interactive=False)
    accounts: list[str] = []
    if demo:
        from yjinspect.web.demo import load_demo

        accounts = [f"Demo accounts (synthetic data; passwords are kept in {path / 'demo-accounts.txt'}):"]
        accounts += [f"  {username:<18} {password:<20} {role}" for username, password, role in load_demo(path)]
    if production:
        _serve_production(application, options, f"http://{host}:{port}/", accounts)
        return
    # Bind before printing the accounts and saying it is running, so that whoever reads them can connect at once.
    server = create_server(application, host=host, port=port, threads=threads or 8, ident="yjinspect")
    for line in accounts:
        click.echo(line)
    click.echo(f"yjinspect is running at http://{host}:{port}/  (Ctrl+C to stop)")
    server.run()


def _serve_production(application: Any, options: dict[str, Any], address: str, accounts: list[str]) -> None:
    from django.conf import settings
    from django.db import connections

    from yjinspect.web.production import ProductionServer, warm_up

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        click.echo("Note: on SQLite the workers' writes wait for each other; a shared server uses PostgreSQL (DATABASE_URL).",
                   err=True)  # fmt: skip
    warm_up()
    # The workers are forked from this process: none may inherit the connection the migration opened.
    connections.close_all()
    workers, threads = options["workers"], options["threads"]

    def ready() -> None:  # gunicorn has bound the address: whoever reads the lines can connect at once
        for line in accounts:
            click.echo(line)
        click.echo(f"yjinspect is running at {address}  (gunicorn, {workers} workers × {threads} threads; Ctrl+C to stop)")

    ProductionServer(application, options, when_ready=ready).run()


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--data-dir", default="var", show_default=True)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(*, data_dir: str, args: tuple[str, ...]) -> None:
    """Run a Django management command (for example: createsuperuser, migrate)."""
    _setup(data_dir)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yjinspect manage", *args])
