"""Checks across records. Each check takes a Findings (the folder, and where consequences are noted) and returns its problems.

Checks do not depend on today: their result is stored in the cache with the records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from ..i18n import N_, M, Mn
from . import rules, sweden
from .folder import Folder
from .problems import Key, Problem
from .recipients import groups, organisations, reach
from .records import FILE_OF_KIND, FILES, KIND_PLURALS, KIND_THE, SECOND, UNKNOWN, Contact, Organisation, Record, Reply, Staff, data_fields, nested, yaml_name
from .text import did_you_mean, quote, trouble, unknown
from .words import WEEKDAYS, holiday_message, long_date_message

_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"\\]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+")


def plain_address(text: str) -> bool:
    """One plain e-mail address: no display name, no spaces or line breaks, a domain with a dot."""
    return bool(_EMAIL.fullmatch(text)) and ".." not in text and not text.startswith(".") and ".@" not in text


class Findings:
    """The folder being checked, and the references that could not be checked because what they name has errors."""

    def __init__(self, folder: Folder) -> None:
        self.folder = folder
        self.waiting: dict[Key, list[str]] = {}  # a dropped record or ('file', name) -> where references to it stand

    def reference(self, record: Record, field: str, id_: str, kinds: tuple[str, ...], known: Iterable[str]) -> list[Problem]:
        """Nothing when `id_` names a record of one of `kinds`; a note on the cause when it names one that could not be read
        (or whose file could not be); else 'unknown ... (did you mean ...)'."""
        known = list(known)
        if id_ in known:
            return []
        for kind in kinds:
            if (kind, id_.lower()) in self.folder.dropped:
                self._wait((kind, id_.lower()), record, field)
                return []
        unreadable = [FILE_OF_KIND[kind] for kind in kinds if FILE_OF_KIND[kind] in self.folder.unreadable]
        if unreadable:
            self._wait(("file", unreadable[0]), record, field)
            return []
        return [record.problem(field, unknown(UNKNOWN[kinds], id_, known))]

    def _wait(self, cause: Key, record: Record, field: str) -> None:
        line = record.problem(field, M.blank()).line
        source = record.source
        name = source.file.rsplit("/", 1)[-1] if source else "?"  # the files stand side by side: the name says which
        self.waiting.setdefault(cause, []).append(f"{name}:{line}")

    def consequences(self) -> dict[Key, M]:
        """For each cause, what it hides: '5 references to it (letters.yaml:4, …) cannot be checked until it is fixed'."""
        notes: dict[Key, M] = {}
        for cause, references in self.waiting.items():
            places = list(dict.fromkeys(references))  # a list names its members on one line: that line once
            shown = ", ".join(places[:3]) + (f", … (+{len(places) - 3})" if len(places) > 3 else "")
            if cause[0] == "file":
                kind = next(k for k, f in FILE_OF_KIND.items() if f == cause[1] and k in KIND_PLURALS)
                notes[cause] = Mn(
                    " — so no {kinds} can be read, and {n} reference to them cannot be checked ({places})",
                    " — so no {kinds} can be read, and {n} references to them cannot be checked ({places})",
                    kinds=M(KIND_PLURALS[kind]),
                    n=len(references),
                    places=shown,
                )
            else:
                notes[cause] = Mn(
                    " — until this is fixed, {what} {id} is left out, and {n} reference to it waits ({places})",
                    " — until this is fixed, {what} {id} is left out, and {n} references to it wait ({places})",
                    what=M(KIND_THE[cause[0]]),
                    id=quote(cause[1]),
                    n=len(references),
                    places=shown,
                )
        return notes


Check = Callable[[Findings], list[Problem]]


def _first_seen(records: Iterable[Record], key: Callable[[Record], str], what: str) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, Record] = {}
    for record in records:
        value = key(record)
        if value in first:
            message = M(SECOND[what], id=quote(value), where=first[value].where())
            problems.append(record.problem("id" if what != "report" else "designation", message))
        else:
            first[value] = record
    return problems


def check_duplicate_ids(findings: Findings) -> list[Problem]:
    """Ids are unique within their kind; deadline ids across all directives; a list and an organisation never share one."""
    folder = findings.folder
    problems: list[Problem] = []
    kinds: list[tuple[str, list[Record]]] = [
        ("staff", list(folder.inquiry.staff) if folder.inquiry else []),
        ("organisation", list(folder.organisations)),
        ("list", list(folder.lists)),
        ("directive", list(folder.directives)),
        ("deadline", [d for directive in folder.directives for d in directive.deadlines]),
        ("letter", list(folder.letters)),
        ("seminar", list(folder.seminars)),
    ]
    for what, records in kinds:
        problems += _first_seen(records, lambda r: r.id, what)  # type: ignore[attr-defined]
    problems += _first_seen(folder.reports, lambda r: r.designation, "report")  # type: ignore[attr-defined]
    for mailing_list in folder.lists:
        if mailing_list.id in folder.organisation:
            problems.append(mailing_list.problem("id", M("{id} names both a list and an organisation; rename one", id=quote(mailing_list.id))))
    return problems


def check_organisations(findings: Findings) -> list[Problem]:
    """Municipalities are among the 290, counties among the 21, and they agree."""
    problems: list[Problem] = []
    for org in findings.folder.organisations:
        county = sweden.find_county(org.county) if org.county else None
        if org.county and county is None:
            meant = sweden.match_county(org.county)
            hint = M(" (did you mean {name}?)", name=quote(meant.name)) if meant else did_you_mean(org.county, sweden.county_names())
            problems.append(org.problem("county", M("unknown county {county}{hint}", county=quote(org.county), hint=hint)))
        if org.kind == "municipality":
            municipality = sweden.find_municipality(org.name)
            if municipality is None:
                written = sweden.match_municipality(org.name)
                hint = M(" (the register writes it {name})", name=quote(written.name)) if written else did_you_mean(org.name, sweden.municipality_names())
                problems.append(org.problem("name", M("{name} is not one of Sweden's municipalities{hint}", name=quote(org.name), hint=hint)))
            elif county is not None and county != municipality.county:
                message = M("{name} is in {county}, not {written}", name=municipality.name, county=municipality.county.name, written=county.name)
                problems.append(org.problem("county", message))
            if municipality is not None and org.official_name and org.official_name != municipality.official_name:
                message = M(
                    "letters are addressed to {written}, but the register writes it {name}",
                    written=quote(org.official_name),
                    name=quote(municipality.official_name),
                )
                problems.append(org.problem("official_name", message, "warning"))
        elif org.kind == "county_board" and not org.county:
            problems.append(org.problem("county", M("a county board names its county (for example county: Västernorrland)")))
    return problems


def _references(findings: Findings, record: Record, field: str, ids: Iterable[str], kinds: tuple[str, ...], known: Iterable[str]) -> list[Problem]:
    known = list(known)
    return [p for i, id_ in enumerate(ids) for p in findings.reference(record, f"{field}[{i}]", id_, kinds, known)]


def check_references(findings: Findings) -> list[Problem]:
    """Every id that a record mentions exists, with a suggestion when it does not."""
    folder = findings.folder
    orgs, lists = list(folder.organisation), list(folder.mailing_list)
    recipients = [*orgs, *lists]
    to_recipient = ("list", "organisation")
    problems: list[Problem] = []
    for mailing_list in folder.lists:
        for i, member in enumerate(mailing_list.members):
            org = folder.organisation.get(member.organisation)
            if org is None:
                problems += findings.reference(mailing_list, f"members[{i}]", member.organisation, ("organisation",), orgs)
            elif member.contact is not None and member.contact not in {c.name for c in org.contacts} | _lost_contacts(folder, org.id):
                names = [c.name for c in org.contacts]
                message = unknown(N_("unknown contact of {organisation} {given}{hint}"), member.contact, names, organisation=org.name)
                problems.append(mailing_list.problem(f"members[{i}].contact", message, line_field="members"))
        problems += _references(findings, mailing_list, "include", mailing_list.include, ("list",), lists)
    directives, deadlines = list(folder.directive), list(folder.deadline)
    for directive in folder.directives:
        if directive.supplements:
            problems += findings.reference(directive, "supplements", directive.supplements, ("directive",), directives)
        problems += _references(findings, directive, "confirms", directive.confirms, ("deadline",), deadlines)
        for deadline in directive.deadlines:
            if deadline.replaces == deadline.id:
                problems.append(deadline.problem("replaces", M("a deadline cannot replace itself")))
            elif deadline.replaces:
                problems += findings.reference(deadline, "replaces", deadline.replaces, ("deadline",), deadlines)
    for report in folder.reports:
        problems += _references(findings, report, "meets", report.meets, ("deadline",), deadlines)
    staff = list(folder.staff)
    for letter in folder.letters:
        problems += _references(findings, letter, "from", letter.senders, ("staff",), staff)
        if letter.reminder_from:
            problems += findings.reference(letter, "reminder_from", letter.reminder_from, ("staff",), staff)
        problems += _references(findings, letter, "to", letter.to, to_recipient, recipients)
        problems += _references(findings, letter, "cc", letter.cc, to_recipient, recipients)
        problems += _references(findings, letter, "reply_from", letter.reply_from or (), to_recipient, recipients)
        for extension in letter.extensions:
            problems += findings.reference(extension, "organisation", extension.organisation, ("organisation",), orgs)
    for seminar in folder.seminars:
        problems += _references(findings, seminar, "invited", seminar.invited, to_recipient, recipients)
        problems += _references(findings, seminar, "attended", seminar.attended or (), ("organisation",), orgs)
    letters = list(folder.letter)
    for reply in folder.replies:
        problems += findings.reference(reply, "letter", reply.letter, ("letter",), letters)
        for i, organisation in enumerate(reply.organisations):
            problems += findings.reference(reply, _from_field(reply, i), organisation, ("organisation",), orgs)
    for sent in folder.sent:
        problems += findings.reference(sent, "letter", sent.letter, ("letter",), letters)
        problems += findings.reference(sent, "organisation", sent.organisation, ("organisation",), orgs)
    mail = folder.inquiry.mail if folder.inquiry else None
    if mail is not None:
        problems += findings.reference(mail, "sender", mail.sender, ("staff",), staff)
        sender = folder.staff.get(mail.sender)
        if sender is not None and not sender.email:
            problems.append(mail.problem("sender", M("{name} has no e-mail address to send from", name=sender.name)))
    return problems


def _lost_contacts(folder: Folder, organisation: str) -> set[str | None]:
    """The names of an organisation's contacts that could not be read (a list naming one waits for it, no second message)."""
    return {lost.part for lost in folder.lost.get(("organisation", organisation), ())}


