"""Deadlines as an iCalendar file that stays true when it is imported again and again as the inquiry moves on.

Each date is an all-day event with a UID stable across exports (designation + kind + id). Every
event carries SEQUENCE and LAST-MODIFIED from the time of the export, so an event that changed since
an earlier export has a higher SEQUENCE than it had then, and a calendar updates the event it has
rather than adding a copy. A deadline a later directive replaced is exported under its old UID as
STATUS:CANCELLED, so the old date leaves the calendar it was imported into.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .. import i18n
from ..i18n import N_, Mn, _
from ..model.folder import Folder
from ..model.rules import delivery_day
from ..model.words import long_date
from ..queries.deadlines import Item, items, shown_what
from ..queries.status import PENDING, word

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def uid(designation: str, kind: str, item_id: str) -> str:
    """A UID stable across exports and unique across inquiries: 'directive-slut-2009.fi-2007-06@lokalservice'. The
    designation keeps its letters (Fö 2026:01 and F 2026:01 are two inquiries), so an ASCII one is as it always was."""
    inquiry = re.sub(r"[\W_]+", "-", line(designation).lower()).strip("-")
    return f"{kind}-{item_id}.{inquiry}@lokalservice"


def line(text: str) -> str:
    """Text for a one-line property (a summary, the calendar's name): no line breaks, no control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def lines(text: str) -> str:
    """Text for a description: its line breaks kept (icalendar escapes them), every other control character gone."""
    return "\n".join(line(part) for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def sequence(moment: datetime) -> int:
    """The SEQUENCE of an export made at `moment`: seconds since 2000, so a later export always has a higher one."""
    return int((moment - EPOCH).total_seconds())


def clock() -> datetime:
    """The time of an export (tests set it)."""
    return datetime.now(timezone.utc)


# The calendar's categories, one per kind of date, in the inquiry's language (Outlook shows them as its categories).
CATEGORIES = {"directive": N_("Directive"), "letter": N_("Letter"), "seminar": N_("Seminar")}


def calendar(folder: Folder, today: date, chosen: list[Item] | None = None, alarm: int | None = None) -> bytes:
    """The .ics bytes (CRLF, folded at 75 octets): every deadline, reply-by date and seminar, replaced ones as cancelled;
    its words in the inquiry's language (a calendar is shared: it speaks as the inquiry does, whoever exports it)."""
    assert folder.inquiry is not None
    with i18n.using(folder.inquiry.language or i18n.current()):
        return _calendar(folder, today, chosen, alarm)


def _calendar(folder: Folder, today: date, chosen: list[Item] | None, alarm: int | None) -> bytes:
    from icalendar import Alarm, Calendar, Event

    assert folder.inquiry is not None
    moment = clock().astimezone(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//lokalservice//lokalservice//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", line(f"{folder.inquiry.designation} {folder.inquiry.title}"))
    for item in chosen if chosen is not None else items(folder, today):
        event = Event()
        event.add("uid", uid(folder.inquiry.designation, item.kind, item.id))
        event.add("dtstamp", moment)
        event.add("last-modified", moment)
        event.add("sequence", sequence(moment))
        # the inquiry's own deadline on a holiday or a weekend is the working day before it: the day the work is
        # handed over (the directive's own date is in the description, in the note); others' dates stay as written
        day = delivery_day(folder.holidays, item.due) if item.kind == "directive" else item.due
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        what = shown_what(item)
        summary = f"{what}: {item.source}" if item.kind != "directive" else f"{what} ({item.source})"
        event.add("summary", line(summary))
        written = _("the directive's date: {day}").format(day=long_date(item.due)) if day != item.due else ""
        parts = (folder.inquiry.designation, word(item.status, item.kind), str(item.note or ""), written)
        event.add("description", lines("; ".join(n for n in parts if n)))
        event.add("categories", [_(CATEGORIES[item.kind])])
        event.add("transp", "TRANSPARENT")
        if item.status == "replaced":
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        if alarm is not None and item.status in (*PENDING, "planned"):
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("trigger", timedelta(days=-alarm))
            reminder.add("description", line(str(Mn("{what} in {n} day", "{what} in {n} days", what=summary, n=alarm))))
            event.add_component(reminder)
        cal.add_component(event)
    return cal.to_ical()  # type: ignore[no-any-return]
