"""`lokalservice check`: validate the whole data folder."""

from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_
from .common import Format, FormatOption, OutputOption, command, sink, typer_app, uses_folder

if TYPE_CHECKING:
    from ..workspace import Workspace

app = typer_app()


@command(app, "check", N_("Check the data folder: errors (exit 1) and warnings (exit 0 unless --strict).\n\nExample: lokalservice -d ~/utredning check"))
@uses_folder
def check(
    workspace: "Workspace",
    strict: Annotated[bool, typer.Option("--strict", help=N_("Exit 1 on warnings too. Example: lokalservice check --strict"))] = False,
    notes: Annotated[
        bool, typer.Option("--notes", help=N_("Show the notes too: facts with nothing to fix, such as a directive's date on a Sunday. Example: --notes"))
    ] = False,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    from ..i18n import M
    from ..model.problems import tally
    from ..outputs import render

    out = sink(output, format)
    problems = workspace.problems
    shown = problems if notes else [p for p in problems if p.severity != "note"]
    if format is Format.json:
        out.json([p.as_dict() for p in shown])
    elif format is not Format.table:
        out.rows(format.value, ["severity", "file", "line", "field", "message"], [[p.severity, p.file, p.line, p.field, p.message] for p in shown])
    else:
        err = render.console(stderr=True)
        for problem in shown:
            err.print(render.text(str(problem), {"error": "red", "warning": "yellow"}.get(problem.severity, "dim")))
        counted = tally(problems)
        if len(shown) < len(problems):
            counted = M("{tally} (--notes shows them)", tally=counted)
        render.say(M("{folder}: {tally}", folder=str(workspace.settings.label), tally=counted))
    if workspace.errors or (strict and workspace.warnings):
        raise typer.Exit(1)
