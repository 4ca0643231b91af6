"""Commands about letters: `mailing-list`, `replies`, `remind`, and `reply add | remove | restore`."""

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import N_
from . import completion
from .common import (
    AttachOption,
    DelimiterOption,
    EmlOption,
    Format,
    FormatOption,
    HeaderRowOption,
    LetterArgument,
    ListFormat,
    MaxAttachmentOption,
    OnlyOption,
    OutputOption,
    Resolve,
    SecurityOption,
    SendOption,
    SmtpOption,
    YesOption,
    command,
    finish,
    sink,
    typer_app,
    uses_folder,
)


class Section(str, enum.Enum):
    to = "to"
    cc = "cc"


class Via(str, enum.Enum):
    e_post = "e-post"
    post = "post"
    webb = "webb"
    telefon = "telefon"


if TYPE_CHECKING:
    from ..model.records import Letter, Organisation
    from ..outputs.render import Sink
    from ..queries.reminders import Plan
    from ..workspace import Workspace

app = typer_app()
reply_app = typer_app(
    help=N_("Record, correct and restore replies.\n\nExample: lokalservice reply add fragor-2009 dorotea --received 2009-05-20"), no_args_is_help=True
)
app.add_typer(reply_app, name="reply")

OrganisationArgument = Annotated[
    "Organisation",
    Resolve(
        "organisation",
        typer.Argument(
            metavar=N_("ORGANISATION"),
            help=N_("The replying organisation's id or name. Example: dorotea"),
            show_default=False,
            autocompletion=completion.organisations,
        ),
    ),
]


@command(
    app,
    "mailing-list",
    N_(
        "Who gets a letter: its sändlista, as printed under the letter, or for mail merge.\n\n"
        "Example: lokalservice mailing-list fragor-2009 --format csv > sändlista.csv"
    ),
)
@uses_folder
def mailing_list(
    workspace: "Workspace",
    letter_or_list: Annotated[
        str,
        typer.Argument(
            metavar=N_("LETTER-OR-LIST"),
            help=N_("A letter's or a list's id. Example: fragor-2009"),
            show_default=False,
            autocompletion=completion.letters_and_lists,
        ),
    ],
    format: Annotated[
        ListFormat,
        typer.Option("--format", "-f", help=N_("table (the printed sändlista), json, csv or xlsx (mail merge), or emails. Example: --format csv")),
    ] = ListFormat.table,
    section: Annotated[
        Section | None,
        typer.Option("--section", help=N_("With --format emails: only those asked to reply (to) or those för kännedom (cc). Example: --section cc")),
    ] = None,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
) -> None:
    from ..i18n import M, _
    from ..outputs import render
    from ..queries import distribution as d

    out = render.Sink(output)  # the printed sändlista may go to a file too, for the letter in Word
    folder = workspace.folder
    source = workspace.letter_or_list(letter_or_list)
    workspace.require(d.depends_on(folder, source))
    found = d.distribution(folder, source)
    if format is ListFormat.json:
        out.json(d.as_json(found))
    elif format in (ListFormat.csv, ListFormat.xlsx):
        out.rows(format.value, d.CSV_COLUMNS, d.csv_rows(folder, found), delimiter, _("Distribution list"))
    elif format is ListFormat.emails:
        from ..model import rules

        addresses, without, not_working = d.emails(found, section.value if section else None, rules.bounced_addresses(folder))
        if section is not None:  # one line to paste as it is
            out.text(["; ".join(addresses.get(section.value, []))])
        else:  # each line to paste into its own field of Outlook
            heading = {"to": _("To:"), "cc": _("Cc:")}
            out.text([f"{heading[where]} {'; '.join(found_)}" for where, found_ in addresses.items()])
        if without:
            render.say(M("No e-mail address for {n}: {names}", n=len(without), names=", ".join(without)))
        if not_working:
            render.say(M("Left out, since a bounce said they do not work: {addresses}", addresses=", ".join(not_working)))
    else:
        out.text(d.printed(folder, found))
    finish(workspace, workspace.uncertain(d.depends_on(folder, source), ()))


