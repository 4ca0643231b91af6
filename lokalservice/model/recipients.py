"""Who a list or a letter reaches: lists expanded into groups of recipients, in the data's order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from .folder import Folder
from .problems import Key
from .records import Contact, MailingList, Organisation


class Recipient(NamedTuple):
    organisation: Organisation
    contact: Contact | None


class Group(NamedTuple):
    """Recipients that one list holds directly. `path` is the titles from the top list down to it."""

    path: tuple[str, ...]
    recipients: tuple[Recipient, ...]

    @property
    def title(self) -> str | None:
        return self.path[-1] if self.path else None


def _recipients(organisation: Organisation, contact: str | None) -> list[Recipient]:
    if contact is not None:
        return [Recipient(organisation, c) for c in organisation.contacts if c.name == contact][:1]
    if not organisation.contacts:
        return [Recipient(organisation, None)]
    return [Recipient(organisation, c) for c in organisation.contacts]


def _walk(folder: Folder, top: MailingList) -> Iterator[Group]:
    """The groups of a list and the lists it includes, depth first in the data's order; each list once (a cycle is reported by check)."""
    stack: list[tuple[MailingList, tuple[str, ...]]] = [(top, ())]
    seen: set[str] = set()
    while stack:
        mailing_list, path = stack.pop()
        if mailing_list.id in seen:
            continue
        seen.add(mailing_list.id)
        path = path + (mailing_list.title,)
        members: list[Recipient] = []
        for member in mailing_list.members:
            organisation = folder.organisation.get(member.organisation)
            if organisation is not None:
                members.extend(_recipients(organisation, member.contact))
        if members:
            yield Group(path, tuple(members))
        stack.extend((folder.mailing_list[i], path) for i in reversed(mailing_list.include) if i in folder.mailing_list)


def groups(folder: Folder, ids: Iterable[str]) -> Iterator[Group]:
    """The groups that `ids` (list or organisation ids) reach, each organisation id a group of its own."""
    for id_ in ids:
        if id_ in folder.mailing_list:
            yield from _walk(folder, folder.mailing_list[id_])
        elif id_ in folder.organisation:
            yield Group((), tuple(_recipients(folder.organisation[id_], None)))


def organisations(folder: Folder, ids: Iterable[str]) -> list[Organisation]:
    """Every organisation that `ids` reach, once each, in the order first reached."""
    seen: dict[str, Organisation] = {}
    for group in groups(folder, ids):
        for recipient in group.recipients:
            seen.setdefault(recipient.organisation.id, recipient.organisation)
    return list(seen.values())


def reach(folder: Folder, ids: Iterable[str]) -> set[Key]:
    """Every list and organisation that `ids` name, directly or through included lists, whether or not it could be read."""
    found: set[Key] = set()
    pending = list(ids)
    while pending:
        id_ = pending.pop()
        mailing_list = folder.mailing_list.get(id_)
        if mailing_list is not None:
            if ("list", id_) in found:
                continue
            found.add(("list", id_))
            found.update(("organisation", member.organisation) for member in mailing_list.members)
            pending.extend(mailing_list.include)
        elif id_ in folder.organisation:
            found.add(("organisation", id_))
        else:  # unknown, or a record that could not be read (a list or an organisation): the answer depends on it either way
            found.update((("list", id_), ("organisation", id_)))
    return found
