"""Who has replied to a letter, as of a day, and who has not."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..folder import Folder
from ..problems import NotFound
from ..records import Letter, Organisation, Reply
from ..sweden import County, swedish_key
from ..text import unknown
from .distribution import asked, groups


class Answer(NamedTuple):
    """One expected organisation: where it stands in the sändlista and its reply, if any."""

    organisation: Organisation
    group: str | None
    county: County | None
    reply: Reply | None


class ReplyReport(NamedTuple):
    letter: Letter
    today: date
    answers: tuple[Answer, ...]  # in Swedish order of name
    group_order: tuple[str | None, ...]  # groups as the sändlista has them

    @property
    def replied(self) -> list[Answer]:
        return [a for a in self.answers if a.reply is not None]

    @property
    def missing(self) -> list[Answer]:
        return [a for a in self.answers if a.reply is None]

    @property
    def days_left(self) -> int | None:
        return (self.letter.reply_by - self.today).days if self.letter.reply_by else None

    def summary(self) -> str:
        """'9 of 15 replied (60 %), reply-by 2009-05-29, 12 days left'."""
        expected = len(self.answers)
        share = round(100 * len(self.replied) / expected) if expected else 100
        text = f"{len(self.replied)} of {expected} replied ({share} %)"
        days = self.days_left
        if days is None:
            return text + ", no reply-by date"
        when = f"{days} days left" if days > 0 else "due today" if days == 0 else f"{-days} days overdue"
        if days < 0 and not self.missing:
            when = "closed"
        return f"{text}, reply-by {self.letter.reply_by}, {when}"

    def as_json(self) -> dict[str, object]:
        """The public JSON shape of `replies LETTER --format json` (see the README)."""
        return _report_json(self)

    def breakdown(self, by: str) -> list[tuple[str, int, int]]:
        """(group or county, replied, expected): groups in the sändlista's order, counties in Swedish order."""
        counts: dict[str, list[int]] = {}
        if by == "group":
            for title in self.group_order:
                counts[title or "–"] = [0, 0]
        for answer in self.answers:
            key = answer.group if by == "group" else (answer.county.name if answer.county else None)
            tally = counts.setdefault(key or "–", [0, 0])
            tally[0] += answer.reply is not None
            tally[1] += 1
        rows = [(key, replied, expected) for key, (replied, expected) in counts.items() if expected]
        return rows if by == "group" else sorted(rows, key=lambda row: swedish_key(row[0]))


def letter_of(folder: Folder, letter_id: str) -> Letter:
    """The letter with this id, or a usage error that suggests the nearest ids."""
    letter = folder.letter.get(letter_id)
    if letter is None:
        raise NotFound(unknown("letter", letter_id, folder.letter))
    return letter


def received(folder: Folder, letter: Letter, today: date) -> dict[str, Reply]:
    """The replies to `letter` received on or before `today`, by organisation id."""
    return {r.organisation: r for r in folder.replies_to.get(letter.id, []) if r.received <= today}


def report(folder: Folder, letter_id: str, today: date) -> ReplyReport:
    """Each organisation expected to reply to the letter, with its group, county and reply as of `today`."""
    letter = letter_of(folder, letter_id)
    replies = received(folder, letter, today)
    answers: dict[str, Answer] = {}
    for group in groups(folder, asked(letter)):
        for recipient in group.recipients:
            org = recipient.organisation
            if org.id not in answers:
                answers[org.id] = Answer(org, group.title, folder.county(org), replies.get(org.id))
    ordered = sorted(answers.values(), key=lambda a: swedish_key(a.organisation.name))
    group_order = tuple(dict.fromkeys(a.group for a in answers.values()))
    return ReplyReport(letter, today, tuple(ordered), group_order)


def _report_json(found: ReplyReport) -> dict[str, object]:
    return {
        "letter": found.letter.id,
        "reply_by": found.letter.reply_by.isoformat() if found.letter.reply_by else None,
        "expected": len(found.answers),
        "replied": [
            {"organisation": a.organisation.id, "name": a.organisation.name, "received": a.reply.received.isoformat(), "publish": a.reply.publish}
            for a in found.replied
            if a.reply
        ],
        "missing": [{"organisation": a.organisation.id, "name": a.organisation.name} for a in found.missing],
    }
