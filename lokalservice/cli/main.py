"""The `lokalservice` command: its global options, how an error is shown, and the module of each command (loaded only
when that command runs: framework.py's LazyRoot)."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from ..i18n import N_
from ..model.problems import LokalserviceError
from .common import DataDirOption, GlobalOptions, LangOption, TodayOption, WidthOption
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
    "letter": "documents",
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

# A command's line in --help's lists of commands, written to fit 80 columns (a command not named here shows its help's
# first sentence, shortened only where a phrase ends).
SHORT_HELP = {
    "check": N_("Check the data folder for errors and warnings"),
    "letters": N_("The letters, their reply-by dates and the replies so far"),
    "lists": N_("The mailing lists and their members"),
    "organisations": N_("The organisations and their contacts"),
    "deadlines": N_("What is due and what is overdue"),
    "mailing-list": N_("Who gets a letter: its sändlista"),
    "replies": N_("Who has replied to a letter"),
    "remind": N_("Whom to remind, and their påminnelser"),
    "mail": N_("Mail a letter: drafts or sent messages"),
    "seminars": N_("Seminars: who was invited and who came"),
    "status": N_("One screen for the investigator"),
    "report": N_("The investigator's report as an HTML page"),
    "init": N_("Create a new inquiry folder"),
    "add": N_("Add municipalities and county boards from the register"),
    "reply add": N_("Record a reply"),
    "reply restore": N_("Put back replies that replies.yaml lost"),
    "reply import": N_("Record the replies in a survey tool's export"),
    "add municipalities": N_("Add municipalities from the register"),
    "add county-boards": N_("Add county boards from the register"),
    "export ics": N_("Every date as an event in an iCalendar file"),
    "cache clear": N_("Remove everything in the cache"),
}


class Root(LazyRoot):
    COMMANDS = COMMANDS
    SHORT_HELP = SHORT_HELP

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
    width: WidthOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Print the version and exit. Example: lokalservice --version"))
    ] = False,
) -> None:
    ctx.obj = GlobalOptions(data_dir, today, lang)
    if width is not None:
        from ..outputs.render import use_width

        use_width(width)