@command(
    app,
    "replies",
    N_(
        "Who has replied to a letter, with a summary and a breakdown by group and by county; without a letter, every reply "
        "received.\n\nExample: lokalservice replies fragor-2009 --missing"
    ),
)
@uses_folder
def replies(
    workspace: "Workspace",
    letter: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("LETTER"),
            help=N_("The letter's id; leave out for every reply. Example: fragor-2009"),
            show_default=False,
            autocompletion=completion.letters,
        ),
    ] = None,
    missing: Annotated[bool, typer.Option("--missing", help=N_("Only those who have not replied. Example: --missing"))] = False,
    publishable: Annotated[
        bool,
        typer.Option(
            "--publishable", help=N_("Only the replies that may be published on the website (consent given, not declined, not secret). Example: --publishable")
        ),
    ] = False,
    format: FormatOption = Format.table,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
) -> None:
    out = sink(output, format)
    if (missing or publishable) and letter is None:
        from ..i18n import M
        from ..model.problems import UsageError

        raise UsageError(M("--missing and --publishable are about one letter: name it (for example replies fragor-2009 --publishable)"))
    if missing and publishable:
        from ..i18n import M
        from ..model.problems import UsageError

        raise UsageError(M("--missing and --publishable cannot be given together"))
    if letter is None:
        finish(workspace, _register(workspace, out, format, delimiter))
    else:
        finish(workspace, _letter_replies(workspace, out, letter, missing, format, delimiter, publishable))


def _register(workspace: "Workspace", out: "Sink", format: Format, delimiter: str) -> list[Any]:
    """Every reply received, across letters: the incoming side of a register; and what it leaves out (a reply whose
    letter's sändlista has an error cannot be told late or unasked)."""
    from ..i18n import _
    from ..model import rules
    from ..outputs import render
    from ..queries.replies import REGISTER_COLUMNS, register

    folder = workspace.folder
    workspace.require({("file", "replies.yaml")})
    reach: dict[str, set[Any]] = {}  # each letter's, worked out once: a register may hold thousands of replies to it
    shown: set[Any] = set()  # one set for all: partition works out once what depends on the same sets

    def depends(e: Any) -> tuple[set[Any], set[Any]]:
        if e.reply.letter not in reach:
            reach[e.reply.letter] = {("replies-to", e.reply.letter), *(rules.letter_shows(folder, e.letter) if e.letter else ())}
        return shown, reach[e.reply.letter]

    entries, blocked = workspace.partition(register(folder, workspace.today), depends, lambda e: e.reply.label() or e.reply.letter)
    left: list[Any] = [*blocked, *workspace.lost_of(("replies-to",))]
    if format is Format.json:
        out.json([e.as_json() for e in entries])
        return left
    if format is not Format.table:
        out.rows(format.value, REGISTER_COLUMNS, [e.row() for e in entries], delimiter, _("Replies"))
        return left
    headers = [_("Received"), _("Organisation"), _("Letter"), _("Dnr"), _("Late"), _("Unasked"), _("Consent to publication on the website"), _("Note")]
    rows = [
        [_received(e.reply), _names(workspace, e.reply), e.reply.letter, e.reply.dnr]
        + [_yes_no(e.late), _yes_no(e.unasked), _consent(e.reply.publish), e.reply.note]
        for e in entries
    ]
    from ..model.words import long_date

    render.table(_("Replies received as of {day}").format(day=long_date(workspace.today)), headers, rows)
    return left


