"""`lokalservice mail`: the letter itself, to everyone on its sändlista, as Outlook drafts or through SMTP.
`remind --eml/--send` goes out the same way (`deliver`)."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import completion
from ..i18n import N_
from .common import (
    AttachOption,
    DataDirOption,
    EmlOption,
    LangOption,
    OnlyOption,
    SecurityOption,
    SendOption,
    SmtpOption,
    TodayOption,
    YesOption,
    command,
    finish,
    open_workspace,
    typer_app,
)

app = typer_app()


@command(
    app,
    "mail",
    N_(
        "Mail a letter: one message per organisation on its sändlista, to its contacts there; as drafts (--eml) or sent (--send), each sent "
        "one recorded in mail.yaml.\n\nExample: lokalservice mail fragor-2009 --eml utkast --attach brev.pdf"
    ),
)
def mail(
    ctx: typer.Context,
    letter: Annotated[
        str, typer.Argument(metavar=N_("LETTER"), help=N_("The letter's id. Example: fragor-2009"), show_default=False, autocompletion=completion.letters)
    ],
    eml: EmlOption = None,
    send: SendOption = False,
    body: Annotated[
        Path | None,
        typer.Option(
            "--body",
            metavar=N_("FILE"),
            help=N_("The message's text, from a text file (UTF-8, UTF-16 or Windows-1252); default a short text naming the letter. Example: --body text.txt"),
        ),
    ] = None,
    attach: AttachOption = None,
    only: OnlyOption = None,
    again: Annotated[bool, typer.Option("--again", help=N_("Send also to those mail.yaml says already have the letter. Example: --again"))] = False,
    yes: YesOption = False,
    smtp: SmtpOption = None,
    security: SecurityOption = None,
    data_dir: DataDirOption = None,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    from .. import mail as m
    from .. import render
    from ..fsio import read_text

    workspace = open_workspace(ctx, data_dir, today, lang)
    way = way_of(eml, send)
    workspace.require_no_errors()
    found = workspace.letter(letter)
    text = None
    if body is not None:
        text, note = read_text(body)
        if note is not None:
            render.say(note, "yellow")
    if way == "send":
        refusal = m.planned_refusal(found, workspace.today)
        if refusal is not None:
            raise refusal
    wanted = {workspace.organisation(name).id for name in only} if only else None
    outgoing, skipped = m.letter_messages(workspace.folder, found, text, wanted, again)
    deliver(workspace, found, outgoing, skipped, way, eml, yes, attach or [], smtp, security)


def way_of(eml: Path | None, send: bool) -> str:
    from ..i18n import M
    from ..problems import UsageError

    if (eml is None) == (not send):
        raise UsageError(M("give --eml DIR (drafts) or --send (through the mail server), one of them"))
    return "send" if send else "eml"


def deliver(
    workspace: Any,
    letter: Any,
    outgoing: list[Any],
    skipped: list[Any],
    way: str,
    eml: Path | None,
    yes: bool,
    files: list[Path],
    smtp: str | None,
    security: Any,
) -> None:
    """Write the messages as drafts, or (after asking) send them, recording each; say on stderr what became of each."""
    from .. import mail as m
    from .. import render
    from ..i18n import M, Mn
    from ..records import Sent
    from ..writer import record_sent

    folder = workspace.folder
    for line in skipped:
        render.say(M("Left out: {why}", why=line), "yellow")
    from_ = m.sender(folder, letter)
    attached = m.attachments(files)
    if not outgoing:
        render.say(M("Nothing to send."))
        finish(workspace)
        return
    if way == "eml":
        moment = _moment(workspace.today)
        written = m.write_drafts(eml, [(o, m.build(o, from_, attached, moment, draft=True)) for o in outgoing])  # type: ignore[arg-type]
        render.say(
            Mn(
                "Wrote {n} draft to {folder}; nothing is recorded as sent.",
                "Wrote {n} drafts to {folder}; nothing is recorded as sent.",
                n=len(written),
                folder=str(eml),
            )
        )
        finish(workspace)
        return
    where = m.server(folder.inquiry.mail if folder.inquiry else None, smtp, security.value if security else None)
    if from_ is None or not from_.email:
        from ..problems import LokalserviceError

        raise LokalserviceError(M("nobody to send from: name a staff member with an e-mail address in inquiry.yaml (mail: sender: ...)"))
    _confirm(outgoing, yes, where)

    def record(sent: Any, message: Any, accepted: list[str]) -> None:
        stamp = _moment(workspace.today).replace(microsecond=0)
        message_id = str(message["Message-ID"])
        record_sent(
            workspace.settings, Sent(letter=letter.id, organisation=sent.organisation.id, kind=sent.kind, at=stamp, to=tuple(accepted), message_id=message_id)
        )

    moment = _moment(workspace.today)
    batch = [(o, m.build(o, from_, attached, moment)) for o in outgoing]
    result = m.send_all(where, batch, record)
    for sent, accepted in result.sent:
        render.say(M("Sent: {organisation} ({addresses})", organisation=sent.organisation.name, addresses=", ".join(accepted)))
    for refused, said in result.refused:
        render.say(M("Refused: {organisation}: {said}", organisation=refused.organisation.name, said="; ".join(f"{a}: {s}" for a, s in said.items())), "red")
    if result.unrecorded is not None:
        render.say(
            M(
                "Sent to {organisation}, but it could not be recorded in mail.yaml: {fault}",
                organisation=result.unrecorded.organisation.name,
                fault=result.fault,
            ),
            "red",
        )
    elif result.fault is not None:
        render.say(M("Stopped: {fault}", fault=result.fault), "red")
    if result.unsent:
        render.say(M("Not sent: {organisations}", organisations=", ".join(o.organisation.name for o in result.unsent)), "red")
    render.say(Mn("{n} message sent and recorded in mail.yaml.", "{n} messages sent and recorded in mail.yaml.", n=len(result.sent)))
    if result.refused or result.unsent or result.fault is not None:
        raise typer.Exit(1)
    finish(workspace)


def _moment(today: Any) -> Any:
    """Now, on the day the command answers for: --today dates what is sent and recorded as it dates every answer."""
    from datetime import datetime

    return datetime.combine(today, datetime.now().time()).astimezone()  # the local offset of that day


def _confirm(outgoing: list[Any], yes: bool, where: Any) -> None:
    """Without --yes: on a terminal, show what would be sent and ask; with no terminal, refuse (exit 2) and send nothing."""
    from .. import render
    from ..i18n import M, Mn, _
    from ..problems import UsageError

    if yes:
        return
    if not sys.stdin.isatty():
        raise UsageError(M("--send asks before it sends, and there is no terminal to ask on: give --yes to send without asking; nothing was sent"))
    render.lines(
        [str(M("{organisation}: {addresses}", organisation=o.organisation.name, addresses=", ".join(a for _name, a in o.to))) for o in outgoing], stderr=True
    )
    question = Mn("Send {n} message through {host}? [y/N] ", "Send {n} messages through {host}? [y/N] ", n=len(outgoing), host=where.host)
    sys.stderr.write(str(question))
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in (_("y"), _("yes"), "y", "yes"):
        render.say(M("Nothing was sent."))
        raise typer.Exit(1)
