"""Who has replied to a letter, as of a day, and who has not; and every reply, as a registrar keeps them."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..i18n import M, Mn
from ..model import rules
from ..model.folder import Folder
from ..model.problems import NotFound
from ..model.recipients import groups
from ..model.records import Letter, Organisation, Reply
from ..model.sweden import County, swedish_key
from ..model.text import quote
from ..model.words import long_date_message
from .reminders import Rung, rung


class Answer(NamedTuple):
    """One expected organisation: where it stands in the sändlista, its reply if any, and its reminders."""

    organisation: Organisation
    group: str | None
    county: County | None
    reply: Reply | None
    late: bool
    reminders: Rung
    reached: bool = True  # False when the letter was mailed by lokalservice, but not to this organisation


class Unasked(NamedTuple):
    """A reply from someone the letter did not ask (a county board on cc often answers anyway)."""

    organisation: Organisation | None
    reply: Reply
    late: bool


REPLY_COLUMNS = ("organisation", "name", "group", "county", "received", "status", "late", "publish", "dnr", "note", "reminders", "last_reminded")
REGISTER_COLUMNS = ("received", "organisation", "name", "letter", "dnr", "late", "unasked", "publish", "note")


def yes_no(value: bool) -> str:
    """A flag in CSV and Excel for scripts: yes or no, in every language."""
    return "yes" if value else "no"


def consent(value: bool | None) -> str | None:
    """Consent to publish in CSV and Excel for scripts: yes, no, or empty where the reply did not say."""
    return None if value is None else yes_no(value)


def may_publish(reply: Reply) -> bool:
    """A reply that may go on the inquiry's website: it consented, it has content (it did not decline), and it is not
    marked secret."""
    return reply.publish is True and not reply.declined and reply.secrecy is None


class ReplyReport(NamedTuple):
    letter: Letter
    today: date
    answers: tuple[Answer, ...]  # in Swedish order of name
    group_order: tuple[str | None, ...]  # groups as the sändlista has them
    unasked: tuple[Unasked, ...]
    deadline: date | None  # the last day a reply is in time

    @property
    def replied(self) -> list[Answer]:
        return [a for a in self.answers if a.reply is not None]

    @property
    def missing(self) -> list[Answer]:
        return [a for a in self.answers if a.reply is None]

    @property
    def publishable(self) -> list[Answer]:
        """Those whose replies may be published on the inquiry's website (see may_publish)."""
        return [a for a in self.answers if a.reply is not None and may_publish(a.reply)]

    @property
    def days_left(self) -> int | None:
        """Days to the last day a reply is in time (the reply-by date, or the working day after it)."""
        return (self.deadline - self.today).days if self.deadline else None

    def summary(self) -> M:
        """'9 of 15 replied (60 %), reply-by 2009-05-29, 12 days left'."""
        expected = len(self.answers)
        share = round(100 * len(self.replied) / expected) if expected else 100
        text = M("{replied} of {expected} replied ({share} %)", replied=len(self.replied), expected=expected, share=share)
        late = sum(a.late for a in self.replied)
        if late:
            text = text + Mn(", {n} late", ", {n} late", n=late)
        declined = sum(bool(a.reply and a.reply.declined) for a in self.replied)
        if declined:
            text = text + Mn(", {n} declined to answer", ", {n} declined to answer", n=declined)
        days = self.days_left
        if days is None:
            return text + M(", no reply-by date")
        if rules.is_planned(self.letter, self.today):
            when = M("not sent yet")
        elif rules.is_closed(self.letter, self.today):
            when = M("closed {day}", day=long_date_message(self.letter.closed) if self.letter.closed else "")
        elif not self.missing:
            when = M("everyone has replied")
        elif days < 0 and all(a.reminders.until is not None and a.reminders.until >= self.today for a in self.missing):
            when = M(
                "those not yet replied were granted more time, the last until {day}", day=str(max(a.reminders.until for a in self.missing if a.reminders.until))
            )
        elif days > 0 and self.deadline != self.letter.reply_by:
            when = Mn("{n} day left (a reply on {day} is in time)", "{n} days left (a reply on {day} is in time)", n=days, day=str(self.deadline))
        elif days > 0:
            when = Mn("{n} day left", "{n} days left", n=days)
        elif days == 0:
            when = M("due today")
        else:
            when = Mn("{n} day overdue", "{n} days overdue", n=-days)
        return M("{text}, reply-by {day}, {when}", text=text, day=str(self.letter.reply_by), when=when)

    def as_json(self) -> dict[str, object]:
        """The public JSON shape of `replies LETTER --format json` (see the README)."""
        return {
            "letter": self.letter.id,
            "reply_by": self.letter.reply_by.isoformat() if self.letter.reply_by else None,
            "expected": len(self.answers),
            "replied": [{"organisation": a.organisation.id, "name": a.organisation.name, **_reply_json(a.reply, a.late)} for a in self.replied if a.reply],
            "missing": [
                {
                    "organisation": a.organisation.id,
                    "name": a.organisation.name,
                    "reminders": a.reminders.sent,
                    "last_reminded": a.reminders.last.isoformat() if a.reminders.last else None,
                    "reached": a.reached,
                    "extended_until": a.reminders.until.isoformat() if a.reminders.until else None,
                }
                for a in self.missing
            ],
            "unasked": [
                {"organisation": u.organisation.id if u.organisation else u.reply.organisation, "name": u.organisation.name if u.organisation else None}
                | _reply_json(u.reply, u.late)
                for u in self.unasked
            ],
        }

    def publishable_json(self) -> dict[str, object]:
        """`replies LETTER --publishable --format json`: the letter and the replies that may be published, as `replied`."""
        return {
            "letter": self.letter.id,
            "publishable": [
                {"organisation": a.organisation.id, "name": a.organisation.name, **_reply_json(a.reply, a.late)} for a in self.publishable if a.reply
            ],
        }

    def rows(self, missing_only: bool = False, publishable: bool = False) -> list[list[object]]:
        """A row per organisation asked (only those not replied, with `missing_only`; only those that may be published,
        with `publishable`), then the replies not asked for, under REPLY_COLUMNS (CSV and Excel for scripts: the same in
        every language)."""
        if publishable:
            return [row for row, a in zip(self.rows(), self.answers) if a in self.publishable]
        answers = self.missing if missing_only else list(self.answers)
        rows: list[list[object]] = [
            [a.organisation.id, a.organisation.name, a.group, a.county.name if a.county else None, a.reply.received.isoformat() if a.reply else None]
            + ["replied" if a.reply else "missing" if a.reached else "not-reached"]
            + [yes_no(a.late) if a.reply else None, consent(a.reply.publish) if a.reply else None]
            + [a.reply and a.reply.dnr, a.reply and a.reply.note, a.reminders.sent, a.reminders.last]
            for a in answers
        ]
        rows += [
            [u.organisation.id if u.organisation else u.reply.organisation, u.organisation.name if u.organisation else None, None, None]
            + [u.reply.received.isoformat(), "unasked"]
            + [yes_no(u.late), consent(u.reply.publish), u.reply.dnr, u.reply.note, 0, None]
            for u in ([] if missing_only else self.unasked)
        ]
        return rows

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


