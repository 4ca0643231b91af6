"""Every dated obligation — directive deadlines, letters' reply-by dates, seminars — and its status as of a day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal, NamedTuple

from ..i18n import M, Mn, _
from ..model import rules
from ..model.folder import Folder
from ..model.problems import Key
from ..model.recipients import reach
from ..model.records import Letter
from ..model.words import WEEKDAYS, long_date_message, non_working_json, non_working_message, weekday_date_message
from .status import DONE, PENDING, Status

Kind = Literal["directive", "letter", "seminar"]
RECENT_DAYS = 30
LETTER_WHAT = "Svar senast"  # the `what` of a reply-by date in JSON and CSV (the same in both languages)
SEMINAR_WHAT = "Seminarium"


class Item(NamedTuple):
    due: date
    what: str
    kind: Kind
    source: str
    id: str
    status: Status
    days_left: int  # to the day that applies: a directive's on the working day before a holiday, a reply-by on the one after
    replaces: str | None = None  # id of the deadline this one replaces
    note: M | None = None  # for people: replies so far, what it replaced, how it was met, which day applies
    delivered: date | None = None  # how a directive's deadline was met: the day (a Month where only the month is known)
    report: str | None = None  # and the report
    replied: int | None = None  # a letter's replies so far, of `expected`
    expected: int | None = None
    shown: frozenset[Key] = frozenset()  # the records the row shows, and those its numbers count: for answers despite errors
    counted: frozenset[Key] = frozenset()

    def row(self, folder: Folder) -> list[object]:
        """The deadline as a row under COLUMNS (CSV and Excel for scripts: the same in every language)."""
        shape = self.as_json(folder)
        return [self.due, shape["weekday"], self.days_left, self.what, self.kind, self.source, self.id, self.status, self.replaces] + [
            shape["non_working_day"],
            self.note,  # a message: English in CSV, the reader's language in a workbook
            shape["delivered"],
            self.report,
        ]

    def as_json(self, folder: Folder) -> dict[str, object]:
        """The public JSON shape of one deadline (see the README): the same in every language."""
        return {
            "due": self.due.isoformat(),
            "weekday": WEEKDAYS[self.due.weekday()],
            "non_working_day": non_working_json(folder.holidays, self.due),
            "days_left": self.days_left,
            "what": self.what,
            "kind": self.kind,
            "source": self.source,
            "id": self.id,
            "status": self.status,
            "replaces": self.replaces,
            "delivered": self.delivered.isoformat() if self.delivered else None,
            "report": self.report,
        }


COLUMNS = ("due", "weekday", "days_left", "what", "kind", "source", "id", "status", "replaces", "non_working_day", "note", "delivered", "report")


def shown_what(item: Item) -> str:
    """What is due, as people read it: a directive's own words, 'Reply by' (svar senast) or 'Seminar' (seminarium)."""
    return {"letter": _("Reply by"), "seminar": _("Seminar")}.get(item.kind, item.what)


def _pending(deadline: date, today: date, soon: int) -> Status:
    days = (deadline - today).days
    return "overdue" if days < 0 else "due-soon" if days <= soon else "open"


def _join(*notes: M | None) -> M | None:
    present = [n for n in notes if n is not None]
    if not present:
        return None
    joined = present[0]
    for note in present[1:]:
        joined = M("{first}; {second}", first=joined, second=note)
    return joined


def directive_items(folder: Folder, today: date, soon: int) -> list[Item]:
    found = []
    replaced = rules.replacements(folder)
    confirmed = rules.confirmations(folder)
    for directive in folder.directives:
        for deadline in directive.deadlines:
            met = rules.delivery(folder, deadline, today)
            note: M | None = None
            status: Status
            if deadline.id in replaced:
                newer, newer_directive = replaced[deadline.id]
                status, note = "replaced", M("replaced by {due}, {directive}", due=long_date_message(newer.due), directive=newer_directive.designation)
            elif met is not None:
                status = "met"
                note = _met_note(met)
            else:
                status = _pending(rules.delivery_day(folder.holidays, deadline.due), today, soon)
            if deadline.replaces in folder.deadline:
                older, older_directive = folder.deadline[deadline.replaces]
                note = _join(M("replaces {due}, {directive}", due=str(older.due), directive=older_directive.designation), note)
            if status != "replaced" and not folder.holidays.is_working_day(deadline.due):
                before = rules.delivery_day(folder.holidays, deadline.due)
                note = _join(note, M("{why} – deliver by {day}", why=non_working_message(folder.holidays, deadline.due), day=weekday_date_message(before)))
            sources = [directive.designation, *(d.designation for d in confirmed.get(deadline.id, []))]
            shown = {("deadline", deadline.id), ("directive", directive.id), *(("directive", d.id) for d in confirmed.get(deadline.id, []))}
            found.append(
                Item(
                    deadline.due,
                    deadline.what,
                    "directive",
                    ", ".join(sources),
                    deadline.id,
                    status,
                    (rules.delivery_day(folder.holidays, deadline.due) - today).days,  # to the day it must be handed over
                    deadline.replaces,
                    note,
                    met.day if met else None,
                    met.report if met else None,
                    shown=frozenset(shown),
                )
            )
    return found


