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

from ..i18n import Mn
from ..model.folder import Folder
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


def calendar(folder: Folder, today: date, chosen: list[Item] | None = None, alarm: int | None = None) -> bytes:
    """The .ics bytes (CRLF, folded at 75 octets): every deadline, reply-by date and seminar, replaced ones as cancelled."""
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
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        what = shown_what(item)
        summary = f"{what}: {item.source}" if item.kind != "directive" else f"{what} ({item.source})"
        event.add("summary", line(summary))
        event.add("description", lines("; ".join(n for n in (folder.inquiry.designation, word(item.status, item.kind), str(item.note or "")) if n)))
        event.add("categories", [item.kind])
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