def _reply_json(reply: Reply, late: bool) -> dict[str, object]:
    found: dict[str, object] = {"received": reply.received.isoformat(), "publish": reply.publish, "late": late, "dnr": reply.dnr, "note": reply.note}
    return found | _states(reply)


def _states(reply: Reply) -> dict[str, object]:
    """What a reply says of itself beyond the first stage's fields: whether it declined (avstår), and how it came."""
    return {"declined": bool(reply.declined), "via": reply.via}


def information_letter(letter: Letter) -> NotFound:
    """The refusal for a question only a letter that asked for replies can answer (exit 1)."""
    return NotFound(M("{letter} is an information letter: it asks for no replies (it has neither reply_by nor reply_from)", letter=quote(letter.id)))


def summarised_letter(letter: Letter) -> NotFound:
    """The refusal to count or remind for a letter whose replies are known only as a whole (exit 1): what is known instead."""
    return NotFound(
        M("the replies to {letter} are known only as a whole (replies_summary): {summary}", letter=quote(letter.id), summary=letter.replies_summary or "")
    )


def countable(letter: Letter) -> None:
    """Refuse a question about who replied that `letter` cannot answer: an information letter, or replies known only as a whole."""
    if not rules.asks_for_replies(letter):
        raise information_letter(letter)
    if rules.summarised(letter):
        raise summarised_letter(letter)


