"""Mail that arrives, as the secretariat reads it: what kind of message it is (a reply, an automatic reply, a bounce),
which letter and organisation it answers and on what evidence, and the reference that makes our messages findable.
Pure functions of the folder and what the mailbox reader gave (source/mailbox.py's `Mail`); no I/O.

The evidence, strongest first (as ticket systems match follow-ups: RT's subject tag, then References):
1. our Message-ID in In-Reply-To, References or X-Microsoft-Original-Message-ID (mail.yaml knows each one we sent);
2. our reference in the subject or the new text (`[Fi 2007:06 ref K7Q3]`, one per letter and organisation);
3. the sender's exact address, against the contacts' and organisations' addresses;
4. the sender's domain, against the organisations' (only a domain one organisation alone uses);
5. the subject with SV:/VB:/RE:/AW:/FW:/Fwd: (and our reference) stripped, against the letters' subjects.
Only the first two say which letter a message answers; a reply is proposed for registration only when the letter
comes from one of them and the organisation from one of the first three. Anything weaker goes to the review list.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..i18n import M
from .folder import Folder
from .records import Letter, Organisation, Sent

if TYPE_CHECKING:
    from ..source.mailbox import Mail

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0 or 1: a reference read aloud or retyped stays itself
REFERENCE = re.compile(r"\[[^\[\]]{0,60}?\bref\s+([A-Z2-9]{4})\]", re.IGNORECASE)
PREFIX = re.compile(r"^\s*(?:(?:sv|vb|re|aw|fw|fwd|vs|wg|tr|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
Kind = Literal["reply", "auto-reply", "bounce", "other"]


# --- The reference in our subjects --------------------------------------------------------------------------------


def _code(series: str, letter: str, organisation: str, attempt: int) -> str:
    digest = hashlib.sha256(f"{series}\0{letter}\0{organisation}\0{attempt}".encode()).digest()
    number = int.from_bytes(digest[:4], "big")
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(4))


class References:
    """The references of a folder's letters and organisations: those mail.yaml records, and the one a pair that has
    none yet gets (worked out from the pair, so that a draft, which records nothing, carries the one its sending will)."""

    def __init__(self, folder: Folder) -> None:
        self.series = folder.inquiry.designation if folder.inquiry else ""
        self.recorded: dict[str, tuple[str, str]] = {}
        self.of_pair: dict[tuple[str, str], str] = {}
        self._computed: dict[str, tuple[str, str] | None] | None = None
        for sent in folder.sent:
            if sent.ref and sent.ref not in self.recorded:
                self.recorded[sent.ref] = (sent.letter, sent.organisation)
                self.of_pair.setdefault((sent.letter, sent.organisation), sent.ref)

    def of(self, letter: str, organisation: str) -> str:
        """The reference of one letter to one organisation: the one recorded, else the first code no other pair has."""
        found = self.of_pair.get((letter, organisation))
        if found is not None:
            return found
        attempt = 0
        while True:
            code = _code(self.series, letter, organisation, attempt)
            if code not in self.recorded:
                return code
            attempt += 1

    def tag(self, code: str) -> str:
        return f"[{self.series} ref {code}]"

    def find(self, code: str, folder: Folder) -> tuple[str, str] | None:
        """The letter and organisation a reference stands for: recorded, else the one pair whose reference it would be."""
        code = code.upper()
        if code in self.recorded:
            return self.recorded[code]
        if self._computed is None:  # once per scan: every pair's reference, a code two pairs would share standing for neither
            computed: dict[str, tuple[str, str] | None] = {}
            for letter in folder.letters:
                for org in _recipients(folder, letter):
                    mine = self.of(letter.id, org)
                    computed[mine] = (letter.id, org) if mine not in computed else None
            self._computed = computed
        return self._computed.get(code)


def _recipients(folder: Folder, letter: Letter) -> set[str]:
    from .recipients import organisations

    return {org.id for org in organisations(folder, [*letter.to, *letter.cc, *(letter.reply_from or ())])}


# --- The new text of a reply --------------------------------------------------------------------------------------

_QUOTE_STARTS = (
    re.compile(r"^-{2,}\s*(?:ursprungligt meddelande|original message|vidarebefordrat meddelande|forwarded message)\s*-{2,}", re.IGNORECASE),
    re.compile(r"^_{10,}\s*$"),  # Outlook's line above the quoted header block
    re.compile(r"^(?:on|den|am|le)\s.{0,200}\b(?:wrote|skrev|schrieb|a écrit)\b.{0,200}:\s*$", re.IGNORECASE),
    re.compile(r"^>"),
)
_HEADER_LINE = re.compile(r"^\**\s*(från|from|skickat|sent|datum|date|till|to|kopia|cc|ämne|subject)\s*:\**", re.IGNORECASE)


def new_text(text: str) -> str:
    """The text a reply adds, without the message it quotes: everything before the first quote marker (`> `, `Den ...
    skrev:`, `-----Ursprungligt meddelande-----`, Outlook's line of underscores) or before the first block of quoted
    headers (`Från:` followed within four lines by `Skickat:`, `Till:` or `Ämne:`, Swedish or English, bold or not).

    Our own rules rather than mail-parser-reply: the scan needs only where the new text ends, and these few markers
    are the ones Outlook, Gmail and Apple Mail write in Swedish and English (tested on the corpus in tests/mail)."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if any(pattern.search(stripped) for pattern in _QUOTE_STARTS):
            return "\n".join(lines[:number]).strip()
        found = _HEADER_LINE.match(stripped)
        if found and found.group(1).lower() in ("från", "from"):
            following = [_HEADER_LINE.match(other.strip()) for other in lines[number + 1 : number + 5]]
            if sum(1 for match in following if match) >= 2:
                return "\n".join(lines[:number]).strip()
    return text.strip()


# --- What kind of message ------------------------------------------------------------------------------------------

_AUTO_SUBJECTS = re.compile(
    r"^\s*(?:automatiskt svar|autosvar|frånvaro|frånvaromeddelande|out of office|automatic reply|auto(?:matic)?[- ]?reply|autoreply|"
    r"abwesenheit|fraværsmelding|poissa)\b",
    re.IGNORECASE,
)
_BOUNCE_SENDERS = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.IGNORECASE)
_BOUNCE_SUBJECTS = re.compile(
    r"^\s*(?:undeliverable|olevererbar|kan inte levereras|delivery status notification \(failure\)|mail delivery failed|returned mail|"
    r"delivery failure|failure notice|undelivered mail)",
    re.IGNORECASE,
)