def _letter_replies(workspace: "Workspace", out: "Sink", letter: str, missing: bool, format: Format, delimiter: str, publishable: bool = False) -> list[Any]:
    """Who has replied to one letter: a row per organisation asked, a summary, breakdowns, and the replies not asked for;
    and what the answer leaves out."""
    from ..i18n import _
    from ..model import rules
    from ..outputs import render
    from ..queries.reminders import describe_rung
    from ..queries.replies import REPLY_COLUMNS, report

    folder = workspace.folder
    found_letter = workspace.letter(letter)
    shown, counted = rules.letter_shows(folder, found_letter), rules.letter_counts(found_letter)
    workspace.require(shown, counted)
    found = report(folder, found_letter, workspace.today)
    left: list[Any] = workspace.uncertain(shown, counted)
    if format is Format.json:
        out.json(found.publishable_json() if publishable else found.as_json())
        return left
    if format is not Format.table:
        out.rows(format.value, REPLY_COLUMNS, found.rows(missing, publishable), delimiter, _("Replies"))
        return left
    if publishable:
        render.table(
            _("Replies that may be published: {letter}").format(letter=found.letter.subject),
            [_("Organisation"), _("Received"), _("Dnr")],
            [[a.organisation.name, a.reply.received.isoformat(), a.reply.dnr] for a in found.publishable if a.reply],
        )
        return left
    answers = found.missing if missing else found.publishable if publishable else list(found.answers)
    table_rows = [
        [a.organisation.name, a.group, a.county.name if a.county else None]
        + [_received(a.reply) if a.reply else _("missing") if a.reached else _("not reached")]
        + [_yes_no(a.late) if a.reply else None, _consent(a.reply.publish) if a.reply else None, str(describe_rung(a.reminders)) if a.reply is None else ""]
        for a in answers
    ]
    headers = [_("Organisation"), _("Group"), _("County"), _("Received"), _("Late"), _("Consent to publication on the website"), _("Reminders")]
    render.table(found.letter.subject, headers, table_rows, ["red" if a.reply is None else "" for a in answers])
    render.lines([str(found.summary())])
    if found.unasked and not missing:
        other = [[u.organisation.name if u.organisation else u.reply.organisation, u.reply.received.isoformat(), _yes_no(u.late)] for u in found.unasked]
        render.table(_("Other replies (not asked)"), [_("Organisation"), _("Received"), _("Late")], other)
    for by, heading in (("group", _("Group")), ("county", _("County"))):
        render.table(None, [heading, _("Replied"), _("Expected")], [[key, str(k), str(n)] for key, k, n in found.breakdown(by)])
    return left


def _yes_no(value: bool) -> str:
    """'ja'/'nej' or 'yes'/'no' for people."""
    from ..i18n import _

    return _("yes") if value else _("no")


def _consent(value: bool | None) -> str:
    """Consent to publish for people: yes, no, or 'not stated' (inget besked) where the reply did not say."""
    from ..i18n import _

    return _("not stated") if value is None else _yes_no(value)


def _received(reply: Any) -> str:
    """The day a reply came in, and 'declined' (avstår) for one that answered without content."""
    from ..i18n import _

    return _("{day}, declined").format(day=reply.received.isoformat()) if reply.declined else str(reply.received.isoformat())


def _names(workspace: "Workspace", reply: Any) -> str:
    """Who a reply is from, by name: each organisation of a joint reply."""
    found = workspace.folder.organisation
    return ", ".join(found[o].name if o in found else o for o in reply.organisations)


