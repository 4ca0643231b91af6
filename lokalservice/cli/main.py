"""The `lokalservice` command: global options, and one sub-module per command group."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import check, deadlines, letters, overview
from .common import DataDirOption, GlobalOptions, TodayOption

app = typer.Typer(
    name="lokalservice",
    help="Keep a Swedish government inquiry's correspondence in YAML and ask it what is due, "
    "who gets a letter, who has replied and whom to remind.\n\nExample: lokalservice --today 2009-03-01 deadlines",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lokalservice {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    today: TodayOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit. Example: lokalservice --version")
    ] = False,
) -> None:
    """Global options go before the command (lokalservice -d ~/utredning deadlines); each command takes them too."""
    ctx.obj = GlobalOptions(data_dir, today)


for group in (check, deadlines, letters, overview):
    app.registered_commands += group.app.registered_commands
app.add_typer(deadlines.export_app, name="export")
app.add_typer(letters.reply_app, name="reply")


def run() -> None:
    app()