def report(folder: Folder, letter: Letter, today: date) -> ReplyReport:
    """Each organisation expected to reply to the letter, with its group, county, reply and reminders as of `today`;
    and the replies from organisations it did not ask."""
    countable(letter)
    received = rules.replies_received(folder, letter, today)
    deadline = rules.reply_deadline(folder.holidays, letter)
    aside = rules.uncertain(folder, letter)
    mailed = rules.reached(folder, letter)
    answers: dict[str, Answer] = {}
    for group in groups(folder, rules.asked(letter)):
        for recipient in group.recipients:
            org = recipient.organisation
            if org.id not in answers and org.id not in aside:
                reply = received.get(org.id)
                late = reply is not None and rules.is_late(folder.holidays, letter, reply)
                reached = mailed is None or org.id in mailed or reply is not None
                answers[org.id] = Answer(
                    org, group.title, folder.county(org), reply, late, rung(folder, letter, org.id, today, replied=reply is not None), reached
                )
    ordered = sorted(answers.values(), key=lambda a: swedish_key(a.organisation.name))
    group_order = tuple(dict.fromkeys(a.group for a in answers.values()))
    unasked = [
        Unasked(folder.organisation.get(org_id), reply, rules.is_late(folder.holidays, letter, reply))
        for org_id, reply in received.items()
        if org_id not in answers and org_id not in aside
    ]
    unasked.sort(key=lambda u: swedish_key(u.organisation.name if u.organisation else u.reply.organisation))
    return ReplyReport(letter, today, tuple(ordered), group_order, tuple(unasked), deadline)


class Entry(NamedTuple):
    """One reply in the register: every reply across letters, as the incoming side of a diary."""

    reply: Reply
    organisation: Organisation | None
    letter: Letter | None
    late: bool
    unasked: bool

    def row(self) -> list[object]:
        """The reply under REGISTER_COLUMNS."""
        reply = self.reply
        name = self.organisation.name if self.organisation else None
        return [
            reply.received.isoformat(),
            reply.organisation,
            name,
            reply.letter,
            reply.dnr,
            yes_no(self.late),
            yes_no(self.unasked),
            consent(reply.publish),
            reply.note,
        ]

    def as_json(self) -> dict[str, object]:
        return {
            "letter": self.reply.letter,
            "organisation": self.reply.organisation,
            "name": self.organisation.name if self.organisation else None,
            "received": self.reply.received.isoformat(),
            "publish": self.reply.publish,
            "late": self.late,
            "unasked": self.unasked,
            "dnr": self.reply.dnr,
            "note": self.reply.note,
        } | _states(self.reply)


def register(folder: Folder, today: date) -> list[Entry]:
    """Every reply received on or before `today`, by date received, then organisation name."""
    asked: dict[str, set[str]] = {}
    entries = []
    for reply in folder.replies:
        if reply.received > today:
            continue
        letter = folder.letter.get(reply.letter)
        if letter is not None and letter.id not in asked:
            asked[letter.id] = {o.id for o in rules.expected(folder, letter)}
        late = letter is not None and rules.is_late(folder.holidays, letter, reply)
        unasked = letter is not None and not set(reply.organisations) & asked[letter.id]
        entries.append(Entry(reply, folder.organisation.get(reply.organisation), letter, late, unasked))
    return sorted(entries, key=lambda e: (e.reply.received, swedish_key(e.organisation.name if e.organisation else e.reply.organisation)))
