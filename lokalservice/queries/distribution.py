"""Who gets a letter: lists expanded into groups of recipients, in the data's order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ..folder import Folder
from ..problems import NotFound
from ..records import Contact, Letter, MailingList, Organisation
from ..text import unknown


class Recipient(NamedTuple):
    organisation: Organisation
    contact: Contact | None


class Group(NamedTuple):
    """Recipients that one list holds directly. `path` is the titles from the top list down to it."""

    path: tuple[str, ...]
    list_id: str | None
    recipients: tuple[Recipient, ...]

    @property
    def title(self) -> str | None:
        return self.path[-1] if self.path else None


class Distribution(NamedTuple):
    """A letter's sändlista (or one list's): groups sent to, and groups för kännedom."""

    title: str
    to: tuple[Group, ...]
    cc: tuple[Group, ...]

    def recipients(self) -> Iterator[tuple[str, Group, Recipient]]:
        for section, groups in (("to", self.to), ("cc", self.cc)):
            for group in groups:
                for recipient in group.recipients:
                    yield section, group, recipient


def _recipients(organisation: Organisation, contact: str | None) -> list[Recipient]:
    if contact is not None:
        return [Recipient(organisation, c) for c in organisation.contacts if c.name == contact][:1]
    if not organisation.contacts:
        return [Recipient(organisation, None)]
    return [Recipient(organisation, c) for c in organisation.contacts]


def _walk(folder: Folder, mailing_list: MailingList, path: tuple[str, ...], visiting: frozenset[str]) -> Iterator[Group]:
    path = path + (mailing_list.title,)
    members: list[Recipient] = []
    for member in mailing_list.members:
        organisation = folder.organisation.get(member.organisation)
        if organisation is not None:
            members.extend(_recipients(organisation, member.contact))
    if members:
        yield Group(path, mailing_list.id, tuple(members))
    for included in mailing_list.include:
        child = folder.list.get(included)
        if child is not None and child.id not in visiting:  # a cycle is reported by check
            yield from _walk(folder, child, path, visiting | {child.id})


def groups(folder: Folder, ids: list[str]) -> Iterator[Group]:
    """The groups that `ids` (list or organisation ids) reach, each organisation id a group of its own."""
    for id_ in ids:
        if id_ in folder.list:
            yield from _walk(folder, folder.list[id_], (), frozenset({id_}))
        elif id_ in folder.organisation:
            yield Group((), None, tuple(_recipients(folder.organisation[id_], None)))


def organisations(folder: Folder, ids: list[str]) -> list[Organisation]:
    """Every organisation that `ids` reach, once each, in the order first reached."""
    seen: dict[str, Organisation] = {}
    for group in groups(folder, ids):
        for recipient in group.recipients:
            seen.setdefault(recipient.organisation.id, recipient.organisation)
    return list(seen.values())


def asked(letter: Letter) -> list[str]:
    """The ids whose organisations must reply to `letter`: its `reply_from`, else its `to`."""
    return letter.reply_from if letter.reply_from is not None else letter.to


def expected(folder: Folder, letter: Letter) -> list[Organisation]:
    """The organisations expected to reply to `letter`."""
    return organisations(folder, asked(letter))


def _dedupe(found: list[Group], seen: set[tuple[str, str | None]]) -> tuple[Group, ...]:
    kept = []
    for group in found:
        fresh = []
        for recipient in group.recipients:
            key = (recipient.organisation.id, recipient.contact.name if recipient.contact else None)
            if key not in seen:
                seen.add(key)
                fresh.append(recipient)
        if fresh:
            kept.append(Group(group.path, group.list_id, tuple(fresh)))
    return tuple(kept)


def distribution(folder: Folder, letter_or_list: str) -> Distribution:
    """The sändlista of a letter or of a list; each recipient once, where first reached."""
    seen: set[tuple[str, str | None]] = set()
    if letter_or_list in folder.letter:
        letter = folder.letter[letter_or_list]
        to = _dedupe(list(groups(folder, letter.to)), seen)
        return Distribution(letter.subject, to, _dedupe(list(groups(folder, letter.cc)), seen))
    if letter_or_list in folder.list:
        mailing_list = folder.list[letter_or_list]
        return Distribution(mailing_list.title, _dedupe(list(groups(folder, [mailing_list.id])), seen), ())
    raise NotFound(unknown("letter or list", letter_or_list, [*folder.letter, *folder.list]))


def recipient_json(recipient: Recipient) -> dict[str, str | None]:
    contact = recipient.contact
    return {
        "organisation": recipient.organisation.id,
        "name": recipient.organisation.name,
        "contact": contact.name if contact else None,
        "email": contact.email if contact else None,
    }


def as_json(found: Distribution) -> dict[str, list[dict[str, object]]]:
    """The public JSON shape: {"to": [{"group", "recipients": [...]}], "cc": [...]}."""
    return {
        section: [{"group": group.title, "recipients": [recipient_json(r) for r in group.recipients]} for group in groups_]
        for section, groups_ in (("to", found.to), ("cc", found.cc))
    }


CSV_COLUMNS = ["section", "group", "organisation", "name", "kind", "county", "contact", "title", "email", "phone", "address"]


def csv_rows(folder: Folder, found: Distribution) -> list[list[str | None]]:
    """One row per recipient, for mail merge (columns: CSV_COLUMNS)."""
    rows: list[list[str | None]] = []
    for section, group, recipient in found.recipients():
        org, contact = recipient.organisation, recipient.contact
        county = folder.county(org)
        person = [contact.name, contact.title, contact.email, contact.phone, contact.address] if contact else [None] * 5
        rows.append([section, group.title, org.id, org.name, org.kind, county.name if county else None, *person])
    return rows


def emails(found: Distribution) -> tuple[list[str], list[str]]:
    """The recipients' e-mail addresses (each once), and who has none ('Name (Organisation)' or the organisation)."""
    addresses: dict[str, None] = {}
    without: list[str] = []
    for _, _, recipient in found.recipients():
        contact = recipient.contact
        if contact and contact.email:
            addresses[contact.email] = None
        else:
            without.append(f"{contact.name} ({recipient.organisation.name})" if contact else recipient.organisation.name)
    return list(addresses), without


def place(folder: Folder, organisation: Organisation) -> str:
    """Where a named contact is, as the sändlista prints it: a county board's county, else the organisation."""
    county = folder.county(organisation) if organisation.kind == "county_board" else None
    return county.name if county else organisation.name


def printed(folder: Folder, found: Distribution) -> list[str]:
    """The sändlista as it stands under a letter: headings, "quoted" groups, then names (and where they are)."""
    out = ["Sändlista"]
    for section, groups_ in (("to", found.to), ("cc", found.cc)):
        shown: tuple[str, ...] = ()
        headings = 0
        contacts = [r.contact.name for g in groups_ for r in g.recipients if r.contact]
        width = max(map(len, contacts), default=0)
        for group in groups_:
            common = 0
            while common < min(len(shown), len(group.path)) and shown[common] == group.path[common]:
                common += 1
            if section == "cc" and not group.path and headings == 0:
                out.append("För kännedom")
                headings += 1
            for depth in range(common, len(group.path)):
                title = group.path[depth]
                if depth == 0:
                    prefix = "" if section == "to" else ("För kännedom till " if headings == 0 else "samt ")
                    out.append(prefix + title)
                    headings += 1
                else:
                    out.append(f'"{title}"')
            shown = group.path
            for recipient in group.recipients:
                if recipient.contact:
                    out.append(f"{recipient.contact.name:<{width}}   {place(folder, recipient.organisation)}")
                else:
                    out.append(recipient.organisation.name)
    return out
