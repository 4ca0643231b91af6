"""Mailing a letter or its påminnelser: as Outlook drafts, or through the mail server with each step recorded in
mail.yaml. The use cases `letter_batch` and `reminder_batch` say what a batch holds; `drafts` and `send` carry it out.
No Typer here: the command line hands in how to ask (or not) and shows the report.

One sender at a time: a batch holds the folder's send lock from planning to its last record, so that two `--send` at
once cannot both send (the second is refused before it sends anything). Before the first message the batch proves it
can record (the writer's lock, a folder it can write to, a readable mail.yaml). Each message is recorded as leaving
(`status: sending`) just before its text goes to the server, and again with what the server said, address by
address; one that broke off in between is in doubt, and is never sent again without asking.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from email.message import EmailMessage
from functools import partial
from pathlib import Path
from typing import NamedTuple

from .. import settings as clock
from ..i18n import M
from ..model import rules
from ..model.problems import LokalserviceError
from ..model.records import Letter, Organisation, Sent
from ..outputs import mail
from ..outputs.mail import Attachment, MailFault, Outgoing, Prepared, Server
from ..settings import Settings
from ..source import writer
from ..workspace import Workspace
from .reminders import plan_reminders

SEND_LOCK = ".lokalservice.send.lock"


class Ask(NamedTuple):
    """How the batch asks before it sends: `send` (these messages, through this server?) and `again` (these messages of
    an earlier run may have left: send them once more?). None where there is no one to ask."""

    send: Callable[[list[Outgoing], Server], bool] | None
    again: Callable[[list[tuple[Outgoing, Sent]]], bool] | None


class Report(NamedTuple):
    """What became of a batch, message by message, and what stopped it (a message the server took but that could not
    be recorded is `unrecorded`)."""

    sent: list[tuple[Outgoing, list[str]]]
    deferred: list[tuple[Outgoing, dict[str, str]]]
    refused: list[tuple[Outgoing, dict[str, str]]]
    in_doubt: list[Outgoing]
    unsent: list[Outgoing]
    skipped: list[M]
    fault: M | None = None
    unrecorded: Outgoing | None = None
    failed: list[tuple[Outgoing, M]] = []  # could not be sent at all (nothing left): named, and the batch went on

    @property
    def complete(self) -> bool:
        return not (self.deferred or self.refused or self.in_doubt or self.unsent or self.failed or self.fault is not None)


Prepare = Callable[[Workspace], tuple[Letter, Prepared]]
"""What a batch holds, worked out from the folder as it is when the batch runs (for --send: under the send lock)."""


def letter_batch(letter: Letter, body: str | None = None, only: list[Organisation] | None = None, again: bool = False, cc_in_one: bool = False) -> Prepare:
    """The letter itself, one message per organisation on its sändlista (or, `cc_in_one`, one for all)."""
    wanted = {org.id for org in only} if only else None

    def prepare(workspace: Workspace) -> tuple[Letter, Prepared]:
        chosen = workspace.letter(letter.id)
        return chosen, mail.letter_messages(workspace.folder, chosen, body, wanted, again, cc_in_one)

    return prepare


def reminder_batch(
    letter: Letter, force: bool = False, only: list[Organisation] | None = None, asked_for: date | None = None, note: Callable[[M], None] | None = None
) -> Prepare:
    """The påminnelser due (all who have not replied, with `force`), each asking for `asked_for` (or five working days
    ahead); `note` is told where that date was moved."""

    def prepare(workspace: Workspace) -> tuple[Letter, Prepared]:
        found = plan_reminders(workspace, workspace.letter(letter.id), force, only, asked_for)
        if found.note is not None and note is not None:
            note(found.note)
        return found.letter, mail.reminder_messages(workspace.folder, found.letter, found.due, workspace.today, found.by)

    return prepare


def server_for(smtp: str | None = None, security: str | None = None) -> Callable[[Workspace], Server]:
    """The mail server: --smtp/--security over inquiry.yaml's mail: section."""

    def where(workspace: Workspace) -> Server:
        inquiry = workspace.folder.inquiry
        return mail.server(inquiry.mail if inquiry else None, smtp, security, workspace.settings.data_dir)

    return where


