"""Checks across records. Each check takes a Folder and returns its problems; `check` runs them all."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from . import sweden
from .folder import Folder
from .problems import Problem
from .queries.distribution import expected, groups, organisations
from .records import Record
from .text import did_you_mean, unknown

Check = Callable[[Folder], list[Problem]]


def _first_seen(records: Iterable[Record], key: Callable[[Record], str], what: str) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, Record] = {}
    for record in records:
        value = key(record)
        if value in first:
            problems.append(record.problem("id", f"duplicate {what} id '{value}' (first at {first[value].where()})"))
        else:
            first[value] = record
    return problems


def check_duplicate_ids(folder: Folder) -> list[Problem]:
    """Ids are unique within their kind; deadline ids across all directives."""
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
    for mailing_list in folder.lists:
        if mailing_list.id in folder.organisation:
            problems.append(mailing_list.problem("id", f"'{mailing_list.id}' names both a list and an organisation; rename one"))
    return problems


def check_organisations(folder: Folder) -> list[Problem]:
    """Municipalities are among the 290, counties among the 21, and they agree."""
    problems: list[Problem] = []
    for org in folder.organisations:
        county = sweden.find_county(org.county) if org.county else None
        if org.county and county is None:
            problems.append(org.problem("county", f"unknown county '{org.county}'{did_you_mean(org.county, sweden.county_names())}"))
        if org.kind == "municipality":
            municipality = sweden.find_municipality(org.name)
            if municipality is None:
                problems.append(org.problem("name", f"'{org.name}' is not a Swedish municipality{did_you_mean(org.name, sweden.municipality_names())}"))
            elif county is not None and county != municipality.county:
                problems.append(org.problem("county", f"{municipality.name} is in {municipality.county.name}, not {county.name}"))
        elif org.kind == "county_board" and not org.county:
            problems.append(org.problem("county", "a county board names its county (for example county: Västernorrland)"))
    return problems


def _reference(record: Record, field: str, id_: str, known: dict[str, object], what: str) -> list[Problem]:
    return [] if id_ in known else [record.problem(field, unknown(what, id_, known))]


def _references(record: Record, field: str, ids: Iterable[str], known: dict[str, object], what: str) -> list[Problem]:
    return [problem for i, id_ in enumerate(ids) for problem in _reference(record, f"{field}[{i}]", id_, known, what)]


def _recipient_references(folder: Folder, record: Record, field: str, ids: Iterable[str]) -> list[Problem]:
    known = {**folder.organisation, **folder.list}
    return _references(record, field, ids, known, "list or organisation")


def check_references(folder: Folder) -> list[Problem]:
    """Every id that a record mentions exists, with a suggestion when it does not."""
    problems: list[Problem] = []
    for mailing_list in folder.lists:
        for i, member in enumerate(mailing_list.members):
            org = folder.organisation.get(member.organisation)
            if org is None:
                problems.append(mailing_list.problem(f"members[{i}]", unknown("organisation", member.organisation, folder.organisation)))
            elif member.contact is not None and member.contact not in {c.name for c in org.contacts}:
                names = [c.name for c in org.contacts]
                problems.append(mailing_list.problem(f"members[{i}].contact", unknown(f"contact of {org.name}", member.contact, names), line_field="members"))
        problems += _references(mailing_list, "include", mailing_list.include, folder.list, "list")
    for directive in folder.directives:
        if directive.supplements and directive.supplements not in folder.directive:
            problems.append(directive.problem("supplements", unknown("directive", directive.supplements, folder.directive)))
    deadline_ids = {d.id: d for directive in folder.directives for d in directive.deadlines}
    for directive in folder.directives:
        for deadline in directive.deadlines:
            if deadline.replaces and deadline.replaces not in deadline_ids:
                problems.append(deadline.problem("replaces", unknown("deadline", deadline.replaces, deadline_ids)))
            elif deadline.replaces == deadline.id:
                problems.append(deadline.problem("replaces", "a deadline cannot replace itself"))
    for letter in folder.letters:
        problems += _references(letter, "from", letter.senders, folder.staff, "staff member")
        problems += _recipient_references(folder, letter, "to", letter.to)
        problems += _recipient_references(folder, letter, "cc", letter.cc)
        problems += _recipient_references(folder, letter, "reply_from", letter.reply_from or [])
    for seminar in folder.seminars:
        problems += _recipient_references(folder, seminar, "invited", seminar.invited)
        problems += _references(seminar, "attended", seminar.attended, folder.organisation, "organisation")
    for reply in folder.replies:
        problems += _reference(reply, "letter", reply.letter, folder.letter, "letter")
        problems += _reference(reply, "from", reply.organisation, folder.organisation, "organisation")
    return problems


def check_include_cycles(folder: Folder) -> list[Problem]:
    """Lists may include lists, but never themselves, directly or through others."""
    problems: list[Problem] = []
    reported: set[frozenset[str]] = set()

    def visit(list_id: str, trail: list[str]) -> None:
        for included in folder.list[list_id].include:
            if included in trail:
                cycle = trail[trail.index(included) :] + [included]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    problems.append(folder.list[cycle[0]].problem("include", f"include cycle: {' -> '.join(cycle)}"))
            elif included in folder.list:
                visit(included, trail + [included])

    for mailing_list in folder.lists:
        visit(mailing_list.id, [mailing_list.id])
    return problems


def check_replies(folder: Folder) -> list[Problem]:
    """One reply per organisation and letter; replies dated after their letter, from someone asked."""
    problems: list[Problem] = []
    first: dict[tuple[str, str], Record] = {}
    asked: dict[str, set[str]] = {}
    for reply in folder.replies:
        letter = folder.letter.get(reply.letter)
        key = (reply.letter, reply.organisation)
        if key in first:
            problems.append(reply.problem("from", f"a second reply from '{reply.organisation}' to '{reply.letter}' (first at {first[key].where()})"))
            continue
        first[key] = reply
        if letter is None or reply.organisation not in folder.organisation:
            continue
        if letter.date and reply.received < letter.date:
            problems.append(reply.problem("received", f"{reply.received} is before the letter's date {letter.date}", "warning"))
        if letter.id not in asked:
            asked[letter.id] = {o.id for o in expected(folder, letter)}
        if reply.organisation not in asked[letter.id]:
            problems.append(reply.problem("from", f"'{reply.organisation}' was not asked to reply to '{letter.id}'", "warning"))
    return problems


def _date_warning(record: Record, field: str, day: date | None) -> list[Problem]:
    if day is None:
        return []
    name = sweden.non_working_day(day)
    if name is None:
        return []
    what = name if sweden.holiday_name(day) else f"a {name}"
    return [record.problem(field, f"{day} is {what}, not a working day; the next working day is {sweden.next_working_day(day)}", "warning")]


def check_non_working_days(folder: Folder) -> list[Problem]:
    """Deadlines and reply-by dates on a Saturday, Sunday or Swedish holiday."""
    problems: list[Problem] = []
    for directive in folder.directives:
        for deadline in directive.deadlines:
            problems += _date_warning(deadline, "due", deadline.due)
    for letter in folder.letters:
        problems += _date_warning(letter, "reply_by", letter.reply_by)
    return problems


def check_county_boards_on_cc(folder: Folder) -> list[Problem]:
    """A letter to a municipality should go för kännedom to its county board."""
    problems: list[Problem] = []
    for letter in folder.letters:
        cc_counties = {folder.county(org) for org in organisations(folder, letter.cc) if org.kind == "county_board"}
        missing: dict[str, list[str]] = {}
        for org in organisations(folder, letter.to):
            county = folder.county(org)
            if org.kind == "municipality" and county is not None and county not in cc_counties:
                missing.setdefault(county.name, []).append(org.name)
        for county_name, names in missing.items():
            problems.append(letter.problem("cc", f"the county board of {county_name} ({', '.join(names)}) is not on cc", "warning"))
    return problems


def check_contact_emails(folder: Folder) -> list[Problem]:
    """Contacts on a list that a letter uses should have an e-mail address."""
    problems: list[Problem] = []
    seen: set[int] = set()
    for letter in folder.letters:
        for group in groups(folder, [*letter.to, *letter.cc]):
            for recipient in group.recipients:
                contact = recipient.contact
                if contact is not None and contact.email is None and id(contact) not in seen:
                    seen.add(id(contact))
                    problems.append(
                        contact.problem(
                            "email", f"{contact.name} ({recipient.organisation.name}) has no e-mail address; letter '{letter.id}' goes to them", "warning"
                        )
                    )
    return problems


CHECKS: list[Check] = [
    check_duplicate_ids,
    check_organisations,
    check_references,
    check_include_cycles,
    check_replies,
    check_non_working_days,
    check_county_boards_on_cc,
    check_contact_emails,
]


def check(folder: Folder) -> list[Problem]:
    """Every problem across the folder's records, errors and warnings, in the order the checks run."""
    return [problem for run in CHECKS for problem in run(folder)]
