"""Every place lokalservice leans on Typer's or Click's internals, in one module: help pages in the reader's language,
the root group that loads a command's module only when that command runs, the language chosen from the whole
command line before anything is parsed, and the error boundary. tests/test_framework.py holds a contract test for
each override, so that a Typer release that changes what they lean on fails loudly there.

The root group loads its commands lazily, as Click documents it ("Lazily Loading Subcommands"): a command's module is
imported, and its options built, only when that command runs (or for --help and completion).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from .. import i18n
from ..i18n import N_, _
from ..model.problems import LokalserviceError

# Typer's own words in a help page, as its copy of Click writes them: translated where Typer lets them be.
TYPER_WORDS = (
    N_("Usage: "),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("default: "),
    N_("required"),
)


def localise(command: Any) -> None:
    """Put the help texts and metavars of a command and its parameters into the language in use (the English ones are
    the catalogue's msgids, kept on first use so the language can change between runs in one process)."""
    for target in (command, *command.params):
        for attribute in ("help", "metavar", "options_metavar", "subcommand_metavar"):
            original = getattr(target, f"_msgid_{attribute}", None)
            if original is None:
                original = getattr(target, attribute, None)
                if not isinstance(original, str):
                    continue
                setattr(target, f"_msgid_{attribute}", original)
            setattr(target, attribute, _(original) if original else original)
    build = getattr(command, "_build_epilog", None)
    if build is None and callable(getattr(command, "epilog", None)):
        build = command._build_epilog = command.epilog  # a text made when shown, in the language in use (from data: a list of names)
    if build is not None:
        command.epilog = build()


def _help_record(record: tuple[str, str]) -> tuple[str, str]:
    names, text = record
    return names, text.replace("[default: ", "[" + _("default: ")).replace("[required]", "[" + _("required") + "]")


class _Localised:
    """Help pages in the language in use: our texts from the catalogue, and Typer's framing words where it lets them be."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        localise(self)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        localise(self)
        return super().get_short_help_str(limit)  # type: ignore[misc,no-any-return]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=_("Usage: "))  # type: ignore[attr-defined]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is not None:
                (arguments if param.param_type_name == "argument" else options).append(_help_record(record))
        for title, records in ((_("Arguments"), arguments), (_("Options"), options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        if not hasattr(self, "list_commands"):
            return
        rows = []
        for name in self.list_commands(ctx):
            sub = self.get_command(ctx, name)  # type: ignore[attr-defined]
            if sub is not None and not sub.hidden:
                rows.append((name, sub.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


class Command(_Localised, TyperCommand):
    """Every command of ours."""


class Group(_Localised, TyperGroup):
    """Every group of ours (`reply`, `export`, ...)."""


def typer_app(**options: Any) -> typer.Typer:
    """A Typer app (a module's commands, or a group) with plain help: Rich panels would import Rich for every --help."""
    options.setdefault("cls", Group)
    return typer.Typer(rich_markup_mode=None, **options)


def command(app: typer.Typer, name: str, help: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command of ours: its help (an English msgid, with an example), translated when shown; an `epilog` may
    be a function that makes the end of the help page when it is shown, in the language in use."""
    return app.command(name, cls=Command, help=help, **options)


@cache
def module_commands(module: str) -> dict[str, Any]:
    """The click commands of one module of lokalservice.cli, by name."""
    return dict(typer.main.get_group(importlib.import_module(f"{__package__}.{module}").app).commands)


class LazyRoot(Group):
    """The root: commands loaded when first looked up; the language chosen first; the project's errors turned into
    messages. A subclass names its commands (COMMANDS: name -> module of lokalservice.cli) and how an error is shown."""

    COMMANDS: dict[str, str] = {}

    @staticmethod
    def report(error: LokalserviceError) -> None:
        raise NotImplementedError

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        return module_commands(self.COMMANDS[name])[name] if name in self.COMMANDS else None

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.commands = dict.fromkeys(self.COMMANDS)  # type: ignore[assignment] # only the names: Typer's "did you mean" reads them here

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
            self.report(error)
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