class Kinded(NamedTuple):
    kind: Kind
    why: M


def classify(mail: Mail) -> Kinded:
    """A bounce (a delivery status report, a mailer-daemon or postmaster sender), an automatic reply (Auto-Submitted
    other than no, Precedence bulk, junk or auto_reply, an empty Return-Path, Exchange's out-of-office headers
    together, an out-of-office subject), else a reply. Bounces first: they are automatic too."""
    headers = mail.headers
    content_type = headers.get("content-type", "").lower()
    if "report-type=delivery-status" in content_type.replace('"', "").replace(" ", "") or mail.report.get("final-recipient"):
        return Kinded("bounce", M("a delivery status report"))
    if mail.sender and _BOUNCE_SENDERS.match(mail.sender):
        return Kinded("bounce", M("sent by {sender}", sender=mail.sender))
    if _BOUNCE_SUBJECTS.match(mail.subject) and headers.get("return-path", "x").strip() in ("<>", ""):
        return Kinded("bounce", M("a delivery failure notice"))
    auto = headers.get("auto-submitted", "").split(";")[0].strip().lower()
    if auto and auto != "no":
        return Kinded("auto-reply", M("Auto-Submitted: {value}", value=auto))
    precedence = headers.get("precedence", "").strip().lower()
    if precedence in ("bulk", "junk", "auto_reply", "auto-reply"):
        return Kinded("auto-reply", M("Precedence: {value}", value=precedence))
    if "return-path" in headers and headers["return-path"].strip() in ("<>", ""):
        return Kinded("auto-reply", M("an empty Return-Path"))
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return Kinded("auto-reply", M("an X-Autoreply header"))
    if headers.get("x-auto-response-suppress", "").strip().lower() == "all" and "x-ms-exchange-inbox-rules-loop" in headers:
        return Kinded("auto-reply", M("Exchange's out-of-office headers"))
    if _AUTO_SUBJECTS.match(mail.subject):
        return Kinded("auto-reply", M("the subject {subject}", subject=repr(mail.subject[:40])))
    return Kinded("reply", M("a message from a person"))


