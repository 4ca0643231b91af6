"""The inquiry's domain rules, one function each, as a secretariat knows them (docs/data-format.md says them in the data's terms).

Checks, queries, the writer and the mail commands ask these; none of them decides a rule itself.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from . import sweden
from .folder import Folder
from .problems import Key
from .recipients import organisations, reach
from .records import Deadline, Directive, Letter, Organisation, Received, Reply, Report, Seminar, Sent, Staff
from .sweden import Holidays


def asks_for_replies(letter: Letter) -> bool:
    """A letter asks for replies only when it has a reply-by date or names who must reply; else it is an information letter."""
    return letter.reply_by is not None or letter.reply_from is not None


def summarised(letter: Letter) -> bool:
    """A letter whose replies are known only as a whole (`replies_summary`): they came in, but who replied is not
    recorded, so nobody is counted, late or reminded, and what the papers say is shown instead of a count."""
    return asks_for_replies(letter) and letter.replies_summary is not None


def asked(letter: Letter) -> tuple[str, ...]:
    """The ids (lists or organisations) whose organisations must reply: `reply_from`, else `to`; none for an information
    letter or one whose replies are known only as a whole."""
    if not asks_for_replies(letter) or summarised(letter):
        return ()
    return letter.reply_from if letter.reply_from is not None else letter.to


def expected(folder: Folder, letter: Letter) -> list[Organisation]:
    """The organisations that must reply to `letter`, in the order the sändlista reaches them."""
    return organisations(folder, asked(letter))


def expected_ids(folder: Folder, letter: Letter) -> frozenset[str]:
    """The ids of the organisations that must reply to `letter` (remembered for the folder: one page per recipient)."""
    key = ("expected", letter.id)
    found = folder.memo.get(key)
    if found is None:
        found = folder.memo[key] = frozenset(o.id for o in expected(folder, letter))
    return found


def not_asked(folder: Folder, letter: Letter, organisation_id: str) -> bool:
    """Whether the letter does not ask this recipient to reply (the letter's text then says so, and a cc recipient's
    message is för kännedom): any recipient of an information letter; else one outside reply_from (else `to`)."""
    return not asks_for_replies(letter) or organisation_id not in expected_ids(folder, letter)


def uncertain(folder: Folder, letter: Letter) -> set[str]:
    """The organisations whose part in `letter` cannot be told while something about them cannot be read: a member of
    a list the letter asks (it may be one of those asked), or a reply to the letter. Answers set them aside and say so."""
    found: set[str] = set()
    keys = [*reach(folder, asked(letter)), ("replies-to", letter.id), ("replies-to", "")]
    for key in keys:
        found.update(lost.organisation for lost in folder.lost.get(key, ()) if lost.organisation)
    return found


def unknown_members(folder: Folder, letter: Letter) -> bool:
    """Whether who was asked cannot be told: a list the letter asks has lost a member that names no organisation that
    can be read, or a list or organisation it names is not there at all (its file unreadable, its record left out)."""
    keys = reach(folder, asked(letter))
    if any(lost.organisation is None for key in keys for lost in folder.lost.get(key, ())):
        return True
    return any(kind == "list" and not folder.has(key) and not folder.has(("organisation", id_)) for key in keys for kind, id_ in [key])


def letter_reach(folder: Folder, letter: Letter) -> set[Key]:
    """Every record a letter's answers depend on: itself, its senders, the lists and organisations it reaches, its replies."""
    return letter_shows(folder, letter) | letter_counts(letter)


def letter_shows(folder: Folder, letter: Letter) -> set[Key]:
    """The records an answer about a letter shows: itself, its senders, the lists and organisations it reaches."""
    found: set[Key] = {("letter", letter.id), ("inquiry", "")}
    found.update(("staff", sender) for sender in letter.senders)
    found.update(reach(folder, [*letter.to, *letter.cc, *(letter.reply_from or ())]))
    return found


def letter_counts(letter: Letter) -> set[Key]:
    """The records an answer about a letter counts: its replies and its mail log (one with an error is named, not shown)."""
    return {("replies-to", letter.id), ("sent-for", letter.id)}


def reached(folder: Folder, letter: Letter) -> set[str] | None:
    """The organisations lokalservice mailed the letter to (mail.yaml); None when it mailed it to none: the letter went
    some other way (by post, from Outlook), and everyone on its sändlista is taken to have it."""
    sent = {organisation for organisation, log in mailings(folder, letter.id, "letter").items() if log.accepted}
    return sent or None


