"""`lokalservice seminars`, `lokalservice status` and `lokalservice init`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import N_
from .common import (
    DelimiterOption,
    Format,
    FormatOption,
    LangOption,
    OutputOption,
    command,
    sink,
    typer_app,
    uses_folder,
)

if TYPE_CHECKING:
    from ..workspace import Workspace

app = typer_app()
help_app = typer_app(help=N_("Reference for the data files.\n\nExample: lokalservice help data-format"), no_args_is_help=True)
app.add_typer(help_app, name="help")
NEXT_DEADLINES = 5


@command(app, "seminars", N_("Seminars with the organisations invited and those that came.\n\nExample: lokalservice --today 2009-03-01 seminars"))
@uses_folder
def seminars(
    workspace: "Workspace",
    format: FormatOption = Format.table,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
) -> None:
    from ..i18n import _
    from ..queries.seminars import seminars as find
    from ..queries.status import word
    from .common import finish

    out = sink(output, format)
    found, left = workspace.partition(find(workspace.folder, workspace.today), lambda v: v.keys(workspace.folder), lambda v: v.seminar.id)
    rows: list[list[Any]] = [
        [v.seminar.date.isoformat(), v.seminar.title, v.status, ", ".join(o.name for o in v.invited)]
        + [None if v.attended is None else ", ".join(o.name for o in v.attended), f"{v.came}/{len(v.invited)}" if v.attended else "", v.seminar.note]
        for v in found
    ]
    columns = ["date", "title", "status", "invited", "attended", "came", "note"]
    headers = [_("Date"), _("Title"), _("Status"), _("Invited"), _("Attended"), _("Came"), _("Note")]
    shown = [[r[0], r[1], word(v.status, "seminar"), r[3], _("not recorded") if r[4] is None else r[4], *r[5:]] for r, v in zip(rows, found)]
    out.listing(format.value, [view.as_json() for view in found], _("Seminars"), columns, headers, rows, delimiter, shown)
    finish(workspace, [*workspace.lost_of(("seminar",)), *left])


@command(
    app,
    "status",
    N_(
        "One screen for the investigator: the inquiry, the next deadlines, reports, each letter's replies, the data's health.\n\n"
        "Example: lokalservice --today 2009-03-01 status"
    ),
)
@uses_folder
def status(workspace: "Workspace") -> None:
    from ..i18n import M, _
    from ..model import rules
    from ..model.problems import tally
    from ..model.words import days_left_words, long_date, shown
    from ..outputs import render
    from ..queries.deadlines import KINDS, items, shown_what
    from ..queries.replies import report
    from ..queries.status import PENDING, word

    folder, day = workspace.folder, workspace.today
    inquiry = folder.inquiry
    if inquiry is not None:
        heading = f"{inquiry.designation} {inquiry.title}" + (f" ({inquiry.department})" if inquiry.department else "")
        render.lines([heading, _("As of {day}").format(day=long_date(day)), ""])
    found, left = workspace.partition(items(folder, day), lambda i: (set(i.shown), set(i.counted)), lambda i: f"{i.id} ({i.due})")
    upcoming = [i for i in found if i.status in (*PENDING, "planned")]
    render.table(
        _("Next deadlines"),
        [_("Due"), _("Days left"), _("What"), _("Source"), _("Status")],
        [[str(i.due), days_left_words(i.days_left), shown_what(i), i.source, word(i.status, i.kind)] for i in upcoming[:NEXT_DEADLINES]],
    )
    if folder.reports:
        render.table(
            _("Reports"),
            [_("Report"), _("Title"), _("Delivered")],
            [[r.designation, r.title, shown(r.delivered) if r.delivered else _("date not known")] for r in folder.reports],
        )
    letters = [i for i in found if i.kind == "letter" and not rules.summarised(folder.letter[i.id])]
    reports = [report(folder, folder.letter[i.id], day) for i in letters]
    render.table(
        _("Replies"),
        [_("Letter"), _("Reply by"), _("Replied"), _("Late"), _("Status")],
        [
            [r.letter.subject, str(r.letter.reply_by), f"{len(r.replied)}/{len(r.answers)}", str(sum(a.late for a in r.replied)), word(i.status, i.kind)]
            for r, i in zip(reports, letters)
        ],
    )
    informing = [letter for letter in folder.letters if not rules.asks_for_replies(letter)]
    if informing:
        render.lines([_("Information letters (no replies asked): {letters}").format(letters="; ".join(letter.subject for letter in informing))])
    for letter in folder.letters:
        if rules.summarised(letter):
            render.lines([_("Replies known only as a whole: {letter}: {summary}").format(letter=letter.subject, summary=letter.replies_summary)])
    render.lines([str(M("Data: {tally} (lokalservice check lists them)", tally=tally(workspace.problems)))])
    from .common import finish

    finish(workspace, [*workspace.lost_of(KINDS), *left])


@command(
    app,
    "init",
    N_(
        "Create a new inquiry folder: a commented inquiry.yaml and a file for each kind of record, with examples.\n\n"
        "Example: lokalservice init ~/utredning --designation 'Fi 2007:06' --title 'Utveckling av lokal service i samverkan'"
    ),
)
def init(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar=N_("DIR"), help=N_("The new inquiry's folder. Example: ~/utredning"), show_default=False)],
    designation: Annotated[
        str,
        typer.Option("--designation", metavar=N_("TEXT"), help=N_("The inquiry's designation, as the government gave it. Example: --designation 'Fi 2007:06'")),
    ],
    title: Annotated[
        str, typer.Option("--title", metavar=N_("TEXT"), help=N_("The inquiry's title. Example: --title 'Utveckling av lokal service i samverkan'"))
    ],
    department: Annotated[
        str | None,
        typer.Option("--department", metavar=N_("TEXT"), help=N_("The department the inquiry belongs to. Example: --department Finansdepartementet")),
    ] = None,
    lang: LangOption = None,
) -> None:
    from .. import i18n
    from ..actions.init import create
    from ..i18n import M
    from ..outputs import render

    if lang is not None:
        i18n.use(lang.value)
    written = create(folder, designation, title, department)
    render.say(M("Created {folder} with {files}. Next: cd {folder} && lokalservice check", folder=str(folder), files=", ".join(p.name for p in written)))


@command(help_app, "data-format", N_("The data folder's files and every field they hold.\n\nExample: lokalservice help data-format | less"))
def data_format() -> None:
    from .. import i18n
    from ..outputs import render
    from ..settings import reference_path

    # the reference in the reader's language: docs/data-format.sv.md in Swedish, docs/data-format.md in English
    swedish = reference_path("data-format.sv.md")
    chosen = swedish if i18n.current() == "sv" and swedish.is_file() else reference_path("data-format.md")
    render.write_bytes(chosen.read_bytes())
