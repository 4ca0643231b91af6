"""`lokalservice check`: validate the whole data folder."""

from typing import Annotated

import typer

from ..settings import Settings
from .common import Format, FormatOption, announce, command, typer_app

app = typer_app()


@command(app, "check")
def check(
    config: Settings,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too. Example: lokalservice check --strict")] = False,
    format: FormatOption = Format.table,
) -> None:
    """Check the data folder: errors (exit 1) and warnings (exit 0 unless --strict).

    Example: lokalservice -d ~/utredning check
    """
    from .. import render
    from ..cache import load_checked
    from ..problems import errors, warnings

    announce(config)
    _, problems = load_checked(config.data_dir, config.label)
    found_errors, found_warnings = errors(problems), warnings(problems)
    if format is Format.json:
        render.to_json([p.as_dict() for p in problems])
    elif format is Format.csv:
        render.to_csv(["severity", "file", "line", "field", "message"], [[p.severity, p.file, p.line, p.field, p.message] for p in problems])
    else:
        err = render.console(stderr=True)
        for problem in problems:
            err.print(render.text(str(problem), "red" if problem.severity == "error" else "yellow"))
        err.print(f"{config.label}: {len(found_errors)} errors, {len(found_warnings)} warnings")
    if found_errors or (strict and found_warnings):
        raise typer.Exit(1)
