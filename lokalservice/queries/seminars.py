"""Seminars: who was invited and who came."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..model import rules
from ..model.folder import Folder
from ..model.problems import Key
from ..model.recipients import organisations, reach
from ..model.records import Organisation, Seminar
from ..model.sweden import swedish_key
from .status import Status


class SeminarView(NamedTuple):
    seminar: Seminar
    status: Status  # held (before today) or planned
    invited: tuple[Organisation, ...]  # in Swedish order
    attended: tuple[Organisation, ...] | None  # None: not recorded

    @property
    def came(self) -> int | None:
        """How many of the invited came; None when who came is not recorded."""
        if self.attended is None:
            return None
        invited = {org.id for org in self.invited}
        return sum(org.id in invited for org in self.attended)

    def keys(self, folder: Folder) -> tuple[set[Key], set[Key]]:
        """The records this seminar's row shows (for answers despite errors)."""
        return {("seminar", self.seminar.id), *reach(folder, [*self.seminar.invited, *(self.seminar.attended or ())])}, set()

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.seminar.id,
            "date": self.seminar.date.isoformat(),
            "title": self.seminar.title,
            "status": self.status,
            "invited": [{"organisation": o.id, "name": o.name} for o in self.invited],
            "attended": None if self.attended is None else [{"organisation": o.id, "name": o.name} for o in self.attended],
            "came": self.came,
            "note": self.seminar.note,
        }


def _sorted(orgs: list[Organisation]) -> tuple[Organisation, ...]:
    return tuple(sorted(orgs, key=lambda o: swedish_key(o.name)))


def seminars(folder: Folder, today: date) -> list[SeminarView]:
    """Every seminar by date, with invited and attending organisations."""
    return [
        SeminarView(
            s,
            rules.seminar_status(s, today),
            _sorted(organisations(folder, s.invited)),
            None if s.attended is None else _sorted(organisations(folder, s.attended)),
        )
        for s in sorted(folder.seminars, key=lambda s: (s.date, s.id))
    ]
