"""A letter's (or a list's) sändlista: as printed under the letter, as JSON, and as rows for mail merge."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from ..i18n import _
from ..model.folder import Folder
from ..model.problems import Key
from ..model.recipients import Group, Recipient, groups, reach
from ..model.records import Letter, MailingList, Organisation


class Distribution(NamedTuple):
    """A letter's sändlista (or one list's): groups sent to, and groups för kännedom; or only an addressee line."""

    to: tuple[Group, ...]
    cc: tuple[Group, ...]
    addressee: str | None = None

    def recipients(self) -> Iterator[tuple[str, Group, Recipient]]:
        for section, groups_ in (("to", self.to), ("cc", self.cc)):
            for group in groups_:
                for recipient in group.recipients:
                    yield section, group, recipient


def _dedupe(found: list[Group], seen: set[tuple[str, str | None, str | None]]) -> tuple[Group, ...]:
    """Each recipient once: a contact reached through two lists is one; two contacts of one name with an address each
    (a sheet's cell with two addresses) are two."""
    kept = []
    for group in found:
        fresh = []
        for recipient in group.recipients:
            contact = recipient.contact
            key = (recipient.organisation.id, contact.name if contact else None, contact.email if contact else None)
            if key not in seen:
                seen.add(key)
                fresh.append(recipient)
        if fresh:
            kept.append(Group(group.path, tuple(fresh)))
    return tuple(kept)


def distribution(folder: Folder, source: Letter | MailingList) -> Distribution:
    """The sändlista of a letter or of a list; each recipient once, where first reached."""
    seen: set[tuple[str, str | None, str | None]] = set()
    if isinstance(source, Letter):
        to = _dedupe(list(groups(folder, source.to)), seen)
        return Distribution(to, _dedupe(list(groups(folder, source.cc)), seen), source.addressee)
    return Distribution(_dedupe(list(groups(folder, [source.id])), seen), ())


def depends_on(folder: Folder, source: Letter | MailingList) -> set[Key]:
    """The records a sändlista shows."""
    if isinstance(source, Letter):
        return {("letter", source.id), *reach(folder, [*source.to, *source.cc])}
    return reach(folder, [source.id])


def recipient_json(recipient: Recipient) -> dict[str, str | None]:
    contact = recipient.contact
    return {
        "organisation": recipient.organisation.id,
        "name": recipient.organisation.name,
        "contact": contact.name if contact else None,
        "email": address_of(recipient),
    }


def as_json(found: Distribution) -> dict[str, object]:
    """The public JSON shape: {"to": [{"group", "recipients": [...]}], "cc": [...], "addressee": text or null}."""
    shape: dict[str, object] = {
        section: [{"group": group.title, "recipients": [recipient_json(r) for r in group.recipients]} for group in groups_]
        for section, groups_ in (("to", found.to), ("cc", found.cc))
    }
    shape["addressee"] = found.addressee
    return shape


CSV_COLUMNS = ["section", "group", "organisation", "name", "kind", "county", "contact", "title", "email", "phone", "address"]


def csv_rows(folder: Folder, found: Distribution) -> list[list[str | None]]:
    """One row per recipient, for mail merge (columns: CSV_COLUMNS); an organisation's own address where it has no contact's."""
    rows: list[list[str | None]] = []
    for section, group, recipient in found.recipients():
        org, contact = recipient.organisation, recipient.contact
        county = folder.county(org)
        email = (contact.email if contact else None) or org.email
        address = (contact.address if contact else None) or org.address
        person = [contact.name, contact.title] if contact else [None, None]
        rows.append(
            [section, group.title, org.id, org.name, org.kind, county.name if county else None, *person, email, contact.phone if contact else None, address]
        )
    return rows


def address_of(recipient: Recipient) -> str | None:
    """Where a recipient's e-mail goes: the contact's address, else the organisation's own (its registrator)."""
    return (recipient.contact.email if recipient.contact else None) or recipient.organisation.email


class Emails(NamedTuple):
    """The addresses to paste, by section; who has none; and the addresses left out because a bounce said they do not work."""

    by_section: dict[str, list[str]]
    without: list[str]
    not_working: list[str]


def emails(found: Distribution, section: str | None = None, bounced: Iterable[str] = ()) -> Emails:
    """The recipients' e-mail addresses by section (`to`, and `cc` för kännedom; each address once, where first
    reached), limited to one `section` if given; who has none ('Name (Organisation)' or the organisation); and, left
    out as `mail` leaves them out, the addresses a bounce said do not work (`bounced`)."""
    addresses: dict[str, dict[str, None]] = {"to": {}, "cc": {}}
    seen: set[str] = set()
    without: list[str] = []
    dead = {address.lower() for address in bounced}
    not_working: dict[str, None] = {}
    for where, _group, recipient in found.recipients():
        if section is not None and where != section:
            continue
        address = address_of(recipient)
        if address and address.lower() in dead:
            not_working[address] = None
            continue
        if address and address not in seen:
            seen.add(address)
            addresses[where][address] = None
        elif not address:
            contact = recipient.contact
            without.append(f"{contact.name} ({recipient.organisation.name})" if contact else recipient.organisation.name)
    return Emails({where: list(found_) for where, found_ in addresses.items() if found_}, without, list(not_working))


def place(folder: Folder, organisation: Organisation) -> str:
    """Where a named contact is, as the sändlista prints it: a county board's county, else the organisation."""
    county = folder.county(organisation) if organisation.kind == "county_board" else None
    return county.name if county else organisation.name


def printed(folder: Folder, found: Distribution) -> list[str]:
    """The sändlista as it stands under a letter: headings, ”quoted” groups, then names (and where they are)."""
    if found.addressee and not found.to and not found.cc:
        return [found.addressee]
    out = [_("Distribution list")]
    if found.addressee:
        out.append(found.addressee)
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
                out.append(_("For information"))
                headings += 1
            for depth in range(common, len(group.path)):
                title = group.path[depth]
                if depth == 0:
                    prefix = "" if section == "to" else (_("For information to ") if headings == 0 else _("and also "))
                    # a title written to follow "För kännedom till" begins a line of its own with a capital
                    out.append(prefix + title if prefix else title[:1].upper() + title[1:])
                    headings += 1
                else:
                    out.append(_("“{title}”").format(title=title))
            shown = group.path
            for recipient in group.recipients:
                if recipient.contact:
                    out.append(f"{recipient.contact.name:<{width}}   {place(folder, recipient.organisation)}")
                else:
                    out.append(recipient.organisation.name)
    return out
