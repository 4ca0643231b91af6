"""Recording replies: add (or correct), remove, restore from the journal, and import a survey export. Functions over an
opened Workspace, returning what they did; no Typer here (cli/letters.py parses and shows)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..i18n import M
from ..model import rules
from ..model.problems import LokalserviceError
from ..model.records import Letter, Organisation, Reply
from ..model.words import long_date_message
from ..source import writer

if TYPE_CHECKING:
    from ..workspace import Workspace
    from .importing import ReplyPlan


class Recorded(NamedTuple):
    """A reply as recorded, and what a secretary should know of it (late, not asked, to an information letter)."""

    reply: Reply
    notes: list[M]


def record_reply(
    workspace: Workspace,
    letter: Letter,
    organisation: Organisation,
    received: date | None = None,
    publish: bool | None = None,
    note: str | None = None,
    dnr: str | None = None,
    replace: bool = False,
    force: bool = False,
    details: ReplyDetails | None = None,
) -> Recorded:
    """Record that `organisation` replied to `letter` (on `received`, default today), or with `replace` correct its
    reply: refused on any error in the folder, a date after today or before the letter (unless `force`), a second reply.
    `dnr` AUTO (any case) takes the next number of the inquiry's series, in the same change as the reply."""
    workspace.require_no_errors()
    numbered = dnr is not None and dnr.strip().lower() == AUTO
    if numbered and not writer.has_series(workspace):
        raise LokalserviceError(
            M("--dnr auto takes the next number of the inquiry's series, but inquiry.yaml has none ({example})", example=writer.SERIES_EXAMPLE)
        )
    day = received or workspace.today
    if not force and day > workspace.today:
        raise LokalserviceError(M("--received {day} is after today ({today}); check the date, or give --force", day=str(day), today=str(workspace.today)))
    if not force and letter.date and day < letter.date:
        raise LokalserviceError(M("--received {day} is before the letter's date {date}; check the date, or give --force", day=str(day), date=str(letter.date)))
    earlier = next((r for r in workspace.folder.replies_to.get(letter.id, []) if organisation.id in r.organisations), None)
    if earlier is not None and not replace:
        message = M(
            "{organisation} has already replied to {letter} (received {day}); --replace corrects that reply",
            organisation=organisation.name,
            letter=letter.id,
            day=str(earlier.received),
        )
        raise LokalserviceError(message)
    more = details or ReplyDetails()
    reply = Reply(
        letter=letter.id,
        organisation=organisation.id,
        received=day,
        publish=publish,
        dnr=None if numbered else dnr,
        note=note,
        declined=True if more.declined else None,
        via=more.via,
        matter=more.concerns,
        secrecy=more.secrecy,
    )
    written = writer.add_reply(workspace.settings, reply, replace=replace, numbered=numbered)
    if numbered:
        reply = next(r for r in written.folder.replies_to.get(letter.id, []) if organisation.id in r.organisations)
    return Recorded(reply, _notes(workspace, letter, organisation, reply))


AUTO = "auto"


class ReplyDetails(NamedTuple):
    """What a reply may say besides who, when and consent: it declines (avstår), how it came, what it concerns when not
    the letter's subject, and the OSL provision it is marked secret under."""

    declined: bool = False
    via: str | None = None
    concerns: str | None = None
    secrecy: str | None = None


def _notes(workspace: Workspace, letter: Letter, organisation: Organisation, reply: Reply) -> list[M]:
    folder = workspace.folder
    if not rules.asks_for_replies(letter):
        return [M("Note: {letter} is an information letter; the reply is kept but not counted.", letter=letter.id)]
    if rules.summarised(letter):
        return [M("Note: the replies to {letter} are known only as a whole (replies_summary); the reply is kept but not counted.", letter=letter.id)]
    if organisation.id not in {o.id for o in rules.expected(folder, letter)}:
        return [
            M(
                "Note: {organisation} was not asked to reply to {letter}; the reply is kept as an unasked reply.",
                organisation=organisation.name,
                letter=letter.id,
            )
        ]
    if rules.is_late(folder.holidays, letter, reply):
        deadline = rules.own_deadline(folder.holidays, letter, organisation.id)
        assert deadline is not None
        return [M("Note: the reply came after the last day it was in time ({day}): it is late.", day=long_date_message(deadline))]
    return []


def remove_reply(workspace: Workspace, letter: Letter, organisation: Organisation) -> Reply:
    """Take a wrongly recorded reply out of replies.yaml; the reply removed."""
    workspace.require_no_errors()
    return writer.remove_reply(workspace.settings, letter.id, organisation.id)


def restore_replies(workspace: Workspace) -> list[Reply]:
    """Put back the replies the journal recorded that replies.yaml has lost; those restored."""
    return writer.restore_replies(workspace.settings)


def import_replies(workspace: Workspace, letter: Letter, path: Path, write: bool = False, header_row: int | None = None) -> ReplyPlan:
    """What a survey tool's export would record for `letter` (one reply per row, none twice, consent where the sheet
    states it), recorded with `write`. `header_row`: the row that names the columns, else found."""
    from .importing import REPLIES_NEED, read_sheet, replies_plan

    workspace.require_no_errors()
    plan = replies_plan(workspace.folder, letter, read_sheet(path, REPLIES_NEED, header_row), path.name)
    if write and plan.new:
        writer.add_replies(workspace.settings, [r.reply(letter.id) for r in plan.new])
    return plan
