"""The `lokalservice` command: global options, the error boundary, and one sub-module per command group.

The root group loads its commands lazily, as Click documents it ("Lazily Loading Subcommands"): a
command's module is imported, and its options built, only when that command runs (or for --help and
completion). Before anything is parsed, the language is chosen from the whole command line, so that
help and messages come in it wherever --lang and -d stand.
"""

from __future__ import annotations

import importlib
import os
import sys
from functools import cache
from typing import Annotated, Any

import typer

from .. import __version__, i18n
from ..i18n import N_
from ..model.problems import LokalserviceError
from .common import DataDirOption, GlobalOptions, Group, LangOption, TodayOption, typer_app

# Each command (in the order --help lists them) and the module of lokalservice.cli that defines it.
COMMANDS = {
    "check": "check",
    "letters": "browse",
    "lists": "browse",
    "organisations": "browse",
    "deadlines": "deadlines",
    "mailing-list": "letters",
    "replies": "letters",
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


@cache
def module_commands(module: str) -> dict[str, Any]:
    """The click commands of one module of lokalservice.cli, by name."""
    return dict(typer.main.get_group(importlib.import_module(f"{__package__}.{module}").app).commands)


class Root(Group):
    """The root: commands loaded when first looked up; the language chosen first; the project's errors turned into messages."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        return module_commands(COMMANDS[name])[name] if name in COMMANDS else None

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.commands = dict.fromkeys(COMMANDS)  # type: ignore[assignment] # only the names: Typer's "did you mean" reads them here

    def main(self, args: Any = None, *rest: Any, **extra: Any) -> Any:
        """One run, in the language its command line asks for (chosen before anything is parsed, so that help and
        messages come in it wherever --lang and -d stand); the language ends with the run."""
        _readable_streams()
        with i18n.using(language_of(list(sys.argv[1:] if args is None else args))):
            return super().main(args, *rest, **extra)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except LokalserviceError as error:
            report(error)
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:  # the reader of our output went away (| head): nothing more to say
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit, which would fail again
            raise typer.Exit(1) from None


def language_of(args: list[str]) -> str:
    """The language the command line asks for: --lang, else the environment, the data folder's inquiry.yaml, the locale."""
    from pathlib import Path

    from ..settings import locate

    lang = data_dir = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        following = args[index + 1] if index + 1 < len(args) else None
        if arg == "--lang":
            lang = following
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        elif arg in ("-d", "--data-dir"):
            data_dir = following
        elif arg.startswith("--data-dir="):
            data_dir = arg.split("=", 1)[1]
        elif arg.startswith("-d") and len(arg) > 2:
            data_dir = arg[2:]
    try:
        folder = locate(Path(data_dir) if data_dir else None)[0]
    except LokalserviceError:
        folder = None
    return i18n.choose(lang, folder)


def _readable_streams() -> None:
    """Where standard output or error cannot take å ä ö (PYTHONIOENCODING=ascii), write escapes rather than fail."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "åäö–”".encode(stream.encoding or "utf-8")
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
        except AttributeError:
            pass


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
