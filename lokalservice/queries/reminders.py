"""Whom to remind about a letter and when (the reminder ladder), and the påminnelse to send them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from ..i18n import M
from ..model import rules
from ..model.folder import Folder
from ..model.recipients import groups, organisations
from ..model.records import Ladder, Letter, Organisation

if TYPE_CHECKING:
    from .documents import Person

DEFAULT_LADDER = Ladder()
NEW_DATE_WORKING_DAYS = 5


class Rung(NamedTuple):
    """Where an organisation stands on the reminder ladder for one letter."""

    sent: int  # reminders recorded in mail.yaml
    last: date | None  # the day of the last one
    next: date | None  # when the next is due; None when none will be (replied, closed, the most sent, no reply-by date)
    until: date | None = None  # more time granted (anstånd, the letter's `extensions:`): not reminded before this day has passed


def ladder(folder: Folder) -> Ladder:
    """The inquiry's `reminders:` settings, or the defaults (first 1, interval 5, max 2 working days)."""
    return (folder.inquiry.reminders if folder.inquiry else None) or DEFAULT_LADDER


def rung(folder: Folder, letter: Letter, organisation: str, today: date, replied: bool = False) -> Rung:
    """The reminders sent to `organisation` about `letter` as of `today`, and when the next is due.

    Due when it has not replied, today is at least `first` working days after the last day a reply
    was in time, the last reminder is at least `interval` working days old, and fewer than `max` were sent."""
    log = rules.mailings(folder, letter.id, "reminder").get(organisation)
    days = sorted(s.at.date() for s in (log.messages if log else ()) if s.at.date() <= today)
    last = days[-1] if days else None
    steps = ladder(folder)
    deadline = rules.own_deadline(folder.holidays, letter, organisation)
    until = rules.extended_until(letter, organisation)
    if replied or deadline is None or rules.is_closed(letter, today) or len(days) >= steps.max:
        return Rung(len(days), last, None, until)
    due = folder.holidays.add_working_days(deadline, steps.first)
    if last is not None:
        due = max(due, folder.holidays.add_working_days(last, steps.interval))
    back = rules.back_on(folder, organisation)  # an out-of-office moves the next påminnelse to the day they are back
    if back is not None and back > due:
        due = folder.holidays.on_or_after(back)
    return Rung(len(days), last, due, until)


class Addressee(NamedTuple):
    """One person (or, without a named contact, the organisation itself) a påminnelse goes to."""

    organisation: Organisation
    county: str | None
    contact: str | None
    email: str | None
    phone: str | None
    address: str | None
    title: str | None = None  # the contact's title, for the påminnelse's addressee block


class Due(NamedTuple):
    """An organisation that has not replied: its reminders so far, whether one is due now, and whom it goes to."""

    organisation: Organisation
    rung: Rung
    due: bool
    addressees: tuple[Addressee, ...]
    reached: bool = True  # False: the letter was mailed, but not to this organisation; it gets no påminnelse


def addressees(folder: Folder, letter: Letter, organisation: Organisation) -> tuple[Addressee, ...]:
    """Those of an organisation the letter went to: its contacts on the sändlista (all, or the one a list names)."""
    found: dict[str | None, Addressee] = {}
    county = folder.county(organisation)
    for group in groups(folder, [*letter.to, *(letter.reply_from or ())]):
        for r in group.recipients:
            if r.organisation.id == organisation.id:
                c = r.contact
                person = (c.name, c.email, c.phone, c.address, c.title) if c else (None, None, None, None, None)
                found.setdefault(
                    person[0],
                    Addressee(
                        organisation,
                        county.name if county else None,
                        person[0],
                        person[1] or organisation.email,
                        person[2],
                        person[3] or organisation.address,
                        person[4],
                    ),
                )
    return tuple(found.values())


