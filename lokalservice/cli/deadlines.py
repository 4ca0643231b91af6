"""`lokalservice deadlines` and `lokalservice export ics`."""

from pathlib import Path
from typing import Annotated

import typer

from ..settings import Settings
from .common import Format, FormatOption, command, open_folder, typer_app

app = typer_app()
export_app = typer_app(help="Export the inquiry's dates to other programs.\n\nExample: lokalservice export ics --output utredning.ics", no_args_is_help=True)
app.add_typer(export_app, name="export")

STYLES = {"overdue": "red", "due-soon": "yellow", "met": "dim", "replaced": "dim", "held": "dim"}


@command(app, "deadlines")
def deadlines(
    config: Settings,
    show_all: Annotated[bool, typer.Option("--all", help="Show everything, also what was met, held or replaced long ago. Example: --all")] = False,
    within: Annotated[int | None, typer.Option("--within", min=0, metavar="DAYS", help="Only what falls due within DAYS days. Example: --within 30")] = None,
    soon: Annotated[int, typer.Option("--soon", min=0, metavar="DAYS", help="Call a date due-soon this many days ahead. Example: --soon 7")] = 14,
    format: FormatOption = Format.table,
) -> None:
    """What is due and what is overdue: directive deadlines, letters' reply-by dates and seminars.

    Example: lokalservice --today 2009-03-01 deadlines --within 90
    """
    from .. import render
    from ..queries.deadlines import items, next_working_day_note, select

    folder = open_folder(config)
    chosen = select(items(folder, config.today, soon), config.today, show_all, within)
    if format is Format.json:
        render.to_json([item.as_json() for item in chosen])
        return
    header = ["due", "weekday", "days_left", "what", "kind", "source", "id", "status", "replaces", "non_working_day", "note"]
    rows = [[i.due, i.weekday, i.days_left, i.what, i.kind, i.source, i.id, i.status, i.replaces, i.non_working_day, i.note] for i in chosen]
    if format is Format.csv:
        render.to_csv(header, rows)
        return
    title = f"{folder.inquiry.designation}: deadlines as of {config.today}"
    table_rows = [
        [str(i.due), i.weekday, str(i.days_left), i.what, i.source, i.status, "; ".join(n for n in (i.note, next_working_day_note(i)) if n)] for i in chosen
    ]
    render.table(title, ["Due", "Weekday", "Days left", "What", "Source", "Status", "Note"], table_rows, [STYLES.get(i.status, "") for i in chosen])
    if not chosen:
        render.console(stderr=True).print("Nothing due in this view; --all shows everything.")


@command(export_app, "ics")
def export_ics(
    config: Settings,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of standard output. Example: -o utredning.ics")
    ] = None,
) -> None:
    """Every deadline in force as an all-day event in an iCalendar file (Outlook, Google Calendar).

    Example: lokalservice export ics --output utredning.ics
    """
    import sys

    from ..calendar import calendar

    folder = open_folder(config)
    data = calendar(folder, config.today)
    if output is None:
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(data.decode())
    else:
        output.write_bytes(data)
