"""`lokalservice deadlines` and `lokalservice export ics`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_
from .common import Format, FormatOption, OutputOption, command, sink, typer_app, uses_folder

if TYPE_CHECKING:
    from ..workspace import Workspace

app = typer_app()
export_app = typer_app(
    help=N_("Export the inquiry's dates to other programs.\n\nExample: lokalservice export ics --output utredning.ics"), no_args_is_help=True
)
app.add_typer(export_app, name="export")


@command(
    app,
    "deadlines",
    N_(
        "What is due and what is overdue: directive deadlines, letters' reply-by dates and seminars.\n\n"
        "Example: lokalservice --today 2009-03-01 deadlines --within 90"
    ),
)
@uses_folder
def deadlines(
    workspace: "Workspace",
    show_all: Annotated[bool, typer.Option("--all", help=N_("Show everything, also what was met, held or replaced long ago. Example: --all"))] = False,
    within: Annotated[
        int | None,
        typer.Option("--within", min=0, metavar=N_("DAYS"), help=N_("Only what falls due within DAYS days, and what is overdue. Example: --within 30")),
    ] = None,
    soon: Annotated[int, typer.Option("--soon", min=0, metavar=N_("DAYS"), help=N_("Call a date due soon this many days ahead. Example: --soon 7"))] = 14,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    from ..i18n import _
    from ..model.words import days_left_words, long_date, weekday
    from ..outputs import render
    from ..queries.deadlines import COLUMNS, KINDS, items, select, shown_what
    from ..queries.status import STYLES, word
    from .common import finish

    out = sink(output, format)
    folder, day = workspace.folder, workspace.today
    found, left = workspace.partition(items(folder, day, soon), lambda i: (set(i.shown), set(i.counted)), lambda i: f"{i.id} ({i.due})")
    chosen = select(found, day, show_all, within)
    if format is Format.json:
        out.json([item.as_json(folder) for item in chosen])
    elif format is not Format.table:
        out.rows(format.value, COLUMNS, [item.row(folder) for item in chosen], title=_("Deadlines"))
    else:
        designation = folder.inquiry.designation if folder.inquiry else ""
        title = _("{designation}: deadlines on {day}").format(designation=designation, day=long_date(day))
        rows = [[str(i.due), weekday(i.due), days_left_words(i.days_left), shown_what(i), i.source, word(i.status, i.kind), str(i.note or "")] for i in chosen]
        headers = [_("Due"), _("Weekday"), _("Days left"), _("What"), _("Source"), _("Status"), _("Note")]
        render.table(title, headers, rows, [STYLES.get(i.status, "") for i in chosen])
        if not chosen:
            render.say(_("Nothing due in this view; --all shows everything."))
    finish(workspace, [*workspace.lost_of(KINDS), *left])


@command(
    export_app,
    "ics",
    N_(
        "Every deadline as an all-day event in an iCalendar file (Outlook, Google Calendar); moved ones as cancelled.\n\n"
        "Example: lokalservice export ics --output utredning.ics"
    ),
)
@uses_folder
def export_ics(
    workspace: "Workspace",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar=N_("FILE"), help=N_("Write to FILE instead of standard output. Example: -o utredning.ics"))
    ] = None,
    alarm: Annotated[
        int | None,
        typer.Option("--alarm", min=0, metavar=N_("DAYS"), help=N_("A reminder this many days before each date still open. Example: --alarm 7")),
    ] = None,
) -> None:
    from ..outputs import render
    from ..outputs.calendar import calendar
    from ..queries.deadlines import KINDS, items
    from .common import finish, write_output

    workspace.require({("inquiry", "")})  # the calendar is named after the inquiry
    found, left = workspace.partition(items(workspace.folder, workspace.today), lambda i: (set(i.shown), set(i.counted)), lambda i: f"{i.id} ({i.due})")
    data = calendar(workspace.folder, workspace.today, found, alarm)
    if output is None:
        render.write_bytes(data)
    else:
        write_output(output, data)
    finish(workspace, [*workspace.lost_of(KINDS), *left])
