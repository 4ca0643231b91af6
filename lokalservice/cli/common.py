"""What every command shares: the global options, the error boundary, and opening the data folder."""

import enum
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

from .. import settings
from ..problems import DataError, LokalserviceError

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        "-d",
        metavar="PATH",
        help=f"The inquiry's data folder. Default: ${settings.DATA_ENV}, else ./data, else the shipped sample. Example: -d ~/utredning",
        show_default=False,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help=f"Answer as of this day (YYYY-MM-DD) instead of the system date; also ${settings.TODAY_ENV}. Example: --today 2009-03-01",
        show_default=False,
    ),
]


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ListFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    emails = "emails"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table for people; json or csv for scripts. Example: --format json")]
DelimiterOption = Annotated[str, typer.Option("--delimiter", help="CSV field separator (';' suits Swedish Excel). Example: --delimiter ,")]


def typer_app(**settings: Any) -> typer.Typer:
    """A Typer app (the root or one module's commands) with plain help: Rich panels would import Rich for every --help."""
    return typer.Typer(rich_markup_mode=None, **settings)


class GlobalOptions(NamedTuple):
    """--data-dir and --today as given before the command."""

    data_dir: Path | None
    today: str | None


def session(ctx: typer.Context, data_dir: Path | None, today: str | None) -> settings.Settings:
    """Settings from the command's own options, else the global ones given before the command."""
    given = ctx.find_root().obj if isinstance(ctx.find_root().obj, GlobalOptions) else GlobalOptions(None, None)
    day = today or given.today
    return settings.resolve(data_dir or given.data_dir, settings.parse_day(day, "--today") if day else None)


def open_folder(config: settings.Settings) -> Any:
    """Load and check the data folder; its errors (not its warnings) stop the command with exit 1."""
    from ..cache import load_checked
    from ..problems import errors

    announce(config)
    folder, problems = load_checked(config.data_dir, config.label)
    found = errors(problems)
    if found:
        raise DataError(found)
    return folder


def announce(config: settings.Settings) -> None:
    """Say so on stderr when the folder is the shipped sample (and suggest a --today in its period)."""
    notice = config.sample_notice()
    if notice:
        from ..render import console, text

        console(stderr=True).print(text(notice, "dim"))


def report(error: LokalserviceError) -> None:
    from ..render import console, printable

    err = console(stderr=True)
    for line in error.lines:
        err.print(printable(line), style="red" if isinstance(error, DataError) else None)


def command(app: typer.Typer, name: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `func` as a command. It gets `config: Settings` from --data-dir/--today (accepted here as
    well as before the command); the project's errors become messages on stderr and an exit code.

    The command modules evaluate their annotations (no `from __future__ import annotations`), so the
    signature is read as it stands: evaluating fifty annotation strings at each start-up cost 1.5 ms."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func)
        wants_config = "config" in signature.parameters
        own = [p for p in signature.parameters.values() if p.name != "config"]
        context = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
        shared = [
            inspect.Parameter("data_dir", inspect.Parameter.KEYWORD_ONLY, annotation=DataDirOption, default=None),
            inspect.Parameter("today", inspect.Parameter.KEYWORD_ONLY, annotation=TodayOption, default=None),
        ]

        @functools.wraps(func)
        def wrapper(ctx: typer.Context, *args: Any, data_dir: Path | None = None, today: str | None = None, **options: Any) -> Any:
            try:
                if wants_config:
                    options["config"] = session(ctx, data_dir, today)
                return func(*args, **options)
            except LokalserviceError as error:
                report(error)
                raise typer.Exit(error.exit_code) from None

        positional = [p for p in own if p.kind is not inspect.Parameter.KEYWORD_ONLY]
        keyword = [p for p in own if p.kind is inspect.Parameter.KEYWORD_ONLY]
        wrapper.__signature__ = signature.replace(parameters=[context, *positional, *keyword, *(shared if wants_config else [])])  # type: ignore[attr-defined]
        wrapper.__annotations__ = {}
        app.command(name, **kwargs)(wrapper)
        return func

    return decorate