def check_include_cycles(findings: Findings) -> list[Problem]:
    """Lists may include lists, but never themselves, directly or through others.

    One depth-first walk over the whole graph, without recursion: each list is entered once, and each
    cycle is reported once, at the list where the walk found it."""
    folder = findings.folder
    problems: list[Problem] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in folder.lists:
        if start.id in state:
            continue
        path = [start.id]
        state[start.id] = 1
        pending = [iter(start.include)]
        while pending:
            included = next(pending[-1], None)
            if included is None:
                state[path.pop()] = 2
                pending.pop()
            elif included not in folder.mailing_list:
                continue
            elif state.get(included) == 1:
                cycle = path[path.index(included) :] + [included]
                problems.append(folder.mailing_list[cycle[0]].problem("include", M("include cycle: {cycle}", cycle=" -> ".join(cycle))))
            elif included not in state:
                state[included] = 1
                path.append(included)
                pending.append(iter(folder.mailing_list[included].include))
    return problems


def check_letters(findings: Findings) -> list[Problem]:
    """A letter goes to someone: `to` ids, or an `addressee` line for a group nobody listed; its dates in order."""
    problems: list[Problem] = []
    for letter in findings.folder.letters:
        if not letter.to and not letter.addressee:
            problems.append(letter.problem("to", M("a letter needs 'to' (lists or organisations) or 'addressee' (for example: Till berörda kommuner)")))
        if letter.date and letter.reply_by and letter.reply_by < letter.date:
            message = M("the reply-by date {reply_by} is before the letter's date {date}", reply_by=str(letter.reply_by), date=str(letter.date))
            problems.append(letter.problem("reply_by", message))
        if letter.date and letter.closed and letter.closed < letter.date:
            problems.append(letter.problem("closed", M("closed {closed}, before the letter's date {date}", closed=str(letter.closed), date=str(letter.date))))
        if letter.closed and not rules.asks_for_replies(letter):
            problems.append(letter.problem("closed", M("an information letter awaits no replies, so it cannot be closed"), "warning"))
        if letter.replies_summary is not None and not rules.asks_for_replies(letter):
            message = M("an information letter asked for no replies, so there are none to sum up: give reply_by, or take replies_summary away")
            problems.append(letter.problem("replies_summary", message, "warning"))
    return problems