def due_list(folder: Folder, letter: Letter, today: date, force: bool = False) -> list[Due]:
    """Everyone who has not replied, in Swedish order, and whether a reminder is due today (always with `force`)."""
    from .replies import report

    found = report(folder, letter, today)
    return [
        Due(
            a.organisation,
            a.reminders,
            a.reached and (force or (a.reminders.next is not None and a.reminders.next <= today)),
            addressees(folder, letter, a.organisation),
            a.reached,
        )
        for a in found.missing
    ]


class Standing(NamedTuple):
    """Where an organisation asked about stands, when it is not among those to remind: replied, not asked, not on the
    sändlista, or set aside (a record about it cannot be read)."""

    organisation: Organisation
    status: str  # replied | not-asked | not-on-list | uncertain
    received: date | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "organisation": self.organisation.id,
            "name": self.organisation.name,
            "status": self.status,
            "received": self.received.isoformat() if self.received else None,
        }

    def words(self, letter: Letter) -> M:
        """What is true about it, in a sentence."""
        name, subject = self.organisation.name, letter.id
        if self.status == "replied":
            return M("{organisation} replied to {letter} on {day}; it is not reminded.", organisation=name, letter=subject, day=str(self.received))
        if self.status == "not-asked":
            return M("{organisation} got {letter} för kännedom and was not asked to reply; it is not reminded.", organisation=name, letter=subject)
        if self.status == "uncertain":
            return M(
                "{organisation}: whether it has replied to {letter} cannot be told while a record about it has an error.", organisation=name, letter=subject
            )
        return M("{organisation} is not on the sändlista of {letter}.", organisation=name, letter=subject)


def standing(folder: Folder, letter: Letter, organisation: Organisation, today: date) -> Standing:
    """Where an organisation that is not waiting for a påminnelse stands."""
    reply = rules.replies_received(folder, letter, today).get(organisation.id)
    if organisation.id in rules.uncertain(folder, letter):
        return Standing(organisation, "uncertain")
    if reply is not None:
        return Standing(organisation, "replied", reply.received)
    if organisation.id in {o.id for o in organisations(folder, [*letter.to, *letter.cc])}:
        return Standing(organisation, "not-asked")
    return Standing(organisation, "not-on-list")


def new_date(folder: Folder, letter: Letter, today: date) -> date:
    """The date a påminnelse asks for: five working days ahead, and never before the letter's own last day."""
    ahead = folder.holidays.add_working_days(today, NEW_DATE_WORKING_DAYS)
    deadline = rules.reply_deadline(folder.holidays, letter)
    return max(ahead, deadline) if deadline else ahead


def reminder_text(folder: Folder, letter: Letter, organisation: Organisation, people: tuple[Addressee, ...], today: date, by: date) -> str:
    """The påminnelse as text (documents.reminder_page says what it holds), to those of the organisation it goes to."""
    from .documents import reminder_page

    return reminder_page(folder, letter, organisation, reminder_people(people), today, by).as_text()


def reminder_people(people: tuple[Addressee, ...]) -> list[Person]:
    """The contacts a påminnelse is addressed to: name, title and postal address of each."""
    return [(p.contact, p.title, p.address) for p in people if p.contact or p.address]


def describe_due(due: Due, letter: Letter) -> M:
    """Where one not yet replied stands on the ladder, or why the letter never reached it (and so no påminnelse goes)."""
    if due.reached:
        return describe_rung(due.rung)
    if not any(a.email for a in due.addressees):
        return M("not reached: no e-mail address when the letter was mailed")
    return M(
        "not reached: the letter was not mailed to it (lokalservice mail {letter} --only {organisation})", letter=letter.id, organisation=due.organisation.id
    )


def describe_rung(value: Rung) -> M:
    """'2 sent, last 2009-06-08; next 2009-06-15' for people."""
    sent = M("none sent") if not value.sent else M("{n} sent, last {day}", n=value.sent, day=str(value.last))
    if value.until is not None:
        sent = M("more time until {day}; {sent}", day=str(value.until), sent=sent)
    if value.next is None:
        return sent
    return M("{sent}; next {day}", sent=sent, day=str(value.next))