def _met_note(met: rules.Delivery) -> M:
    if met.day is None:
        return M("met by {report}", report=met.report or "")
    day = long_date_message(met.day)
    return M("met {day} by {report}", day=day, report=met.report) if met.report else M("met {day}", day=day)


def letter_items(folder: Folder, today: date, soon: int) -> list[Item]:
    found = []
    for letter in folder.letters:
        if letter.reply_by is None:
            continue  # an information letter, or one without a date to answer by
        asked = {o.id for o in rules.expected(folder, letter)} - rules.uncertain(folder, letter)
        received = rules.replies_received(folder, letter, today).keys()
        replied = len(asked & received)
        deadline = rules.reply_deadline(folder.holidays, letter)
        assert deadline is not None
        # overdue once one who has not replied is past its own last day (more time granted moves that day)
        extended = {o: rules.extended_until(letter, o) for o in asked - received if rules.extended_until(letter, o)}
        if extended and len(extended) == len(asked - received):
            deadline = min(d for d in (rules.own_deadline(folder.holidays, letter, o) for o in extended) if d is not None)
        status: Status
        if rules.is_planned(letter, today):
            status = "planned"
        elif rules.summarised(letter):
            found.append(_summarised_item(folder, letter, today))
            continue
        elif rules.is_closed(letter, today):
            status = "closed"
        elif asked and replied == len(asked):
            status = "met"
        else:
            status = _pending(deadline, today, soon)
        note: M | None = M("{replied}/{expected} replied", replied=replied, expected=len(asked))
        if status == "planned":
            note = M("to be sent {day}", day=long_date_message(letter.date)) if letter.date else note
        if status == "closed":
            note = _join(M("closed {day}", day=long_date_message(letter.closed) if letter.closed else ""), note)
        if extended:
            last = max(day for day in extended.values() if day is not None)
            note = _join(
                note, Mn("{n} granted more time, until {day}", "{n} granted more time, the last until {day}", n=len(extended), day=long_date_message(last))
            )
        own = rules.reply_deadline(folder.holidays, letter)
        if own != letter.reply_by and own is not None:
            note = _join(
                note, M("{why} – a reply on {day} is in time", why=non_working_message(folder.holidays, letter.reply_by), day=weekday_date_message(own))
            )
        found.append(
            Item(
                letter.reply_by,
                LETTER_WHAT,
                "letter",
                letter.subject,
                letter.id,
                status,
                (deadline - today).days,  # to the last day a reply is in time
                note=note,
                replied=replied,
                expected=len(asked),
                shown=frozenset({("letter", letter.id)}),
                counted=frozenset(rules.letter_reach(folder, letter)),
            )
        )
    return found


def _summarised_item(folder: Folder, letter: Letter, today: date) -> Item:
    """A letter whose replies are known only as a whole: they came in, so it is closed, and what the papers say stands
    where a count would (no count: nobody was counted)."""
    deadline = rules.reply_deadline(folder.holidays, letter)
    assert letter.reply_by is not None and deadline is not None
    return Item(
        letter.reply_by,
        LETTER_WHAT,
        "letter",
        letter.subject,
        letter.id,
        "closed",
        (deadline - today).days,
        note=M("{summary}", summary=letter.replies_summary or ""),
        shown=frozenset({("letter", letter.id)}),
    )


def seminar_items(folder: Folder, today: date, soon: int) -> list[Item]:
    found = []
    for seminar in folder.seminars:
        status: Status = rules.seminar_status(seminar, today)
        counted = reach(folder, [*seminar.invited, *(seminar.attended or ())])
        found.append(
            Item(
                seminar.date,
                SEMINAR_WHAT,
                "seminar",
                seminar.title,
                seminar.id,
                status,
                (seminar.date - today).days,
                shown=frozenset({("seminar", seminar.id)}),
                counted=frozenset(counted),
            )
        )
    return found


def items(folder: Folder, today: date, soon: int = 14) -> list[Item]:
    """All deadlines, reply-by dates and seminars with their status as of `today`, ordered by due date."""
    found = directive_items(folder, today, soon) + letter_items(folder, today, soon) + seminar_items(folder, today, soon)
    return sorted(found, key=lambda item: (item.due, item.kind, item.id))


def select(found: list[Item], today: date, show_all: bool = False, within: int | None = None) -> list[Item]:
    """The default view: what is pending or planned (replaced only with show_all), plus what was met, held or closed in
    the last 30 days. `within` keeps what falls due in that many days, and never hides what is overdue."""
    recent = today - timedelta(days=RECENT_DAYS)
    chosen = [item for item in found if show_all or item.status in (*PENDING, "planned") or (item.status in DONE and item.due >= recent)]
    if within is not None:
        chosen = [item for item in chosen if item.status == "overdue" or 0 <= item.days_left <= within]
    return chosen


KINDS = ("directive", "deadline", "letter", "seminar")  # the records whose dates these answers list