class Mailing(NamedTuple):
    """What mail.yaml says of one letter's messages of one kind (the letter, or påminnelser) to one organisation."""

    accepted: dict[str, Sent]  # address -> the record of the server taking it (the last)
    refused: dict[str, Sent]  # address -> the record of the server refusing it for good (5xx)
    in_doubt: list[Sent]  # messages begun that nothing closed: they may have left
    messages: list[Sent]  # the messages the server took, one record each, in order (the reminder ladder counts them)


def mailings(folder: Folder, letter_id: str, kind: str) -> dict[str, Mailing]:
    """What mail.yaml says of a letter's messages of one kind, by organisation. Later records of an address win: an
    address refused and then taken (after it was mended) is taken."""
    records = [s for s in folder.sent_for.get(letter_id, ()) if s.kind == kind]
    closed = {s.message_id for s in records if s.status != "sending"}
    found: dict[str, Mailing] = {}
    for sent in records:
        log = found.setdefault(sent.organisation, Mailing({}, {}, [], []))
        if sent.status == "sending":
            if sent.message_id not in closed:
                log.in_doubt.append(sent)
            continue
        for address in sent.to:
            log.accepted.pop(address, None)
            log.refused.pop(address, None)
            if sent.status == "accepted":
                log.accepted[address] = sent
            elif sent.status == "refused":
                log.refused[address] = sent
        if sent.status == "accepted" and sent.to and sent.message_id not in {m.message_id for m in log.messages}:
            log.messages.append(sent)
    return found


def refused_addresses(folder: Folder) -> dict[str, Sent]:
    """The addresses the mail server refused for good (5xx) the last time anything was sent to them."""
    last: dict[str, Sent] = {}
    for sent in folder.sent:
        if sent.status != "sending":
            last.update(dict.fromkeys(sent.to, sent))
    return {address: sent for address, sent in last.items() if sent.status == "refused"}


def bounced_addresses(folder: Folder) -> dict[str, Received]:
    """The addresses a bounce (received.yaml, written by reply scan) said do not work: the last bounce of each,
    unless a message from that address came after it (then it works again)."""
    found: dict[str, Received] = {}
    for received in sorted(folder.received, key=lambda r: r.at):
        if received.kind == "bounce" and received.address:
            found[received.address.lower()] = received
        elif received.sender:
            found.pop(received.sender.lower(), None)
    return found


def back_on(folder: Folder, organisation: str) -> date | None:
    """The day an organisation's contact is back, as its latest out-of-office said (received.yaml); None when
    none said one. Its next påminnelse is not due before that day."""
    days = [r.until for r in folder.received if r.kind == "auto-reply" and r.organisation == organisation and r.until]
    return max(days) if days else None


def sender(folder: Folder, letter: Letter) -> Staff | None:
    """Who a letter's messages are from, and whom a påminnelse names for replies and questions: inquiry.yaml's mail
    sender, else the letter's first sender with an e-mail address, else its first sender."""
    mail = folder.inquiry.mail if folder.inquiry else None
    if mail and mail.sender in folder.staff:
        return folder.staff[mail.sender]
    senders = [folder.staff[s] for s in letter.senders if s in folder.staff]
    return next((s for s in senders if s.email), senders[0] if senders else None)


def official_name(organisation: Organisation) -> str:
    """The name an organisation uses as an authority, which letters, påminnelser and e-mail To names are addressed to
    (the sändlista keeps the short names): its `official_name`, else for a municipality the register's (Gullspångs
    kommun, Malmö stad) and for a county board Länsstyrelsen i Dalarnas län, else its name."""
    if organisation.official_name:
        return organisation.official_name
    if organisation.kind == "municipality":
        municipality = sweden.find_municipality(organisation.name)
        if municipality is not None and municipality.official_name:
            return municipality.official_name
    elif organisation.kind == "county_board" and organisation.county and not organisation.name.startswith("Länsstyrelsen"):
        county = sweden.find_county(organisation.county)
        if county is not None:
            return sweden.county_board_name(county)
    return organisation.name


def handler(folder: Folder, letter: Letter) -> Staff | None:
    """The letter's handläggare: its last sender (the first signs; the handläggare stands after a slash, and prints in
    the head with phone and e-mail); the only sender when there is one."""
    senders = [folder.staff[s] for s in letter.senders if s in folder.staff]
    return senders[-1] if senders else None


def signer(folder: Folder, letter: Letter) -> Staff | None:
    """Who signs the letter: its first sender."""
    return folder.staff.get(letter.senders[0]) if letter.senders else None


