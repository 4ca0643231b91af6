"""`lokalservice mail`: the letter itself, to everyone on its sändlista, as Outlook drafts or through SMTP.
`remind --eml/--send` goes out the same way (`deliver`); the sending itself is sending.py's."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import N_
from .common import (
    AttachOption,
    EmlOption,
    LetterArgument,
    MaxAttachmentOption,
    OnlyOption,
    SecurityOption,
    SendOption,
    SmtpOption,
    YesOption,
    command,
    finish,
    typer_app,
    uses_folder,
)

if TYPE_CHECKING:
    from ..actions.sending import Prepare, Report
    from ..model.records import Letter
    from ..outputs.mail import Attachment, Outgoing, Server
    from ..workspace import Workspace
    from .common import Security

app = typer_app()


@command(
    app,
    "mail",
    N_(
        "Mail a letter: one message per organisation on its sändlista, to its contacts there; as drafts (--eml) or sent (--send), each sent "
        "one recorded in mail.yaml.\n\nExample: lokalservice mail fragor-2009 --eml utkast --attach brev.pdf"
    ),
)
@uses_folder
def mail(
    workspace: "Workspace",
    letter: LetterArgument,
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
    cc_in_one: Annotated[
        bool,
        typer.Option("--cc-in-one", help=N_("One message for the whole letter: those asked to reply in To, those för kännedom in Cc. Example: --cc-in-one")),
    ] = False,
    yes: YesOption = False,
    smtp: SmtpOption = None,
    security: SecurityOption = None,
    max_attachment: MaxAttachmentOption = 25,
) -> None:
    from ..actions.sending import letter_batch
    from ..outputs import mail as m
    from ..outputs import render
    from ..source.fsio import read_text

    way = way_of(eml, send)
    refuse_pinned_day(workspace, way)
    workspace.require_no_errors()
    text = None
    if body is not None:
        text, note = read_text(body)
        if note is not None:
            render.say(note, "yellow")
    files = m.attachments(attach or [], max_attachment * 2**20)
    warn_unattached(letter, files)
    deliver(workspace, letter_batch(letter, text, only, again, cc_in_one), eml, yes, files, smtp, security)


def warn_unattached(letter: "Letter", files: "list[Attachment]") -> None:
    """Say so when the letter names attachments (`Till brevet hörde: …`) and none is attached to the messages."""
    from ..i18n import M
    from ..outputs import render

    if letter.attachments and not files:
        render.say(
            M("{letter} names attachments ({names}), but none is attached: give --attach FILE", letter=letter.id, names=", ".join(letter.attachments)), "yellow"
        )


def way_of(eml: Path | None, send: bool) -> str:
    from ..i18n import M
    from ..model.problems import UsageError

    if (eml is None) == (not send):
        raise UsageError(M("give --eml DIR (drafts) or --send (through the mail server), one of them"))
    return "send" if send else "eml"


def refuse_pinned_day(workspace: "Workspace", way: str) -> None:
    """Real mail carries the real time: --send never dates what it sends with --today."""
    from ..i18n import M
    from ..model.problems import UsageError

    if way == "send" and workspace.settings.pinned:
        raise UsageError(M("--send dates what it sends with the clock: leave out --today (and unset LOKALSERVICE_TODAY); nothing was sent"))


def deliver(
    workspace: "Workspace", prepare: "Prepare", eml: Path | None, yes: bool, files: "list[Attachment]", smtp: str | None, security: "Security | None"
) -> None:
    """Write the messages as drafts, or (after asking) send them, recording each; say on stderr what became of each."""
    from ..actions import sending
    from ..i18n import M, Mn
    from ..outputs import render

    if eml is not None:
        written, skipped = sending.drafts(workspace, prepare, eml, files)
        for line in skipped:
            render.say(M("Left out: {why}", why=line), "yellow")
        if not written:
            render.say(M("Nothing to send."))
        else:
            message = Mn(
                "Wrote {n} draft to {folder}; nothing is recorded as sent.",
                "Wrote {n} drafts to {folder}; nothing is recorded as sent.",
                n=len(written),
                folder=str(eml),
            )
            render.say(message)
        finish(workspace)
        return
    where = sending.server_for(smtp, security.value if security else None)
    ask = sending.Ask(None if yes else _confirm, None if yes else _again)
    report = sending.send(workspace.settings, prepare, where, files, ask)
    for line in report.skipped:
        render.say(M("Left out: {why}", why=line), "yellow")
    if not (report.sent or report.deferred or report.refused or report.in_doubt or report.unsent or report.failed or report.fault):
        render.say(M("Nothing to send."))
        finish(workspace)
        return
    _report(report)
    if not report.complete:
        raise typer.Exit(1)
    finish(workspace)


def _report(report: "Report") -> None:
    from ..i18n import M, Mn
    from ..outputs import render

    for sent, accepted in report.sent:
        render.say(M("Sent: {organisation} ({addresses})", organisation=_names(sent), addresses=", ".join(accepted)))
    for later, said in report.deferred:
        render.say(M("Try again later: {organisation}: {said}", organisation=_names(later), said="; ".join(f"{a}: {s}" for a, s in said.items())), "yellow")
    for refused, said in report.refused:
        render.say(M("Refused: {organisation}: {said}", organisation=_names(refused), said="; ".join(f"{a}: {s}" for a, s in said.items())), "red")
    for failed, why in report.failed:
        render.say(M("Could not be sent: {organisation}: {why}", organisation=_names(failed), why=why), "red")
    for doubtful in report.in_doubt:
        render.say(
            M("In doubt: {organisation}: the message may have left; it is recorded as begun and not sent again without asking", organisation=_names(doubtful)),
            "red",
        )
    if report.unrecorded is not None:
        render.say(
            M("Sent to {organisation}, but it could not be recorded in mail.yaml: {fault}", organisation=_names(report.unrecorded), fault=report.fault), "red"
        )
    elif report.fault is not None:
        render.say(M("Stopped: {fault}", fault=report.fault), "red")
    if report.unsent:
        render.say(M("Not sent: {organisations}", organisations=", ".join(_names(o) for o in report.unsent)), "red")
    render.say(Mn("{n} message sent and recorded in mail.yaml.", "{n} messages sent and recorded in mail.yaml.", n=len(report.sent)))


def _names(outgoing: "Outgoing") -> str:
    return ", ".join(organisation.name for organisation, _addresses in outgoing.for_whom())


def _confirm(outgoing: "list[Outgoing]", where: "Server") -> bool:
    """On a terminal, show what would be sent and ask; with no terminal, refuse (exit 2): nothing is sent."""
    from ..i18n import M, Mn
    from ..model.problems import UsageError
    from ..outputs import render

    if not sys.stdin.isatty():
        raise UsageError(M("--send asks before it sends, and there is no terminal to ask on: give --yes to send without asking; nothing was sent"))
    render.lines([str(M("{organisation}: {addresses}", organisation=_names(o), addresses=", ".join(o.addresses()))) for o in outgoing], stderr=True)
    return _yes(Mn("Send {n} message through {host}? [y/N] ", "Send {n} messages through {host}? [y/N] ", n=len(outgoing), host=where.host))


def _again(in_doubt: list[Any]) -> bool:
    """On a terminal, name the messages of an earlier run that may have left, and ask whether to send them again."""
    from ..i18n import M, Mn
    from ..outputs import render

    if not sys.stdin.isatty():
        return False
    lines = [
        str(M("{organisation}: begun {at}, the server's answer not recorded", organisation=_names(o), at=earlier.at.isoformat(timespec="minutes")))
        for o, earlier in in_doubt
    ]
    render.lines(lines, stderr=True)
    return _yes(
        Mn("{n} message may already have arrived. Send it again? [y/N] ", "{n} messages may already have arrived. Send them again? [y/N] ", n=len(in_doubt))
    )


def _yes(question: Any) -> bool:
    from ..i18n import _

    sys.stderr.write(str(question))
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in (_("y"), _("yes"), "y", "yes")
