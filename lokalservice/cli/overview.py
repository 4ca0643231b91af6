"""`lokalservice seminars` and `lokalservice status`."""

from pathlib import Path
from typing import Annotated

import typer

from ..settings import Settings
from .common import DelimiterOption, Format, FormatOption, announce, command, typer_app

app = typer_app()
NEXT_DEADLINES = 5


@command(app, "seminars")
def seminars(config: Settings, format: FormatOption = Format.table, delimiter: DelimiterOption = ";") -> None:
    """Seminars with the organisations invited and those that came.

    Example: lokalservice --today 2009-03-01 seminars
    """
    from .. import render
    from ..queries.seminars import seminars as find
    from .common import open_folder

    found = find(open_folder(config), config.today)
    if format is Format.json:
        render.to_json([view.as_json() for view in found])
        return
    rows = [
        [
            v.seminar.date.isoformat(),
            v.seminar.title,
            "held" if v.held else "upcoming",
            ", ".join(o.name for o in v.invited),
            ", ".join(o.name for o in v.attended),
            f"{v.came}/{len(v.invited)}" if v.attended else "",
        ]
        for v in found
    ]
    if format is Format.csv:
        render.to_csv(["date", "title", "status", "invited", "attended", "came"], rows, delimiter)
        return
    render.table("Seminars", ["Date", "Title", "Status", "Invited", "Attended", "Came"], rows)


@command(app, "status")
def status(config: Settings) -> None:
    """One screen for the investigator: the inquiry, the next deadlines, each letter's replies, the data's health.

    Example: lokalservice --today 2009-03-01 status
    """
    from .. import render
    from ..cache import load_checked
    from ..problems import errors, warnings
    from ..queries.deadlines import items
    from ..queries.replies import report

    announce(config)
    folder, problems = load_checked(config.data_dir, config.label)
    health = f"Data: {len(errors(problems))} errors, {len(warnings(problems))} warnings (lokalservice check lists them)"
    inquiry = folder.inquiry
    if inquiry is not None:
        render.lines([f"{inquiry.designation} {inquiry.title}" + (f" ({inquiry.department})" if inquiry.department else ""), f"As of {config.today}", ""])
    if errors(problems):
        render.lines([health])
        raise typer.Exit(1)
    upcoming = [i for i in items(folder, config.today) if i.status in ("open", "due-soon", "overdue")]
    render.table(
        "Next deadlines",
        ["Due", "Days left", "What", "Source", "Status"],
        [[str(i.due), str(i.days_left), i.what, i.source, i.status] for i in upcoming[:NEXT_DEADLINES]],
    )
    letters = [report(folder, letter.id, config.today) for letter in folder.letters if letter.reply_by]
    render.table(
        "Replies", ["Letter", "Reply-by", "Replied"], [[r.letter.subject, str(r.letter.reply_by), f"{len(r.replied)}/{len(r.answers)}"] for r in letters]
    )
    render.lines([health])


@command(app, "init")
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The new inquiry's folder. Example: ~/utredning", show_default=False)],
    designation: Annotated[str, typer.Option("--designation", help="The inquiry's designation. Example: --designation 'Fi 2007:06'")] = "Fi 2007:00",
    title: Annotated[str, typer.Option("--title", help="The inquiry's title. Example: --title 'Utveckling av lokal service i samverkan'")] = "Ny utredning",
) -> None:
    """Create a new inquiry folder: a commented inquiry.yaml and an empty file for each kind of record.

    Example: lokalservice init ~/utredning --designation 'Fi 2007:06' --title 'Utveckling av lokal service i samverkan'
    """
    from .. import render
    from ..init import create

    written = create(folder, designation, title)
    render.console(stderr=True).print(render.text(f"Created {folder} with {', '.join(p.name for p in written)}. Next: lokalservice -d {folder} check"))
