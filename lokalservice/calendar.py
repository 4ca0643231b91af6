"""Deadlines as an iCalendar file: one all-day event per date in force."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .folder import Folder
from .queries.deadlines import items


def uid(designation: str, kind: str, item_id: str) -> str:
    """A UID stable across exports and unique across inquiries: 'directive-slut-2009.fi-2007-06@lokalservice'."""
    inquiry = re.sub(r"[^a-z0-9]+", "-", designation.lower()).strip("-")
    return f"{kind}-{item_id}.{inquiry}@lokalservice"


def calendar(folder: Folder, today: date) -> bytes:
    """The .ics bytes (CRLF, folded at 75 octets) for every deadline, reply-by date and seminar not replaced."""
    from icalendar import Calendar, Event

    assert folder.inquiry is not None
    cal = Calendar()
    cal.add("prodid", "-//lokalservice//lokalservice//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{folder.inquiry.designation} {folder.inquiry.title}")
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for item in items(folder, today):
        if item.status == "replaced":
            continue
        event = Event()
        event.add("uid", uid(folder.inquiry.designation, item.kind, item.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", f"{item.what}: {item.source}" if item.kind != "directive" else f"{item.what} ({item.source})")
        event.add("description", "; ".join(n for n in (f"{folder.inquiry.designation}", item.note) if n))
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