@command(
    app,
    "remind",
    N_(
        "Whom to remind: who has not replied, their reminders so far and when the next is due, and the påminnelse for each "
        "one due.\n\nExample: lokalservice remind fragor-2009 --format csv > påminnelse.csv"
    ),
)
@uses_folder
def remind(
    workspace: "Workspace",
    letter: LetterArgument,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Remind everyone who has not replied, whatever the reminder ladder says. Example: --force"))
    ] = False,
    only: OnlyOption = None,
    new_date: Annotated[
        str | None,
        typer.Option(
            "--new-date", metavar=N_("YYYY-MM-DD"), help=N_("The date the påminnelse asks for; default five working days ahead. Example: --new-date 2009-06-12")
        ),
    ] = None,
    eml: EmlOption = None,
    send: SendOption = False,
    docx: Annotated[
        Path | None,
        typer.Option(
            "--docx",
            metavar=N_("FOLDER"),
            help=N_("Write each påminnelse due as a Word document into FOLDER (nothing is sent or recorded). Example: --docx påminnelser"),
        ),
    ] = None,
    yes: YesOption = False,
    attach: AttachOption = None,
    smtp: SmtpOption = None,
    security: SecurityOption = None,
    max_attachment: MaxAttachmentOption = 25,
    format: FormatOption = Format.table,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
) -> None:
    from ..actions.reminders import plan_reminders
    from ..outputs import render
    from ..settings import parse_day

    out = sink(output, format)
    asked_for = parse_day(new_date, "--new-date") if new_date else None
    if docx is not None:
        _reminder_documents(workspace, plan_reminders(workspace, letter, force, only, asked_for), docx, eml is not None or send)
        return
    if eml is None and not send:
        finish(workspace, _reminders(workspace, out, plan_reminders(workspace, letter, force, only, asked_for), bool(only), format, delimiter))
        return
    from ..actions.sending import reminder_batch
    from ..outputs import mail as m
    from .mail import deliver, refuse_pinned_day, warn_unattached, way_of

    way = way_of(eml, send)
    refuse_pinned_day(workspace, way)
    workspace.require_no_errors()
    files = m.attachments(attach or [], max_attachment * 2**20)
    warn_unattached(letter, files)
    notes: list[Any] = []

    def note(said: Any) -> None:  # said once, though the batch is planned again under the send lock
        if said not in notes:
            notes.append(said)
            render.say(said, "yellow")

    deliver(workspace, reminder_batch(letter, force, only, asked_for, note), eml, yes, files, smtp, security)


def _reminder_documents(workspace: "Workspace", plan: "Plan", folder: Path, mailing: bool) -> None:
    """The påminnelser due as Word documents, one per organisation, in `folder`."""
    from ..actions.documents import reminder_pages, write_documents
    from ..i18n import M, Mn
    from ..model.problems import UsageError
    from ..outputs import render

    if mailing:
        raise UsageError(M("--docx writes documents; --eml and --send mail the påminnelser: give one of them"))
    if plan.note is not None:
        render.say(plan.note, "yellow")
    for standing in plan.others:
        render.say(standing.words(plan.letter))
    pages = reminder_pages(workspace, plan)
    if not pages:
        render.say(M("Nobody is due for a påminnelse today; --force writes them anyway."))
        finish(workspace)
        return
    written = write_documents(workspace, [(folder / f"reminder-{org.id}.docx", page) for org, page in pages])
    render.say(Mn("Wrote {n} påminnelse to {folder}.", "Wrote {n} påminnelser to {folder}.", n=len(written), folder=str(folder)))
    finish(workspace)


def _reminders(workspace: "Workspace", out: "Sink", plan: "Plan", only: bool, format: Format, delimiter: str) -> list[Any]:
    """Whom to remind, and the påminnelser due; what the answer leaves out."""
    from ..i18n import _
    from ..model import rules
    from ..model.words import long_date
    from ..outputs import render
    from ..queries.reminders import REMINDER_COLUMNS, describe_due

    folder, letter = workspace.folder, plan.letter
    if plan.note is not None:
        render.say(plan.note, "yellow")
    left: list[Any] = workspace.uncertain(rules.letter_shows(folder, letter), rules.letter_counts(letter))
    if format is Format.json:
        out.json(plan.as_json(folder, workspace.today))
        return left
    if format is not Format.table:
        out.rows(format.value, REMINDER_COLUMNS, plan.rows(), delimiter, _("Reminders"))
        return left
    render.lines([str(standing.words(letter)) for standing in plan.others])
    waiting = plan.due
    if not waiting:
        if not only and not rules.uncertain(folder, letter):
            render.lines([_("Everyone has replied to {letter}; there is nobody to remind.").format(letter=letter.id)])
        return left
    title = _("Not yet replied: {missing} of {expected}").format(missing=len({w.organisation.id for w in waiting}), expected=plan.expected(folder))
    headers = [_("Organisation"), _("County"), _("Contact"), _("E-mail"), _("Phone"), _("Reminders")]
    table = [[w.organisation.name, a.county, a.contact, a.email, a.phone, str(describe_due(w, letter))] for w in waiting for a in w.addressees]
    render.table(title, headers, table)
    texts = plan.texts(folder, workspace.today)
    if not texts:
        upcoming = sorted(w.rung.next for w in waiting if w.rung.next and w.reached)
        when = _("the next is due {day}").format(day=long_date(upcoming[0])) if upcoming else _("the reminder ladder has run its course")
        render.lines(["", _("Nobody is due for a reminder today ({when}); --force writes them anyway.").format(when=when)])
        return left
    for text in texts.values():
        render.lines(["", "—" * 40, "", *text.splitlines()])
    return left


