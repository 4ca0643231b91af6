"""Deadlines as an iCalendar file: one all-day event per date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .folder import Folder
from .queries.deadlines import Item, items, shown_what
from .queries.status import word


def uid(designation: str, kind: str, item_id: str) -> str:
    """A UID stable across exports and unique across inquiries: 'directive-slut-2009.fi-2007-06@lokalservice'."""
    inquiry = re.sub(r"[^a-z0-9]+", "-", designation.lower()).strip("-")
    return f"{kind}-{item_id}.{inquiry}@lokalservice"


def calendar(folder: Folder, today: date, chosen: list[Item] | None = None) -> bytes:
    """The .ics bytes (CRLF, folded at 75 octets) for every deadline, reply-by date and seminar not replaced."""
    from icalendar import Calendar, Event

    assert folder.inquiry is not None
    cal = Calendar()
    cal.add("prodid", "-//lokalservice//lokalservice//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{folder.inquiry.designation} {folder.inquiry.title}")
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for item in chosen if chosen is not None else items(folder, today):
        if item.status == "replaced":
            continue
        event = Event()
        event.add("uid", uid(folder.inquiry.designation, item.kind, item.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        what = shown_what(item)
        event.add("summary", f"{what}: {item.source}" if item.kind != "directive" else f"{what} ({item.source})")
        event.add("description", "; ".join(n for n in (folder.inquiry.designation, word(item.status, item.kind), str(item.note or "")) if n))
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()  # type: ignore[no-any-return]
