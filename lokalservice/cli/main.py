"""The `lokalservice` command: its global options, how an error is shown, and the module of each command (loaded only
when that command runs: framework.py's LazyRoot)."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from ..i18n import N_
from ..model.problems import LokalserviceError
from .common import DataDirOption, GlobalOptions, LangOption, TodayOption
from .framework import LazyRoot, typer_app

# Each command (in the order --help lists them) and the module of lokalservice.cli that defines it.
COMMANDS = {
    "check": "check",
    "letters": "browse",
    "lists": "browse",
    "organisations": "browse",
    "deadlines": "deadlines",
    "mailing-list": "letters",
    "replies": "letters",
    "register": "register",
    "remind": "letters",
    "mail": "mail",
    "seminars": "overview",
    "status": "overview",
    "report": "report",
    "init": "overview",
    "help": "overview",
    "cache": "browse",
    "add": "data",
    "import": "data",
    "export": "deadlines",
    "reply": "letters",
}


class Root(LazyRoot):
    COMMANDS = COMMANDS

    @staticmethod
    def report(error: LokalserviceError) -> None:
        report(error)


def report(error: LokalserviceError) -> None:
    """The project's error as lines on stderr, in the language in use."""
    from ..model.problems import DataError
    from ..outputs.render import say

    for line in error.lines:
        say(line, "red" if isinstance(error, DataError) else "")


app = typer_app(
    name="lokalservice",
    help=N_(
        "Keep a Swedish government inquiry's correspondence in YAML and ask it what is due, who gets a letter, who has replied "
        "and whom to remind.\n\nExample: lokalservice --today 2009-03-01 deadlines"
    ),
    cls=Root,
    no_args_is_help=True,
    add_completion=True,
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
    lang: LangOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Print the version and exit. Example: lokalservice --version"))
    ] = False,
) -> None:
    ctx.obj = GlobalOptions(data_dir, today, lang)
