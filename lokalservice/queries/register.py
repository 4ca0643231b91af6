"""The in/out register (diarium) of an inquiry for a period: every reply that came in and every letter and påminnelse
that went out, with the four things OSL 5 kap. 1–2 §§ asks of a registration (date, dnr, sender or recipient, what it
concerns) and the secrecy mark. It is the inquiry's own list, kept to hand the registrator who keeps the official
diarium (the README says how)."""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from ..model import rules
from ..model.folder import Folder
from ..model.problems import Key
from ..model.records import Letter, Reply, Sent
from ..model.sweden import swedish_key

Direction = Literal["in", "out"]
Kind = Literal["reply", "letter", "reminder"]
SECRET = "sekretessmarkerad"  # what the public extract shows for a secrecy-marked entry's counterpart and subject
COLUMNS = ("date", "direction", "dnr", "counterpart", "concerns", "letter", "kind", "secrecy", "via", "organisations")


class Entry(NamedTuple):
    """One registered document: when it came in or went out, its dnr, who sent or received it, what it concerns."""

    date: date
    direction: Direction
    dnr: str | None
    counterpart: str
    concerns: str
    letter: str | None
    kind: Kind
    secrecy: str | None
    via: str | None = None  # how a reply came (e-post, post, webb, telefon); an outgoing message went by e-post
    organisations: tuple[str, ...] = ()  # the ids of the counterpart (several for a joint reply)
    parties: tuple[str, ...] = ()  # their names, one by one
    order: str = ""  # within a day: the time a message left, so that a batch keeps its order

    def public(self) -> Entry:
        """The entry as the public extract shows it: a secrecy-marked one keeps its date, dnr and mark, no more."""
        if self.secrecy is None:
            return self
        return self._replace(counterpart=SECRET, concerns=SECRET, organisations=(), parties=())

    def as_json(self) -> dict[str, object]:
        """The public JSON shape of `register --format json` (the spec's), plus how a reply came and the ids."""
        return {
            "date": self.date.isoformat(),
            "direction": self.direction,
            "dnr": self.dnr,
            "counterpart": self.counterpart,
            "concerns": self.concerns,
            "letter": self.letter,
            "kind": self.kind,
            "secrecy": self.secrecy,
            "via": self.via,
            "organisations": list(self.organisations),
        }

    def row(self) -> list[object]:
        """The entry under COLUMNS (CSV for scripts: the same in every language)."""
        fields = [self.date.isoformat(), self.direction, self.dnr, self.counterpart, self.concerns, self.letter, self.kind, self.secrecy, self.via]
        return [*fields, " ".join(self.organisations)]


class Register(NamedTuple):
    """The register of a period: its entries, oldest first, the first day asked for (None: from the first entry) and the
    last day it covers (never after today)."""

    entries: tuple[Entry, ...]
    first: date | None
    last: date

    def rows(self) -> list[list[object]]:
        return [entry.row() for entry in self.entries]

    def as_json(self) -> list[dict[str, object]]:
        return [entry.as_json() for entry in self.entries]

    def public(self) -> Register:
        return self._replace(entries=tuple(entry.public() for entry in self.entries))


def _names(folder: Folder, ids: tuple[str, ...]) -> tuple[str, ...]:
    """The counterparts by the names they use as authorities (Falu kommun, Region Gotland), as the letters address them."""
    return tuple(rules.official_name(folder.organisation[o]) if o in folder.organisation else o for o in ids)


def reply_entry(folder: Folder, reply: Reply) -> Entry:
    """A reply as the register has it: registered once, from each organisation of a joint reply."""
    letter = folder.letter.get(reply.letter)
    concerns = reply.matter or (letter.subject if letter else reply.letter)
    names = _names(folder, reply.organisations)
    return Entry(reply.received, "in", reply.dnr, ", ".join(names), concerns, reply.letter, "reply", reply.secrecy, reply.via, reply.organisations, names)


def sent_entries(folder: Folder, letter: Letter) -> list[Entry]:
    """The letter's messages the mail server took (mail.yaml), one entry per organisation a message was for; a letter
    lokalservice did not mail (by post, from Outlook) is one entry on its date, to its addressee or sändlista."""
    found: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    mailed_letter = False
    for sent in folder.sent_for.get(letter.id, ()):
        if sent.status != "accepted" or not sent.to or (sent.message_id, sent.organisation) in seen:
            continue
        seen.add((sent.message_id, sent.organisation))
        mailed_letter = mailed_letter or sent.kind == "letter"
        found.append(_sent_entry(folder, letter, sent))
    if not mailed_letter and letter.date is not None:
        found.append(Entry(letter.date, "out", letter.dnr, _addressee(folder, letter), letter.subject, letter.id, "letter", letter.secrecy, None, ()))
    return found


def _sent_entry(folder: Folder, letter: Letter, sent: Sent) -> Entry:
    at = sent.at
    return Entry(
        at.date(),
        "out",
        sent.dnr or (letter.dnr if sent.kind == "letter" else None),
        _names(folder, (sent.organisation,))[0],
        letter.subject,
        letter.id,
        sent.kind,
        letter.secrecy,
        "e-post",
        (sent.organisation,),
        (),
        at.isoformat(),
    )


def _addressee(folder: Folder, letter: Letter) -> str:
    """Whom a letter not mailed by lokalservice went to: its addressee line, else the titles of the lists and names of the
    organisations on its `to`."""
    if letter.addressee:
        return letter.addressee
    names = [folder.mailing_list[i].title if i in folder.mailing_list else folder.organisation[i].name if i in folder.organisation else i for i in letter.to]
    return ", ".join(names)


def depends_on(folder: Folder) -> tuple[set[Key], set[Key]]:
    """What the register shows (the letters, organisations and lists it names) and counts (every reply and mail log)."""
    shown: set[Key] = {("file", "letters.yaml"), ("inquiry", "")}
    counted: set[Key] = {("file", "replies.yaml"), ("file", "mail.yaml")}
    return shown, counted


def register(folder: Folder, today: date, first: date | None = None, last: date | None = None) -> Register:
    """The register from `first` (default: its first entry) to `last` (default: today), oldest first; what has not
    happened by today (a letter dated later, a reply recorded ahead) is not in it."""
    until = min(last, today) if last is not None else today
    entries = [reply_entry(folder, reply) for reply in folder.replies]
    for letter in folder.letters:
        if not rules.is_planned(letter, today):
            entries += sent_entries(folder, letter)
    chosen = [e for e in entries if e.date <= until and (first is None or e.date >= first)]
    chosen.sort(key=lambda e: (e.date, e.order, swedish_key(e.counterpart), e.dnr or "", e.kind))
    return Register(tuple(chosen), first, until)
