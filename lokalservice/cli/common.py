"""What every command shares: its help in the language in use, the shared options, and opening the data folder."""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from .. import i18n, settings
from ..i18n import N_, M
from . import completion
from .framework import command, typer_app

if TYPE_CHECKING:
    from ..model.records import Letter, Organisation
    from ..outputs.render import Sink
    from ..workspace import Workspace

__all__ = ["command", "typer_app"]  # with the options below: what a command module needs (framework.py owns Typer's internals)


class Resolve:
    """Annotated metadata for an argument or option whose id `uses_folder` turns into the record it names (with the
    error a secretary needs when there is none: unknown, did you mean, cannot be read because of an error). The command
    declares the record's type (`letter: Annotated[Letter, Resolve("letter", typer.Argument(...))]`); Typer is shown
    the id's type (`cli_type`) and the parameter."""

    def __init__(self, find: str, parameter: Any, cli_type: Any = str) -> None:
        self.find = find  # the Workspace method that finds it: letter, letter_or_list, organisation
        self.parameter = parameter
        self.cli_type = cli_type


class Language(str, enum.Enum):
    sv = "sv"
    en = "en"


DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        "-d",
        metavar=N_("PATH"),
        help=N_(
            "The inquiry's data folder. Default: $LOKALSERVICE_DATA, else the current folder or the nearest above it with an "
            "inquiry.yaml, else ./data, else the shipped sample. Example: -d ~/utredning"
        ),
        show_default=False,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar=N_("YYYY-MM-DD"),
        help=N_("Answer as of this day instead of the system date; also $LOKALSERVICE_TODAY. Example: --today 2009-03-01"),
        show_default=False,
    ),
]
LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help=N_("The language of the answers: sv or en. Default: $LOKALSERVICE_LANG, else inquiry.yaml's language, else the locale. Example: --lang en"),
        show_default=False,
    ),
]

WidthOption = Annotated[
    int | None,
    typer.Option(
        "--width",
        min=20,
        metavar=N_("COLUMNS"),
        help=N_("Draw tables this many columns wide. Default: $COLUMNS, else the terminal's width, also in a pipe; else 80. Example: --width 100"),
        show_default=False,
    ),
]


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ListFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    emails = "emails"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help=N_("table for people; json or csv for scripts; xlsx for Excel (with --output). Example: --format xlsx"))
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar=N_("FILE"), help=N_("Write the answer to FILE instead of standard output. Example: --output svar.xlsx")),
]


def sink(output: Path | None, format: Format | ListFormat) -> Sink:
    """Where the answer goes; a Rich table is for the terminal only."""
    from ..outputs.render import Sink

    if output is not None and format.value == "table":
        from ..model.problems import UsageError

        raise UsageError(M("--output writes json, csv or xlsx: give --format too (for example --format xlsx)"))
    return Sink(output)


HeaderRowOption = Annotated[
    int | None,
    typer.Option(
        "--header-row",
        metavar="N",
        min=1,
        help=N_("The row that names the columns; without it, the first of the first ten rows that names them. Example: --header-row 2"),
        show_default=False,
    ),
]
DelimiterOption = Annotated[
    str, typer.Option("--delimiter", metavar=N_("CHARACTER"), help=N_("CSV field separator (';' suits Swedish Excel). Example: --delimiter ,"))
]


class Security(str, enum.Enum):
    starttls = "starttls"
    ssl = "ssl"
    none = "none"


EmlOption = Annotated[
    Path | None,
    typer.Option(
        "--eml",
        metavar=N_("DIR"),
        help=N_("Write one draft per organisation into DIR (.eml with X-Unsent: 1: Outlook opens it ready to send). Example: --eml utkast"),
    ),
]
SendOption = Annotated[bool, typer.Option("--send", help=N_("Send through the mail server in inquiry.yaml's mail: section. Example: --send"))]
YesOption = Annotated[bool, typer.Option("--yes", help=N_("Send without showing what will be sent and asking first. Example: --send --yes"))]
AttachOption = Annotated[
    list[Path] | None, typer.Option("--attach", metavar=N_("FILE"), help=N_("Attach a file (repeatable): PDF, Word and others. Example: --attach brev.pdf"))
]
# a LETTER argument, resolved to its record while the command line is read
LetterArgument = Annotated[
    "Letter",
    Resolve(
        "letter",
        typer.Argument(metavar=N_("LETTER"), help=N_("The letter's id. Example: fragor-2009"), show_default=False, autocompletion=completion.letters),
    ),
]
OnlyOption = Annotated[
    "list[Organisation] | None",
    Resolve(
        "organisation",
        typer.Option(
            "--only",
            metavar=N_("ORGANISATION"),
            help=N_("Only this organisation (repeatable). Example: --only dorotea"),
            autocompletion=completion.organisations,
        ),
        list[str] | None,
    ),
]
MaxAttachmentOption = Annotated[
    int, typer.Option("--max-attachment", min=1, metavar=N_("MB"), help=N_("The largest file --attach takes, in MB. Example: --max-attachment 40"))
]
SmtpOption = Annotated[
    str | None,
    typer.Option("--smtp", metavar=N_("HOST:PORT"), help=N_("The mail server, instead of the one in inquiry.yaml. Example: --smtp smtp.example.se:587")),
]
SecurityOption = Annotated[
    Security | None, typer.Option("--security", help=N_("How the connection is encrypted: starttls (default), ssl or none. Example: --security ssl"))
]