def check_directive_dates(findings: Findings) -> list[Problem]:
    """A deadline falls after the directive that set it was decided."""
    problems: list[Problem] = []
    for directive in findings.folder.directives:
        for deadline in directive.deadlines:
            if directive.decided and deadline.due < directive.decided:
                message = M(
                    "due {due}, before {directive} was decided ({decided})",
                    due=str(deadline.due),
                    directive=directive.designation,
                    decided=str(directive.decided),
                )
                problems.append(deadline.problem("due", message))
    return problems


def _from_field(reply: Reply, index: int) -> str:
    """The field a reply's `index`th organisation stands in: `from`, or `from[1]` in a joint reply."""
    return f"from[{index}]" if len(reply.organisations) > 1 else "from"


def check_replies(findings: Findings) -> list[Problem]:
    """One reply per organisation and letter (a joint reply is one from each of its organisations); replies dated after
    their letter, from someone asked, to a letter that asked."""
    folder = findings.folder
    problems: list[Problem] = []
    first: dict[tuple[str, str], Record] = {}
    asked: dict[str, set[str] | None] = {}
    for reply in folder.replies:
        for i, organisation in enumerate(reply.organisations):
            problems += _reply_problems(folder, reply, i, organisation, first, asked)
    return problems


def _reply_problems(
    folder: Folder, reply: Reply, i: int, organisation: str, first: dict[tuple[str, str], Record], asked: dict[str, set[str] | None]
) -> list[Problem]:
    """What is wrong with one organisation's part in a reply (the reply's own dates are checked with its first)."""
    letter = folder.letter.get(reply.letter)
    key = (reply.letter, organisation)
    if key in first:
        message = M(
            "a second reply from {organisation} to {letter} (the first is at {where})",
            organisation=quote(organisation),
            letter=quote(reply.letter),
            where=first[key].where(),
        )
        return [reply.problem(_from_field(reply, i), message, line_field="from")]
    first[key] = reply
    if letter is None or organisation not in folder.organisation:
        return []
    problems: list[Problem] = []
    if i == 0 and letter.date and reply.received < letter.date:
        problems.append(
            reply.problem("received", M("{received} is before the letter's date {date}", received=str(reply.received), date=str(letter.date)), "warning")
        )
    if not rules.asks_for_replies(letter):
        if i == 0:
            problems.append(reply.problem("letter", M("{letter} is an information letter: it asked for no replies", letter=quote(letter.id)), "warning"))
        return problems
    if rules.summarised(letter):
        if i == 0:
            message = M(
                "the replies to {letter} are known only as a whole (replies_summary), so this reply is counted nowhere; take replies_summary away to count the replies one by one",
                letter=quote(letter.id),
            )
            problems.append(reply.problem("letter", message, "warning"))
        return problems
    if letter.id not in asked:
        # who may have been asked: a member that cannot be read may be the one, so no second, false warning (None: anyone)
        asked[letter.id] = None if rules.unknown_members(folder, letter) else {o.id for o in rules.expected(folder, letter)} | rules.uncertain(folder, letter)
    maybe = asked[letter.id]
    if maybe is not None and organisation not in maybe:
        message = M(
            "{organisation} was not asked to reply to {letter}; the reply is kept as an unasked reply",
            organisation=quote(organisation),
            letter=quote(letter.id),
        )
        problems.append(reply.problem(_from_field(reply, i), message, "warning", line_field="from"))
    return problems


