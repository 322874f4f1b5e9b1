"""`yjinspect serve` and `yjinspect manage`: the web application from the command line."""

from __future__ import annotations

import os
from pathlib import Path

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
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
def serve(*, demo: bool, port: int, host: str, data_dir: str, threads: int) -> None:
    """Set up the database and run the web application."""
    if demo:
        # The demo's lead inspector and administrator sign in with the printed passwords alone.
        os.environ["YJINSPECT_REQUIRE_TWO_FACTOR"] = "false"
    path = _setup(data_dir)
    from django.core.management import call_command
    from waitress.server import create_server

    from yjinspect.web.wsgi import application

    call_command("migrate", verbosity=0, interactive=False)
    if demo:
        from yjinspect.web.demo import load_demo

        click.echo("Demo accounts (synthetic data; passwords are kept in " + str(path / "demo-accounts.txt") + "):")
        for username, password, role in load_demo(path):
            click.echo(f"  {username:<18} {password:<20} {role}")
    # Bind before saying it is running, so that whoever reads the line can connect at once.
    server = create_server(application, host=host, port=port, threads=threads, ident="yjinspect")
    click.echo(f"yjinspect is running at http://{host}:{port}/  (Ctrl+C to stop)")
    server.run()


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--data-dir", default="var", show_default=True)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(*, data_dir: str, args: tuple[str, ...]) -> None:
    """Run a Django management command (for example: createsuperuser, migrate)."""
    _setup(data_dir)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yjinspect manage", *args])
