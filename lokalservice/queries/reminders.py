"""Whom to remind about a letter, and the påminnelse to send them."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..folder import Folder
from ..records import Letter, Organisation
from ..sweden import long_date
from .distribution import groups
from .replies import report


class ReminderRow(NamedTuple):
    """One person (or, without a named contact, one organisation) to remind."""

    organisation: Organisation
    county: str | None
    contact: str | None
    email: str | None
    phone: str | None
    address: str | None


class Reminder(NamedTuple):
    letter: Letter
    expected: int
    missing: tuple[Organisation, ...]
    rows: tuple[ReminderRow, ...]
    text: str

    def as_json(self) -> dict[str, object]:
        return {
            "letter": self.letter.id,
            "subject": self.letter.subject,
            "date": self.letter.date.isoformat() if self.letter.date else None,
            "reply_by": self.letter.reply_by.isoformat() if self.letter.reply_by else None,
            "expected": self.expected,
            "missing": [
                {
                    "organisation": org.id,
                    "name": org.name,
                    "contacts": [
                        {"name": r.contact, "email": r.email, "phone": r.phone, "address": r.address} for r in self.rows if r.organisation is org and r.contact
                    ],
                }
                for org in self.missing
            ],
            "text": self.text,
        }


def reminder_text(folder: Folder, letter: Letter, today: date) -> str:
    """The påminnelse in Swedish: which letter, when it was sent, when the reply was due; signed by its senders."""
    assert folder.inquiry is not None
    sent = f"Den {long_date(letter.date)} skickade vi brevet" if letter.date else "Vi har tidigare skickat brevet"
    lines = [f"{folder.inquiry.designation} {folder.inquiry.title}", "", "Påminnelse", "", f"{sent} ”{letter.subject}”."]
    if letter.reply_by and letter.reply_by < today:
        lines.append(f"Vi bad om svar senast den {long_date(letter.reply_by)} men har ännu inte fått något svar från er.")
        lines.append("Vi är tacksamma om ni kan svara så snart som möjligt.")
    elif letter.reply_by:
        lines.append(f"Vi har ännu inte fått något svar från er och påminner om att svaret ska ha kommit in senast den {long_date(letter.reply_by)}.")
    else:
        lines.append("Vi har ännu inte fått något svar från er och är tacksamma om ni kan svara så snart som möjligt.")
    lines += ["", "Med vänliga hälsningar", ""]
    for sender_id in letter.senders:
        sender = folder.staff[sender_id]
        lines.append(sender.name)
        lines += [value for value in (sender.role, sender.phone, sender.email) if value]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def reminder(folder: Folder, letter_id: str, today: date) -> Reminder:
    """The organisations that have not replied as of `today`, with the contact persons the letter went to."""
    found = report(folder, letter_id, today)
    letter = found.letter
    missing = tuple(answer.organisation for answer in found.missing)
    wanted = {org.id for org in missing}
    rows: dict[tuple[str, str | None], ReminderRow] = {}
    for group in groups(folder, [*letter.to, *(letter.reply_from or [])]):
        for r in group.recipients:
            if r.organisation.id in wanted:
                county = folder.county(r.organisation)
                c = r.contact
                rows.setdefault(
                    (r.organisation.id, c.name if c else None),
                    ReminderRow(r.organisation, county.name if county else None, c and c.name, c and c.email, c and c.phone, c and c.address),
                )
    order = {org.id: i for i, org in enumerate(missing)}
    ordered = sorted(rows.values(), key=lambda row: order[row.organisation.id])
    return Reminder(letter, len(found.answers), missing, tuple(ordered), reminder_text(folder, letter, today))