_MONTHS = {
    **{
        name: n
        for n, name in enumerate(("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"), 1)
    },
    **{
        name: n
        for n, name in enumerate(("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"), 1)
    },
    **{name: n for n, name in enumerate(("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"), 1)},
    "oct": 10,
}
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = (
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(rf"\b(\d{{1,2}})(?:\.|:e|:a)?\s+({_MONTH_WORDS})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE), "dMy"),
    (re.compile(rf"\b({_MONTH_WORDS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s+(\d{{4}}))?\b", re.IGNORECASE), "Mdy"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})(?:[/-](\d{4}))?\b"), "dmy"),
)


def return_date(text: str, sent: date) -> date | None:
    """The day an out-of-office says its sender is back: the latest date in its text on or after the day it was sent
    (`åter 15 juni`, `tillbaka den 2009-06-15`, `back on June 15`; a date without a year is in the coming year's
    course); None when it names none. Dates more than a year ahead are not taken (a typing error is no return date)."""
    found: list[date] = []
    for pattern, order in _DATES:
        for match in pattern.finditer(text[:4000]):
            groups = match.groups()
            try:
                if order == "ymd":
                    day = date(int(groups[0]), int(groups[1]), int(groups[2]))
                else:
                    if order == "dMy":
                        number, month, year = int(groups[0]), _MONTHS[groups[1].lower()], groups[2]
                    elif order == "Mdy":
                        month, number, year = _MONTHS[groups[0].lower()], int(groups[1]), groups[2]
                    else:
                        number, month, year = int(groups[0]), int(groups[1]), groups[2]
                    day = date(int(year) if year else sent.year, month, number)
                    if not year and day < sent:
                        day = date(sent.year + 1, month, number)
            except (ValueError, KeyError):
                continue
            if sent <= day <= date(sent.year + 1, sent.month, min(sent.day, 28)):
                found.append(day)
    return max(found) if found else None


# --- Which letter and organisation --------------------------------------------------------------------------------

Tier = Literal["message-id", "reference", "address", "domain", "subject"]
STRONG: tuple[Tier, ...] = ("message-id", "reference")


class Evidence(NamedTuple):
    tier: Tier
    what: M


class Match(NamedTuple):
    """What a message answers, as far as the evidence goes, and whether it is enough to register it."""

    letter: Letter | None
    organisation: Organisation | None
    evidence: tuple[Evidence, ...]
    contact: str | None = None  # the contact the sender's address belongs to, if any
    conflict: M | None = None  # two pieces of strong evidence that disagree

    @property
    def proposed(self) -> bool:
        """Strong enough to register: the letter from our Message-ID or reference, the organisation from either or the
        sender's own address, and nothing that contradicts it."""
        tiers = {e.tier for e in self.evidence}
        return self.letter is not None and self.organisation is not None and bool(tiers & set(STRONG)) and self.conflict is None


class Index:
    """What matching looks things up in, built once for a scan: our messages by Message-ID, the references, the
    addresses and domains of organisations and contacts, the letters by subject."""

    def __init__(self, folder: Folder) -> None:
        self.folder = folder
        self.references = References(folder)
        self.by_id: dict[str, list[Sent]] = {}
        for sent in folder.sent:
            self.by_id.setdefault(sent.message_id.strip().lower(), []).append(sent)
        self.by_address: dict[str, tuple[Organisation, str | None]] = {}
        domains: dict[str, set[str]] = {}
        for org in folder.organisations:
            for address, contact in [(org.email, None), *((c.email, c.name) for c in org.contacts)]:
                if address:
                    key = address.strip().lower()
                    self.by_address.setdefault(key, (org, contact))
                    domains.setdefault(key.rpartition("@")[2], set()).add(org.id)
        self.by_domain = {domain: next(iter(ids)) for domain, ids in domains.items() if len(ids) == 1}
        self.by_subject = {_subject_key(letter.subject): letter for letter in folder.letters}