def check_extensions(findings: Findings) -> list[Problem]:
    """More time is granted to one asked to reply, once, to a day after the letter's own reply-by date."""
    folder = findings.folder
    problems: list[Problem] = []
    for letter in folder.letters:
        seen: set[str] = set()
        asked = None if rules.unknown_members(folder, letter) else {o.id for o in rules.expected(folder, letter)} | rules.uncertain(folder, letter)
        for extension in letter.extensions:
            org = extension.organisation
            if org in seen:
                problems.append(
                    extension.problem("organisation", M("a second extension for {organisation}; the latest day counts", organisation=quote(org)), "warning")
                )
            seen.add(org)
            if not rules.asks_for_replies(letter):
                problems.append(extension.problem("until", M("{letter} is an information letter: it asked for no replies", letter=quote(letter.id)), "warning"))
            elif letter.reply_by and extension.until <= letter.reply_by:
                message = M(
                    "{until} is not after the reply-by date {reply_by}: it grants no more time", until=str(extension.until), reply_by=str(letter.reply_by)
                )
                problems.append(extension.problem("until", message, "warning"))
            elif asked is not None and org in folder.organisation and org not in asked:
                message = M("{organisation} was not asked to reply to {letter}", organisation=quote(org), letter=quote(letter.id))
                problems.append(extension.problem("organisation", message, "warning"))
    return problems


