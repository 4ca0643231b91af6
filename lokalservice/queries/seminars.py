"""Seminars: who was invited and who came."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..folder import Folder
from ..records import Organisation, Seminar
from ..sweden import swedish_key
from .distribution import organisations


class SeminarView(NamedTuple):
    seminar: Seminar
    held: bool
    invited: tuple[Organisation, ...]  # in Swedish order
    attended: tuple[Organisation, ...]

    @property
    def came(self) -> int:
        """How many of the invited came."""
        invited = {org.id for org in self.invited}
        return sum(org.id in invited for org in self.attended)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.seminar.id,
            "date": self.seminar.date.isoformat(),
            "title": self.seminar.title,
            "status": "held" if self.held else "upcoming",
            "invited": [{"organisation": o.id, "name": o.name} for o in self.invited],
            "attended": [{"organisation": o.id, "name": o.name} for o in self.attended],
            "came": self.came,
        }


def _sorted(orgs: list[Organisation]) -> tuple[Organisation, ...]:
    return tuple(sorted(orgs, key=lambda o: swedish_key(o.name)))


def seminars(folder: Folder, today: date) -> list[SeminarView]:
    """Every seminar by date, with invited and attending organisations."""
    return [
        SeminarView(s, s.date < today, _sorted(organisations(folder, s.invited)), _sorted(organisations(folder, s.attended)))
        for s in sorted(folder.seminars, key=lambda s: (s.date, s.id))
    ]