def _subject_key(subject: str) -> str:
    return " ".join(REFERENCE.sub("", PREFIX.sub("", subject)).split()).casefold()


def stripped_subject(subject: str) -> str:
    """A subject without SV:/VB:/RE:/AW:/FW:/Fwd: and without our reference."""
    return " ".join(REFERENCE.sub("", PREFIX.sub("", subject)).split())


def match(mail: Mail, index: Index, text: str) -> Match:
    """The letter and organisation `mail` answers, with every piece of evidence found (`text`: its new text only)."""
    folder = index.folder
    evidence: list[Evidence] = []
    letter: Letter | None = None
    organisation: Organisation | None = None
    contact: str | None = None
    conflict: M | None = None

    def settle(found_letter: str, found_org: str | None) -> None:
        nonlocal letter, organisation, conflict
        candidate = folder.letter.get(found_letter)
        if candidate is not None and letter is not None and candidate.id != letter.id and conflict is None:
            conflict = M("the evidence names two letters: {one} and {other}", one=letter.id, other=candidate.id)
        letter = letter or candidate
        if found_org is not None:
            org = folder.organisation.get(found_org)
            if org is not None and organisation is not None and org.id != organisation.id and conflict is None:
                conflict = M("the evidence names two organisations: {one} and {other}", one=organisation.name, other=org.name)
            organisation = organisation or org

    for message_id in (*mail.references, *mail.returned):
        records = index.by_id.get(message_id.strip().lower())
        if not records:
            continue
        orgs = sorted({s.organisation for s in records})
        first = records[0]
        evidence.append(Evidence("message-id", M("{id} is our message about {letter}", id=message_id[:80], letter=first.letter)))
        settle(first.letter, orgs[0] if len(orgs) == 1 else None)
        break
    for code in dict.fromkeys(REFERENCE.findall(mail.subject) + REFERENCE.findall(text)):
        pair = index.references.find(code, folder)
        if pair is None:
            continue
        evidence.append(Evidence("reference", M("the reference {code} is {letter} to {organisation}", code=code.upper(), letter=pair[0], organisation=pair[1])))
        settle(*pair)
        break
    known = index.by_address.get(mail.sender or "")
    if known is not None:
        org, contact = known
        said = (
            M("{address} is the address of {contact} at {organisation}", address=mail.sender, contact=contact, organisation=org.name)
            if contact
            else M("{address} is the address of {organisation}", address=mail.sender, organisation=org.name)
        )
        evidence.append(Evidence("address", said))
        if organisation is None:
            organisation = org
        elif organisation.id != org.id and conflict is None:  # a reply from one organisation to another's message: a person decides
            conflict = M("the sender is at {organisation}, not at the organisation the message answers", organisation=org.name)
            contact = None
    elif mail.sender:
        domain = mail.sender.rpartition("@")[2]
        org_id = index.by_domain.get(domain)
        if org_id is not None:
            org = folder.organisation[org_id]
            evidence.append(Evidence("domain", M("{domain} is the domain of {organisation}", domain=domain, organisation=org.name)))
            organisation = organisation or org
    by_subject = index.by_subject.get(_subject_key(mail.subject))
    if by_subject is not None:
        evidence.append(Evidence("subject", M("the subject is that of {letter}", letter=by_subject.id)))
        letter = letter or by_subject
    return Match(letter, organisation, tuple(evidence), contact, conflict)


def bounced_address(mail: Mail, sent_to: Iterable[str]) -> str | None:
    """The address a bounce says did not work: its report's Final-Recipient (or X-Failed-Recipients), else the one of
    `sent_to` (where our message went) its text names."""
    for field in (mail.report.get("final-recipient", ""), mail.report.get("original-recipient", ""), mail.headers.get("x-failed-recipients", "")):
        address = field.rpartition(";")[2].strip().strip("<>").lower()
        if "@" in address:
            return address
    lowered = mail.text.lower()
    return next((address for address in sent_to if address.lower() in lowered), None)


def moment_of(mail: Mail) -> tuple[datetime | None, bool]:
    """When the message reached us (INTERNALDATE or the topmost Received; else the sender's Date) and whether it is
    the sender's own claim (then the plan says so)."""
    if mail.received is not None:
        return mail.received, False
    return mail.sent, mail.sent is not None
