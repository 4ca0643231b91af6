"""`lokalservice report`: the investigator's page."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_
from .common import command, finish, typer_app, uses_folder

if TYPE_CHECKING:
    from ..workspace import Workspace

app = typer_app()


@command(
    app,
    "report",
    N_(
        "The investigator's report: one HTML page to open, glance at and print (A4), with the deadlines on a timeline, each letter's "
        "replies as charts, who is missing, seminars and the data's health.\n\nExample: lokalservice report --output läget.html"
    ),
)
@uses_folder
def report(
    workspace: "Workspace",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar=N_("FILE"), help=N_("Write to FILE instead of standard output. Example: -o läget.html"))
    ] = None,
) -> None:
    from ..outputs import render
    from ..outputs.report import html
    from ..outputs.report.view import view
    from ..queries.deadlines import KINDS, items
    from .common import write_output

    workspace.require({("inquiry", "")})  # the page is headed with the inquiry
    kept, left = workspace.partition(items(workspace.folder, workspace.today), lambda i: (set(i.shown), set(i.counted)), lambda i: f"{i.id} ({i.due})")
    page = html(view(workspace.folder, workspace.today, workspace.problems, kept)).encode("utf-8")
    if output is None:
        render.write_bytes(page)
    else:
        write_output(output, page)
    finish(workspace, [*workspace.lost_of(KINDS), *left])
