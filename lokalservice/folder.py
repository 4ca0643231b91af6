"""One inquiry's records, as read from its data folder, with indexes by id."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from . import sweden
from .records import Directive, Inquiry, Letter, MailingList, Organisation, Reply, Seminar, Staff


class Folder:
    """One inquiry's records, in the order of the files. Indexes keep the first record of an id."""

    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label
        self.inquiry: Inquiry | None = None
        self.organisations: list[Organisation] = []
        self.lists: list[MailingList] = []
        self.directives: list[Directive] = []
        self.letters: list[Letter] = []
        self.seminars: list[Seminar] = []
        self.replies: list[Reply] = []

    def file(self, name: str) -> str:
        """How a file of this folder is named in messages."""
        return f"{self.label.rstrip('/')}/{name}"

    @cached_property
    def organisation(self) -> dict[str, Organisation]:
        return _index(self.organisations)

    @cached_property
    def list(self) -> dict[str, MailingList]:
        return _index(self.lists)

    @cached_property
    def letter(self) -> dict[str, Letter]:
        return _index(self.letters)

    @cached_property
    def directive(self) -> dict[str, Directive]:
        return _index(self.directives)

    @cached_property
    def replies_to(self) -> dict[str, list[Reply]]:
        """Replies by the id of the letter they answer, in file order."""
        by_letter: dict[str, list[Reply]] = {}
        for reply in self.replies:
            by_letter.setdefault(reply.letter, []).append(reply)
        return by_letter

    @cached_property
    def staff(self) -> dict[str, Staff]:
        return _index(self.inquiry.staff if self.inquiry else [])

    def county(self, organisation: Organisation) -> sweden.County | None:
        """The organisation's county: a municipality's is known from the register; others' as written."""
        if organisation.kind == "municipality":
            municipality = sweden.find_municipality(organisation.name)
            if municipality:
                return municipality.county
        return sweden.find_county(organisation.county) if organisation.county else None


def _index(records: list[Any]) -> dict[str, Any]:
    index: dict[str, Any] = {}
    for record in records:
        index.setdefault(record.id, record)
    return index
