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
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from .. import i18n
from ..i18n import N_, _
from ..model.problems import LokalserviceError

# Click's base of every error it shows (Typer's own copy of Click from 0.27, Click itself before): found from the class
# Typer exports, whichever it is.
ClickException: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
Abort = typer.Abort

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


@contextmanager
def localised(command: Any) -> Iterator[None]:
    """Inside, the help texts and metavars of a command and its parameters are in the language in use; afterwards they
    are the English msgids again, so that nothing of one run's language stays on the (cached) command objects."""
    kept: list[tuple[Any, str, Any]] = []
    for target in (command, *command.params):
        for attribute in ("help", "metavar", "options_metavar", "subcommand_metavar"):
            original = getattr(target, attribute, None)
            if isinstance(original, str) and original:
                kept.append((target, attribute, original))
                setattr(target, attribute, _(original))
    if callable(getattr(command, "epilog", None)):  # a text made when shown, in the language in use (from data: a list of names)
        kept.append((command, "epilog", command.epilog))
        command.epilog = command.epilog()
    try:
        yield
    finally:
        for target, attribute, original in reversed(kept):
            setattr(target, attribute, original)


# Click's and Typer's own messages, which their code writes as plain English f-strings: each as a pattern over the
# English text and the msgid it becomes, with the same named parts (a part named `message`, `rest`, `range` or `kind` is
# itself put into the language in use). English stays byte for byte what Click prints.
CLICK_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"No such command (?P<name>'.*?')\. Did you mean (?P<suggestions>.*)\?", N_("No such command {name}. Did you mean {suggestions}?")),
    (r"No such command (?P<name>'.*?')\.", N_("No such command {name}.")),
    (r"Missing command\.", N_("Missing command.")),
    (r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.*)\)", N_("No such option: {name} (Possible options: {options})")),
    # Typer 0.26's copy of Click writes the suggestion as a tuple: "No such option: --x ('(Possible options: --y)',)"
    (r"No such option: (?P<name>\S+) \('\(Possible options: (?P<options>.*)\)',\)", N_("No such option: {name} (Possible options: {options})")),
    (r"No such option: (?P<name>.*)", N_("No such option: {name}")),
    (r"Missing argument (?P<name>'.*?')\.(?P<rest>.*)", N_("Missing argument {name}.{rest}")),
    (r"Missing option (?P<name>'.*?')\.(?P<rest>.*)", N_("Missing option {name}.{rest}")),
    (r"Missing parameter: (?P<name>.*)", N_("Missing parameter: {name}")),
    (r" Choose from:(?P<choices>.*)", N_(" Choose from:{choices}")),
    (r"Invalid value for (?P<name>.*?): (?P<message>.*)", N_("Invalid value for {name}: {message}")),
    (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
    (r"(?P<value>.*) is not in the range (?P<range>.*)\.", N_("{value} is not in the range {range}.")),
    (r"(?P<value>'.*') is not one of (?P<choices>.*)\.", N_("{value} is not one of {choices}.")),
    (r"(?P<value>'.*') is not a valid boolean\. Recognized values: (?P<states>.*)", N_("{value} is not a valid boolean. Recognized values: {states}")),
    (r"(?P<value>'.*') is not a valid (?P<kind>integer range|integer|int range|float range|float|UUID)\.", N_("{value} is not a valid {kind}.")),
    (r"(?P<value>'.*') does not match the formats (?P<formats>.*)\.", N_("{value} does not match the formats {formats}.")),
    (r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)", N_("Got unexpected extra argument(s) ({arguments})")),
    (r"Option (?P<name>'.*?') requires an argument\.", N_("Option {name} requires an argument.")),
    (r"Option (?P<name>'.*?') requires (?P<n>\d+) arguments\.", N_("Option {name} requires {n} arguments.")),
    (r"Option (?P<name>'.*?') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"(?P<kind>File|Directory|Path) (?P<name>'.*') does not exist\.", N_("{kind} {name} does not exist.")),
    (r"(?P<kind>File|Directory|Path) (?P<name>'.*') is a file\.", N_("{kind} {name} is a file.")),
    (r"(?P<kind>File|Directory|Path) (?P<name>'.*') is a directory\.", N_("{kind} {name} is a directory.")),
    (r"(?P<kind>File|Directory|Path) (?P<name>'.*') is not readable\.", N_("{kind} {name} is not readable.")),
    (r"(?P<kind>File|Directory|Path) (?P<name>'.*') is not writable\.", N_("{kind} {name} is not writable.")),
)
# The words those messages put in their parts.
CLICK_WORDS = {
    "integer": N_("integer"),
    "int range": N_("integer"),
    "integer range": N_("integer"),  # Typer 0.26
    "float": N_("number"),
    "float range": N_("number"),
    "UUID": N_("UUID"),
    "File": N_("file"),
    "Directory": N_("directory"),
    "Path": N_("path"),
}
# Click's description of a number's range (`x>=0`, `1<=x<=10`), as words.
RANGES = (
    (r"(?P<low>-?[\d.]+)<=x<=(?P<high>-?[\d.]+)", N_("{low}–{high}")),
    (r"x>=(?P<n>-?[\d.]+)", N_("at least {n}")),
    (r"x<=(?P<n>-?[\d.]+)", N_("at most {n}")),
    (r"x>(?P<n>-?[\d.]+)", N_("more than {n}")),
    (r"x<(?P<n>-?[\d.]+)", N_("less than {n}")),
)


def click_message(text: str) -> str:
    """One of Click's or Typer's messages in the language in use (one it does not know stays as it is)."""
    if i18n.current() == "en":
        return text
    for pattern, msgid in CLICK_MESSAGES:
        found = re.fullmatch(pattern, text, re.S)
        if found:
            parts = found.groupdict()
            for name in ("message", "rest"):
                if parts.get(name):
                    parts[name] = click_message(parts[name])
            if parts.get("range"):
                parts["range"] = range_words(parts["range"])
            if parts.get("kind") in CLICK_WORDS:
                word = _(CLICK_WORDS[parts["kind"]])
                parts["kind"] = word[:1].upper() + word[1:] if parts["kind"][:1].isupper() else word
            return _(msgid).format(**parts)
    return text


def range_words(text: str) -> str:
    """Click's `x>=0` as the language in use says it (`minst 0`); English keeps Click's own."""
    if i18n.current() == "en":
        return text
    for pattern, msgid in RANGES:
        found = re.fullmatch(pattern, text)
        if found:
            return _(msgid).format(**found.groupdict())
    return text


def _help_record(record: tuple[str, str]) -> tuple[str, str]:
    names, text = record
    text = text.replace("[default: ", "[" + _("default: ")).replace("[required]", "[" + _("required") + "]")
    # a range stands last in the brackets: "[x>=0]", "[standard: 14; x>=0]"
    text = re.sub(r"(?<=[\[ ])(-?[\d.]+<=)?x[<>]=?-?[\d.]+(<=?-?[\d.]+)?(?=\])", lambda m: range_words(m.group(0)), text)
    return names, text


def show_error(error: Any, file: Any = None) -> None:
    """What Click's exceptions print (the usage, the hint, the error), in the language in use."""
    file = file or sys.stderr
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        typer.echo(f"{ctx.get_usage()}\n{hint}", file=file, color=ctx.color)
        with localised(ctx.command):  # "Missing argument 'BREV'": the metavar as the usage line writes it
            message = error.format_message()
    else:
        message = error.format_message()
    typer.echo(_("Error: ") + click_message(message), file=file, color=ctx.color if ctx is not None else None)


def _speaking(error: Any) -> Any:
    """Click's exception, made to show itself in the language in use."""
    error.show = lambda file=None: show_error(error, file)
    return error


class _Localised:
    """Help pages in the language in use: our texts from the catalogue, and Typer's framing words where it lets them be."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with localised(self):
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        """The line in a list of commands: the short help written for it (the root's SHORT_HELP), else the help's first
        sentence, shortened only where a phrase ends (Click's own cuts mid-phrase: "...för att...")."""
        with localised(self):
            return whole_phrases(getattr(self, "help", None) or "", limit)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        with localised(self):
            self._write_usage(ctx, formatter)

    def _write_usage(self, ctx: Any, formatter: Any) -> None:
        """The usage line with the arguments as people write them (LETTER ORGANISATION; Typer writes {LETTER})."""
        pieces = [piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece for piece in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

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
        written = getattr(ctx.find_root().command, "SHORT_HELP", {})
        path = ctx.command_path.split()[1:]
        for name in self.list_commands(ctx):
            sub = self.get_command(ctx, name)  # type: ignore[attr-defined]
            if sub is not None and not sub.hidden:
                short = written.get(" ".join([*path, name]))
                rows.append((name, _(short) if short else sub.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


def whole_phrases(help: str, limit: int) -> str:
    """The first sentence of `help`; if longer than `limit`, up to the last phrase that ends within it (at a colon,
    semicolon, dash or comma), else the whole sentence, which the list then wraps. Never a phrase cut short."""
    import re

    sentence = re.split(r"(?<=[.!?])\s|\n\s*\n", help.strip(), maxsplit=1)[0].strip().rstrip(".")
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    ends = [match.start() for match in re.finditer(r"[:;,]\s| – ", sentence) if match.start() <= limit]
    return sentence[: ends[-1]] if ends else sentence


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
    SHORT_HELP: dict[str, str] = {}  # a command's line in the lists of commands ("reply add": msgid), written for the list

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
        messages come in it wherever --lang and -d stand); the language, and --width, end with the run."""
        from ..outputs.render import width_of_run

        _readable_streams()
        _localised_completion(self)
        with i18n.using(language_of(list(sys.argv[1:] if args is None else args))), width_of_run():
            return super().main(args, *rest, **extra)

    def make_context(self, *args: Any, **options: Any) -> Any:
        try:
            return super().make_context(*args, **options)
        except ClickException as error:
            raise _speaking(error) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ClickException as error:
            raise _speaking(error) from None
        except Abort:
            typer.echo(_("Aborted!"), err=True)
            raise typer.Exit(1) from None
        except LokalserviceError as error:
            self.report(error)
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:  # the reader of our output went away (| head): nothing more to say
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit, which would fail again
            raise typer.Exit(1) from None


COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _localised_completion(root: Any) -> None:
    """--install-completion and --show-completion answering in the language in use (Typer's own callbacks print English)."""
    for param in root.params:
        if param.name == "install_completion":
            param.callback = _install_completion
        elif param.name == "show_completion":
            param.callback = _show_completion


def _completion_shell(value: Any) -> str:
    """The shell asked for, or the one this runs in; a shell without completion is a clear message and exit 1."""
    from typer._completion_shared import _get_shell_name

    shell = value if isinstance(value, str) else (_get_shell_name() or "")
    if shell not in COMPLETION_SHELLS:
        typer.echo(_("Completion is available for bash, zsh, fish and PowerShell, not for {shell}.").format(shell=shell or "?"), err=True)
        raise typer.Exit(1)
    return shell


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=_completion_shell(value))
    typer.echo(_("Completion for {shell} is installed in {path}.").format(shell=shell, path=path))
    typer.echo(_("It works in terminals opened from now on: open a new one, or run: exec {shell}").format(shell=shell))
    raise typer.Exit(0)


def _show_completion(ctx: Any, param: Any, value: Any) -> Any:
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import get_completion_script

    name = ctx.find_root().info_name
    typer.echo(get_completion_script(prog_name=name, complete_var="_{}_COMPLETE".format(name.replace("-", "_").upper()), shell=_completion_shell(value)))
    raise typer.Exit(0)


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
