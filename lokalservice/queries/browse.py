"""What the folder holds, to find ids without opening the YAML: its letters, lists and organisations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import rules
from ..model.folder import Folder
from ..model.recipients import organisations
from ..model.records import KIND_WORDS, Letter, MailingList, Organisation
from ..model.sweden import match_county, swedish_key
from ..model.text import fold


def letters(folder: Folder) -> list[Letter]:
    """The letters by date (undated ones first, as the papers are), then id."""
    return sorted(folder.letters, key=lambda letter: (letter.date.isoformat() if letter.date else "", letter.id))


def letter_json(folder: Folder, letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "date": letter.date.isoformat() if letter.date else None,
        "subject": letter.subject,
        "from": list(letter.senders),
        "addressee": letter.addressee,
        "to": list(letter.to),
        "cc": list(letter.cc),
        "reply_by": letter.reply_by.isoformat() if letter.reply_by else None,
        "asks_for_replies": rules.asks_for_replies(letter),
        "expected": None if rules.summarised(letter) else len(rules.expected(folder, letter)),
        "replied": _replied(folder, letter),
        "attachments": list(letter.attachments),
        "closed": letter.closed.isoformat() if letter.closed else None,
        "replies_summary": letter.replies_summary,
    }


def _replied(folder: Folder, letter: Letter) -> int:
    """How many of those the letter asked have replied (as `replies` and `status` count; an unasked reply is not one of
    them); for a letter that asked nobody, every organisation that replied."""
    replied = {o for r in folder.replies_to.get(letter.id, []) for o in r.organisations}
    if rules.asks_for_replies(letter) and not rules.summarised(letter):
        return len(replied & rules.expected_ids(folder, letter))
    return len(replied)


def names(folder: Folder, ids: list[str]) -> str:
    """Lists by their titles and organisations by their names, as a person reads a letter's `to` or `cc`."""
    named = []
    for id_ in ids:
        if id_ in folder.mailing_list:
            named.append(folder.mailing_list[id_].title)
        elif id_ in folder.organisation:
            named.append(folder.organisation[id_].name)
        else:
            named.append(id_)
    return "; ".join(named)


def users(folder: Folder) -> dict[str, list[str]]:
    """For each list and organisation id, the letters that name it (to, cc or reply_from)."""
    found: dict[str, list[str]] = {}
    for letter in folder.letters:
        for id_ in dict.fromkeys([*letter.to, *letter.cc, *(letter.reply_from or ())]):
            found.setdefault(id_, []).append(letter.id)
    return found


def list_json(folder: Folder, mailing_list: MailingList, used: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "id": mailing_list.id,
        "title": mailing_list.title,
        "members": [m.organisation for m in mailing_list.members],
        "include": list(mailing_list.include),
        "organisations": len(organisations(folder, [mailing_list.id])),
        "letters": used.get(mailing_list.id, []),
    }


def memberships(folder: Folder) -> dict[str, list[str]]:
    """For each organisation id, the lists it is a member of (directly)."""
    found: dict[str, list[str]] = {}
    for mailing_list in folder.lists:
        for member in mailing_list.members:
            found.setdefault(member.organisation, [])
            if mailing_list.id not in found[member.organisation]:
                found[member.organisation].append(mailing_list.id)
    return found


def find_organisations(folder: Folder, search: str | None = None, kinds: Iterable[str] = (), counties: Iterable[str] = ()) -> list[Organisation]:
    """The organisations whose id, name, contacts' names or addresses hold `search` (case and accents aside), of the
    given kinds (Swedish words too) and counties, in Swedish order of name."""
    wanted_kinds = {KIND_WORDS.get(kind.strip().lower(), kind.strip().lower()) for kind in kinds}
    wanted_counties = {match_county(county) for county in counties}
    needle = fold(search) if search else ""
    found = []
    for org in folder.organisations:
        if wanted_kinds and org.kind not in wanted_kinds:
            continue
        if wanted_counties and folder.county(org) not in wanted_counties:
            continue
        if needle:
            haystack = [org.id, org.name, org.email or "", *(value or "" for c in org.contacts for value in (c.name, c.email, c.title))]
            if not any(needle in fold(text) for text in haystack):
                continue
        found.append(org)
    return sorted(found, key=lambda org: swedish_key(org.name))


def organisation_json(folder: Folder, org: Organisation, member_of: dict[str, list[str]]) -> dict[str, Any]:
    county = folder.county(org)
    return {
        "id": org.id,
        "kind": org.kind,
        "name": org.name,
        "county": county.name if county else None,
        "email": org.email,
        "address": org.address,
        "contacts": [{"name": c.name, "title": c.title, "email": c.email, "phone": c.phone, "address": c.address} for c in org.contacts],
        "lists": member_of.get(org.id, []),
    }
