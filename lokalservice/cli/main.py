"""The `lokalservice` command: global options, and one sub-module per command group.

A command's module is imported, and its options built, only when that command runs (or for
--help and completion): building all thirteen commands at every start-up cost about 15 ms of CPU.
"""

import functools
import importlib
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from .common import DataDirOption, GlobalOptions, TodayOption, typer_app

# Each command (in the order --help lists them) and the module of lokalservice.cli that defines it.
COMMANDS = {
    "check": "check",
    "deadlines": "deadlines",
    "mailing-list": "letters",
    "replies": "letters",
    "remind": "letters",
    "seminars": "overview",
    "status": "overview",
    "init": "overview",
    "export": "deadlines",
    "reply": "letters",
}


@functools.cache
def module_commands(module: str) -> Mapping[str, Any]:
    """The click commands of one module of lokalservice.cli, by name."""
    return typer.main.get_group(importlib.import_module(f"{__package__}.{module}").app).commands


class Commands(Mapping[str, Any]):
    """The root's commands: each one's module is imported when the command is first looked up."""

    def __getitem__(self, name: str) -> Any:
        return module_commands(COMMANDS[name])[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LazyGroup(TyperGroup):
    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.commands = Commands()  # type: ignore[assignment]


app = typer_app(
    name="lokalservice",
    help="Keep a Swedish government inquiry's correspondence in YAML and ask it what is due, "
    "who gets a letter, who has replied and whom to remind.\n\nExample: lokalservice --today 2009-03-01 deadlines",
    cls=LazyGroup,
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
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit. Example: lokalservice --version")
    ] = False,
) -> None:
    """Global options go before the command (lokalservice -d ~/utredning deadlines); each command takes them too."""
    ctx.obj = GlobalOptions(data_dir, today)