@command(
    reply_app,
    "add",
    N_(
        "Record a reply: appends it to replies.yaml after checking the whole folder with it.\n\n"
        "Example: lokalservice reply add fragor-2009 dorotea --received 2009-05-20 --publish"
    ),
)
@uses_folder
def reply_add(
    workspace: "Workspace",
    letter: LetterArgument,
    organisation: OrganisationArgument,
    received: Annotated[
        str | None,
        typer.Option(
            "--received", metavar=N_("YYYY-MM-DD"), help=N_("When the reply came in; default today. Example: --received 2009-05-20"), show_default=False
        ),
    ] = None,
    publish: Annotated[
        bool | None,
        typer.Option(
            "--publish/--no-publish",
            help=N_("Consent to publish the reply on the inquiry's website; leave out when the reply does not say. Example: --publish"),
            show_default=False,
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar=N_("TEXT"), help=N_("A note about the reply. Example: --note 'Svar via e-post'"))] = None,
    dnr: Annotated[
        str | None,
        typer.Option(
            "--dnr",
            metavar=N_("DNR"),
            help=N_(
                "The diarienummer your registrar gave the reply, written as the registrar wrote it; auto takes the next number of "
                "inquiry.yaml's dnr series. Example: --dnr auto"
            ),
        ),
    ] = None,
    declined: Annotated[
        bool, typer.Option("--declined", help=N_("The organisation declines to answer (avstår); it counts as a reply. Example: --declined"))
    ] = False,
    via: Annotated[Via | None, typer.Option("--via", help=N_("How the reply came: e-post, post, webb or telefon. Example: --via webb"))] = None,
    concerns: Annotated[
        str | None,
        typer.Option(
            "--concerns",
            metavar=N_("TEXT"),
            help=N_("What the reply concerns (ärendemening), when not the letter's subject. Example: --concerns 'Svar om servicekontor'"),
        ),
    ] = None,
    secrecy: Annotated[
        str | None,
        typer.Option("--secrecy", metavar=N_("PROVISION"), help=N_("Mark the reply secret under this OSL provision. Example: --secrecy 'OSL 21 kap. 7 §'")),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help=N_("Correct the organisation's reply already recorded instead of adding one. Example: --replace"))
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Record a received date after today or before the letter's date all the same. Example: --force"))
    ] = False,
) -> None:
    from ..actions.replies import ReplyDetails, record_reply
    from ..i18n import M
    from ..model.words import long_date_message
    from ..outputs import render
    from ..settings import parse_day

    day = parse_day(received, "--received") if received else None
    details = ReplyDetails(declined, via.value if via else None, concerns, secrecy)
    recorded = record_reply(workspace, letter, organisation, day, publish, note, dnr, replace, force, details)
    verb = M("Corrected") if replace else M("Recorded")
    render.say(
        M(
            "{verb}: {organisation} replied to {letter} on {day}.",
            verb=verb,
            organisation=organisation.name,
            letter=letter.id,
            day=long_date_message(recorded.reply.received),
        )
    )
    if recorded.reply.dnr and dnr is not None and dnr != recorded.reply.dnr:
        render.say(M("Dnr: {dnr}", dnr=recorded.reply.dnr))
    for line in recorded.notes:
        render.say(line, "yellow")


