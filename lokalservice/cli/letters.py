"""Commands about one letter: `mailing-list`, `replies`, `remind`, and `reply add`."""

from datetime import datetime
from typing import Annotated

import typer

from .. import completion
from ..settings import Settings
from .common import DelimiterOption, Format, FormatOption, ListFormat, command, open_folder, typer_app

app = typer_app()
reply_app = typer_app(help="Record replies.\n\nExample: lokalservice reply add fragor-2009 dorotea --received 2009-05-20", no_args_is_help=True)
app.add_typer(reply_app, name="reply")

LetterArgument = Annotated[
    str, typer.Argument(metavar="LETTER", help="The letter's id. Example: fragor-2009", show_default=False, autocompletion=completion.letters)
]


@command(app, "mailing-list")
def mailing_list(
    config: Settings,
    letter_or_list: Annotated[
        str,
        typer.Argument(
            metavar="LETTER-OR-LIST", help="A letter's or a list's id. Example: fragor-2009", show_default=False, autocompletion=completion.letters_and_lists
        ),
    ],
    format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table (the printed sändlista), json, csv (mail merge) or emails. Example: --format csv")
    ] = ListFormat.table,
    delimiter: DelimiterOption = ";",
) -> None:
    """Who gets a letter: its sändlista, as printed under the letter, or for mail merge.

    Example: lokalservice mailing-list fragor-2009 --format csv > sändlista.csv
    """
    from .. import render
    from ..queries import distribution as d

    folder = open_folder(config)
    found = d.distribution(folder, letter_or_list)
    if format is ListFormat.json:
        render.to_json(d.as_json(found))
    elif format is ListFormat.csv:
        render.to_csv(d.CSV_COLUMNS, d.csv_rows(folder, found), delimiter)
    elif format is ListFormat.emails:
        addresses, without = d.emails(found)
        typer.echo("; ".join(addresses))
        if without:
            render.console(stderr=True).print(render.text(f"No e-mail address for {len(without)}: {', '.join(without)}"))
    else:
        render.lines(d.printed(folder, found))


@command(app, "replies")
def replies(
    config: Settings,
    letter: LetterArgument,
    missing: Annotated[bool, typer.Option("--missing", help="Only those who have not replied. Example: --missing")] = False,
    format: FormatOption = Format.table,
    delimiter: DelimiterOption = ";",
) -> None:
    """Who has replied to a letter, with a summary and a breakdown by group and by county.

    Example: lokalservice replies fragor-2009 --missing
    """
    from .. import render
    from ..queries.replies import report

    folder = open_folder(config)
    found = report(folder, letter, config.today)
    answers = found.missing if missing else list(found.answers)
    if format is Format.json:
        render.to_json(found.as_json())
        return
    rows = [
        [
            a.organisation.id,
            a.organisation.name,
            a.group,
            a.county.name if a.county else None,
            a.reply.received.isoformat() if a.reply else "missing",
            _yes_no(a.reply.publish) if a.reply else None,
            a.reply and a.reply.dnr,
            a.reply and a.reply.note,
        ]
        for a in answers
    ]
    if format is Format.csv:
        render.to_csv(["organisation", "name", "group", "county", "received", "publish", "dnr", "note"], rows, delimiter)
        return
    render.table(
        found.letter.subject,
        ["Organisation", "Group", "County", "Received", "Publish"],
        [row[1:6] for row in rows],
        ["red" if a.reply is None else "" for a in answers],
    )
    render.lines([found.summary()])
    for by, heading in (("group", "Group"), ("county", "County")):
        render.table(None, [heading, "Replied", "Expected"], [[key, str(k), str(n)] for key, k, n in found.breakdown(by)])


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


@command(app, "remind")
def remind(
    config: Settings,
    letter: LetterArgument,
    format: FormatOption = Format.table,
    delimiter: DelimiterOption = ";",
) -> None:
    """The reminder list: who has not replied, their contact persons, and a påminnelse to send them.

    Example: lokalservice remind fragor-2009 --format csv > påminnelse.csv
    """
    from .. import render
    from ..queries.reminders import reminder

    folder = open_folder(config)
    found = reminder(folder, letter, config.today)
    if format is Format.json:
        render.to_json(found.as_json())
        return
    rows = [[r.organisation.id, r.organisation.name, r.county, r.contact, r.email, r.phone, r.address] for r in found.rows]
    if format is Format.csv:
        render.to_csv(["organisation", "name", "county", "contact", "email", "phone", "address"], rows, delimiter)
        return
    render.table(
        f"Not yet replied: {len(found.missing)} of {found.expected}",
        ["Organisation", "County", "Contact", "E-mail", "Phone", "Address"],
        [row[1:] for row in rows],
    )
    render.lines(["", *found.text.splitlines()])


@command(reply_app, "add")
def reply_add(
    config: Settings,
    letter: LetterArgument,
    organisation: Annotated[
        str,
        typer.Argument(
            metavar="ORGANISATION", help="The replying organisation's id. Example: dorotea", show_default=False, autocompletion=completion.organisations
        ),
    ],
    received: Annotated[
        datetime | None,
        typer.Option(
            "--received",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="When the reply came in; default today. Example: --received 2009-05-20",
            show_default=False,
        ),
    ] = None,
    publish: Annotated[bool, typer.Option("--publish/--no-publish", help="Consent to publish the reply on the inquiry's website. Example: --publish")] = False,
    note: Annotated[str | None, typer.Option("--note", help="A note about the reply. Example: --note 'Svar via e-post'")] = None,
    dnr: Annotated[str | None, typer.Option("--dnr", help="The reply's diarienummer. Example: --dnr 'Fi 2007:06/2009/14'")] = None,
) -> None:
    """Record a reply: appends it to replies.yaml after checking the whole folder with it.

    Example: lokalservice reply add fragor-2009 dorotea --received 2009-05-20 --publish
    """
    from .. import render
    from ..problems import LokalserviceError
    from ..records import Reply
    from ..writer import add_reply

    if config.is_sample:
        raise LokalserviceError(
            f"{config.data_dir} is the sample shipped with lokalservice and stays as its papers have it; "
            "record replies in your own folder (-d PATH; lokalservice init makes one)"
        )
    reply = Reply(letter=letter, organisation=organisation, received=received.date() if received else config.today, publish=publish, dnr=dnr, note=note)
    add_reply(config.data_dir, config.label, reply)
    render.console(stderr=True).print(render.text(f"Recorded: {organisation} replied to {letter} on {reply.received}."))
