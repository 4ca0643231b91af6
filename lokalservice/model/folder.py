"""One inquiry's records, as read from its data folder, with indexes by id."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from ..i18n import M
from . import sweden
from .problems import Key, Problem
from .records import Deadline, Directive, Inquiry, Letter, MailingList, Organisation, Received, Reply, Report, Seminar, Sent, Staff


class Lost(NamedTuple):
    """A part of a record that could not be read and is left out of it (a directive's deadline, a list's member, a
    reply to a letter): its first problem, how an answer names it, and the organisation it is about, where known."""

    problem: Problem
    name: M
    organisation: str | None
    part: str | None = None  # its own name as written, where it has one (a contact's)


class Folder:
    """One inquiry's records, in the order of the files. Indexes keep the first record of an id.

    `dropped` holds, by the key they would have had, the records that could not be read (so that a
    reference to one is not called unknown), and `unreadable` the files that exist but could not be
    read; the loader fills both. `holidays` knows the working days the records' dates fall around."""

    def __init__(self, path: Path, label: str, holidays: sweden.Holidays | None = None) -> None:
        self.path = path
        self.label = label
        self.holidays = holidays or sweden.Holidays()
        self.inquiry: Inquiry | None = None
        self.organisations: list[Organisation] = []
        self.lists: list[MailingList] = []
        self.directives: list[Directive] = []
        self.reports: list[Report] = []
        self.letters: list[Letter] = []
        self.seminars: list[Seminar] = []
        self.replies: list[Reply] = []
        self.sent: list[Sent] = []
        self.received: list[Received] = []  # received.yaml: the messages reply scan read
        self.journal: list[Any] = []  # the replies journal's entries (journal.Entry), for check
        self.dropped: dict[Key, Problem] = {}
        self.lost: dict[Key, list[Lost]] = {}  # by the key of the record (or letter's replies) they are parts of
        self.memo: dict[Any, Any] = {}  # what the rules work out once per folder (rules.expected_ids)
        self.unreadable: dict[str, Problem] = {}

    def file(self, name: str) -> str:
        """How a file of this folder is named in messages."""
        return f"{self.label.rstrip('/')}/{name}" if self.label not in ("", ".") else name

    @cached_property
    def organisation(self) -> dict[str, Organisation]:
        return _index(self.organisations)

    @cached_property
    def mailing_list(self) -> dict[str, MailingList]:
        return _index(self.lists)

    @cached_property
    def letter(self) -> dict[str, Letter]:
        return _index(self.letters)

    @cached_property
    def directive(self) -> dict[str, Directive]:
        return _index(self.directives)

    @cached_property
    def deadline(self) -> dict[str, tuple[Deadline, Directive]]:
        """Every directive's deadlines by id, each with the directive that set it."""
        found: dict[str, tuple[Deadline, Directive]] = {}
        for directive in self.directives:
            for deadline in directive.deadlines:
                found.setdefault(deadline.id, (deadline, directive))
        return found

    @cached_property
    def staff(self) -> dict[str, Staff]:
        return _index(self.inquiry.staff if self.inquiry else [])

    @cached_property
    def replies_to(self) -> dict[str, list[Reply]]:
        """Replies by the id of the letter they answer, in file order."""
        return _group(self.replies, "letter")

    @cached_property
    def sent_for(self) -> dict[str, list[Sent]]:
        """The mail log's records by letter id, in file order."""
        return _group(self.sent, "letter")

    def county(self, organisation: Organisation) -> sweden.County | None:
        """The organisation's county: a municipality's is known from the register; others' as written."""
        if organisation.kind == "municipality":
            municipality = sweden.find_municipality(organisation.name)
            if municipality:
                return municipality.county
        return sweden.find_county(organisation.county) if organisation.county else None

    def has(self, key: Key) -> bool:
        """Whether the record a key names is in the folder (read without errors in its fields' types)."""
        kind, id_ = key
        indexes: dict[str, Any] = {
            "organisation": self.organisation,
            "list": self.mailing_list,
            "letter": self.letter,
            "directive": self.directive,
            "deadline": self.deadline,
            "staff": self.staff,
            "seminar": {s.id: s for s in self.seminars},
            "report": {r.designation: r for r in self.reports},
        }
        if kind in indexes:
            return id_ in indexes[kind]
        if kind == "inquiry":
            return self.inquiry is not None
        return kind in ("replies-to", "sent-for")


def _index(records: Any) -> dict[str, Any]:
    index: dict[str, Any] = {}
    for record in records:
        index.setdefault(record.id, record)
    return index


def _group(records: list[Any], field: str) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for record in records:
        grouped.setdefault(getattr(record, field), []).append(record)
    return grouped