_SHARED = {"data_dir": DataDirOption, "today": TodayOption, "lang": LangOption, "width": WidthOption}


class GlobalOptions(NamedTuple):
    """--data-dir, --today and --lang as given before the command."""

    data_dir: Path | None
    today: str | None
    lang: Language | None


def resolve(ctx: typer.Context, data_dir: Path | None, today: str | None, lang: Language | None) -> settings.Settings:
    """Settings from the command's own options, else those given before it; the language is then in use."""
    root = ctx.find_root().obj
    given = root if isinstance(root, GlobalOptions) else GlobalOptions(None, None, None)
    language = lang or given.lang
    found = settings.resolve(data_dir or given.data_dir, today or given.today, language.value if language else None)
    i18n.use(found.language)
    return found


def open_workspace(ctx: typer.Context, data_dir: Path | None, today: str | None, lang: Language | None) -> Workspace:
    """The data folder the command reads (from the cache when unchanged), after saying so when it is the shipped sample."""
    from ..workspace import Workspace

    found = resolve(ctx, data_dir, today, lang)
    announce(found)
    return Workspace.open(found)


def uses_folder(function: Callable[..., Any]) -> Callable[..., Any]:
    """A command that reads the data folder: it takes --data-dir, --today, --lang and --width (given before the command, or
    after it) and is handed the opened Workspace as its first argument, with every argument marked `Resolve` already
    the record it names. The command itself declares only what is its own."""
    own = [parameter for name, parameter in inspect.signature(function).parameters.items() if name != "workspace"]
    marked = {parameter.name: mark for parameter in own for mark in getattr(parameter.annotation, "__metadata__", ()) if isinstance(mark, Resolve)}
    shown = [
        parameter.replace(annotation=Annotated[marked[parameter.name].cli_type, marked[parameter.name].parameter]) if parameter.name in marked else parameter
        for parameter in own
    ]
    shared = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
        *shown,
        *(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind) for name, kind in _SHARED.items()),
    ]

    @functools.wraps(function)
    def command(
        ctx: typer.Context,
        *args: Any,
        data_dir: Path | None = None,
        today: str | None = None,
        lang: Language | None = None,
        width: int | None = None,
        **values: Any,
    ) -> Any:
        if width is not None:
            from ..outputs.render import use_width

            use_width(width)
        workspace = open_workspace(ctx, data_dir, today, lang)
        for name, mark in marked.items():
            values[name] = _resolved(workspace, mark, values.get(name))
        return function(workspace, *args, **values)

    command.__signature__ = inspect.Signature(shared)  # type: ignore[attr-defined]
    command.__annotations__ = {parameter.name: parameter.annotation for parameter in shared}  # what Typer reads (not the Workspace)
    return command


def _resolved(workspace: Workspace, mark: Resolve, value: Any) -> Any:
    if value is None:
        return None
    find = getattr(workspace, mark.find)
    return [find(item) for item in value] if isinstance(value, list) else find(value)


def announce(config: settings.Settings) -> None:
    """Say so on stderr when the folder is the shipped sample (and suggest a --today in its period)."""
    notice = config.sample_notice()
    if notice is not None:
        from ..outputs.render import say

        say(notice, "dim")


def finish(workspace: Workspace, left: Iterable[M] = ()) -> None:
    """End a reading command that answered: on stderr, the data's errors (the first few) and what this answer left out
    because of them; exit 1 when the data has errors, so that a script sees the answer is not from clean data."""
    from ..outputs.render import say

    left = [*left]
    errors = workspace.errors
    if not errors and not left:
        return
    for problem in errors[:SHOWN_ERRORS]:
        say(problem, "red")
    count = i18n.Mn("The data has {n} error", "The data has {n} errors", n=len(errors))
    if left:
        say(M("{count} (lokalservice check lists them). This answer leaves out: {items}", count=count, items="; ".join(str(item) for item in left)), "yellow")
    else:
        say(M("{count} (lokalservice check lists them); it does not touch this answer.", count=count), "yellow")
    raise typer.Exit(1)


SHOWN_ERRORS = 3


def write_output(path: Path, data: bytes) -> None:
    """Write an output file whole (or leave what was there), and say so on stderr."""
    from ..outputs.render import say
    from ..source.fsio import write_atomically

    write_atomically(path, data, str(path))
    say(M("Wrote {file}.", file=str(path)))