def reminder_signer(folder: Folder, letter: Letter) -> Staff | None:
    """Who signs a påminnelse, alone: the letter's `reminder_from`, else its handläggare (the last of `from`)."""
    if letter.reminder_from and letter.reminder_from in folder.staff:
        return folder.staff[letter.reminder_from]
    return handler(folder, letter)


def seminar_status(seminar: Seminar, today: date) -> Literal["held", "planned"]:
    """A seminar before today was held; one on or after it is planned."""
    return "held" if seminar.date < today else "planned"


def is_planned(letter: Letter, today: date) -> bool:
    """A letter dated after today has not been sent yet (a letter known only by its month counts from the month's last day)."""
    return letter.date is not None and letter.date > today


def is_closed(letter: Letter, today: date) -> bool:
    """From its `closed` day no more replies are awaited."""
    return letter.closed is not None and letter.closed <= today


def reply_deadline(holidays: Holidays, letter: Letter) -> date | None:
    """The last day a reply is in time: the reply-by date, or the next working day when that date is not one
    (others' time to answer; lag (1930:173)'s rule, applied by analogy)."""
    return holidays.on_or_after(letter.reply_by) if letter.reply_by is not None else None


def extended_until(letter: Letter, organisation: str) -> date | None:
    """The day an organisation was granted more time to reply until (anstånd, the letter's `extensions:`; the latest
    where several are written); None when it was granted none."""
    days = [extension.until for extension in letter.extensions if extension.organisation == organisation]
    return max(days) if days else None


def own_deadline(holidays: Holidays, letter: Letter, organisation: str) -> date | None:
    """The last day an organisation's reply is in time: the letter's, or, where it was granted more time, that day (the
    next working day when it is not one, as for the letter's own date). Before it, it is neither overdue nor reminded."""
    deadline = reply_deadline(holidays, letter)
    until = extended_until(letter, organisation)
    if until is None:
        return deadline
    granted = holidays.on_or_after(until)
    return max(deadline, granted) if deadline is not None else granted


def is_late(holidays: Holidays, letter: Letter, reply: Reply) -> bool:
    """A reply received after the last day it was in time (for a joint reply: the latest of its organisations')."""
    deadlines = [d for d in (own_deadline(holidays, letter, o) for o in reply.organisations) if d is not None]
    return bool(deadlines) and reply.received > max(deadlines)


def replies_received(folder: Folder, letter: Letter, today: date) -> dict[str, Reply]:
    """The replies to `letter` received on or before `today`, by organisation (the first of each): a joint reply counts
    for each organisation it is from, and a reply that declines (avstår) counts as a reply."""
    found: dict[str, Reply] = {}
    for reply in folder.replies_to.get(letter.id, []):
        if reply.received <= today:
            for organisation in reply.organisations:
                found.setdefault(organisation, reply)
    return found


def delivery_day(holidays: Holidays, due: date) -> date:
    """The inquiry's own deadline falls due on its date, or on the last working day before it when that date is not one:
    a kommittédirektiv is not a författning, so lag (1930:173) does not move it later."""
    return due if holidays.is_working_day(due) else holidays.last_working_day_before(due)


def replacements(folder: Folder) -> dict[str, tuple[Deadline, Directive]]:
    """For each deadline a later directive moved, the deadline that replaced it and its directive."""
    return {deadline.replaces: (deadline, directive) for directive in folder.directives for deadline in directive.deadlines if deadline.replaces}


def confirmations(folder: Folder) -> dict[str, list[Directive]]:
    """For each deadline, the later directives that confirm it."""
    found: dict[str, list[Directive]] = {}
    for directive in folder.directives:
        for deadline_id in directive.confirms:
            found.setdefault(deadline_id, []).append(directive)
    return found


class Delivery(NamedTuple):
    """How a deadline was met: the day (None when the papers do not say) and the report that met it."""

    day: date | None
    report: str | None


def delivery(folder: Folder, deadline: Deadline, today: date) -> Delivery | None:
    """How `deadline` was met as of `today`: its own `delivered:` date, or a report recorded as meeting it; None when not met."""
    if deadline.delivered is not None and deadline.delivered <= today:
        return Delivery(deadline.delivered, deadline.report)
    for report in meeting(folder, deadline.id):
        if report.delivered is None or report.delivered <= today:
            return Delivery(report.delivered, report.designation)
    return None


def meeting(folder: Folder, deadline_id: str) -> list[Report]:
    """The reports recorded as meeting a deadline."""
    return [report for report in folder.reports if deadline_id in report.meets]