@command(reply_app, "remove", N_("Take a wrongly recorded reply out of replies.yaml.\n\nExample: lokalservice reply remove fragor-2009 dorotea"))
@uses_folder
def reply_remove(
    workspace: "Workspace",
    letter: LetterArgument,
    organisation: OrganisationArgument,
) -> None:
    from ..actions.replies import remove_reply
    from ..i18n import M
    from ..outputs import render

    removed = remove_reply(workspace, letter, organisation)
    render.say(
        M("Removed: the reply from {organisation} to {letter} received {day}.", organisation=organisation.name, letter=letter.id, day=str(removed.received))
    )


@command(
    reply_app,
    "restore",
    N_("Put back replies that replies.yaml lost (an editor saved an old copy over it), from the journal beside it.\n\nExample: lokalservice reply restore"),
)
@uses_folder
def reply_restore(workspace: "Workspace") -> None:
    from ..actions.replies import restore_replies
    from ..i18n import M, Mn
    from ..outputs import render

    restored = restore_replies(workspace)
    if not restored:
        render.say(M("No reply is missing: replies.yaml holds every reply the journal recorded."))
        return
    render.say(
        Mn(
            "Restored {n} reply: {replies}.",
            "Restored {n} replies: {replies}.",
            n=len(restored),
            replies=", ".join(f"{r.organisation} → {r.letter}" for r in restored),
        )
    )


def _reply_columns() -> str:
    from ..actions.importing import REPLY_COLUMNS, columns_help

    return columns_help(REPLY_COLUMNS)


@command(
    reply_app,
    "import",
    N_(
        "Record the replies in a survey tool's export (Microsoft Forms, Google Forms, Netigate, Esmaker, LimeSurvey; .xlsx or .csv, a row "
        "per answer with an organisation or the respondent's e-mail, and a date); consent to publish where the export asks it. Replies "
        "already recorded are skipped. Shows what it would record, and what check would say of it; --write records it.\n\n"
        "Example: lokalservice reply import svar.xlsx --letter fragor-2009 --write"
    ),
    epilog=_reply_columns,
)
@uses_folder
def reply_import(
    workspace: "Workspace",
    file: Annotated[Path, typer.Argument(metavar=N_("FILE"), help=N_("The export, with a row that names the columns. Example: svar.csv"), show_default=False)],
    letter: Annotated[
        "Letter",
        Resolve(
            "letter",
            typer.Option(
                "--letter", metavar=N_("LETTER"), help=N_("The letter the answers reply to. Example: --letter fragor-2009"), autocompletion=completion.letters
            ),
        ),
    ],
    write: Annotated[bool, typer.Option("--write", help=N_("Record the replies; without it, only show them. Example: --write"))] = False,
    header_row: HeaderRowOption = None,
) -> None:
    from ..actions.replies import import_replies
    from ..i18n import M, Mn
    from ..outputs import render

    plan = import_replies(workspace, letter, file, write, header_row)
    render.lines(plan.lines(workspace.folder))
    if write and plan.new:
        render.say(Mn("Recorded {n} reply in replies.yaml.", "Recorded {n} replies in replies.yaml.", n=len(plan.new)))
    elif plan.new:
        render.say(M("Nothing is written without --write."))
    if plan.unplaced:
        raise typer.Exit(1)
    finish(workspace)


class ImapSecurity(str, enum.Enum):
    ssl = "ssl"
    starttls = "starttls"
    none = "none"


