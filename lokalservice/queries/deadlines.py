"""Every dated obligation — directive deadlines, letters' reply-by dates, seminars — and its status as of a day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal, NamedTuple

from .. import sweden
from ..folder import Folder
from .distribution import expected
from .replies import received

Kind = Literal["directive", "letter", "seminar"]
Status = Literal["open", "due-soon", "overdue", "met", "replaced", "held"]
RECENT_DAYS = 30


class Item(NamedTuple):
    due: date
    what: str
    kind: Kind
    source: str
    id: str
    status: Status
    days_left: int
    replaces: str | None = None  # id of the deadline this one replaces
    note: str = ""  # for people: replies so far, what it replaced, the report that met it

    @property
    def weekday(self) -> str:
        return sweden.WEEKDAYS[self.due.weekday()]

    @property
    def non_working_day(self) -> str | None:
        return sweden.non_working_day(self.due)

    def as_json(self) -> dict[str, object]:
        """The public JSON shape of one deadline (see the README)."""
        return {
            "due": self.due.isoformat(),
            "weekday": self.weekday,
            "non_working_day": self.non_working_day,
            "days_left": self.days_left,
            "what": self.what,
            "kind": self.kind,
            "source": self.source,
            "id": self.id,
            "status": self.status,
            "replaces": self.replaces,
        }


def _pending(due: date, today: date, soon: int) -> Status:
    days = (due - today).days
    return "overdue" if days < 0 else "due-soon" if days <= soon else "open"


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def items(folder: Folder, today: date, soon: int = 14) -> list[Item]:
    """All deadlines, reply-by dates and seminars with their status as of `today`, ordered by due date."""
    found: list[Item] = []
    replacing = {d.replaces: (d, directive) for directive in folder.directives for d in directive.deadlines if d.replaces}
    by_id = {d.id: (d, directive) for directive in folder.directives for d in directive.deadlines}
    for directive in folder.directives:
        for deadline in directive.deadlines:
            delivered = deadline.delivered is not None and deadline.delivered <= today
            status: Status
            if deadline.id in replacing:
                newer, newer_directive = replacing[deadline.id]
                status, note = "replaced", f"replaced by {newer.due}, {newer_directive.designation}"
            elif delivered:
                status, note = "met", f"met {deadline.delivered}" + (f" by {deadline.report}" if deadline.report else "")
            else:
                status, note = _pending(deadline.due, today, soon), ""
            if deadline.replaces in by_id:
                older, older_directive = by_id[deadline.replaces]
                note = _join(f"replaces {older.due}, {older_directive.designation}", note)
            found.append(
                Item(deadline.due, deadline.what, "directive", directive.designation, deadline.id, status, (deadline.due - today).days, deadline.replaces, note)
            )
    for letter in folder.letters:
        if letter.reply_by is None:
            continue
        asked = {o.id for o in expected(folder, letter)}
        replied = len(asked & received(folder, letter, today).keys())
        status = "met" if asked and replied == len(asked) else _pending(letter.reply_by, today, soon)
        found.append(
            Item(
                letter.reply_by,
                "Svar senast",
                "letter",
                letter.subject,
                letter.id,
                status,
                (letter.reply_by - today).days,
                None,
                f"{replied}/{len(asked)} replied",
            )
        )
    for seminar in folder.seminars:
        status = "held" if seminar.date < today else _pending(seminar.date, today, soon)
        found.append(Item(seminar.date, "Seminarium", "seminar", seminar.title, seminar.id, status, (seminar.date - today).days))
    return sorted(found, key=lambda item: (item.due, item.kind, item.id))


def select(found: list[Item], today: date, show_all: bool = False, within: int | None = None) -> list[Item]:
    """The default view: what is not met (replaced only with show_all), plus what was met or held in the last 30 days."""
    recent = today - timedelta(days=RECENT_DAYS)
    chosen = [item for item in found if show_all or item.status in ("open", "due-soon", "overdue") or (item.status in ("met", "held") and item.due >= recent)]
    if within is not None:
        chosen = [item for item in chosen if 0 <= item.days_left <= within]
    return chosen


def next_working_day_note(item: Item) -> str:
    """'Sunday; next working day 2009-11-02' for a due date on a non-working day, else ''."""
    name = item.non_working_day
    return f"{name}; next working day {sweden.next_working_day(item.due)}" if name else ""