def _date_warning(holidays: sweden.Holidays, record: Record, field: str, day: date | None, own: bool) -> list[Problem]:
    """A date on a non-working day: the inquiry's own delivery moves earlier, others' time to answer later. The
    inquiry's own date stands as the directive wrote it (nothing to fix: a note); a reply-by date is the secretariat's
    own choice (a warning)."""
    if day is None or holidays.is_working_day(day):
        return []
    holiday = holidays.name(day, english=True)
    why = holiday_message(holiday) if holiday else M("a {weekday}", weekday=M(WEEKDAYS[day.weekday()]))  # "a Sunday"; a holiday by its name
    if own:
        message = M(
            "{day} is {why}, not a working day; deliver by {before}", day=str(day), why=why, before=long_date_message(holidays.last_working_day_before(day))
        )
    else:
        message = M(
            "{day} is {why}, not a working day; a reply on {after} is in time", day=str(day), why=why, after=long_date_message(holidays.next_working_day(day))
        )
    return [record.problem(field, message, "note" if own else "warning")]


def check_non_working_days(findings: Findings) -> list[Problem]:
    """Deadlines and reply-by dates on a Saturday, Sunday or Swedish holiday."""
    folder = findings.folder
    problems: list[Problem] = []
    for directive in folder.directives:
        for deadline in directive.deadlines:
            problems += _date_warning(folder.holidays, deadline, "due", deadline.due, own=True)
    for letter in folder.letters:
        problems += _date_warning(folder.holidays, letter, "reply_by", letter.reply_by, own=False)
    return problems