@command(
    reply_app,
    "scan",
    N_(
        "Read the replies that arrived by e-mail (a folder of .eml and .msg files, a Maildir, an mbox, or an IMAP folder, read "
        "only), tell replies from automatic replies and bounces, match each to its letter and organisation, and show what "
        "would be recorded; --write records it and keeps each message under inkommet/.\n\n"
        "Example: lokalservice reply scan ~/Utkorg/svar --write"
    ),
)
@uses_folder
def reply_scan(
    workspace: "Workspace",
    path: Annotated[
        Path | None,
        typer.Argument(metavar=N_("PATH"), help=N_("A folder of .eml/.msg files, a Maildir or an mbox file. Example: ~/svar"), show_default=False),
    ] = None,
    imap: Annotated[
        str | None,
        typer.Option(
            "--imap",
            metavar=N_("HOST:PORT"),
            help=N_(
                "Read an IMAP folder instead (login from $LOKALSERVICE_IMAP_USER and $LOKALSERVICE_IMAP_PASSWORD or $LOKALSERVICE_IMAP_TOKEN). Example: --imap imap.example.se:993"
            ),
            show_default=False,
        ),
    ] = None,
    folder: Annotated[str, typer.Option("--folder", metavar=N_("NAME"), help=N_("The IMAP folder. Example: --folder INBOX"))] = "INBOX",
    imap_security: Annotated[
        ImapSecurity | None,
        typer.Option(
            "--imap-security",
            help=N_(
                "ssl (port 993) or starttls (other ports), with the server's certificate verified; none only for a server on 127.0.0.1. Example: --imap-security starttls"
            ),
            show_default=False,
        ),
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", help=N_("Record the replies and keep the messages under inkommet/; without it, only show the plan. Example: --write"))
    ] = False,
    add_contacts: Annotated[
        bool,
        typer.Option(
            "--add-contacts", help=N_("With --write: add the colleagues who replied for a known organisation as its contacts. Example: --add-contacts")
        ),
    ] = False,
    format: FormatOption = Format.table,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
) -> None:
    from ..actions.scan import scan, series_dnr
    from ..i18n import M, Mn, _
    from ..model.problems import UsageError
    from ..outputs import render
    from ..source import mailbox

    if (path is None) == (imap is None):
        raise UsageError(M("give a folder or file of messages, or --imap HOST:PORT (one of them)"))
    if add_contacts and not write:
        raise UsageError(M("--add-contacts writes: give --write too"))
    out = sink(output, format)
    if imap is not None:
        messages = mailbox.from_imap(mailbox.imap_address(imap, folder, imap_security.value if imap_security else None))
    else:
        assert path is not None
        messages = mailbox.from_path(path)
    found = scan(workspace, messages, write, add_contacts, series_dnr(workspace))
    header = [_("Message"), _("From"), _("Class"), _("Letter"), _("Organisation"), _("Evidence"), _("Action"), _("Received"), _("Notes")]
    if format == Format.json:
        out.json(found.as_json())
    elif format in (Format.csv, Format.xlsx):
        out.rows(format.value, header, found.rows(), delimiter)
    else:
        words = {
            "register": _("register"),
            "review": _("review"),
            "known": _("already scanned"),
            "away": _("out of office"),
            "bounce": _("address does not work"),
            "nothing": _("nothing to record"),
            "unreadable": _("cannot be read"),
        }
        kinds = {"reply": _("reply"), "auto-reply": _("automatic reply"), "bounce": _("bounce"), "other": _("other")}
        rows = [[*row[:2], kinds[row[2]], *row[3:6], words[row[6]], *row[7:]] for row in found.rows()]
        styles = ["green" if line.action == "register" else "yellow" if line.action == "review" else "" for line in found.lines]
        render.table(_("Messages read"), header, rows, styles)
    registered = found.count("register")
    review = found.count("review")
    if write:
        render.say(Mn("Recorded {n} reply in replies.yaml.", "Recorded {n} replies in replies.yaml.", n=len(found.replies)))
        if found.received:
            render.say(Mn("Kept {n} message under inkommet/ (received.yaml).", "Kept {n} messages under inkommet/ (received.yaml).", n=len(found.received)))
        if add_contacts and found.contacts:
            render.say(Mn("Added {n} contact to organisations.yaml.", "Added {n} contacts to organisations.yaml.", n=len(found.contacts)))
    else:
        render.say(Mn("{n} reply would be recorded.", "{n} replies would be recorded.", n=registered))
        if found.contacts:
            render.say(Mn("{n} new contact proposed (--add-contacts).", "{n} new contacts proposed (--add-contacts).", n=len(found.contacts)))
        render.say(M("Nothing is written without --write."))
    if review:
        render.say(Mn("{n} message to review by hand (reply add).", "{n} messages to review by hand (reply add).", n=review), "yellow")
    finish(workspace)