REMINDER_COLUMNS = ("organisation", "name", "county", "contact", "email", "phone", "address", "reminders", "last_reminded", "next_reminder", "due", "reached")


class Plan(NamedTuple):
    """The påminnelser for a letter: the letter, everyone who has not replied, the date they are asked for, a note on
    that date where it was moved, and where each organisation asked about (--only) stands that is not among them."""

    letter: Letter
    due: list[Due]
    by: date
    note: M | None
    others: list[Standing] = []

    def expected(self, folder: Folder) -> int:
        """How many must reply (those set aside for an error about them not counted)."""
        return len({o.id for o in rules.expected(folder, self.letter)} - rules.uncertain(folder, self.letter))

    def texts(self, folder: Folder, today: date) -> dict[str, str]:
        """The påminnelse of each organisation due for one, by id."""
        return {d.organisation.id: reminder_text(folder, self.letter, d.organisation, d.addressees, today, self.by) for d in self.due if d.due}

    def as_json(self, folder: Folder, today: date) -> dict[str, object]:
        """The public JSON shape of `remind LETTER --format json` (see the README): the same in every language."""
        letter, texts = self.letter, self.texts(folder, today)
        return {
            "letter": letter.id,
            "subject": letter.subject,
            "date": letter.date.isoformat() if letter.date else None,
            "reply_by": letter.reply_by.isoformat() if letter.reply_by else None,
            "expected": self.expected(folder),
            "missing": [
                {
                    "organisation": d.organisation.id,
                    "name": d.organisation.name,
                    "contacts": [{"name": a.contact, "email": a.email, "phone": a.phone, "address": a.address} for a in d.addressees if a.contact],
                    "reminders": d.rung.sent,
                    "last_reminded": d.rung.last.isoformat() if d.rung.last else None,
                    "next_reminder": d.rung.next.isoformat() if d.rung.next else None,
                    "extended_until": d.rung.until.isoformat() if d.rung.until else None,
                    "due": d.due,
                    "reached": d.reached,
                    "text": texts.get(d.organisation.id),
                }
                for d in self.due
            ],
            "others": [standing.as_json() for standing in self.others],
            "new_date": self.by.isoformat(),
            "text": next(iter(texts.values()), None),
        }

    def rows(self) -> list[list[Any]]:
        """One row per person to remind, under REMINDER_COLUMNS (CSV and Excel: the same in every language)."""
        return [
            [d.organisation.id, d.organisation.name, a.county, a.contact, a.email, a.phone, a.address, d.rung.sent, d.rung.last, d.rung.next]
            + ["yes" if d.due else "no", "yes" if d.reached else "no"]
            for d in self.due
            for a in d.addressees
        ]


def asked_date(folder: Folder, letter: Letter, today: date, given: date | None) -> tuple[date, M | None]:
    """The date a påminnelse asks for: the one given (on a non-working day, the next working day, with a note saying
    so), else five working days ahead. Never before today, nor before the letter's own last day for a reply."""
    from ..model.problems import UsageError
    from ..model.words import non_working_message, weekday_date_message

    if given is None:
        return new_date(folder, letter, today), None
    if given < today:
        raise UsageError(M("--new-date: {day} is before today ({today})", day=str(given), today=str(today)))
    deadline = rules.reply_deadline(folder.holidays, letter)
    if deadline is not None and given < deadline:
        message = M(
            "--new-date: {day} is before the letter's own last day for a reply ({deadline}); a påminnelse asks for a later date",
            day=str(given),
            deadline=str(deadline),
        )
        raise UsageError(message)
    by = folder.holidays.on_or_after(given)
    if by == given:
        return by, None
    why = non_working_message(folder.holidays, given)
    return by, M("--new-date {day} is {why}, not a working day: the påminnelse asks for {by}", day=str(given), why=why, by=weekday_date_message(by))