def check_county_boards_on_cc(findings: Findings) -> list[Problem]:
    """A letter to municipalities should reach their county boards too (on `cc`, or on `to`)."""
    folder = findings.folder
    problems: list[Problem] = []
    for letter in folder.letters:
        if any(folder.lost.get(key) for key in reach(folder, [*letter.cc, *letter.to])):
            continue  # a member that cannot be read may be the county board: no second, false warning
        boards = {folder.county(org) for org in organisations(folder, [*letter.cc, *letter.to]) if org.kind == "county_board"}
        missing: dict[str, list[str]] = {}
        for org in organisations(folder, letter.to):
            county = folder.county(org)
            if org.kind == "municipality" and county is not None and county not in boards:
                missing.setdefault(sweden.county_board_name(county), []).append(org.name)
        for board, names in missing.items():
            message = M("{board} ({names}) is not on cc", board=board, names=", ".join(names))
            problems.append(letter.problem("cc", message, "warning"))
    return problems


def check_contact_emails(findings: Findings) -> list[Problem]:
    """Those a letter goes to should have an e-mail address: the contact's own, or the organisation's."""
    folder = findings.folder
    problems: list[Problem] = []
    seen: set[int] = set()
    for letter in folder.letters:
        for group in groups(folder, [*letter.to, *letter.cc]):
            for recipient in group.recipients:
                contact = recipient.contact
                if contact is not None and contact.email is None and recipient.organisation.email is None and id(contact) not in seen:
                    seen.add(id(contact))
                    message = M("no e-mail address, though letter {letter} goes to this contact", letter=quote(letter.id))
                    problems.append(contact.problem("email", message, "warning"))
    return problems


def check_email_addresses(findings: Findings) -> list[Problem]:
    """Every `email` is one plain address, so that no header can be injected through the data; one with å, ä or ö
    before the @ is worth a look (many mail servers cannot take it; a domain with them is sent in its IDNA form)."""
    folder = findings.folder
    records: list[Staff | Organisation | Contact] = [*(folder.inquiry.staff if folder.inquiry else ()), *folder.organisations]
    records += [contact for org in folder.organisations for contact in org.contacts]
    found = []
    inquiry = folder.inquiry
    if inquiry is not None and inquiry.registry_email and not plain_address(inquiry.registry_email):
        message = M("{address} is not one plain e-mail address (name@example.se)", address=quote(inquiry.registry_email))
        found.append(inquiry.problem("registry_email", message))
    for record in records:
        if not record.email:
            continue
        if not plain_address(record.email):
            found.append(record.problem("email", M("{address} is not one plain e-mail address (name@example.se)", address=quote(record.email))))
        elif not record.email.rpartition("@")[0].isascii():
            message = M(
                "{address} has letters outside a-z before the @; many mail servers cannot deliver to it: check the address", address=quote(record.email)
            )
            found.append(record.problem("email", message, "warning"))
    return found


HEADER_FIELDS = frozenset({"name", "subject", "title", "designation", "official_name"})  # text that becomes a header, or a title
LINES_FIELDS = frozenset({"note", "address", "body"})  # text that may run over several lines


def check_text(findings: Findings) -> list[Problem]:
    """No text of the data holds a control character (a NUL, an escape), and none that becomes an e-mail header (a
    name, a subject) is written as an encoded header: nothing from the data can be read as a header of its own."""
    problems: list[Problem] = []
    for record in _every_record(findings.folder):
        for name in data_fields(type(record)):
            value = getattr(record, name)
            for text in value if isinstance(value, tuple) else (value,):
                if isinstance(text, str):
                    found = trouble(text, header=name in HEADER_FIELDS, lines=name in LINES_FIELDS)
                    if found is not None:
                        problems.append(record.problem(yaml_name(type(record), name), found))
                        break
    return problems


def _every_record(folder: Folder) -> list[Record]:
    """Every record of the folder and the records nested in it."""
    found: list[Record] = []
    pending: list[Record] = [*([folder.inquiry] if folder.inquiry else []), *(r for kinds in FILES.values() for key in kinds for r in getattr(folder, key))]
    while pending:
        record = pending.pop()
        found.append(record)
        for name in nested(type(record)):
            value = getattr(record, name)
            pending.extend(value if isinstance(value, tuple) else (value,) if value is not None else ())
    return found