def send(settings: Settings, prepare: Prepare, where: Callable[[Workspace], Server], files: list[Attachment], ask: Ask) -> Report:
    """Plan the messages under the folder's send lock (so that what an earlier batch recorded is seen), ask, and send
    them one by one, recording each step before the next."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(settings.data_dir / SEND_LOCK), timeout=0)
    try:
        with lock:
            return _send_locked(settings, prepare, where, files, ask)
    except Timeout:
        raise LokalserviceError(
            M("another lokalservice is sending from {folder} now; nothing was sent: try again when it has finished", folder=settings.label)
        ) from None
    except OSError as error:
        from ..source.fsio import reason

        raise LokalserviceError(
            M("{folder}: the send lock could not be taken: {reason}; nothing was sent", folder=settings.label, reason=reason(error, writing=True))
        ) from None


def _send_locked(settings: Settings, prepare: Prepare, where: Callable[[Workspace], Server], files: list[Attachment], ask: Ask) -> Report:
    workspace = Workspace.open(settings)
    workspace.require_no_errors()
    letter, prepared = prepare(workspace)
    refusal = mail.planned_refusal(letter, workspace.today)
    if refusal is not None:
        raise refusal
    messages, skipped = list(prepared.messages), list(prepared.skipped)
    earlier_numbers: dict[int, str] = {}
    if prepared.in_doubt:
        if ask.again is not None and ask.again(prepared.in_doubt):
            for message, earlier in prepared.in_doubt:
                if earlier.dnr:
                    earlier_numbers[len(messages)] = earlier.dnr  # the same document, sent again: its number stays
                messages.append(message)
        else:
            skipped += [_doubt(message, earlier) for message, earlier in prepared.in_doubt]
    if not messages:
        return Report([], [], [], [], [], skipped)
    server = where(workspace)
    from_ = rules.sender(workspace.folder, letter)
    if from_ is None or not from_.email:
        raise LokalserviceError(M("nobody to send from: name a staff member with an e-mail address in inquiry.yaml (mail: sender: ...)"))
    writer.prove_recordable(settings)
    if ask.send is not None and not ask.send(messages, server):
        return Report([], [], [], [], messages, skipped, M("Nothing was sent."))
    numbers = registered(settings, workspace, letter, messages, earlier_numbers)
    # a påminnelse numbered on its own (its letter has no dnr) says its number where the letter's would stand
    messages = [m._replace(subject=f"{m.subject} ({n})") if m.kind == "reminder" and n and not letter.dnr else m for m, n in zip(messages, numbers)]
    return _batch(settings, letter, [(m, partial(mail.build, m, from_, files)) for m in messages], server, from_.email, skipped, numbers)


def registered(settings: Settings, workspace: Workspace, letter: Letter, messages: list[Outgoing], earlier: dict[int, str]) -> list[str | None]:
    """The diarienummer each message is recorded with in mail.yaml (and so in the register).

    The letter is one document, sent to everyone on its sändlista: every message of it carries the letter's own `dnr`,
    else the number an earlier batch of it was given, else one number of the inquiry's series for the whole letter. A
    påminnelse belongs to its letter's matter and is registered under the letter's own `dnr`, the number its subject
    and head show; only where the letter has none does each påminnelse get a number of the series of its own (and its
    subject then shows that). Without a series (and no `dnr` on the letter) messages are recorded without one. The numbers are taken, under the writer's
    lock, before the first message leaves: a message that then fails leaves a gap in the series, never a number used twice."""
    series = writer.has_series(workspace)
    letter_number = letter.dnr or next((s.dnr for s in workspace.folder.sent_for.get(letter.id, ()) if s.kind == "letter" and s.dnr), None)
    if letter.dnr:
        return [earlier.get(i) or letter.dnr for i in range(len(messages))]
    wanted = [i for i, m in enumerate(messages) if m.kind == "reminder" and i not in earlier] if series else []
    needs_letter = series and letter_number is None and any(m.kind == "letter" for m in messages)
    taken = writer.next_dnr(settings, len(wanted) + needs_letter) if wanted or needs_letter else []
    if needs_letter:
        letter_number = taken.pop(0)
    own = dict(zip(wanted, taken))
    return [earlier.get(i) or (letter_number if m.kind == "letter" else own.get(i)) for i, m in enumerate(messages)]


def _doubt(message: Outgoing, earlier: Sent) -> M:
    return M(
        "{organisation}: a message begun {at} may have left before the server's answer was recorded; it is not sent again (--again --only {id} sends it)",
        organisation=message.organisation.name,
        at=earlier.at.isoformat(timespec="minutes"),
        id=message.organisation.id,
    )


def _batch(
    settings: Settings,
    letter: Letter,
    batch: list[tuple[Outgoing, Callable[[datetime], EmailMessage]]],
    server: Server,
    sender: str,
    skipped: list[M],
    numbers: list[str | None] | None = None,
) -> Report:
    """Send the messages one by one (each built as it goes, dated now), recording each step; one that cannot be built
    or sent is named and the batch goes on; a broken line or a record that cannot be written stops it."""
    sent: list[tuple[Outgoing, list[str]]] = []
    deferred: list[tuple[Outgoing, dict[str, str]]] = []
    refused: list[tuple[Outgoing, dict[str, str]]] = []
    doubtful: list[Outgoing] = []
    failed: list[tuple[Outgoing, M]] = []
    position = 0

    def report(fault: M | None = None, unrecorded: Outgoing | None = None, rest: int | None = None) -> Report:
        unsent = [outgoing for outgoing, _message in batch[position if rest is None else rest :]]
        return Report(sent, deferred, refused, doubtful, unsent, skipped, fault, unrecorded, failed)

    try:
        with mail.session(server) as connection:
            for position, (outgoing, make) in enumerate(batch):
                try:
                    message = make(clock.now())
                    message_id = str(message["Message-ID"])
                    dnr = numbers[position] if numbers else None
                    leaving = partial(_record, settings, letter, outgoing, message_id, "sending", dnr=dnr)
                    outcome = mail.attempt(connection, message, mail.wire_address(sender), leaving)
                except MailFault:
                    raise
                except LokalserviceError as fault:  # the leaving could not be recorded: it did not leave
                    connection.rset()
                    return report(M.blank() + str(fault))
                except Exception as error:  # noqa: BLE001 - one message that cannot be sent is named; the batch goes on
                    failed.append((outgoing, M("{reason}", reason=str(error) or type(error).__name__)))
                    connection.rset()
                    continue
                try:
                    _record_outcome(settings, letter, outgoing, message_id, outcome, dnr)
                except LokalserviceError as fault:  # the server's word could not be recorded: the message stays in doubt
                    if outcome.accepted:
                        sent.append((outgoing, outcome.accepted))
                    return report(M.blank() + str(fault), outgoing, position + 1)
                if outcome.in_doubt:
                    doubtful.append(outgoing)
                    return report(
                        M("the connection broke while the message to {organisation} was being sent", organisation=outgoing.organisation.name), rest=position + 1
                    )
                if outcome.accepted:
                    sent.append((outgoing, outcome.accepted))
                if outcome.deferred:
                    deferred.append((outgoing, outcome.deferred))
                if outcome.refused:
                    refused.append((outgoing, outcome.refused))
    except MailFault as fault:
        return report(fault.lines[0])  # type: ignore[arg-type]
    return report(rest=len(batch))


def _record(
    settings: Settings,
    letter: Letter,
    outgoing: Outgoing,
    message_id: str,
    status: str,
    to: list[str],
    said: dict[str, str] | None = None,
    dnr: str | None = None,
) -> None:
    """One step of one message, for each organisation it is for: the addresses of that organisation among `to`."""
    at = clock.now().replace(microsecond=0)
    records = []
    for organisation, addresses in outgoing.for_whom():
        mine = [address for address in to if address in {mail.wire_address(a) for a in addresses}]
        if mine:
            text = "; ".join(dict.fromkeys(said[a] for a in mine)) if said else None
            records.append(
                Sent(
                    letter=letter.id,
                    organisation=organisation.id,
                    kind=outgoing.kind,
                    at=at,
                    to=tuple(_as_written(addresses, mine)),
                    message_id=message_id,
                    status=status,
                    said=text,
                    dnr=dnr,
                    ref=outgoing.ref if organisation.id == outgoing.organisation.id else None,
                )
            )
    if records:
        writer.record_sent(settings, records)


def _as_written(addresses: tuple[str, ...], wire: list[str]) -> list[str]:
    """The addresses as the data writes them (kommun.älvdalen.se), for those that went over the wire as `wire`."""
    return [address for address in addresses if mail.wire_address(address) in wire]


def _record_outcome(settings: Settings, letter: Letter, outgoing: Outgoing, message_id: str, outcome: mail.Outcome, dnr: str | None = None) -> None:
    if outcome.in_doubt:
        return
    if outcome.accepted:
        _record(settings, letter, outgoing, message_id, "accepted", outcome.accepted, dnr=dnr)
    if outcome.deferred:
        _record(settings, letter, outgoing, message_id, "deferred", list(outcome.deferred), outcome.deferred, dnr=dnr)
    if outcome.refused:
        _record(settings, letter, outgoing, message_id, "refused", list(outcome.refused), outcome.refused, dnr=dnr)


def drafts(workspace: Workspace, prepare: Prepare, folder: Path, files: list[Attachment]) -> tuple[list[Path], list[M]]:
    """The messages as Outlook drafts in `folder` (those in doubt too: drafts are not sent mail, nothing is recorded);
    the files written, and who is left out and why."""
    letter, prepared = prepare(workspace)
    messages = [*prepared.messages, *(message for message, _earlier in prepared.in_doubt)]
    if not messages:
        return [], prepared.skipped
    from_ = rules.sender(workspace.folder, letter)
    moment: datetime = clock.now()
    return mail.write_drafts(folder, [(o, mail.build(o, from_, files, moment, draft=True)) for o in messages]), prepared.skipped