def check_refused_addresses(findings: Findings) -> list[Problem]:
    """An address the mail server refused for good (mail.yaml) is worth checking where the data holds it."""
    folder = findings.folder
    refused = rules.refused_addresses(folder)
    if not refused:
        return []
    records: list[Organisation | Contact] = [*folder.organisations, *(contact for org in folder.organisations for contact in org.contacts)]
    found = []
    for record in records:
        if record.email in refused:
            sent = refused[record.email]
            message = M(
                "the mail server refused {address} for good on {day} ({said}); check the address",
                address=record.email,
                day=str(sent.at.date()),
                said=sent.said or "",
            )
            found.append(record.problem("email", message, "warning"))
    return found


def check_bounced_addresses(findings: Findings) -> list[Problem]:
    """An address a bounce said does not work (received.yaml, from reply scan) is worth checking where the data holds it."""
    folder = findings.folder
    bounced = rules.bounced_addresses(folder)
    if not bounced:
        return []
    records: list[Organisation | Contact] = [*folder.organisations, *(contact for org in folder.organisations for contact in org.contacts)]
    found = []
    for record in records:
        received = bounced.get((record.email or "").lower())
        if received is not None:
            message = M(
                "a message to {address} came back on {day} (a bounce, {file}); check the address",
                address=record.email,
                day=str(received.at.date()),
                file=received.file,
            )
            found.append(record.problem("email", message, "warning"))
    return found


def check_journal(findings: Findings) -> list[Problem]:
    """A change the journal recorded that replies.yaml no longer shows (an editor saved an old copy over it): a reply
    that is gone, a removed reply that is back, a correction undone."""
    from ..source import journal

    folder = findings.folder
    file = folder.file(journal.JOURNAL)
    if "replies.yaml" in folder.unreadable:
        return []  # replies.yaml cannot be read: what it holds is unknown, so nothing is missing from it (no cascade)
    unread = {(key[1], lost.organisation) for key, lost_parts in folder.lost.items() if key[0] == "replies-to" for lost in lost_parts if lost.organisation}
    found = []
    for entry in journal.lost(folder.journal, folder.replies, unread):
        message = M(
            "the reply from {organisation} to {letter} recorded {at} is no longer in replies.yaml; lokalservice reply restore puts it back",
            organisation=quote(entry.reply.organisation),
            letter=quote(entry.reply.letter),
            at=entry.at,
        )
        found.append(Problem(file, entry.line, None, message, "warning"))
    for entry, how in journal.undone(folder.journal, folder.replies):
        values = {"organisation": quote(entry.reply.organisation), "letter": quote(entry.reply.letter), "at": entry.at}
        if how == "back":
            message = M(
                "the reply from {organisation} to {letter} was removed {at}, but replies.yaml holds it again (an editor saved an old copy?); lokalservice reply remove takes it out",
                **values,
            )
        else:
            message = M(
                "the reply from {organisation} to {letter} was corrected {at}, but replies.yaml holds it as it was before (an editor saved an old copy?); lokalservice reply add --replace corrects it again",
                **values,
            )
        found.append(Problem(file, entry.line, None, message, "warning"))
    return found


CHECKS: list[Check] = [
    check_duplicate_ids,
    check_organisations,
    check_references,
    check_include_cycles,
    check_letters,
    check_directive_dates,
    check_replies,
    check_extensions,
    check_non_working_days,
    check_county_boards_on_cc,
    check_contact_emails,
    check_email_addresses,
    check_text,
    check_refused_addresses,
    check_bounced_addresses,
    check_journal,
]


def check(folder: Folder) -> tuple[list[Problem], dict[Key, M]]:
    """Every problem across the folder's records, and for each record or file that could not be read, what that hides."""
    findings = Findings(folder)
    problems = [problem._replace(topic=run.__name__) for run in CHECKS for problem in run(findings)]
    return problems, findings.consequences()
